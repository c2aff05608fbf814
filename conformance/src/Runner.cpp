#include "conformance/Runner.h"

#include "conformance/CaseExecution.h"

#include <algorithm>
#include <chrono>
#include <ctime>

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

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

Outcome judge(const std::vector<CheckResult>& checks, std::string& reason)
{
    if (checks.empty())
    {
        reason = "the case ran but recorded no check";
        return Outcome::Error;
    }
    Outcome worst = Outcome::Pass;
    for (const auto& c : checks)
    {
        if (c.passed)
            continue;
        Outcome o = outcomeForFailedLevel(c.level);
        if (outcomeSeverity(o) > outcomeSeverity(worst))
        {
            worst = o;
            reason = c.step + ": " + c.name + ": expected " + c.expected + ", got " + c.actual;
        }
    }
    if (worst == Outcome::Pass)
        reason = "all " + std::to_string(checks.size()) + " checks passed";
    return worst;
}

Runner::Runner(Target& target, RunOptions options) : _target(target), _options(std::move(options)), _http(target.http)
{
}

CaseResult Runner::runCase(const Scenario& scenario)
{
    const auto started = std::chrono::steady_clock::now();
    CaseResult r = identityOf(scenario);
    auto finish = [&](Outcome outcome, std::string reason) {
        r.outcome = outcome;
        r.reason = std::move(reason);
        r.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        return r;
    };

    if (!scenario.profiles.empty() && !contains(scenario.profiles, _options.profile))
    {
        std::string list;
        for (const auto& p : scenario.profiles)
            list += (list.empty() ? "" : ", ") + p;
        return finish(Outcome::Skip, "applies only under the profile(s) " + list + "; this run uses " + _options.profile);
    }

    CaseExecution execution(_target, _http, scenario, r.level, _options.mockQuirks);
    std::string problem = execution.prepare();
    if (!problem.empty())
    {
        r.exchanges = execution.exchanges();
        return finish(Outcome::Error, problem);
    }
    std::set<std::string> capabilities = _target.capabilities();
    for (const auto& need : scenario.needs)
        if (!capabilities.count(need))
            return finish(Outcome::Skip, "needs " + need + ": " + _target.missingReason(need));

    StepVerdict verdict = execution.run();
    r.checks = execution.checks();
    r.exchanges = execution.exchanges();
    if (verdict.outcome)
        return finish(*verdict.outcome, verdict.reason);
    std::string reason;
    Outcome outcome = judge(r.checks, reason);
    return finish(outcome, execution.scrub(reason));
}

namespace {

/// True if the case ended in ERROR having sent requests none of which got a response.
bool gotNoResponse(const CaseResult& c)
{
    if (c.outcome != Outcome::Error || c.exchanges.empty())
        return false;
    return std::all_of(c.exchanges.begin(), c.exchanges.end(), [](const HttpExchange& e) { return e.status == 0; });
}

} // namespace

RunResult Runner::run(const std::vector<const Scenario*>& scenarios)
{
    RunResult result;
    const auto started = std::chrono::steady_clock::now();
    result.startedAt = isoNow();
    result.targetIssuer = _target.issuer;
    result.targetKind = _target.kind;
    result.profile = _options.profile;
    result.strict = _options.strict;
    int unanswered = 0; // consecutive cases without any response
    std::string notRun;  // once set, why the remaining cases are not run
    for (std::size_t i = 0; i < scenarios.size(); ++i)
    {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (notRun.empty() && _options.maxRunSeconds > 0 && elapsed >= _options.maxRunSeconds)
            notRun = "not run: the run's time limit of " + std::to_string(_options.maxRunSeconds) + " s was reached";
        if (notRun.empty())
        {
            result.cases.push_back(runCase(*scenarios[i]));
            unanswered = gotNoResponse(result.cases.back()) ? unanswered + 1 : 0;
            if (_options.unreachableLimit > 0 && unanswered >= _options.unreachableLimit)
                notRun = "not run: the server gave no response in " + std::to_string(unanswered) +
                         " consecutive cases (last: " + result.cases.back().reason + ")";
        }
        else
        {
            result.cases.push_back(identityOf(*scenarios[i]));
            result.cases.back().outcome = Outcome::Error;
            result.cases.back().reason = notRun;
        }
        if (_options.onCaseDone)
            _options.onCaseDone(result.cases.back(), i, scenarios.size());
    }
    result.finishedAt = isoNow();
    result.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return result;
}

CaseResult Runner::identityOf(const Scenario& scenario) const
{
    CaseResult r;
    r.id = scenario.id;
    r.title = scenario.title;
    r.catalogue = scenario.catalogue;
    r.level = scenario.levelFor(_options.profile);
    r.requirements = scenario.requirements;
    r.specSection = requirementLabel(scenario.requirements.front());
    r.description = scenario.description;
    return r;
}

} // namespace conformance
