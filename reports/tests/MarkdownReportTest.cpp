#define BOOST_TEST_MODULE MarkdownReportTest
#include <boost/test/unit_test.hpp>

#include "Fixture.h"

#include "reports/MarkdownReport.h"

#include <sstream>
#include <vector>

using namespace conformance;
using reports::MarkdownReport;

namespace {

/// Cells of a GFM table row: '|' not preceded by a backslash separates cells.
int columnCount(const std::string& row)
{
    int pipes = 0;
    for (std::size_t i = 0; i < row.size(); ++i)
        if (row[i] == '|' && (i == 0 || row[i - 1] != '\\'))
            ++pipes;
    return pipes - 1;
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(golden_summary_md)
{
    fixture::checkGolden("summary.md", MarkdownReport::render(fixture::makeRun()));
}

BOOST_AUTO_TEST_CASE(verdict_and_counts)
{
    RunResult run = fixture::makeRun();
    std::string md = MarkdownReport::render(run);
    BOOST_TEST(md.rfind("## ❌ OAuth conformance: failed", 0) == 0);
    BOOST_TEST(md.find("| **All** | 1 | 2 | 1 | 1 | 1 | 1 | 7 |") != std::string::npos);
    BOOST_TEST(md.find("| MUST | 1 | 2 | 0 | 0 | 1 | 1 | 5 |") != std::string::npos);
    BOOST_TEST(md.find("### Cases not passing (6)") != std::string::npos);
    BOOST_TEST(md.find("rfc9700-4.14.2/refresh-reuse-revokes-family") != std::string::npos);

    run.exitCode = 0;
    run.cases.resize(1);
    run.staleBaselineEntries.clear();
    md = MarkdownReport::render(run);
    BOOST_TEST(md.rfind("## ✅ OAuth conformance: passed", 0) == 0);
    BOOST_TEST(md.find("All cases passed.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(table_rows_keep_their_columns)
{
    std::string md = MarkdownReport::render(fixture::makeRun());
    int tables = 0;
    int expected = -1;
    for (const auto& line : lines(md))
    {
        if (line.empty() || line[0] != '|')
        {
            expected = -1;
            continue;
        }
        if (expected < 0)
        {
            expected = columnCount(line);
            ++tables;
            continue;
        }
        BOOST_TEST(columnCount(line) == expected, "row: " << line);
    }
    BOOST_TEST(tables == 3);   // counts, cases not passing, quirk matrix
}

BOOST_AUTO_TEST_CASE(server_text_is_inert)
{
    std::string md = MarkdownReport::render(fixture::makeRun());
    BOOST_TEST(md.find("<script") == std::string::npos);
    BOOST_TEST(md.find("<img") == std::string::npos);
    BOOST_TEST(md.find('\x01') == std::string::npos);
    std::size_t rowAt = md.find("rfc6749-5.2/error-description-charset");
    BOOST_REQUIRE(rowAt != std::string::npos);
    std::string row = md.substr(md.rfind('\n', rowAt) + 1, md.find('\n', rowAt) - md.rfind('\n', rowAt) - 1);
    BOOST_TEST(row.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos, row);
    BOOST_TEST(row.find("\\|") != std::string::npos, row);
    BOOST_TEST(row.find("\\`") != std::string::npos, row);
    BOOST_TEST(row.find("&amp;") != std::string::npos, row);
}

BOOST_AUTO_TEST_CASE(quirk_matrix_not_proven_first)
{
    RunResult run = fixture::makeRun();
    std::string md = MarkdownReport::render(run);
    auto at = md.find("### Quirk matrix\n\n4 cases: 1 proven, 2 not proven, 1 without a quirk\n");
    BOOST_REQUIRE(at != std::string::npos);
    std::string section = md.substr(at, md.find("\n\n", md.find("| Verdict", at)) - at);
    auto notProven = section.find("not proven | rfc6749-5.1/cache-control-pragma");
    auto noQuirk = section.find("no quirk declared | rfc7636-4.6/right-verifier-accepted");
    auto proven = section.find("✅ proven | rfc7636-4.6/wrong-verifier-rejected");
    BOOST_TEST(notProven != std::string::npos);
    BOOST_TEST(noQuirk != std::string::npos);
    BOOST_TEST(proven != std::string::npos);
    BOOST_TEST(notProven < noQuirk);
    BOOST_TEST(noQuirk < proven);
    BOOST_TEST(section.find("| PASS | no\\-pragma → PASS") == std::string::npos); // '-' is not escaped…
    BOOST_TEST(section.find("| PASS | no-pragma → PASS, quirk-&lt;script&gt;") != std::string::npos);
    BOOST_TEST(section.find("| no-pragma: all 1 checks passed |") != std::string::npos);
    BOOST_TEST(section.find("| strict: error\\_description: &lt;script&gt;") != std::string::npos);
    BOOST_TEST(section.find("<script") == std::string::npos);

    // Capped: the proven rows past the cap are counted, not listed.
    const auto rows = run.quirkMatrix;
    run.quirkMatrix.clear();
    for (std::size_t i = 0; i < MarkdownReport::kMaxMatrixRows + 3; ++i)
        for (auto row : rows)
        {
            row.caseId += "-" + std::to_string(i);
            run.quirkMatrix.push_back(row);
        }
    md = MarkdownReport::render(run);
    BOOST_TEST(md.find("…and " + std::to_string(4 * (MarkdownReport::kMaxMatrixRows + 3) - MarkdownReport::kMaxMatrixRows) +
                       " more; see report.html.") != std::string::npos);

    run.quirkMatrix.clear();
    BOOST_TEST(MarkdownReport::render(run).find("Quirk matrix") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(escape_cell)
{
    BOOST_TEST(MarkdownReport::escapeCell("a|b`c\nd\re") == "a\\|b\\`c d e");
    BOOST_TEST(MarkdownReport::escapeCell("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))");
    BOOST_TEST(MarkdownReport::escapeCell("<b>&") == "&lt;b&gt;&amp;");
    BOOST_TEST(MarkdownReport::escapeCell("\\|") == "\\\\\\|");
    BOOST_TEST(MarkdownReport::escapeCell("äöü-long", 3) == "äöü…");
    BOOST_TEST(MarkdownReport::escapeCell("\x01") == "\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(long_runs_are_capped)
{
    RunResult run = fixture::makeRun();
    CaseResult failing = run.cases[1];
    run.cases.clear();
    for (std::size_t i = 0; i < MarkdownReport::kMaxRows + 5; ++i)
        run.cases.push_back(failing);
    std::string md = MarkdownReport::render(run);
    BOOST_TEST(md.find("…and 5 more; see report.html.") != std::string::npos);
}
