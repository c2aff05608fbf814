#define BOOST_TEST_MODULE SuiteTest
#include <boost/test/unit_test.hpp>

#include "EmbeddedTarget.h"

#include <conformance/Baseline.h>
#include <conformance/QuirkMatrix.h>
#include <conformance/Runner.h>
#include <conformance/Scenario.h>
#include <reports/Reports.h>

#include <mock_server/Config.h>
#include <mock_server/Quirks.h>

#include <iostream>
#include <optional>

using namespace conformance;

namespace {

struct Suite
{
    Suite() : catalogue(Catalogue::loadDirectory(OAUTH_SCENARIOS_DIR)), embedded(std::string(OAUTH_SCENARIOS_DIR) + "/targets") {}
    Catalogue catalogue;
    EmbeddedTarget embedded;

    /// The quirk matrix of the whole catalogue, run once on first use (it is the slow part).
    const QuirkMatrixResult& matrix()
    {
        if (!_matrix)
            _matrix = runQuirkMatrix(embedded.target(), catalogue.select({}));
        return *_matrix;
    }

private:
    std::optional<QuirkMatrixResult> _matrix;
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

// The embedded profile tells the runner the embedded mock's lifetimes: they must be the ones the
// mock is configured with, or the time-dependent cases test other limits than they claim.
BOOST_AUTO_TEST_CASE(embedded_profile_timing_matches_the_embedded_mock)
{
    const std::string dir = std::string(OAUTH_SCENARIOS_DIR) + "/targets";
    mock::MockConfig mockConfig = mock::loadConfigFile(dir + "/embedded-mock.json");
    Target profile = loadTargetProfile(dir + "/embedded.profile.json", "");
    BOOST_TEST(profile.codeLifetimeSeconds == mockConfig.lifetimes.authorizationCode);
    BOOST_TEST(profile.accessTokenLifetimeSeconds == mockConfig.lifetimes.accessToken);
    BOOST_TEST(profile.refreshIdleSeconds == mockConfig.lifetimes.refreshTokenIdle);
    // rfc9700-4.14.2/idle-refresh-token-expires spends two idle limits (plus 0 s net): within the
    // absolute lifetime, only the idle limit can refuse its last refresh.
    BOOST_TEST(2 * profile.refreshIdleSeconds < mockConfig.lifetimes.refreshToken);
}

// The verdict proof: each case declares the quirks that break what it checks; under each of
// them the case must not PASS (nor SKIP: a skipped check proves nothing). Runs the quirk matrix
// (conformance/QuirkMatrix.h), the same one `oauth-conformance --quirk-matrix` prints.
BOOST_AUTO_TEST_CASE(every_declared_quirk_makes_its_case_fail)
{
    for (const auto& scenario : suite().catalogue.scenarios())
        for (const auto& quirk : scenario.failsWith)
            BOOST_REQUIRE_MESSAGE(mock::quirkByName(quirk), scenario.id << ": unknown quirk " << quirk);
    const QuirkMatrixResult& matrix = suite().matrix();
    int proven = 0;
    for (const auto& c : matrix.cases)
    {
        for (std::size_t i = 1; i < c.rows.size(); ++i)
        {
            const QuirkMatrixEntry& row = c.rows[i];
            BOOST_TEST(quirkBreaks(row.outcome), c.caseId << " under quirk " << row.quirk << " (profile " << c.profile
                                                           << "): " << outcomeName(row.outcome) << " - " << row.reason);
            ++proven;
        }
    }
    BOOST_TEST_MESSAGE(proven << " (case, quirk) pairs proven; " << matrix.summaryLine());
    BOOST_TEST(proven > 0);
}

// Every case names at least one quirk that must make it fail (design §6): a check no quirk can
// break is unproven, and so is a case without one.
BOOST_AUTO_TEST_CASE(every_case_declares_a_quirk)
{
    const QuirkMatrixResult& matrix = suite().matrix();
    for (const auto& c : matrix.cases)
        BOOST_TEST((c.verdict != QuirkVerdict::NoQuirk),
                   "no quirk declared (fails_with): " << c.caseId << " (" << c.rows.front().catalogue << ")");
    BOOST_TEST(matrix.count(QuirkVerdict::NoQuirk) == 0);
}
