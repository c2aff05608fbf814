#pragma once

// Shared by the reports tests: a hand-built RunResult that exercises every outcome, several
// spec sections and a hostile server, plus the golden-file comparison.

#include "conformance/Result.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace fixture {

using namespace conformance;

/// Everything a hostile server might put in a reason, a value, a header or a body.
inline const std::string kHostile =
    "<script>alert(1)</script> \"><img src=x onerror=alert(1)> ]]> & | ` \x01 end";

inline HttpExchange tokenExchange(int status, const std::string& body)
{
    HttpExchange e;
    e.method = "POST";
    e.url = "https://127.0.0.1:8443/token";
    e.requestHeaders = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", "[redacted]"}};
    e.requestBody = "grant_type=authorization_code&code=[redacted]&code_verifier=[redacted]";
    e.status = status;
    e.responseHeaders = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
    e.responseBody = body;
    e.durationMs = 3.25;
    return e;
}

inline RunResult makeRun()
{
    RunResult run;
    run.toolVersion = "0.0.0-test";
    run.startedAt = "2024-01-02T03:04:05Z";
    run.finishedAt = "2024-01-02T03:04:07Z";
    run.durationMs = 2000;
    run.targetIssuer = "https://127.0.0.1:8443";
    run.targetKind = "embedded-mock";
    run.profile = "bcp9700";
    run.strict = false;
    run.selectors = {"rfc7636", "rfc6749"};
    run.exitCode = 1;

    CaseResult pass;
    pass.id = "rfc7636-4.6/right-verifier-accepted";
    pass.title = "A token request with the right code_verifier gets tokens";
    pass.catalogue = "PKCE-01";
    pass.level = Level::Must;
    pass.requirements = {"RFC7636-4.6"};
    pass.specSection = "RFC 7636 §4.6";
    pass.description = "The server compares the verifier with the stored challenge and issues tokens when they match.";
    pass.outcome = Outcome::Pass;
    pass.checks = {{"status", "2: token", Level::Must, true, "200", "200", ""}};
    pass.exchanges = {tokenExchange(200, R"({"access_token":"[redacted]","token_type":"Bearer","expires_in":3600})")};
    pass.durationMs = 12.5;
    run.cases.push_back(pass);

    CaseResult fail;
    fail.id = "rfc7636-4.6/wrong-verifier-rejected";
    fail.title = "A token request with the wrong code_verifier gets invalid_grant";
    fail.catalogue = "PKCE-02";
    fail.level = Level::Must;
    fail.requirements = {"RFC7636-4.6", "RFC6749-5.2"};
    fail.specSection = "RFC 7636 §4.6";
    fail.description = "A wrong verifier must be refused, or an attacker holding a stolen code could redeem it.";
    fail.outcome = Outcome::Fail;
    fail.reason = "status: expected 400, got 200";
    fail.checks = {{"status", "2: token", Level::Must, false, "400", "200", ""},
                   {"json.error", "2: token", Level::Must, false, "invalid_grant", "(absent)", "the member is missing"},
                   {"header.Cache-Control", "2: token", Level::Must, true, "contains no-store", "no-store", ""}};
    fail.exchanges = {tokenExchange(200, R"({"access_token":"[redacted]","token_type":"Bearer"})")};
    fail.durationMs = 20;
    run.cases.push_back(fail);

    CaseResult warn;
    warn.id = "rfc6749-5.1/cache-control-pragma";
    warn.title = "Token responses carry Pragma: no-cache";
    warn.catalogue = "TOK-07";
    warn.level = Level::Should;
    warn.requirements = {"RFC6749-5.1"};
    warn.specSection = "RFC 6749 §5.1";
    warn.description = "Older caches honour Pragma only.";
    warn.outcome = Outcome::Warn;
    warn.reason = "header.Pragma: expected no-cache, got (absent)";
    warn.checks = {{"header.Pragma", "1: token", Level::Should, false, "no-cache", "(absent)", ""}};
    warn.durationMs = 4;
    run.cases.push_back(warn);

    CaseResult skip;
    skip.id = "rfc7009-2.1/revoke-refresh-token";
    skip.title = "Revoking a refresh token invalidates it";
    skip.catalogue = "REV-01";
    skip.level = Level::Must;
    skip.requirements = {"RFC7009-2.1"};
    skip.specSection = "RFC 7009 §2.1";
    skip.outcome = Outcome::Skip;
    skip.reason = "the server advertises no revocation_endpoint";
    run.cases.push_back(skip);

    CaseResult error;
    error.id = "rfc6749-4.1.2/code-in-redirect";
    error.title = "The authorization response carries the code";
    error.catalogue = "AUTHZ-03";
    error.level = Level::Must;
    error.requirements = {"RFC6749-4.1.2"};
    error.specSection = "RFC 6749 §4.1.2";
    error.outcome = Outcome::Error;
    error.reason = "connection refused";
    HttpExchange refused;
    refused.method = "GET";
    refused.url = "https://127.0.0.1:8443/authorize?response_type=code&client_id=public&state=[redacted]";
    refused.error = "connection refused";
    refused.durationMs = 1;
    error.exchanges = {refused};
    error.durationMs = 1.5;
    run.cases.push_back(error);

    CaseResult info;
    info.id = "oauth21-4.3.1/refresh-token-lifetime";
    info.title = "Refresh token lifetime is reported";
    info.catalogue = "REF-09";
    info.level = Level::Info;
    info.requirements = {"OAUTH21-D15-4.3.1"};
    info.specSection = "OAuth 2.1 (draft 15) §4.3.1";
    info.outcome = Outcome::Info;
    info.reason = "refresh_token_expires_in not present";
    info.checks = {{"json.refresh_token_expires_in", "1: token", Level::Info, false, "present", "(absent)", ""}};
    info.durationMs = 2;
    run.cases.push_back(info);

    CaseResult hostile;
    hostile.id = "rfc6749-5.2/error-description-charset";
    hostile.title = "error_description uses only the allowed characters";
    hostile.catalogue = "ERR-04";
    hostile.level = Level::Must;
    hostile.requirements = {"RFC6749-5.2"};
    hostile.specSection = "RFC 6749 §5.2";
    hostile.description = "A server under test controls these bytes; the report must show them inertly.";
    hostile.outcome = Outcome::Fail;
    hostile.reason = "error_description: " + kHostile;
    hostile.checks = {{"json.error_description", "1: token", Level::Must, false, "%x20-21 / %x23-5B / %x5D-7E", kHostile, kHostile}};
    HttpExchange bad = tokenExchange(400, "{\"error\":\"invalid_request\",\"error_description\":\"<script>alert(1)</script>\"}\n" + kHostile);
    bad.responseHeaders.emplace_back("X-Evil", kHostile);
    bad.responseHeaders.emplace_back(kHostile, "header name too");
    bad.bodyTruncated = true;
    hostile.exchanges = {bad};
    hostile.durationMs = 7;
    run.cases.push_back(hostile);

    run.staleBaselineEntries = {"rfc9700-4.14.2/refresh-reuse-revokes-family"};

    // A small quirk matrix: one case proven (two quirks), one not proven (a quirk left it PASS;
    // hostile quirk name and reason), one not proven because the strict run failed, one without a quirk.
    run.quirkMatrix = {
        {"rfc7636-4.6/wrong-verifier-rejected", "PKCE-02", Level::Must, "", Outcome::Pass, "all 3 checks passed"},
        {"rfc7636-4.6/wrong-verifier-rejected", "PKCE-02", Level::Must, "accept-wrong-verifier", Outcome::Fail,
         "2: token: status: expected 400, got 200"},
        {"rfc7636-4.6/wrong-verifier-rejected", "PKCE-02", Level::Must, "accept-missing-verifier", Outcome::Fail,
         "2: token: status: expected 400, got 200"},
        {"rfc6749-5.1/cache-control-pragma", "TOK-07", Level::Should, "", Outcome::Pass, "all 1 checks passed"},
        {"rfc6749-5.1/cache-control-pragma", "TOK-07", Level::Should, "no-pragma", Outcome::Pass, "all 1 checks passed"},
        {"rfc6749-5.1/cache-control-pragma", "TOK-07", Level::Should, "quirk-" + kHostile, Outcome::Error, kHostile},
        {"rfc6749-5.2/error-description-charset", "ERR-04", Level::Must, "", Outcome::Fail, "error_description: " + kHostile},
        {"rfc6749-5.2/error-description-charset", "ERR-04", Level::Must, "error-description-unsanitized", Outcome::Fail,
         "error_description: " + kHostile},
        {"rfc7636-4.6/right-verifier-accepted", "PKCE-01", Level::Must, "", Outcome::Pass, "all 1 checks passed"},
    };
    return run;
}

/// Masks what legitimately changes between runs (timestamps, tool version).
inline std::string mask(const std::string& text)
{
    static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)");
    static const std::regex version(R"(0\.0\.0-test)");
    return std::regex_replace(std::regex_replace(text, time, "<TIME>"), version, "<VERSION>");
}

inline std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Compares `actual` with golden/<name> (both masked). With REPORTS_UPDATE_GOLDEN=1 in the
/// environment it writes the golden file instead, and says so.
inline void checkGolden(const std::string& name, const std::string& actual)
{
    const std::string path = std::string(REPORTS_GOLDEN_DIR) + "/" + name;
    const char* update = std::getenv("REPORTS_UPDATE_GOLDEN");
    if (update && std::string(update) == "1")
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << actual;
        BOOST_REQUIRE_MESSAGE(out.good(), "cannot write " << path);
        BOOST_TEST_MESSAGE("REPORTS_UPDATE_GOLDEN=1: wrote " << path << " (review the diff and commit it)");
        return;
    }
    std::ifstream probe(path);
    BOOST_REQUIRE_MESSAGE(probe.good(), "missing golden file " << path << "; run with REPORTS_UPDATE_GOLDEN=1 to create it");
    std::string expected = mask(readFile(path));
    std::string got = mask(actual);
    if (expected == got)
    {
        BOOST_TEST(true);
        return;
    }
    std::istringstream e(expected), g(got);
    std::string el, gl;
    int line = 0;
    while (true)
    {
        ++line;
        bool me = static_cast<bool>(std::getline(e, el));
        bool mg = static_cast<bool>(std::getline(g, gl));
        if (!me && !mg)
            break;
        if (!me || !mg || el != gl)
        {
            BOOST_ERROR(name << " differs from the golden file at line " << line << "\n  golden: " << (me ? el : "<end>")
                              << "\n  actual: " << (mg ? gl : "<end>")
                              << "\nIf the change is intended, re-run with REPORTS_UPDATE_GOLDEN=1 and review the diff.");
            break;
        }
    }
}

} // namespace fixture
