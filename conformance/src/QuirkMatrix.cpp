#include "conformance/QuirkMatrix.h"

#include "conformance/Runner.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>

namespace conformance {
namespace {

std::string isoNow()
{
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

QuirkMatrixEntry entryFor(const CaseResult& r, const std::string& quirk)
{
    QuirkMatrixEntry e;
    e.caseId = r.id;
    e.catalogue = r.catalogue;
    e.level = r.level;
    e.quirk = quirk;
    e.outcome = r.outcome;
    e.reason = r.reason;
    return e;
}

/// The profile a case runs under: the requested one if the case applies there, else its first.
std::string profileFor(const Scenario& scenario, const std::string& requested)
{
    if (scenario.profiles.empty() ||
        std::find(scenario.profiles.begin(), scenario.profiles.end(), requested) != scenario.profiles.end())
        return requested;
    return scenario.profiles.front();
}

} // namespace

int QuirkMatrixResult::count(QuirkVerdict verdict) const
{
    return static_cast<int>(std::count_if(cases.begin(), cases.end(), [&](const QuirkMatrixCase& c) { return c.verdict == verdict; }));
}

std::string QuirkMatrixResult::summaryLine() const
{
    return std::to_string(cases.size()) + " cases: " + std::to_string(count(QuirkVerdict::Proven)) + " proven, " +
           std::to_string(count(QuirkVerdict::NotProven)) + " not proven, " + std::to_string(count(QuirkVerdict::NoQuirk)) +
           " without a quirk";
}

int QuirkMatrixResult::exitCode() const
{
    return count(QuirkVerdict::Proven) == static_cast<int>(cases.size()) ? 0 : 1;
}

QuirkMatrixResult runQuirkMatrix(Target& target, const std::vector<const Scenario*>& scenarios, const QuirkMatrixOptions& options)
{
    if (target.controlUrl.empty())
        throw std::invalid_argument("the quirk matrix needs the mock's control API: the embedded mock, or a target profile with control.url");
    QuirkMatrixResult result;
    RunResult& run = result.run;
    const auto started = std::chrono::steady_clock::now();
    run.startedAt = isoNow();
    run.targetIssuer = target.issuer;
    run.targetKind = target.kind;
    run.profile = options.profile;
    run.strict = options.strict;

    for (std::size_t i = 0; i < scenarios.size(); ++i)
    {
        const Scenario& scenario = *scenarios[i];
        QuirkMatrixCase matrixCase;
        matrixCase.caseId = scenario.id;
        matrixCase.profile = profileFor(scenario, options.profile);

        RunOptions strictOptions;
        strictOptions.profile = matrixCase.profile;
        strictOptions.strict = options.strict;
        CaseResult strictResult = Runner(target, strictOptions).runCase(scenario);
        matrixCase.rows.push_back(entryFor(strictResult, ""));
        run.cases.push_back(std::move(strictResult));

        for (const auto& quirk : scenario.failsWith)
        {
            RunOptions quirkOptions = strictOptions;
            quirkOptions.mockQuirks = {quirk};
            matrixCase.rows.push_back(entryFor(Runner(target, quirkOptions).runCase(scenario), quirk));
        }
        matrixCase.verdict = quirkVerdictFor(matrixCase.rows, matrixCase.caseId);
        run.quirkMatrix.insert(run.quirkMatrix.end(), matrixCase.rows.begin(), matrixCase.rows.end());
        result.cases.push_back(std::move(matrixCase));
        if (options.onCaseDone)
            options.onCaseDone(result.cases.back(), i, scenarios.size());
    }
    run.finishedAt = isoNow();
    run.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    run.exitCode = result.exitCode();
    return result;
}

} // namespace conformance
