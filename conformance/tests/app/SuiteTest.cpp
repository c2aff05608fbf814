#define BOOST_TEST_MODULE SuiteTest
#include <boost/test/unit_test.hpp>

#include "EmbeddedTarget.h"

#include <conformance/Baseline.h>
#include <conformance/Runner.h>
#include <conformance/Scenario.h>
#include <reports/Reports.h>

#include <mock_server/Quirks.h>

#include <iostream>

using namespace conformance;

namespace {

struct Suite
{
    Suite() : catalogue(Catalogue::loadDirectory(OAUTH_SCENARIOS_DIR)), embedded(std::string(OAUTH_SCENARIOS_DIR) + "/targets") {}
    Catalogue catalogue;
    EmbeddedTarget embedded;
};

Suite& suite()
{
    static Suite instance;
    return instance;
}

} // namespace

// Every case of the catalogue against the embedded strict mock, under each profile: PASS, or
// SKIP with a reason. (design §6: with no quirk every check PASSes)
BOOST_AUTO_TEST_CASE(strict_mock_passes_every_case_under_every_profile)
{
    for (const char* profile : {"bcp9700", "rfc6749", "oauth21"})
    {
        RunOptions options;
        options.profile = profile;
        options.strict = true;
        Runner runner(suite().embedded.target(), options);
        RunResult run = runner.run(suite().catalogue.select({}));
        run.exitCode = exitCodeFor(run);
        BOOST_TEST_MESSAGE(profile << ": " << run.cases.size() << " cases");
        for (const auto& c : run.cases)
        {
            bool ok = c.outcome == Outcome::Pass || (c.outcome == Outcome::Skip && !c.reason.empty());
            BOOST_TEST(ok, profile << " " << c.id << ": " << outcomeName(c.outcome) << " - " << c.reason);
        }
        BOOST_TEST(run.exitCode == 0);
        if (std::string(profile) == "bcp9700")
            BOOST_TEST(reports::writeAllReports(run, SUITE_REPORT_DIR).size() == 4u);
    }
}

// The verdict proof: each case declares the quirks that break what it checks; under each of
// them the case must not PASS (nor SKIP: a skipped check proves nothing).
BOOST_AUTO_TEST_CASE(every_declared_quirk_makes_its_case_fail)
{
    int proven = 0;
    for (const auto& scenario : suite().catalogue.scenarios())
    {
        for (const auto& quirk : scenario.failsWith)
        {
            BOOST_REQUIRE_MESSAGE(mock::quirkByName(quirk), scenario.id << ": unknown quirk " << quirk);
            RunOptions options;
            options.mockQuirks = {quirk};
            options.profile = scenario.profiles.empty() ? "bcp9700" : scenario.profiles.front();
            Runner runner(suite().embedded.target(), options);
            CaseResult r = runner.runCase(scenario);
            bool broken = r.outcome == Outcome::Fail || r.outcome == Outcome::Warn || r.outcome == Outcome::Info;
            BOOST_TEST(broken, scenario.id << " under quirk " << quirk << ": " << outcomeName(r.outcome) << " - " << r.reason);
            ++proven;
        }
    }
    BOOST_TEST_MESSAGE(proven << " (case, quirk) pairs proven");
    BOOST_TEST(proven > 0);
}
