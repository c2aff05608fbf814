#define BOOST_TEST_MODULE BaselineTest
#include <boost/test/unit_test.hpp>

// Baselines, exit codes (design §3) and how checks become a case outcome (design §4).

#include <conformance/Baseline.h>
#include <conformance/Runner.h>

#include <oauth/JsonReader.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <fstream>
#include <string>

using namespace conformance;

namespace {

std::string parseError(const std::string& text)
{
    try
    {
        parseBaseline(text, "base.json");
    }
    catch (const oauth::JsonInputError& e)
    {
        return e.what();
    }
    return "";
}

void expectError(const std::string& text, const std::string& path, const std::string& part = "")
{
    std::string message = parseError(text);
    BOOST_TEST_INFO("message: " << message);
    BOOST_TEST(message.find("base.json") != std::string::npos);
    BOOST_TEST(message.find(": " + path + ": ") != std::string::npos);
    if (!part.empty())
        BOOST_TEST(message.find(part) != std::string::npos);
}

CaseResult result(const std::string& id, Outcome outcome)
{
    CaseResult c;
    c.id = id;
    c.outcome = outcome;
    return c;
}

RunResult runOf(std::initializer_list<CaseResult> cases, bool strict = false)
{
    RunResult r;
    r.cases = cases;
    r.strict = strict;
    return r;
}

CheckResult check(const std::string& name, Level level, bool passed)
{
    CheckResult c;
    c.name = name;
    c.step = "step 1 (token)";
    c.level = level;
    c.passed = passed;
    c.expected = "= 400";
    c.actual = passed ? "400" : "200";
    return c;
}

const std::vector<std::string> kCatalogue = {"rfc7636-4.6/a", "rfc7009-2.2/b", "rfc6749-5.2/c", "rfc6749-5.1/d"};

} // namespace

// --- parsing --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_valid_baseline_parses)
{
    auto entries = parseBaseline(R"({"description": "known gaps", "entries": [
        {"id": "rfc7636-4.6/a", "outcome": "FAIL", "note": "vendor bug 12"},
        {"id": "rfc7009-2.2/b", "outcome": "WARN"},
        {"id": "x", "outcome": "INFO"}, {"id": "y", "outcome": "SKIP"}, {"id": "z", "outcome": "ERROR"}]})",
                                 "base.json");
    BOOST_TEST_REQUIRE(entries.size() == 5u);
    BOOST_TEST(entries[0].id == "rfc7636-4.6/a");
    BOOST_TEST((entries[0].outcome == Outcome::Fail));
    BOOST_TEST(entries[0].note == "vendor bug 12");
    BOOST_TEST((entries[1].outcome == Outcome::Warn));
    BOOST_TEST(entries[1].note.empty());
    BOOST_TEST((entries[2].outcome == Outcome::Info));
    BOOST_TEST((entries[3].outcome == Outcome::Skip));
    BOOST_TEST((entries[4].outcome == Outcome::Error));
    BOOST_TEST(parseBaseline(R"({"entries": []})", "base.json").empty());
}

BOOST_AUTO_TEST_CASE(invalid_baselines_name_the_json_path)
{
    std::string message = parseError("{\"entries\": [\n  {\"id\": }]}");
    BOOST_TEST(message.find("base.json") != std::string::npos);
    BOOST_TEST(message.find("line 2, column") != std::string::npos);
    expectError(R"({})", "$.entries", "array");
    expectError(R"({"entries": {}})", "$.entries", "array");
    expectError(R"([])", "$", "expected an object");
    expectError(R"({"entries": [], "extra": 1})", "$.extra", "unknown member");
    expectError(R"({"entries": ["x"]})", "$.entries[0]", "expected an object");
    expectError(R"({"entries": [{"outcome": "FAIL"}]})", "$.entries[0].id", "missing");
    expectError(R"({"entries": [{"id": "a", "outcome": "FAIL"}, {"id": "b"}]})", "$.entries[1].outcome", "missing");
    expectError(R"({"entries": [{"id": "a", "outcome": "PASS"}]})", "$.entries[0].outcome", "PASS");
    expectError(R"({"entries": [{"id": "a", "outcome": "fail"}]})", "$.entries[0].outcome");
    expectError(R"({"entries": [{"id": "a", "outcome": "FAIL", "reason": "x"}]})", "$.entries[0].reason", "unknown member");
    expectError(R"({"entries": [{"id": 3, "outcome": "FAIL"}]})", "$.entries[0].id", "string");
}

BOOST_AUTO_TEST_CASE(load_baseline_from_a_file)
{
    Poco::TemporaryFile file;
    std::ofstream(file.path()) << R"({"entries": [{"id": "rfc7636-4.6/a", "outcome": "FAIL"}]})";
    auto entries = loadBaseline(file.path());
    BOOST_TEST(entries.size() == 1u);
    try
    {
        loadBaseline(file.path() + ".missing");
        BOOST_FAIL("a missing baseline file must be an error");
    }
    catch (const oauth::JsonInputError& e)
    {
        BOOST_TEST(std::string(e.what()).find(".missing") != std::string::npos);
    }
}

// --- applyBaseline --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(matching_entries_mark_their_cases)
{
    RunResult run = runOf({result("rfc7636-4.6/a", Outcome::Fail), result("rfc7009-2.2/b", Outcome::Warn),
                           result("rfc6749-5.2/c", Outcome::Fail)});
    auto stale = applyBaseline(run, {{"rfc7636-4.6/a", Outcome::Fail, ""}, {"rfc7009-2.2/b", Outcome::Warn, ""}}, kCatalogue);
    BOOST_TEST(stale.empty());
    BOOST_TEST(run.staleBaselineEntries.empty());
    BOOST_TEST(run.cases[0].baselined);
    BOOST_TEST(run.cases[1].baselined);
    BOOST_TEST(!run.cases[2].baselined);
}

BOOST_AUTO_TEST_CASE(an_entry_whose_case_has_another_outcome_is_stale)
{
    RunResult run = runOf({result("rfc7636-4.6/a", Outcome::Pass)});
    auto stale = applyBaseline(run, {{"rfc7636-4.6/a", Outcome::Fail, ""}}, kCatalogue);
    BOOST_TEST_REQUIRE(stale.size() == 1u);
    BOOST_TEST(stale[0].find("rfc7636-4.6/a") != std::string::npos);
    BOOST_TEST(stale[0].find("expected FAIL, got PASS") != std::string::npos);
    BOOST_TEST(run.staleBaselineEntries == stale);
    BOOST_TEST(!run.cases[0].baselined);
}

BOOST_AUTO_TEST_CASE(a_may_pass_entry_accepts_pass_and_its_outcome_only)
{
    auto entries = parseBaseline(
        R"({"entries": [{"id": "rfc7636-4.6/a", "outcome": "FAIL", "may_pass": true, "note": "timing"}]})", "b.json");
    BOOST_TEST_REQUIRE(entries.size() == 1u);
    BOOST_TEST(entries[0].mayPass);

    RunResult passed = runOf({result("rfc7636-4.6/a", Outcome::Pass)});
    BOOST_TEST(applyBaseline(passed, entries, kCatalogue).empty());
    BOOST_TEST(!passed.cases[0].baselined);
    BOOST_TEST(exitCodeFor(passed) == ExitOk);

    RunResult failed = runOf({result("rfc7636-4.6/a", Outcome::Fail)});
    BOOST_TEST(applyBaseline(failed, entries, kCatalogue).empty());
    BOOST_TEST(failed.cases[0].baselined);
    BOOST_TEST(exitCodeFor(failed) == ExitOk);

    RunResult errored = runOf({result("rfc7636-4.6/a", Outcome::Error)});
    BOOST_TEST(applyBaseline(errored, entries, kCatalogue).size() == 1u);
    BOOST_TEST(exitCodeFor(errored) == ExitUnexpected);

    expectError(R"({"entries": [{"id": "a", "outcome": "FAIL", "may_pass": "yes"}]})", "$.entries[0].may_pass");
}

BOOST_AUTO_TEST_CASE(an_entry_for_an_unknown_id_is_stale)
{
    RunResult run = runOf({result("rfc7636-4.6/a", Outcome::Pass)});
    auto stale = applyBaseline(run, {{"rfc9999-1/gone", Outcome::Fail, ""}}, kCatalogue);
    BOOST_TEST_REQUIRE(stale.size() == 1u);
    BOOST_TEST(stale[0].find("rfc9999-1/gone") != std::string::npos);
    BOOST_TEST(stale[0].find("no such case") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(entries_for_unselected_cases_are_ignored)
{
    RunResult run = runOf({result("rfc7636-4.6/a", Outcome::Pass)});
    auto stale = applyBaseline(run, {{"rfc7009-2.2/b", Outcome::Fail, ""}}, kCatalogue);
    BOOST_TEST(stale.empty());
    BOOST_TEST(exitCodeFor(run) == ExitOk);
}

BOOST_AUTO_TEST_CASE(no_baseline_changes_nothing)
{
    RunResult run = runOf({result("rfc7636-4.6/a", Outcome::Fail)});
    BOOST_TEST(applyBaseline(run, {}, kCatalogue).empty());
    BOOST_TEST(!run.cases[0].baselined);
    BOOST_TEST(exitCodeFor(run) == ExitUnexpected);
}

// --- isUnexpected and exit codes ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(is_unexpected_by_outcome_and_strictness)
{
    for (bool strict : {false, true})
    {
        BOOST_TEST_INFO("strict " << strict);
        BOOST_TEST(!isUnexpected(result("x", Outcome::Pass), strict));
        BOOST_TEST(!isUnexpected(result("x", Outcome::Skip), strict));
        BOOST_TEST(!isUnexpected(result("x", Outcome::Info), strict));
        BOOST_TEST(isUnexpected(result("x", Outcome::Fail), strict));
        BOOST_TEST(isUnexpected(result("x", Outcome::Error), strict));
    }
    BOOST_TEST(!isUnexpected(result("x", Outcome::Warn), false));
    BOOST_TEST(isUnexpected(result("x", Outcome::Warn), true));
    for (Outcome o : {Outcome::Fail, Outcome::Error, Outcome::Warn})
    {
        CaseResult c = result("x", o);
        c.baselined = true;
        BOOST_TEST(!isUnexpected(c, true));
    }
}

BOOST_AUTO_TEST_CASE(exit_code_zero_for_expected_results)
{
    BOOST_TEST(exitCodeFor(runOf({})) == ExitOk);
    BOOST_TEST(exitCodeFor(runOf({result("a", Outcome::Pass), result("b", Outcome::Skip), result("c", Outcome::Info),
                                  result("d", Outcome::Warn)})) == ExitOk);
}

BOOST_AUTO_TEST_CASE(exit_code_one_for_unexpected_results)
{
    BOOST_TEST(exitCodeFor(runOf({result("a", Outcome::Pass), result("b", Outcome::Fail)})) == ExitUnexpected);
    BOOST_TEST(exitCodeFor(runOf({result("a", Outcome::Error)})) == ExitUnexpected);
    BOOST_TEST(exitCodeFor(runOf({result("a", Outcome::Warn)}, true)) == ExitUnexpected);
    RunResult stale = runOf({result("a", Outcome::Pass)});
    stale.staleBaselineEntries = {"rfc9999-1/gone (no such case in the catalogue)"};
    BOOST_TEST(exitCodeFor(stale) == ExitUnexpected);
}

BOOST_AUTO_TEST_CASE(a_baselined_failure_exits_zero)
{
    RunResult run = runOf({result("rfc7636-4.6/a", Outcome::Fail), result("rfc7009-2.2/b", Outcome::Pass),
                           result("rfc6749-5.2/c", Outcome::Warn)},
                          true);
    applyBaseline(run, {{"rfc7636-4.6/a", Outcome::Fail, "known"}, {"rfc6749-5.2/c", Outcome::Warn, "known"}}, kCatalogue);
    BOOST_TEST(exitCodeFor(run) == ExitOk);
    // The same baseline with one stale entry fails the run although every case is as expected.
    applyBaseline(run, {{"rfc7636-4.6/a", Outcome::Fail, ""}, {"rfc6749-5.2/c", Outcome::Warn, ""},
                        {"rfc7009-2.2/b", Outcome::Fail, ""}},
                  kCatalogue);
    BOOST_TEST(exitCodeFor(run) == ExitUnexpected);
}

BOOST_AUTO_TEST_CASE(exit_code_values)
{
    BOOST_TEST(ExitOk == 0);
    BOOST_TEST(ExitUnexpected == 1);
    BOOST_TEST(ExitUsage == 2);
    BOOST_TEST(ExitNothingSelected == 3);
}

// --- judge() --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(judge_all_passed)
{
    std::string reason;
    BOOST_TEST((judge({check("status", Level::Must, true), check("json.error", Level::Should, true)}, reason) ==
                Outcome::Pass));
    BOOST_TEST(reason.find("2 checks passed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(judge_by_level)
{
    std::string reason;
    BOOST_TEST((judge({check("status", Level::Must, false)}, reason) == Outcome::Fail));
    BOOST_TEST((judge({check("status", Level::Should, false)}, reason) == Outcome::Warn));
    BOOST_TEST((judge({check("status", Level::May, false)}, reason) == Outcome::Info));
    BOOST_TEST((judge({check("status", Level::Practice, false)}, reason) == Outcome::Info));
    BOOST_TEST((judge({check("status", Level::Info, false)}, reason) == Outcome::Info));
}

BOOST_AUTO_TEST_CASE(judge_worst_wins_and_names_it)
{
    std::string reason;
    Outcome o = judge({check("a", Level::Info, false), check("b", Level::Should, false), check("c", Level::Must, false),
                       check("d", Level::Should, false), check("e", Level::Must, true)},
                      reason);
    BOOST_TEST((o == Outcome::Fail));
    BOOST_TEST(reason.find("c") != std::string::npos);
    BOOST_TEST(reason == "step 1 (token): c: expected = 400, got 200");

    o = judge({check("first-should", Level::Should, false), check("info", Level::May, false),
               check("second-should", Level::Should, false)},
              reason);
    BOOST_TEST((o == Outcome::Warn));
    BOOST_TEST(reason.find("first-should") != std::string::npos); // the first of the worst
}

BOOST_AUTO_TEST_CASE(judge_with_no_checks_is_an_error)
{
    std::string reason;
    BOOST_TEST((judge({}, reason) == Outcome::Error));
    BOOST_TEST(reason.find("no check") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(outcome_helpers)
{
    BOOST_TEST((outcomeForFailedLevel(Level::Must) == Outcome::Fail));
    BOOST_TEST((outcomeForFailedLevel(Level::Should) == Outcome::Warn));
    BOOST_TEST((outcomeForFailedLevel(Level::Practice) == Outcome::Info));
    BOOST_TEST(outcomeSeverity(Outcome::Error) > outcomeSeverity(Outcome::Fail));
    BOOST_TEST(outcomeSeverity(Outcome::Fail) > outcomeSeverity(Outcome::Warn));
    BOOST_TEST(outcomeSeverity(Outcome::Warn) > outcomeSeverity(Outcome::Info));
    BOOST_TEST(outcomeSeverity(Outcome::Info) > outcomeSeverity(Outcome::Pass));
    BOOST_TEST(outcomeSeverity(Outcome::Pass) > outcomeSeverity(Outcome::Skip));
}
