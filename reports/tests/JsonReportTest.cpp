#define BOOST_TEST_MODULE JsonReportTest
#include <boost/test/unit_test.hpp>

#include "Fixture.h"

#include "reports/JsonReport.h"

#include "oauth/JsonReader.h"

#include <rapidjson/document.h>

#include <cstdio>
#include <filesystem>

using namespace conformance;
using reports::JsonReport;

namespace {

std::string errorOf(const std::string& text)
{
    try
    {
        reports::parseRunResult(text, "bad.json");
    }
    catch (const oauth::JsonInputError& e)
    {
        return e.what();
    }
    return "(no error)";
}

std::string minimal(const std::string& cases)
{
    return R"({"schema": "oauth-conformance/results", "schema_version": 1, "cases": )" + cases + "}";
}

} // namespace

BOOST_AUTO_TEST_CASE(golden_results_json)
{
    fixture::checkGolden("results.json", JsonReport::render(fixture::makeRun()));
}

BOOST_AUTO_TEST_CASE(top_level_members_and_summary)
{
    std::string text = JsonReport::render(fixture::makeRun());
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    BOOST_REQUIRE(!doc.HasParseError());
    BOOST_TEST(std::string(doc["schema"].GetString()) == "oauth-conformance/results");
    BOOST_TEST(doc["schema_version"].GetInt() == RunResult::kSchemaVersion);
    BOOST_TEST(std::string(doc["target"]["kind"].GetString()) == "embedded-mock");
    BOOST_TEST(doc["summary"]["total"].GetInt() == 7);
    BOOST_TEST(doc["summary"]["by_outcome"]["FAIL"].GetInt() == 2);
    BOOST_TEST(doc["summary"]["by_outcome"]["PASS"].GetInt() == 1);
    BOOST_TEST(doc["summary"]["by_level"]["MUST"]["FAIL"].GetInt() == 2);
    BOOST_TEST(doc["summary"]["by_level"]["SHOULD"]["WARN"].GetInt() == 1);
    BOOST_TEST(doc["summary"]["by_level"]["MAY"]["PASS"].GetInt() == 0);
    const auto& req = doc["cases"][1]["requirements"][1];
    BOOST_TEST(std::string(req["token"].GetString()) == "RFC6749-5.2");
    BOOST_TEST(std::string(req["label"].GetString()) == "RFC 6749 §5.2");
    BOOST_TEST(std::string(req["url"].GetString()) == "https://www.rfc-editor.org/rfc/rfc6749#section-5.2");
    BOOST_TEST(doc["exit_code"].GetInt() == 1);
    // The control character is escaped, not written raw.
    BOOST_TEST(text.find('\x01') == std::string::npos);
    BOOST_TEST(text.find("\\u0001") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(round_trip_field_by_field)
{
    RunResult original = fixture::makeRun();
    auto path = (std::filesystem::temp_directory_path() / "reports-json-roundtrip.json").string();
    JsonReport::write(original, path);
    RunResult back = reports::readRunResult(path);
    std::remove(path.c_str());

    BOOST_TEST(back.toolVersion == original.toolVersion);
    BOOST_TEST(back.startedAt == original.startedAt);
    BOOST_TEST(back.finishedAt == original.finishedAt);
    BOOST_TEST(back.durationMs == original.durationMs);
    BOOST_TEST(back.targetIssuer == original.targetIssuer);
    BOOST_TEST(back.targetKind == original.targetKind);
    BOOST_TEST(back.profile == original.profile);
    BOOST_TEST(back.strict == original.strict);
    BOOST_TEST(back.selectors == original.selectors, boost::test_tools::per_element());
    BOOST_TEST(back.staleBaselineEntries == original.staleBaselineEntries, boost::test_tools::per_element());
    BOOST_TEST(back.exitCode == original.exitCode);
    BOOST_REQUIRE_EQUAL(back.cases.size(), original.cases.size());
    for (std::size_t i = 0; i < original.cases.size(); ++i)
    {
        const CaseResult& a = original.cases[i];
        const CaseResult& b = back.cases[i];
        BOOST_TEST_CONTEXT("case " << a.id)
        {
            BOOST_TEST(b.id == a.id);
            BOOST_TEST(b.title == a.title);
            BOOST_TEST(b.catalogue == a.catalogue);
            BOOST_TEST(levelName(b.level) == levelName(a.level));
            BOOST_TEST(b.requirements == a.requirements, boost::test_tools::per_element());
            BOOST_TEST(b.specSection == a.specSection);
            BOOST_TEST(b.description == a.description);
            BOOST_TEST(outcomeName(b.outcome) == outcomeName(a.outcome));
            BOOST_TEST(b.reason == a.reason);
            BOOST_TEST(b.durationMs == a.durationMs);
            BOOST_TEST(b.baselined == a.baselined);
            BOOST_REQUIRE_EQUAL(b.checks.size(), a.checks.size());
            for (std::size_t k = 0; k < a.checks.size(); ++k)
            {
                BOOST_TEST(b.checks[k].name == a.checks[k].name);
                BOOST_TEST(b.checks[k].step == a.checks[k].step);
                BOOST_TEST(levelName(b.checks[k].level) == levelName(a.checks[k].level));
                BOOST_TEST(b.checks[k].passed == a.checks[k].passed);
                BOOST_TEST(b.checks[k].expected == a.checks[k].expected);
                BOOST_TEST(b.checks[k].actual == a.checks[k].actual);
                BOOST_TEST(b.checks[k].detail == a.checks[k].detail);
            }
            BOOST_REQUIRE_EQUAL(b.exchanges.size(), a.exchanges.size());
            for (std::size_t k = 0; k < a.exchanges.size(); ++k)
            {
                const HttpExchange& x = a.exchanges[k];
                const HttpExchange& y = b.exchanges[k];
                BOOST_TEST(y.method == x.method);
                BOOST_TEST(y.url == x.url);
                BOOST_TEST((y.requestHeaders == x.requestHeaders));
                BOOST_TEST(y.requestBody == x.requestBody);
                BOOST_TEST(y.status == x.status);
                BOOST_TEST((y.responseHeaders == x.responseHeaders));
                BOOST_TEST(y.responseBody == x.responseBody);
                BOOST_TEST(y.bodyTruncated == x.bodyTruncated);
                BOOST_TEST(y.error == x.error);
                BOOST_TEST(y.durationMs == x.durationMs);
            }
        }
    }
    BOOST_REQUIRE_EQUAL(back.quirkMatrix.size(), original.quirkMatrix.size());
    for (std::size_t i = 0; i < original.quirkMatrix.size(); ++i)
    {
        const QuirkMatrixEntry& a = original.quirkMatrix[i];
        const QuirkMatrixEntry& b = back.quirkMatrix[i];
        BOOST_TEST_CONTEXT("quirk matrix row " << i)
        {
            BOOST_TEST(b.caseId == a.caseId);
            BOOST_TEST(b.catalogue == a.catalogue);
            BOOST_TEST(levelName(b.level) == levelName(a.level));
            BOOST_TEST(b.quirk == a.quirk);
            BOOST_TEST(outcomeName(b.outcome) == outcomeName(a.outcome));
            BOOST_TEST(b.reason == a.reason);
        }
    }
    // Rendering what was read gives the same document.
    BOOST_TEST(JsonReport::render(back) == JsonReport::render(original));
}

BOOST_AUTO_TEST_CASE(quirk_matrix_rows_with_their_verdict)
{
    std::string text = JsonReport::render(fixture::makeRun());
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    BOOST_REQUIRE(!doc.HasParseError());
    const auto& matrix = doc["quirk_matrix"];
    BOOST_REQUIRE(matrix.IsArray());
    BOOST_TEST(matrix.Size() == 9u);
    BOOST_TEST(std::string(matrix[0]["case_id"].GetString()) == "rfc7636-4.6/wrong-verifier-rejected");
    BOOST_TEST(std::string(matrix[0]["quirk"].GetString()).empty());
    BOOST_TEST(std::string(matrix[1]["quirk"].GetString()) == "accept-wrong-verifier");
    BOOST_TEST(std::string(matrix[1]["outcome"].GetString()) == "FAIL");
    BOOST_TEST(std::string(matrix[1]["level"].GetString()) == "MUST");
    BOOST_TEST(std::string(matrix[1]["verdict"].GetString()) == "proven");
    BOOST_TEST(std::string(matrix[4]["verdict"].GetString()) == "not proven");
    BOOST_TEST(std::string(matrix[6]["verdict"].GetString()) == "not proven");   // the strict run failed
    BOOST_TEST(std::string(matrix[8]["verdict"].GetString()) == "no quirk declared");

    // A normal run writes an empty array; a file without the member (older writers) reads as no matrix.
    RunResult plain = fixture::makeRun();
    plain.quirkMatrix.clear();
    doc.Parse(JsonReport::render(plain).c_str());
    BOOST_TEST(doc["quirk_matrix"].IsArray());
    BOOST_TEST(doc["quirk_matrix"].Empty());
    BOOST_TEST(reports::parseRunResult(minimal("[]"), "old.json").quirkMatrix.empty());

    RunResult back = reports::parseRunResult(
        R"({"schema": "oauth-conformance/results", "schema_version": 1, "cases": [],
            "quirk_matrix": [{"case_id": "a", "outcome": "PASS"}, {"case_id": "a", "quirk": "q", "outcome": "WARN", "verdict": "ignored"}]})",
        "hand.json");
    BOOST_REQUIRE_EQUAL(back.quirkMatrix.size(), 2u);
    BOOST_TEST(back.quirkMatrix[1].quirk == "q");
    BOOST_TEST(quirkVerdictName(quirkVerdictFor(back.quirkMatrix, "a")) == std::string("proven"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced)
{
    RunResult run = fixture::makeRun();
    run.cases[0].reason = std::string("bad \xC3\x28 and \xFF bytes");
    std::string text = JsonReport::render(run);
    RunResult back = reports::parseRunResult(text, "mem");
    BOOST_TEST(back.cases[0].reason == "bad \xEF\xBF\xBD( and \xEF\xBF\xBD bytes");
}

BOOST_AUTO_TEST_CASE(hand_written_baseline_is_enough)
{
    RunResult run = reports::parseRunResult(
        minimal(R"([{"id": "rfc7636-4.6/x", "outcome": "FAIL", "requirements": ["RFC7636-4.6"]}])"), "baseline.json");
    BOOST_REQUIRE_EQUAL(run.cases.size(), 1u);
    BOOST_TEST(run.cases[0].id == "rfc7636-4.6/x");
    BOOST_TEST(outcomeName(run.cases[0].outcome) == std::string("FAIL"));
    BOOST_TEST(run.cases[0].requirements.at(0) == "RFC7636-4.6");
}

BOOST_AUTO_TEST_CASE(reader_errors_name_file_and_json_path)
{
    std::string e = errorOf(minimal(R"([{"id": "a", "outcome": "PASS"}, {"id": "b", "outcome": "GREAT"}])"));
    BOOST_TEST(e.find("bad.json") != std::string::npos, e);
    BOOST_TEST(e.find("$.cases[1].outcome") != std::string::npos, e);

    e = errorOf(minimal(R"([{"id": "a", "outcome": 3}])"));
    BOOST_TEST(e.find("$.cases[0].outcome") != std::string::npos, e);

    e = errorOf(minimal(R"([{"id": "a", "outcome": "PASS", "checks": [{"level": "OFTEN"}]}])"));
    BOOST_TEST(e.find("$.cases[0].checks[0].level") != std::string::npos, e);

    e = errorOf(minimal(R"([{"id": "a", "outcome": "PASS", "exchanges": [{"status": "200"}]}])"));
    BOOST_TEST(e.find("$.cases[0].exchanges[0].status") != std::string::npos, e);

    e = errorOf(minimal(R"([{"id": "a", "outcome": "PASS", "exchanges": [{"response_headers": [{"value": "x"}]}]}])"));
    BOOST_TEST(e.find("$.cases[0].exchanges[0].response_headers[0].name") != std::string::npos, e);

    e = errorOf(minimal(R"([{"outcome": "PASS"}])"));
    BOOST_TEST(e.find("$.cases[0].id") != std::string::npos, e);

    e = errorOf(minimal(R"({"id": "a"})"));
    BOOST_TEST(e.find("$.cases") != std::string::npos, e);

    e = errorOf(R"({"schema": "something/else", "schema_version": 1, "cases": []})");
    BOOST_TEST(e.find("$.schema") != std::string::npos, e);

    e = errorOf(R"({"schema": "oauth-conformance/results", "schema_version": 99, "cases": []})");
    BOOST_TEST(e.find("$.schema_version") != std::string::npos, e);
    BOOST_TEST(e.find("unsupported") != std::string::npos, e);

    e = errorOf(R"({"schema": "oauth-conformance/results", "schema_version": 1, "duration_ms": "long", "cases": []})");
    BOOST_TEST(e.find("$.duration_ms") != std::string::npos, e);

    e = errorOf("{\"schema\": \n  \"oauth-conformance/results\",, }");
    BOOST_TEST(e.find("bad.json") != std::string::npos, e);
    BOOST_TEST(e.find("line 2") != std::string::npos, e);

    e = errorOf(R"({"schema": "oauth-conformance/results", "schema_version": 1, "cases": [],
                    "quirk_matrix": [{"case_id": "a", "outcome": "PASS"}, {"case_id": "a", "quirk": "q", "outcome": "MAYBE"}]})");
    BOOST_TEST(e.find("$.quirk_matrix[1].outcome") != std::string::npos, e);

    e = errorOf(R"({"schema": "oauth-conformance/results", "schema_version": 1, "cases": [], "quirk_matrix": [{"outcome": "PASS"}]})");
    BOOST_TEST(e.find("$.quirk_matrix[0].case_id") != std::string::npos, e);

    e = errorOf("[]");
    BOOST_TEST(e.find("$") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(missing_file_names_the_path)
{
    try
    {
        reports::readRunResult("/nonexistent/dir/results.json");
        BOOST_FAIL("expected an error");
    }
    catch (const std::exception& e)
    {
        BOOST_TEST(std::string(e.what()).find("/nonexistent/dir/results.json") != std::string::npos, e.what());
    }
}

// Found by the json_report fuzz target (docs/reliability.md): a requirement token naming an appendix
// without its letter ("RFC6749-A", valid for the scenario loader too) threw std::out_of_range from
// requirementUrl while results.json was written.
BOOST_AUTO_TEST_CASE(requirement_token_without_an_appendix_name_has_no_url)
{
    BOOST_TEST(conformance::requirementUrl("RFC6749-A") == "");
    BOOST_TEST(conformance::requirementUrl("RFC6749-App.") == "");
    BOOST_TEST(conformance::requirementUrl("RFC6749-4.1") == "https://www.rfc-editor.org/rfc/rfc6749#section-4.1");
}
