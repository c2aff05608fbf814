#define BOOST_TEST_MODULE CaseExecutionTest
#include <boost/test/unit_test.hpp>

// Runner::runCase against the in-process mock (HTTPS, port 0): small scenarios given as JSON
// text, their outcomes (design §4), the step parameters, and the redaction of every secret
// the case saw (issue 3: "Secrets … are redacted in every report").

#include "MockTestSupport.h"

#include <conformance/Runner.h>
#include <conformance/Scenario.h>
#include <conformance/Target.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace conformance;

namespace {

mocktest::TestServer& mockServer()
{
    static mocktest::TestServer server(true);
    return server;
}

const char* kProfile = R"({
  "clients": {
    "public": {"client_id": "public-app", "redirect_uri": "https://app.example.test/cb", "scope": "read:buildings"},
    "confidential": {"client_id": "backend", "client_secret": "backend-secret", "auth_method": "client_secret_basic",
                     "redirect_uri": "https://backend.example.test/cb", "scope": "read:buildings"}
  },
  "user": {"username": "alice", "password": "alice-pw"},
  "resource": {"url": "/v2/buildings", "scope": "read:buildings"}
})";

Target makeTarget()
{
    mocktest::TestServer& server = mockServer();
    Target t = parseTargetProfile(kProfile, "test", server.issuer());
    t.kind = "embedded-mock";
    t.http.caFile = server.server().caCertificateFile();
    t.controlUrl = server.server().baseUrl() + "/_mock";
    return t;
}

/// A case with these steps (a JSON array) and extra members (e.g. "needs": [...], with a trailing comma).
std::string caseText(const std::string& steps, const std::string& extra = "", const std::string& level = "\"MUST\"")
{
    return R"({"cases": [{"id": "rfc6749-4.1/under-test", "catalogue": "CODE-01", "title": "t", "level": )" + level +
           R"(, "requirements": ["RFC6749-4.1"], )" + extra + R"("steps": )" + steps + "}]}";
}

CaseResult runWith(Target& target, const std::string& text, RunOptions options = {})
{
    Catalogue catalogue = Catalogue::loadText(text, "test.json");
    Runner runner(target, options);
    return runner.runCase(catalogue.scenarios().at(0));
}

CaseResult run(const std::string& steps, const std::string& extra = "", const std::string& level = "\"MUST\"",
               RunOptions options = {})
{
    Target target = makeTarget();
    return runWith(target, caseText(steps, extra, level), options);
}

std::string describe(const CaseResult& r)
{
    std::string out = std::string(outcomeName(r.outcome)) + ": " + r.reason;
    for (const auto& c : r.checks)
        out += "\n  " + std::string(c.passed ? "ok   " : "FAIL ") + c.step + " " + c.name + ": expected " + c.expected +
               ", got " + c.actual;
    return out;
}

#define CHECK_OUTCOME(result, expected)                                                                                \
    BOOST_TEST_CONTEXT(describe(result)) { BOOST_TEST((result.outcome == expected)); }

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

/// Every string of a result a report could show.
std::string serialized(const CaseResult& r)
{
    std::string out = r.reason + "\n";
    for (const auto& c : r.checks)
        out += c.name + "|" + c.step + "|" + c.expected + "|" + c.actual + "|" + c.detail + "\n";
    for (const auto& e : r.exchanges)
    {
        out += e.method + " " + e.url + "\n";
        for (const auto& [n, v] : e.requestHeaders)
            out += n + ": " + v + "\n";
        out += e.requestBody + "\n" + std::to_string(e.status) + "\n";
        for (const auto& [n, v] : e.responseHeaders)
            out += n + ": " + v + "\n";
        out += e.responseBody + "\n" + e.error + "\n";
    }
    return out;
}

/// A local plain-HTTP listener that answers 200 "ok" and keeps every request it received:
/// the way to learn, outside the runner, the values a case sent.
class CaptureServer
{
public:
    CaptureServer() : _socket(Poco::Net::SocketAddress("127.0.0.1", 0))
    {
        _thread = std::thread([this] { serve(); });
    }
    ~CaptureServer()
    {
        _stop = true;
        _thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(_socket.address().port()) + "/capture"; }
    std::string captured() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _captured;
    }

private:
    void serve()
    {
        while (!_stop)
        {
            if (!_socket.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ))
                continue;
            Poco::Net::StreamSocket s = _socket.acceptConnection();
            s.setReceiveTimeout(Poco::Timespan(2, 0));
            std::string request;
            char buffer[4096];
            try
            {
                std::size_t need = std::string::npos;
                while (need == std::string::npos || request.size() < need)
                {
                    int n = s.receiveBytes(buffer, sizeof buffer);
                    if (n <= 0)
                        break;
                    request.append(buffer, static_cast<std::size_t>(n));
                    auto end = request.find("\r\n\r\n");
                    if (end != std::string::npos && need == std::string::npos)
                    {
                        std::size_t length = 0;
                        auto cl = request.find("Content-Length:");
                        if (cl == std::string::npos)
                            cl = request.find("content-length:");
                        if (cl != std::string::npos && cl < end)
                            length = std::stoul(request.substr(cl + 15));
                        need = end + 4 + length;
                    }
                }
                // "/echo" answers with the request body (to show the runner a long value of its own choosing).
                std::string body = "ok";
                auto headerEnd = request.find("\r\n\r\n");
                if (request.rfind("POST /echo", 0) == 0 && headerEnd != std::string::npos)
                    body = request.substr(headerEnd + 4);
                std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
                record(request); // before answering: once the runner has its answer, the test may read it
                request.clear();
                s.sendBytes(answer.data(), static_cast<int>(answer.size()));
            }
            catch (const Poco::Exception&)
            {
                if (!request.empty())
                    record(request);
            }
            s.close();
        }
    }

    void record(const std::string& request)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _captured += request + "\n";
    }

    Poco::Net::ServerSocket _socket;
    std::thread _thread;
    std::atomic<bool> _stop{false};
    mutable std::mutex _mutex;
    std::string _captured;
};

/// A TCP port on 127.0.0.1 where nothing listens.
int closedPort()
{
    Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
    int port = s.address().port();
    s.close();
    return port;
}

const char* kCodeFlow = R"([
  {"authorize": {"client": "public"},
   "expect": {"redirected": true, "redirect.code": {"present": true}, "redirect.state": "${state}",
              "redirect.iss": "${issuer}", "login_status": {"present": true}}},
  {"token": {"client": "public"}, "expect": {"status": 200, "json.token_type": "Bearer"},
   "checks": ["token-response", "no-store", "token-syntax"]},
  {"api": {}, "expect": {"status": 200}}
])";

const char* kClientCredentials =
    R"({"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}}, "expect": {"status": 200}})";

} // namespace

// --- outcomes -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_code_flow_passes)
{
    CaseResult r = run(kCodeFlow);
    CHECK_OUTCOME(r, Outcome::Pass);
    BOOST_TEST(r.id == "rfc6749-4.1/under-test");
    BOOST_TEST(r.catalogue == "CODE-01");
    BOOST_TEST((r.level == Level::Must));
    BOOST_TEST(r.specSection == "RFC 6749 §4.1");
    BOOST_TEST(r.checks.size() >= 8u);
    for (const auto& c : r.checks)
        BOOST_TEST(c.passed);
    BOOST_TEST(contains(r.reason, "checks passed"));
    // authorize (several browser exchanges), token, api.
    BOOST_TEST(r.exchanges.size() >= 4u);
    BOOST_TEST(contains(r.exchanges.back().url, "/v2/buildings"));
    BOOST_TEST(r.exchanges.back().status == 200);
    BOOST_TEST(r.durationMs > 0);
}

BOOST_AUTO_TEST_CASE(a_failed_must_expectation_fails_and_is_named)
{
    CaseResult r = run(R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                            "expect": {"status": 201, "json.token_type": "Bearer"}}])");
    CHECK_OUTCOME(r, Outcome::Fail);
    BOOST_TEST(contains(r.reason, "step 1 (token)"));
    BOOST_TEST(contains(r.reason, "status"));
    BOOST_TEST(contains(r.reason, "= 201"));
    BOOST_TEST(contains(r.reason, "200"));
    BOOST_TEST_REQUIRE(r.checks.size() == 2u);
    BOOST_TEST(!r.checks[0].passed);
    BOOST_TEST(r.checks[1].passed);
}

BOOST_AUTO_TEST_CASE(a_failed_named_check_fails)
{
    CaseResult r = run(R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                            "checks": ["error-response"]}])");
    CHECK_OUTCOME(r, Outcome::Fail);
    BOOST_TEST(contains(r.reason, "check:error-response.status"));
}

BOOST_AUTO_TEST_CASE(a_failed_should_warns)
{
    const std::string steps = R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                                   "expect": {"status": 201}}])";
    CHECK_OUTCOME(run(steps, "", "\"SHOULD\""), Outcome::Warn);
    // The expectation's own level wins over the case's.
    CaseResult r = run(R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                            "expect": {"status": {"equals": 201, "level": "SHOULD"}, "json.token_type": "Bearer"}}])");
    CHECK_OUTCOME(r, Outcome::Warn);
    BOOST_TEST(contains(r.reason, "status"));
    // A named check at @SHOULD.
    CHECK_OUTCOME(run(R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                           "checks": ["error-response@SHOULD"]}])"),
                  Outcome::Warn);
    // MAY / INFO give INFO.
    CHECK_OUTCOME(run(steps, "", "\"MAY\""), Outcome::Info);
}

BOOST_AUTO_TEST_CASE(the_level_follows_the_profile)
{
    const std::string steps = R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                                   "expect": {"status": 201}}])";
    const std::string level = R"({"default": "MUST", "rfc6749": "SHOULD"})";
    CHECK_OUTCOME(run(steps, "", level), Outcome::Fail);
    RunOptions rfc6749;
    rfc6749.profile = "rfc6749";
    CaseResult r = run(steps, "", level, rfc6749);
    CHECK_OUTCOME(r, Outcome::Warn);
    BOOST_TEST((r.level == Level::Should));
}

BOOST_AUTO_TEST_CASE(a_failed_precondition_skips)
{
    CaseResult r = run(R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                            "expect": {"json.refresh_token": {"present": true, "precondition": true}}},
                           {"api": {}, "expect": {"status": 500}}])");
    CHECK_OUTCOME(r, Outcome::Skip);
    BOOST_TEST(contains(r.reason, "precondition not met"));
    BOOST_TEST(contains(r.reason, "json.refresh_token"));
    BOOST_TEST(r.exchanges.size() == 1u); // the case stopped there
}

BOOST_AUTO_TEST_CASE(an_unset_variable_is_an_error_naming_it)
{
    CaseResult r = run(R"([{"token": {"client": "confidential",
                                      "params": {"grant_type": "client_credentials", "scope": "${no_such_var}"}},
                            "expect": {"status": 200}}])");
    CHECK_OUTCOME(r, Outcome::Error);
    BOOST_TEST(contains(r.reason, "${no_such_var}"));
    BOOST_TEST(contains(r.reason, "step 1 (token)"));
    // In a matcher too.
    CaseResult m = run(R"([{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                            "expect": {"json.access_token": "${missing_in_matcher}"}}])");
    CHECK_OUTCOME(m, Outcome::Error);
    BOOST_TEST(contains(m.reason, "${missing_in_matcher}"));
    // refresh without an earlier refresh token.
    CaseResult f = run(R"([{"refresh": {"client": "confidential"}, "expect": {"status": 200}}])");
    CHECK_OUTCOME(f, Outcome::Error);
    BOOST_TEST(contains(f.reason, "${refresh_token}"));
}

BOOST_AUTO_TEST_CASE(a_bad_random_variable_is_an_error_not_a_crash)
{
    for (const char* var : {"${random:x}", "${randomness}", "${random:99999999999999}"})
    {
        BOOST_TEST_CONTEXT(var)
        {
            CaseResult r = run(std::string(R"([{"token": {"client": "confidential",
                                      "params": {"grant_type": "client_credentials", "x": ")") + var +
                               R"("}}, "expect": {"status": 200}}])");
            CHECK_OUTCOME(r, Outcome::Error);
            BOOST_TEST(contains(r.reason, "random"));
        }
    }
    CaseResult ok = run(R"([{"token": {"client": "confidential",
                              "params": {"grant_type": "client_credentials", "x": "${random}${random:4}"}},
                             "expect": {"status": 200}}])");
    CHECK_OUTCOME(ok, Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(a_transport_error_is_an_error)
{
    Target target = makeTarget();
    target.resource.url = "https://127.0.0.1:" + std::to_string(closedPort()) + "/v2/buildings";
    CaseResult r = runWith(target, caseText(R"([{"api": {"token": "abcd"}, "expect": {"status": 401}}])"));
    CHECK_OUTCOME(r, Outcome::Error);
    BOOST_TEST(contains(r.reason, "step 1 (api)"));
    BOOST_TEST_REQUIRE(r.exchanges.size() == 1u);
    BOOST_TEST(r.exchanges[0].status == 0);
    BOOST_TEST(!r.exchanges[0].error.empty());

    // Expecting the error makes it a verdict like any other.
    Target again = makeTarget();
    again.resource.url = target.resource.url;
    CaseResult e = runWith(again, caseText(R"([{"api": {"token": "abcd"}, "expect": {"error": {"present": true}}}])"));
    CHECK_OUTCOME(e, Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(a_missing_capability_skips_with_the_reason)
{
    CaseResult r = run(R"([{"discover": {}, "expect": {"status": 200}}])", R"("needs": ["pkce", "second_client"], )");
    CHECK_OUTCOME(r, Outcome::Skip);
    BOOST_TEST(contains(r.reason, "needs second_client"));
    BOOST_TEST(contains(r.reason, "confidential2"));
    BOOST_TEST(r.checks.empty());

    Target target = makeTarget();
    target.capabilityOverrides["revocation"] = false;
    CaseResult o = runWith(target, caseText(R"([{"discover": {}, "expect": {"status": 200}}])", R"("needs": ["revocation"], )"));
    CHECK_OUTCOME(o, Outcome::Skip);
    BOOST_TEST(contains(o.reason, "turns off the capability revocation"));

    // Capabilities the mock has run.
    CHECK_OUTCOME(run(R"([{"discover": {}, "expect": {"status": 200}}])",
                      R"("needs": ["pkce", "refresh_token", "revocation", "introspection", "confidential_client", "resource", "clock", "control_api", "login_form"], )"),
                  Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(refresh_idle_limit_skips_without_the_profile_timing_and_feeds_clock_arithmetic)
{
    const std::string steps = R"([{"clock": {"advance": "${timing.refresh_idle_seconds}-30"}},
                                  {"http": {"url": "/_mock/clock"}, "expect": {"json.offset": 70}},
                                  {"clock": {"advance": "${timing.refresh_idle_seconds}+30"}},
                                  {"http": {"url": "/_mock/clock"}, "expect": {"json.offset": 200}}])";
    CaseResult skipped = run(steps, R"("needs": ["clock", "refresh_idle_limit"], )");
    CHECK_OUTCOME(skipped, Outcome::Skip);
    BOOST_TEST(contains(skipped.reason, "timing.refresh_idle_seconds"));

    Target target = makeTarget();
    target.refreshIdleSeconds = 100;
    CaseResult r = runWith(target, caseText(steps, R"("needs": ["clock", "refresh_idle_limit"], )"));
    CHECK_OUTCOME(r, Outcome::Pass);

    CaseResult bad = runWith(target, caseText(R"([{"clock": {"advance": "${timing.refresh_idle_seconds}-3x"}}])"));
    CHECK_OUTCOME(bad, Outcome::Error);
    BOOST_TEST(contains(bad.reason, "\"100-3x\" is not a number of seconds"));
}

BOOST_AUTO_TEST_CASE(a_profile_only_case_skips_under_another_profile)
{
    const std::string steps = R"([{"discover": {}, "expect": {"status": 200}}])";
    CaseResult r = run(steps, R"("profiles": ["oauth21"], )");
    CHECK_OUTCOME(r, Outcome::Skip);
    BOOST_TEST(contains(r.reason, "oauth21"));
    BOOST_TEST(contains(r.reason, "bcp9700"));
    BOOST_TEST(r.exchanges.empty());
    RunOptions oauth21;
    oauth21.profile = "oauth21";
    CHECK_OUTCOME(run(steps, R"("profiles": ["oauth21"], )", "\"MUST\"", oauth21), Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(a_case_without_checks_is_an_error)
{
    CaseResult r = run(R"([{"discover": {}}])");
    CHECK_OUTCOME(r, Outcome::Error);
    BOOST_TEST(contains(r.reason, "no check"));
}

BOOST_AUTO_TEST_CASE(a_role_the_profile_lacks_is_an_error)
{
    CaseResult r = run(R"([{"token": {"client": "loopback"}, "expect": {"status": 200}}])");
    CHECK_OUTCOME(r, Outcome::Error);
    BOOST_TEST(contains(r.reason, "loopback"));
}

// --- repeat, parallel, save -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parallel_redemption_counts_statuses)
{
    CaseResult r = run(R"([
      {"authorize": {"client": "public"}, "expect": {"redirect.code": {"present": true, "precondition": true}}},
      {"token": {"client": "public"}, "parallel": 4,
       "expect": {"count_status.200": 1, "statuses": {"length_min": 4, "length_max": 4},
                  "json.access_token": {"present": true}}}
    ])");
    CHECK_OUTCOME(r, Outcome::Pass);
    std::size_t tokenRequests = 0;
    for (const auto& e : r.exchanges)
        tokenRequests += contains(e.url, "/token") ? 1 : 0;
    BOOST_TEST(tokenRequests == 4u);
}

BOOST_AUTO_TEST_CASE(repeat_sends_in_sequence)
{
    CaseResult s = run(std::string("[") + kClientCredentials + R"(,
      {"api": {}, "repeat": 3, "expect": {"count_status.200": 3, "count_status.401": 0,
                                          "statuses": {"length_min": 3, "length_max": 3}, "status": 200}}])");
    CHECK_OUTCOME(s, Outcome::Pass);
    BOOST_TEST(s.exchanges.size() == 4u);
}

BOOST_AUTO_TEST_CASE(save_and_reuse_a_variable)
{
    CaseResult r = run(R"([
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
       "expect": {"status": 200}, "save": {"at1": "json.access_token", "kind": "json.token_type"}},
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
       "expect": {"status": 200, "var.at1": {"present": true, "not": "${access_token}"}}},
      {"api": {"token": "${at1}"}, "expect": {"status": 200, "var.kind": "Bearer"}},
      {"http": {"method": "GET", "url": "/v2/buildings", "headers": {"Authorization": "${kind} ${at1}"}},
       "expect": {"status": 200}}
    ])");
    CHECK_OUTCOME(r, Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(save_of_an_absent_value_unsets_the_variable)
{
    CaseResult r = run(R"([
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
       "expect": {"status": 200}, "save": {"rt": "json.refresh_token"}},
      {"refresh": {"client": "confidential", "params": {"refresh_token": "${rt}"}}, "expect": {"status": 200}}
    ])");
    CHECK_OUTCOME(r, Outcome::Error);
    BOOST_TEST(contains(r.reason, "${rt}"));
}

BOOST_AUTO_TEST_CASE(refresh_uses_the_last_refresh_token)
{
    CaseResult r = run(R"([
      {"authorize": {"client": "confidential"}, "expect": {"redirect.code": {"present": true}}},
      {"token": {"client": "confidential"}, "expect": {"status": 200, "json.refresh_token": {"present": true}},
       "save": {"rt1": "json.refresh_token"}},
      {"refresh": {"client": "confidential"}, "expect": {"status": 200}, "checks": ["token-response"]},
      {"api": {}, "expect": {"status": 200}}
    ])",
                       R"("needs": ["refresh_token"], )");
    CHECK_OUTCOME(r, Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(a_later_authorize_without_a_code_forgets_the_earlier_code)
{
    // Like code_verifier, code belongs to the last authorization: a denied one leaves none.
    CaseResult r = run(R"([
      {"authorize": {"client": "public"}, "expect": {"redirect.code": {"present": true}}},
      {"authorize": {"client": "public", "consent": "deny"}, "expect": {"redirect.error": "access_denied"}},
      {"token": {"client": "public"}, "expect": {"status": 400}}
    ])");
    CHECK_OUTCOME(r, Outcome::Pass);
    BOOST_TEST_REQUIRE(!r.exchanges.empty());
    BOOST_TEST(!contains(r.exchanges.back().requestBody, "code="));
}

BOOST_AUTO_TEST_CASE(api_without_a_token_needs_no_access_token)
{
    CaseResult r = run(R"([{"api": {"how": "none"}, "expect": {"status": 401, "bearer.scheme": "Bearer"}}])");
    CHECK_OUTCOME(r, Outcome::Pass);
    BOOST_TEST_REQUIRE(r.exchanges.size() == 1u);
    for (const auto& [name, value] : r.exchanges[0].requestHeaders)
        BOOST_TEST(name != "Authorization");
}

// --- authorize parameters -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(authorize_consent_deny_and_wrong_password)
{
    CHECK_OUTCOME(run(R"([{"authorize": {"client": "public", "consent": "deny"},
                           "expect": {"redirected": true, "redirect.error": "access_denied", "redirect.code": {"absent": true},
                                      "redirect.state": "${state}"}}])"),
                  Outcome::Pass);
    CHECK_OUTCOME(run(R"([{"authorize": {"client": "public", "login": "wrong-password"},
                           "expect": {"redirect.code": {"absent": true}}}])"),
                  Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(authorize_without_pkce_is_refused_by_the_strict_mock)
{
    CHECK_OUTCOME(run(R"([{"authorize": {"client": "public", "pkce": "none"},
                           "expect": {"redirect.error": "invalid_request", "redirect.code": {"absent": true}},
                           "checks": ["error-redirect", "iss-form"]}])"),
                  Outcome::Pass);
}

BOOST_AUTO_TEST_CASE(mock_quirks_are_enabled_for_the_case)
{
    const std::string steps = R"([
      {"authorize": {"client": "public"}, "expect": {"redirect.code": {"present": true, "precondition": true}}},
      {"token": {"client": "public", "params": {"code_verifier": "${fresh_verifier}"}},
       "expect": {"status": 400, "json.error": "invalid_grant"}, "checks": ["no-tokens"]}
    ])";
    CHECK_OUTCOME(run(steps), Outcome::Pass);
    RunOptions quirky;
    quirky.mockQuirks = {"accept-wrong-verifier"};
    CHECK_OUTCOME(run(steps, "", "\"MUST\"", quirky), Outcome::Fail);
    quirky.mockQuirks = {"no-such-quirk"};
    CaseResult bad = run(steps, "", "\"MUST\"", quirky);
    CHECK_OUTCOME(bad, Outcome::Error);
    BOOST_TEST(contains(bad.reason, "quirk"));
    // The next case starts from a reset mock again.
    CHECK_OUTCOME(run(steps), Outcome::Pass);
}

// --- token parameters and client authentication ---------------------------------------------

BOOST_AUTO_TEST_CASE(client_authentication_modes)
{
    struct ModeCase
    {
        const char* auth;
        int status;
    };
    for (const ModeCase& m : {ModeCase{"default", 200}, ModeCase{"basic", 200}, ModeCase{"post", 200},
                              ModeCase{"none", 401}, ModeCase{"omit", 401}, ModeCase{"wrong-secret", 401},
                              ModeCase{"wrong-secret-basic", 401}, ModeCase{"wrong-secret-post", 401},
                              ModeCase{"basic+post", 400}, ModeCase{"query-secret", 400}})
    {
        BOOST_TEST_CONTEXT("auth " << m.auth)
        {
            CaseResult r = run(std::string(R"([{"token": {"client": "confidential", "auth": ")") + m.auth +
                               R"(", "params": {"grant_type": "client_credentials"}},
                                     "expect": {"status": )" + std::to_string(m.status) + "}}]");
            CHECK_OUTCOME(r, Outcome::Pass);
            BOOST_TEST_REQUIRE(r.exchanges.size() == 1u);
            const HttpExchange& e = r.exchanges[0];
            std::string authorization;
            for (const auto& [name, value] : e.requestHeaders)
                if (name == "Authorization")
                    authorization = value;
            const std::string auth = m.auth;
            bool basic = auth == "default" || auth == "basic" || auth == "wrong-secret" || auth == "wrong-secret-basic" ||
                         auth == "basic+post";
            BOOST_TEST(authorization.rfind("Basic ", 0) == (basic ? 0u : std::string::npos));
            bool secretInBody = auth == "post" || auth == "wrong-secret-post" || auth == "basic+post";
            BOOST_TEST(contains(e.requestBody, "client_secret=") == secretInBody);
            bool idInBody = auth == "post" || auth == "wrong-secret-post" || auth == "none";
            BOOST_TEST(contains(e.requestBody, "client_id=backend") == idInBody);
            BOOST_TEST(contains(e.url, "client_secret=") == (auth == "query-secret"));
        }
    }
}

BOOST_AUTO_TEST_CASE(params_null_removes_and_array_repeats)
{
    CaseResult r = run(R"([
      {"authorize": {"client": "public"}, "expect": {"redirect.code": {"present": true}}},
      {"token": {"client": "public", "params": {"code_verifier": null}},
       "expect": {"status": 400, "json.error": ["invalid_grant", "invalid_request"]}}
    ])");
    CHECK_OUTCOME(r, Outcome::Pass);
    BOOST_TEST(!contains(r.exchanges.back().requestBody, "code_verifier"));
    BOOST_TEST(contains(r.exchanges.back().requestBody, "grant_type=authorization_code"));

    CaseResult a = run(R"([{"token": {"client": "confidential",
                                      "params": {"grant_type": "client_credentials", "scope": ["read:buildings", "read:buildings"]}},
                            "expect": {"status": 400, "json.error": "invalid_request"}}])");
    CHECK_OUTCOME(a, Outcome::Pass);
    const std::string& body = a.exchanges.back().requestBody;
    std::size_t first = body.find("scope=");
    BOOST_TEST_INFO(body);
    BOOST_TEST_REQUIRE(first != std::string::npos);
    BOOST_TEST(body.find("scope=", first + 1) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(token_request_shapes)
{
    // GET sends the parameters in the query; a JSON body is not a form.
    CaseResult get = run(R"([{"token": {"client": "confidential", "method": "GET", "params": {"grant_type": "client_credentials"}},
                              "expect": {"status": {"min": 400, "max": 499}}}])");
    CHECK_OUTCOME(get, Outcome::Pass);
    BOOST_TEST(contains(get.exchanges[0].url, "grant_type=client_credentials"));
    BOOST_TEST(get.exchanges[0].method == "GET");
    CaseResult json = run(R"([{"token": {"client": "confidential", "content_type": "application/json",
                                         "params": {"grant_type": "client_credentials"}},
                               "expect": {"status": {"min": 400, "max": 499}}}])");
    CHECK_OUTCOME(json, Outcome::Pass);
    BOOST_TEST(contains(json.exchanges[0].requestBody, "\"grant_type\":\"client_credentials\""));
}

// --- redaction ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(secrets_never_appear_in_clear)
{
    CaptureServer capture;
    // The case sends every secret it knows to the capture server (so the test learns them),
    // and shows them in failing INFO expectations (so the checks and the reason carry them).
    const std::string steps = R"([
      {"authorize": {"client": "confidential"},
       "expect": {"redirect.code": {"present": true, "precondition": true}}, "save": {"code1": "redirect.code"}},
      {"token": {"client": "confidential", "auth": "post"},
       "expect": {"status": 200, "json.access_token": {"equals": "not-it", "level": "INFO"},
                  "json.refresh_token": {"present": true, "precondition": true}}},
      {"http": {"method": "POST", "url": ")" + capture.url() + R"(",
                "headers": {"Content-Type": "text/plain", "X-Echo": "${access_token}"},
                "body": "AT=${access_token}\nRT=${refresh_token}\nCODE=${code1}\nCV=${code_verifier}\nCS=${client.confidential.secret}\n"},
       "expect": {"status": 200, "body": {"contains": "${refresh_token}", "level": "INFO"},
                  "var.code1": {"equals": "${code_verifier}", "level": "INFO"}}},
      {"refresh": {"client": "confidential", "auth": "basic"},
       "expect": {"status": 200, "json.refresh_token": {"equals": "${client.confidential.secret}", "level": "INFO"}}},
      {"api": {"how": "query"}, "expect": {"status": {"min": 200}, "location": {"equals": "${access_token}", "level": "INFO"}}},
      {"token": {"client": "confidential", "auth": "query-secret", "params": {"grant_type": "client_credentials"}},
       "expect": {"status": {"min": 400}}},
      {"token": {"client": "public", "params": {"grant_type": "password", "username": "alice", "password": "${user.username}-pw"}},
       "expect": {"status": {"min": 400}}}
    ])";
    CaseResult r = run(steps);
    CHECK_OUTCOME(r, Outcome::Info);

    const std::string captured = capture.captured();
    auto field = [&](const std::string& name) {
        auto at = captured.find("\n" + name + "=");
        BOOST_REQUIRE_MESSAGE(at != std::string::npos, "the capture server saw no " + name + ": " + captured);
        at += name.size() + 2;
        return captured.substr(at, captured.find('\n', at) - at);
    };
    const std::string accessToken = field("AT");
    const std::string refreshToken = field("RT");
    const std::string code = field("CODE");
    const std::string verifier = field("CV");
    BOOST_TEST(field("CS") == "backend-secret");
    BOOST_TEST(accessToken.size() >= 16u);
    BOOST_TEST(refreshToken.size() >= 16u);
    BOOST_TEST(code.size() >= 16u);
    BOOST_TEST(verifier.size() >= 43u);

    const std::string text = serialized(r);
    for (const std::string& secret : {accessToken, refreshToken, code, verifier, std::string("backend-secret"),
                                      std::string("alice-pw")})
    {
        BOOST_TEST_INFO("secret " << secret);
        BOOST_TEST(!contains(text, secret));
    }
    BOOST_TEST(contains(text, "[redacted"));
    BOOST_TEST(contains(r.reason, "[redacted"));
    // The failing INFO checks carry the redacted stand-ins, in actual and in expected.
    bool redactedActual = false, redactedExpected = false;
    for (const auto& c : r.checks)
    {
        redactedActual = redactedActual || contains(c.actual, "[redacted");
        redactedExpected = redactedExpected || contains(c.expected, "[redacted");
    }
    BOOST_TEST(redactedActual);
    BOOST_TEST(redactedExpected);
    // The login (password in the form body) was recorded, redacted.
    bool sawLogin = false;
    for (const auto& e : r.exchanges)
        sawLogin = sawLogin || (e.method == "POST" && contains(e.requestBody, "username=alice"));
    BOOST_TEST(sawLogin);
}

// A secret beyond the first 300 characters of a long value must be redacted before the value is
// shortened for the report (a half-cut token would no longer be recognised).
// An unmet precondition does not hide a failed check of the same step: the failure is the
// verdict, and the case stops there.
BOOST_AUTO_TEST_CASE(failed_check_beside_an_unmet_precondition_is_the_verdict)
{
    CaseResult r = run(R"([
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
       "expect": {"status": 201, "json.nothing": {"present": true, "precondition": true}}},
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}}, "expect": {"status": 200}}
    ])");
    CHECK_OUTCOME(r, Outcome::Fail);
    BOOST_TEST(contains(r.reason, "status"));
    BOOST_TEST(r.checks.size() == 1u); // the second step did not run
    CaseResult skipped = run(R"([
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
       "expect": {"status": 200, "json.nothing": {"present": true, "precondition": true}}}
    ])");
    CHECK_OUTCOME(skipped, Outcome::Skip);
    BOOST_TEST(contains(skipped.reason, "precondition not met"));
    // Expectations after the precondition depend on it: not judged, the case is SKIP.
    CaseResult dependent = run(R"([
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
       "expect": {"json.nothing": {"present": true, "precondition": true}, "status": 201},
       "checks": ["error-response"]}
    ])");
    CHECK_OUTCOME(dependent, Outcome::Skip);
}

BOOST_AUTO_TEST_CASE(long_values_are_redacted_before_they_are_shortened)
{
    CaptureServer capture;
    std::string echo = capture.url();
    echo.replace(echo.rfind("/capture"), 8, "/echo");
    const std::string padding(280, 'x');
    const std::string steps = R"([
      {"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}}, "expect": {"status": 200}},
      {"http": {"method": "POST", "url": ")" + echo + R"(", "body": ")" + padding + R"(${access_token}"},
       "expect": {"body": {"equals": "different", "level": "INFO"}}}
    ])";
    CaseResult r = run(steps);
    CHECK_OUTCOME(r, Outcome::Info);
    const std::string captured = capture.captured();
    auto at = captured.find(padding);
    BOOST_REQUIRE(at != std::string::npos);
    const std::string tokenStart = captured.substr(at + padding.size(), 10); // the part a cut at 300 used to leave
    BOOST_REQUIRE_EQUAL(tokenStart.size(), 10u);
    BOOST_TEST(!contains(serialized(r), tokenStart));
    BOOST_TEST(contains(r.reason, "[redact"));
}

BOOST_AUTO_TEST_CASE(a_public_flow_redacts_code_verifier_and_password)
{
    CaptureServer capture;
    const std::string steps = R"([
      {"authorize": {"client": "public"}, "expect": {"redirect.code": {"present": true, "precondition": true}}},
      {"http": {"method": "POST", "url": ")" + capture.url() + R"(", "body": "\nCODE=${code}\nCV=${code_verifier}\n"},
       "expect": {"status": 200}},
      {"token": {"client": "public"}, "expect": {"status": 200, "json": {"equals": "x", "level": "INFO"}}}
    ])";
    CaseResult r = run(steps);
    CHECK_OUTCOME(r, Outcome::Info);
    const std::string captured = capture.captured();
    auto field = [&](const std::string& name) {
        auto at = captured.find("\n" + name + "=");
        BOOST_REQUIRE(at != std::string::npos);
        at += name.size() + 2;
        return captured.substr(at, captured.find('\n', at) - at);
    };
    const std::string text = serialized(r);
    for (const std::string& secret : {field("CODE"), field("CV"), std::string("alice-pw")})
    {
        BOOST_TEST_INFO("secret " << secret);
        BOOST_TEST(!contains(text, secret));
    }
    // The whole token response was shown (json) without its tokens.
    BOOST_TEST(contains(r.reason, "[redacted"));
}

BOOST_AUTO_TEST_CASE(the_mock_admin_token_is_redacted)
{
    Target target = makeTarget();
    target.adminToken = "admin-s3cret-token"; // the test mock has none configured, so it is simply ignored
    CaseResult r = runWith(target, caseText(R"([
      {"clock": {"advance": 1}},
      {"discover": {}, "expect": {"status": 200, "header.Content-Type": {"equals": "text/x-not-this", "level": "INFO"}}}
    ])", R"("needs": ["clock"], )"));
    CHECK_OUTCOME(r, Outcome::Info);
    bool sentToControlApi = false;
    for (const auto& e : r.exchanges)
        for (const auto& [name, value] : e.requestHeaders)
            sentToControlApi = sentToControlApi || name == "X-Mock-Admin-Token";
    BOOST_TEST(sentToControlApi);
    BOOST_TEST(!contains(serialized(r), "admin-s3cret-token"));
}
