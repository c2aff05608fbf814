// oauth-conformance: runs the scenario catalogue against an authorization server (the embedded
// mock by default) and writes the reports. The one place that joins runner, reports and mock.

#include "CommandLine.h"
#include "EmbeddedTarget.h"

#include <conformance/Baseline.h>
#include <conformance/QuirkMatrix.h>
#include <conformance/Runner.h>
#include <conformance/Scenario.h>
#include <reports/Reports.h>

#include <oauth/JsonReader.h>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <unistd.h>

using namespace conformance;

namespace {

const char* kVersion = "0.1.0";

/// A body as the verbose output shows it: whole up to 4 KiB, else its start and its size.
std::string shownBody(const std::string& body)
{
    constexpr std::size_t kShown = 4096;
    return body.size() <= kShown ? body : body.substr(0, kShown) + "… (" + std::to_string(body.size()) + " bytes)";
}

/// One exchange, redacted as recorded: request line, headers and body; status, headers and body.
void printExchange(const HttpExchange& e)
{
    std::cout << "    > " << e.method << " " << e.url << "\n";
    for (const auto& [name, value] : e.requestHeaders)
        std::cout << "    > " << name << ": " << value << "\n";
    if (!e.requestBody.empty())
        std::cout << "    >\n      " << shownBody(e.requestBody) << "\n";
    if (!e.status)
    {
        std::cout << "    < no response: " << e.error << "\n";
        return;
    }
    std::cout << "    < " << e.status << "\n";
    for (const auto& [name, value] : e.responseHeaders)
        std::cout << "    < " << name << ": " << value << "\n";
    if (!e.responseBody.empty())
        std::cout << "    <\n      " << shownBody(e.responseBody) << "\n";
}

void printCase(const CaseResult& c, std::size_t index, std::size_t total, bool tty, bool verbose)
{
    if (tty && !verbose)
    {
        std::cout << "\r\033[K[" << index + 1 << "/" << total << "] " << outcomeName(c.outcome) << " " << c.id << std::flush;
        if (c.outcome == Outcome::Fail || c.outcome == Outcome::Error || c.outcome == Outcome::Warn)
            std::cout << "\n    " << c.reason << "\n";
        return;
    }
    std::cout << std::left << std::setw(6) << outcomeName(c.outcome) << std::setw(9) << levelName(c.level) << c.id;
    if (c.outcome != Outcome::Pass)
        std::cout << " - " << c.reason;
    std::cout << std::endl; // a line per case as it ends, also into a pipe or a CI log
    if (!verbose)
        return;
    for (const auto& check : c.checks)
        std::cout << "    " << (check.passed ? "ok   " : "FAIL ") << check.step << " " << check.name << ": expected "
                  << check.expected << ", got " << check.actual << "\n";
    for (const auto& e : c.exchanges)
        printExchange(e);
    std::cout << std::flush;
}

void printSummary(const RunResult& run, const std::string& outDir)
{
    Summary s = run.summary();
    std::cout << "\n" << s.total << " cases:";
    for (Outcome o : {Outcome::Pass, Outcome::Fail, Outcome::Warn, Outcome::Info, Outcome::Skip, Outcome::Error})
        if (s.byOutcome.count(o))
            std::cout << " " << s.byOutcome.at(o) << " " << outcomeName(o);
    int baselined = 0;
    for (const auto& c : run.cases)
        baselined += c.baselined ? 1 : 0;
    if (baselined)
        std::cout << " (" << baselined << " baselined)";
    std::cout << "\n";
    for (const auto& stale : run.staleBaselineEntries)
        std::cout << "stale baseline entry: " << stale << "\n";
    std::cout << "target " << run.targetIssuer << " (" << run.targetKind << "), profile " << run.profile
              << (run.strict ? ", strict" : "") << "; reports in " << outDir << "/\n"
              << (run.exitCode == 0 ? "RESULT: as expected" : "RESULT: unexpected results") << std::endl;
}

/// The quirk matrix table: one row per case (verdict before the variable-length quirk list so the
/// columns stay aligned), and for a case not proven the rows that spoil it, with their reasons.
void printMatrixHeader(std::size_t idWidth)
{
    std::cout << std::left << std::setw(static_cast<int>(idWidth)) << "CASE" << "  " << std::setw(10) << "CATALOGUE"
              << std::setw(9) << "LEVEL" << std::setw(8) << "STRICT" << std::setw(19) << "VERDICT"
              << "QUIRK \xE2\x86\x92 OUTCOME\n";
}

void printMatrixCase(const QuirkMatrixCase& c, std::size_t idWidth, const std::string& profile, bool verbose)
{
    const QuirkMatrixEntry& strictRow = c.rows.front();
    std::cout << std::left << std::setw(static_cast<int>(idWidth)) << c.caseId << "  " << std::setw(10) << strictRow.catalogue
              << std::setw(9) << levelName(strictRow.level) << std::setw(8) << outcomeName(strictRow.outcome) << std::setw(19)
              << quirkVerdictName(c.verdict);
    if (c.rows.size() == 1)
        std::cout << "-";
    for (std::size_t i = 1; i < c.rows.size(); ++i)
        std::cout << (i > 1 ? ", " : "") << c.rows[i].quirk << " \xE2\x86\x92 " << outcomeName(c.rows[i].outcome);
    if (c.profile != profile)
        std::cout << "  (profile " << c.profile << ")";
    std::cout << "\n";
    for (const auto& row : c.rows)
    {
        bool spoils = row.quirk.empty() ? !(row.outcome == Outcome::Pass || row.outcome == Outcome::Skip) : !quirkBreaks(row.outcome);
        bool show = verbose || (c.verdict == QuirkVerdict::NotProven && spoils) || (row.quirk.empty() && row.outcome == Outcome::Skip);
        if (show)
            std::cout << "    " << (row.quirk.empty() ? "strict" : row.quirk) << ": " << outcomeName(row.outcome) << " - "
                      << row.reason << "\n";
    }
}

std::string defaultScenariosDir()
{
    if (const char* env = std::getenv("OAUTH_CONFORMANCE_SCENARIOS"))
        return env;
    return OAUTH_SCENARIOS_DIR;
}

} // namespace

int main(int argc, char** argv)
{
    CommandLine cli;
    try
    {
        cli = parseCommandLine(argc, argv);
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "oauth-conformance: " << e.what() << "\n";
        return ExitUsage;
    }
    if (cli.help)
    {
        std::cout << usageText();
        return ExitOk;
    }
    if (cli.version)
    {
        std::cout << "oauth-conformance " << kVersion << "\n";
        return ExitOk;
    }

    const std::string scenariosDir = cli.scenariosDir.empty() ? defaultScenariosDir() : cli.scenariosDir;
    Catalogue catalogue;
    std::vector<BaselineEntry> baseline;
    try
    {
        catalogue = Catalogue::loadDirectory(scenariosDir);
        if (!cli.baselineFile.empty())
            baseline = loadBaseline(cli.baselineFile);
    }
    catch (const oauth::JsonInputError& e)
    {
        std::cerr << "oauth-conformance: " << e.what() << "\n";
        return ExitUsage;
    }
    std::vector<const Scenario*> selected = catalogue.select(cli.selectors);
    if (selected.empty())
    {
        std::cerr << "oauth-conformance: the selectors matched no case (--list shows them all)\n";
        return ExitNothingSelected;
    }
    if (cli.list)
    {
        for (const Scenario* s : selected)
            std::cout << std::left << std::setw(58) << s->id << std::setw(9) << levelName(s->levelFor(cli.profile))
                      << std::setw(10) << s->catalogue << s->title << "\n";
        std::cout << selected.size() << " cases\n";
        return ExitOk;
    }

    std::unique_ptr<EmbeddedTarget> embedded;
    Target remote;
    Target* target = nullptr;
    try
    {
        if (cli.target.empty() && cli.targetProfile.empty())
        {
            embedded = std::make_unique<EmbeddedTarget>(scenariosDir + "/targets");
            target = &embedded->target();
        }
        else
        {
            remote = loadTargetProfile(cli.targetProfile, cli.target);
            target = &remote;
        }
        if (!cli.caFile.empty())
            target->http.caFile = cli.caFile;
    }
    catch (const std::exception& e)
    {
        std::cerr << "oauth-conformance: " << e.what() << "\n";
        return ExitUsage;
    }

    if (cli.quirkMatrix)
    {
        if (target->controlUrl.empty())
        {
            std::cerr << "oauth-conformance: --quirk-matrix needs the mock's control API to turn quirks on: run it against "
                         "the embedded mock, or give a --target-profile with control.url (a separately started oauth-mock-server)\n";
            return ExitUsage;
        }
        std::size_t idWidth = 4;
        for (const Scenario* s : selected)
            idWidth = std::max(idWidth, s->id.size());
        QuirkMatrixOptions options;
        options.profile = cli.profile;
        options.strict = cli.strict;
        options.onCaseDone = [&](const QuirkMatrixCase& c, std::size_t, std::size_t) { printMatrixCase(c, idWidth, cli.profile, cli.verbose); };
        printMatrixHeader(idWidth);
        QuirkMatrixResult matrix = runQuirkMatrix(*target, selected, options);
        RunResult& run = matrix.run;
        run.toolVersion = kVersion;
        run.selectors = cli.selectors;
        try
        {
            reports::writeAllReports(run, cli.outDir);
        }
        catch (const std::exception& e)
        {
            std::cerr << "oauth-conformance: cannot write the reports: " << e.what() << "\n";
            return ExitUsage;
        }
        std::cout << "\n" << matrix.summaryLine() << "\n"
                  << "target " << run.targetIssuer << " (" << run.targetKind << "), profile " << run.profile << "; reports in "
                  << cli.outDir << "/\n"
                  << (run.exitCode == 0 ? "RESULT: every case proven" : "RESULT: not every case proven") << std::endl;
        return run.exitCode;
    }

    const bool tty = isatty(fileno(stdout)) != 0;
    RunOptions options;
    options.profile = cli.profile;
    options.strict = cli.strict;
    options.mockQuirks = cli.mockQuirks;
    options.maxRunSeconds = cli.maxRunSeconds;
    options.onCaseDone = [&](const CaseResult& c, std::size_t i, std::size_t n) { printCase(c, i, n, tty, cli.verbose); };
    Runner runner(*target, options);
    RunResult run = runner.run(selected);
    if (tty && !cli.verbose)
        std::cout << "\r\033[K";
    run.toolVersion = kVersion;
    run.selectors = cli.selectors;
    std::vector<std::string> ids;
    for (const auto& s : catalogue.scenarios())
        ids.push_back(s.id);
    applyBaseline(run, baseline, ids);
    run.exitCode = exitCodeFor(run);
    try
    {
        reports::writeAllReports(run, cli.outDir);
    }
    catch (const std::exception& e)
    {
        std::cerr << "oauth-conformance: cannot write the reports: " << e.what() << "\n";
        return ExitUsage;
    }
    printSummary(run, cli.outDir);
    return run.exitCode;
}
