#define BOOST_TEST_MODULE ControlApiTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

#include <oauth/Crypto.h>
#include <oauth/Encoding.h>
#include <oauth/WwwAuthenticate.h>

#include <Poco/Net/NetException.h>

#include <chrono>

// The control API under /_mock/, used over HTTP as a test harness would: reset, clock,
// quirks, faults, recorded traffic (with redaction), run-time clients, stats, and its guards.

using mocktest::HttpResult;
using mocktest::TestServer;

namespace {

HttpResult control(const TestServer& mock, const std::string& method, const std::string& path, const std::string& json = "")
{
    return mock.client().request(method, path, json, json.empty() ? "" : "application/json");
}

std::string clientCredentialsToken(const TestServer& mock, const std::string& clientId = "backend")
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    form.add("scope", "read:buildings");
    HttpResult r = mock.client().postForm("/token", form, mock.clientAuthHeaders(clientId));
    BOOST_REQUIRE_MESSAGE(r.status == 200, "client_credentials failed: " << r.status << " " << r.body);
    return r.jsonString("access_token");
}

HttpResult clientCredentials(const TestServer& mock)
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    return mock.client().postForm("/token", form, mock.clientAuthHeaders("backend"));
}

/// A 400 from the control API whose text names `path`.
void requireBadBody(const HttpResult& r, const std::string& path)
{
    BOOST_TEST(r.status == 400, r.body);
    BOOST_TEST(r.jsonString("error") == "invalid_body");
    BOOST_TEST(r.jsonString("detail").find(path) != std::string::npos, "'" << path << "' not in " << r.body);
}

std::int64_t clockNow(const TestServer& mock)
{
    HttpResult r = control(mock, "GET", "/_mock/clock");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    return r.json()["now"].GetInt64();
}

bool quirkListed(const HttpResult& list, const std::string& name, bool enabled)
{
    for (const auto& q : list.json().GetArray())
        if (q["name"].GetString() == name)
            return q["enabled"].GetBool() == enabled;
    return false;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(control_api, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(reset_forgets_tokens)
{
    auto tokens = mock.obtainTokens("public-app");
    BOOST_REQUIRE_EQUAL(mock.callApi(tokens.accessToken).status, 200);
    mock.enable(mock::Quirk::NoIss);

    HttpResult r = control(mock, "POST", "/_mock/reset");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.json()["reset"].GetBool());
    BOOST_TEST(mock.callApi(tokens.accessToken).status == 401);
    BOOST_TEST(mock.refresh("public-app", tokens.refreshToken).jsonString("error") == "invalid_grant");
    BOOST_TEST(!mock.state().quirk(mock::Quirk::NoIss));

    BOOST_TEST(control(mock, "GET", "/_mock/reset").status == 405);
}

BOOST_AUTO_TEST_CASE(clock_advance_and_set)
{
    const std::int64_t start = clockNow(mock);
    HttpResult advanced = control(mock, "POST", "/_mock/clock", "{\"advance\":100}");
    BOOST_TEST(advanced.status == 200);
    BOOST_TEST(advanced.json()["now"].GetInt64() - start >= 100);
    BOOST_TEST(advanced.json()["now"].GetInt64() - start <= 102);
    BOOST_TEST(advanced.json()["offset"].GetInt64() == 100);

    HttpResult set = control(mock, "POST", "/_mock/clock", "{\"set\":2000000000}");
    BOOST_TEST(set.status == 200);
    BOOST_TEST(clockNow(mock) - 2000000000 <= 1);
    BOOST_TEST(mock.state().clock().now() - 2000000000 <= 1);

    requireBadBody(control(mock, "POST", "/_mock/clock", "{\"advance\":1,\"set\":1}"), "$");
    requireBadBody(control(mock, "POST", "/_mock/clock", "{}"), "$");
    requireBadBody(control(mock, "POST", "/_mock/clock", "{\"advance\":\"soon\"}"), "$.advance");
    requireBadBody(control(mock, "POST", "/_mock/clock", "{\"set\":-5}"), "$.set");
    requireBadBody(control(mock, "POST", "/_mock/clock", "{\"advance\":1,\"speed\":2}"), "$.speed");
    BOOST_TEST(control(mock, "POST", "/_mock/clock", "{\"advance\":").status == 400);
    BOOST_TEST(control(mock, "PUT", "/_mock/clock", "{\"advance\":1}").status == 405);
}

// The code lifetime (60 s in the test config) follows the clock the control API moves.
BOOST_AUTO_TEST_CASE(code_expires_after_advancing_the_clock)
{
    oauth::PkcePair fresh = oauth::generatePkcePair();
    std::string freshCode = mock.obtainCode("public-auto", fresh);
    BOOST_REQUIRE_EQUAL(control(mock, "POST", "/_mock/clock", "{\"advance\":59}").status, 200);
    BOOST_TEST(mock.exchangeCode("public-auto", freshCode, fresh.verifier).status == 200);

    oauth::PkcePair stale = oauth::generatePkcePair();
    std::string staleCode = mock.obtainCode("public-auto", stale);
    BOOST_REQUIRE_EQUAL(control(mock, "POST", "/_mock/clock", "{\"advance\":61}").status, 200);
    HttpResult r = mock.exchangeCode("public-auto", staleCode, stale.verifier);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.jsonString("error") == "invalid_grant");
}

BOOST_AUTO_TEST_CASE(quirks_list_and_toggle)
{
    HttpResult list = control(mock, "GET", "/_mock/quirks");
    BOOST_REQUIRE_EQUAL(list.status, 200);
    BOOST_TEST(list.json().Size() == mock::allQuirks().size());
    for (const auto& info : mock::allQuirks())
        BOOST_TEST(quirkListed(list, info.name, false), info.name);

    HttpResult put = control(mock, "PUT", "/_mock/quirks/revoke-noop");
    BOOST_TEST(put.status == 200);
    BOOST_TEST(put.json()["enabled"].GetBool());
    BOOST_TEST(mock.state().quirk(mock::Quirk::RevokeNoop));
    BOOST_TEST(quirkListed(control(mock, "GET", "/_mock/quirks"), "revoke-noop", true));
    BOOST_TEST(control(mock, "GET", "/_mock/quirks/revoke-noop").json()["enabled"].GetBool());

    HttpResult del = control(mock, "DELETE", "/_mock/quirks/revoke-noop");
    BOOST_TEST(del.status == 200);
    BOOST_TEST(!del.json()["enabled"].GetBool());
    BOOST_TEST(!mock.state().quirk(mock::Quirk::RevokeNoop));

    HttpResult many = control(mock, "POST", "/_mock/quirks", "{\"enable\":[\"no-iss\",\"code-reuse\"]}");
    BOOST_TEST(many.status == 200);
    BOOST_TEST(quirkListed(many, "no-iss", true));
    BOOST_TEST(quirkListed(many, "code-reuse", true));
    BOOST_TEST(mock.state().quirk(mock::Quirk::CodeReuse));

    HttpResult exclusive = control(mock, "POST", "/_mock/quirks", "{\"exclusive\":true,\"enable\":[\"no-state-echo\"]}");
    BOOST_TEST(quirkListed(exclusive, "no-state-echo", true));
    BOOST_TEST(quirkListed(exclusive, "no-iss", false));
    control(mock, "POST", "/_mock/quirks", "{\"disable\":[\"no-state-echo\"]}");
    BOOST_TEST(!mock.state().quirk(mock::Quirk::NoStateEcho));

    requireBadBody(control(mock, "POST", "/_mock/quirks", "{\"enable\":[\"no-iss\",\"no-such-quirk\"]}"), "$.enable[1]");
    BOOST_TEST(!mock.state().quirk(mock::Quirk::NoIss)); // nothing applied from a refused request
    requireBadBody(control(mock, "POST", "/_mock/quirks", "{\"enable\":\"no-iss\"}"), "$.enable");
    requireBadBody(control(mock, "POST", "/_mock/quirks", "{\"turn_on\":[]}"), "$.turn_on");
    HttpResult unknown = control(mock, "PUT", "/_mock/quirks/no-such-quirk");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(unknown.body.find("no-such-quirk") != std::string::npos);
}

// A fault is one-shot and per endpoint.
BOOST_AUTO_TEST_CASE(fault_status_applies_to_exactly_the_next_call)
{
    HttpResult queued = control(mock, "POST", "/_mock/faults",
                                "{\"endpoint\":\"token\",\"status\":503,\"body\":\"{\\\"error\\\":\\\"temporarily_unavailable\\\"}\"}");
    BOOST_TEST(queued.status == 201);
    BOOST_TEST(queued.json()["faults"].Size() == 1u);
    BOOST_TEST(control(mock, "GET", "/_mock/faults").json()["faults"][0]["status"].GetInt() == 503);

    BOOST_TEST(mock.client().get("/.well-known/oauth-authorization-server").status == 200); // other endpoint
    HttpResult faulted = clientCredentials(mock);
    BOOST_TEST(faulted.status == 503);
    BOOST_TEST(faulted.jsonString("error") == "temporarily_unavailable");
    BOOST_TEST(faulted.header("Content-Type").find("application/json") == 0u);
    BOOST_TEST(clientCredentials(mock).status == 200);
    BOOST_TEST(control(mock, "GET", "/_mock/faults").json()["faults"].Size() == 0u);

    control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"api\",\"status\":500,\"count\":2}");
    std::string token = clientCredentialsToken(mock);
    BOOST_TEST(mock.callApi(token).status == 500);
    BOOST_TEST(mock.callApi(token).status == 500);
    BOOST_TEST(mock.callApi(token).status == 200);

    control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"status\":500}");
    BOOST_TEST(control(mock, "DELETE", "/_mock/faults").status == 200);
    BOOST_TEST(clientCredentials(mock).status == 200);
}

BOOST_AUTO_TEST_CASE(fault_delay)
{
    BOOST_REQUIRE_EQUAL(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"delay_ms\":200}").status, 201);
    auto started = std::chrono::steady_clock::now();
    HttpResult r = clientCredentials(mock);
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    BOOST_TEST(r.status == 200); // a delay alone answers normally
    BOOST_TEST(elapsed.count() >= 180);
    BOOST_TEST(elapsed.count() < 5000);

    started = std::chrono::steady_clock::now();
    BOOST_TEST(clientCredentials(mock).status == 200);
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count() < 180);
}

BOOST_AUTO_TEST_CASE(fault_drop_connection)
{
    BOOST_REQUIRE_EQUAL(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"drop_connection\":true}").status, 201);
    bool noResponse = false;
    try
    {
        HttpResult r = clientCredentials(mock);
        noResponse = r.dropped && r.status == 0;
    }
    catch (const Poco::Exception&)
    {
        noResponse = true;
    }
    BOOST_TEST(noResponse);
    BOOST_TEST(clientCredentials(mock).status == 200);
}

BOOST_AUTO_TEST_CASE(invalid_fault_bodies_name_the_path)
{
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"status\":503}"), "$.endpoint");
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"tokens\",\"status\":503}"), "$.endpoint");
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"status\":42}"), "$.status");
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"status\":700}"), "$.status");
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"status\":\"503\"}"), "$.status");
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"delay_ms\":-1}"), "$.delay_ms");
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"drop_connection\":1}"),
                   "$.drop_connection");
    requireBadBody(control(mock, "POST", "/_mock/faults", "{\"endpoint\":\"token\",\"stauts\":503}"), "$.stauts");
    BOOST_TEST(control(mock, "POST", "/_mock/faults", "[1]").status == 400);
    BOOST_TEST(control(mock, "POST", "/_mock/faults", "{\"endpoint\":").status == 400);
    BOOST_TEST(control(mock, "GET", "/_mock/faults").json()["faults"].Size() == 0u);
    BOOST_TEST(clientCredentials(mock).status == 200);
}

// The recorded traffic lists the exchanges and holds no secret value.
BOOST_AUTO_TEST_CASE(traffic_is_recorded_and_redacted)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce); // through the login page, with alice's password
    HttpResult tokens = mock.exchangeCode("public-app", code, pkce.verifier);
    BOOST_REQUIRE_EQUAL(tokens.status, 200);
    std::string accessToken = tokens.jsonString("access_token");
    std::string refreshToken = tokens.jsonString("refresh_token");
    HttpResult refreshed = mock.refresh("public-app", refreshToken);
    BOOST_REQUIRE_EQUAL(refreshed.status, 200);
    std::string ccToken = clientCredentialsToken(mock);
    BOOST_TEST(mock.callApi(accessToken).status == 200);
    mock.client().get("/v2/buildings?access_token=" + ccToken);
    oauth::FormData revoke = mock.clientForm("backend");
    revoke.add("token", ccToken);
    mock.client().postForm("/revoke", revoke, mock.clientAuthHeaders("backend"));
    oauth::FormData post;
    post.add("grant_type", "client_credentials");
    post.add("client_id", "backend-2");
    post.add("client_secret", mock.secretOf("backend-2"));
    BOOST_TEST(mock.client().postForm("/token", post).status == 200);

    HttpResult traffic = control(mock, "GET", "/_mock/traffic");
    BOOST_REQUIRE_EQUAL(traffic.status, 200);
    const std::string& text = traffic.body;
    std::string basicValue = mocktest::basicAuth("backend", mock.secretOf("backend")).substr(6);
    const std::vector<std::pair<std::string, std::string>> secrets = {
        {"code", code},
        {"code_verifier", pkce.verifier},
        {"access_token", accessToken},
        {"refresh_token", refreshToken},
        {"rotated access_token", refreshed.jsonString("access_token")},
        {"rotated refresh_token", refreshed.jsonString("refresh_token")},
        {"client_credentials token", ccToken},
        {"client_secret", mock.secretOf("backend")},
        {"client_secret (form-encoded)", oauth::formUrlEncode(mock.secretOf("backend-2"))},
        {"Basic credentials", basicValue},
        {"password", "alice-pw"}};
    for (const auto& [what, value] : secrets)
    {
        BOOST_REQUIRE(!value.empty());
        BOOST_TEST(text.find(value) == std::string::npos, what << " leaked into the traffic record");
    }
    BOOST_TEST(text.find("[redacted sha256:") != std::string::npos);
    BOOST_TEST(text.find("Basic [redacted sha256:") != std::string::npos);
    BOOST_TEST(text.find("Bearer [redacted sha256:") != std::string::npos);

    const auto& entries = traffic.json();
    BOOST_REQUIRE(entries.IsArray());
    std::vector<std::string> endpoints;
    for (const auto& e : entries.GetArray())
    {
        endpoints.push_back(e["endpoint"].GetString());
        // The target is the path, then the (redacted) query after a '?' when there was one.
        const std::string target = e["target"].GetString();
        if (endpoints.back() == "authorize" && std::string(e["method"].GetString()) == "GET")
            BOOST_TEST(target.rfind("/authorize?", 0) == 0u, target);
        if (endpoints.back() == "token")
            BOOST_TEST(target == "/token");
    }
    for (const char* expected : {"authorize", "login", "token", "api", "revoke"})
        BOOST_TEST(std::count(endpoints.begin(), endpoints.end(), expected) > 0, expected);
    BOOST_TEST(std::count(endpoints.begin(), endpoints.end(), "control") == 0);

    // ?after= pages, DELETE clears.
    std::uint64_t last = entries[entries.Size() - 1]["sequence"].GetUint64();
    BOOST_TEST(control(mock, "GET", "/_mock/traffic?after=" + std::to_string(last)).body == "[]");
    BOOST_TEST(control(mock, "GET", "/_mock/traffic?after=soon").status == 400);
    BOOST_TEST(control(mock, "GET", "/_mock/traffic?after=-1").status == 400);
    BOOST_TEST(control(mock, "GET", "/_mock/traffic?after=%zz").status == 400);
    BOOST_TEST(control(mock, "DELETE", "/_mock/traffic").status == 200);
    BOOST_TEST(control(mock, "GET", "/_mock/traffic").body == "[]");
}

// Redaction does not depend on header-name or media-type case, and covers Referer and cookies.
BOOST_AUTO_TEST_CASE(traffic_redaction_edge_cases)
{
    const std::string code = "code-" + oauth::randomToken(12);
    mock.client().get("/v2/buildings", {{"referer", "https://app.example.test/cb?code=" + code + "&state=s"},
                                        {"Cookie", "session=" + code}});
    const std::string secret = mock.secretOf("backend");
    HttpResult token = mock.client().request("POST", "/token",
                                             "grant_type=client_credentials&client_id=backend&client_secret=" + secret,
                                             "Application/X-WWW-Form-Urlencoded");
    BOOST_TEST(token.status == 200);

    HttpResult traffic = control(mock, "GET", "/_mock/traffic");
    BOOST_REQUIRE_EQUAL(traffic.status, 200);
    BOOST_TEST(traffic.body.find(code) == std::string::npos);
    BOOST_TEST(traffic.body.find(secret) == std::string::npos);
    BOOST_TEST(traffic.body.find(token.jsonString("access_token")) == std::string::npos);
    const auto& entries = traffic.json();
    BOOST_REQUIRE_EQUAL(entries.Size(), 2u);
    // Parameter by parameter, not the whole body: the grant type stays readable.
    BOOST_TEST(std::string(entries[1]["request_body"].GetString()).find("grant_type=client_credentials") == 0u);
    std::string referer;
    for (const auto& header : entries[0]["request_headers"].GetArray())
        if (oauth::equalsIgnoreCase(header[0].GetString(), "Referer"))
            referer = header[1].GetString();
    BOOST_TEST(referer.find("state=s") != std::string::npos);
    BOOST_TEST(referer.find("code=%5Bredacted") != std::string::npos); // form-encoded marker
}

BOOST_AUTO_TEST_CASE(register_a_client_at_run_time)
{
    HttpResult created = control(mock, "POST", "/_mock/clients",
                                 "{\"client_id\":\"runtime-app\",\"type\":\"public\",\"auto_approve\":true,"
                                 "\"auto_approve_user\":\"alice\",\"redirect_uris\":[\"https://runtime.example.test/cb\"],"
                                 "\"scopes\":[\"read:buildings\"]}");
    BOOST_TEST(created.status == 201);
    BOOST_TEST(created.jsonString("client_id") == "runtime-app");
    BOOST_TEST(control(mock, "GET", "/_mock/clients").body.find("runtime-app") != std::string::npos);

    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto outcome = mock.authorize(mock.codeRequest("runtime-app", pkce, "https://runtime.example.test/cb"));
    BOOST_TEST(outcome.location.rfind("https://runtime.example.test/cb?", 0) == 0u);
    BOOST_REQUIRE(!outcome.code().empty());
    BOOST_TEST(mock.exchangeCode("runtime-app", outcome.code(), pkce.verifier, "https://runtime.example.test/cb").status == 200);

    BOOST_TEST(control(mock, "POST", "/_mock/clients", "{\"client_id\":\"backend\",\"type\":\"public\","
                                                       "\"redirect_uris\":[\"https://x.example.test/cb\"]}")
                   .status == 409);
    requireBadBody(control(mock, "POST", "/_mock/clients", "{\"type\":\"public\"}"), "$.client_id");
    requireBadBody(control(mock, "POST", "/_mock/clients", "{\"client_id\":\"x\",\"type\":\"weird\"}"), "$.type");
    requireBadBody(control(mock, "POST", "/_mock/clients",
                           "{\"client_id\":\"x\",\"redirect_uris\":[\"https://ok.example.test/cb\",\"not a uri\"]}"),
                   "$.redirect_uris[1]");
    requireBadBody(control(mock, "POST", "/_mock/clients",
                           "{\"client_id\":\"x\",\"redirect_uris\":[\"https://ok.example.test/cb\"],\"scopes\":[\"root\"]}"),
                   "$.scopes");
    requireBadBody(control(mock, "POST", "/_mock/clients",
                           "{\"client_id\":\"x\",\"redirect_uris\":[\"https://ok.example.test/cb\"],\"colour\":1}"),
                   "$.colour");
    requireBadBody(control(mock, "POST", "/_mock/clients",
                           "{\"client_id\":\"x\",\"auto_approve\":true,\"auto_approve_user\":\"carol\","
                           "\"redirect_uris\":[\"https://ok.example.test/cb\"]}"),
                   "$.auto_approve_user");

    control(mock, "POST", "/_mock/reset");
    BOOST_TEST(control(mock, "GET", "/_mock/clients").body.find("runtime-app") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(stats_count_the_stores)
{
    HttpResult empty = control(mock, "GET", "/_mock/stats");
    BOOST_REQUIRE_EQUAL(empty.status, 200);
    BOOST_TEST(empty.json()["access_tokens"].GetUint64() == 0u);
    mock.obtainTokens("public-app");
    clientCredentialsToken(mock);
    HttpResult after = control(mock, "GET", "/_mock/stats");
    BOOST_TEST(after.json()["access_tokens"].GetUint64() == 2u);
    BOOST_TEST(after.json()["refresh_tokens"].GetUint64() == 1u);
    BOOST_TEST(after.json()["grants"].GetUint64() == 1u); // the code flow's; a client_credentials token has none
    BOOST_TEST(after.json()["codes"].GetUint64() == 1u);
    BOOST_TEST(after.json()["traffic"].GetUint64() > 0u);
}

BOOST_AUTO_TEST_CASE(unknown_control_paths)
{
    BOOST_TEST(control(mock, "GET", "/_mock/nothing").status == 404);
    HttpResult index = control(mock, "GET", "/_mock");
    BOOST_TEST(index.status == 200);
    BOOST_TEST(index.body.find("/_mock/faults") != std::string::npos);
}

// A non-loopback peer cannot be produced over 127.0.0.1, so the handler is called directly.
BOOST_AUTO_TEST_CASE(non_loopback_peers_are_refused)
{
    mock::ControlApi api(mock.state(), {});
    mock::MockRequest request;
    request.method = "GET";
    request.path = "/_mock/stats";
    request.peerAddress = "192.0.2.7:40000";
    request.peerIsLoopback = false;
    mock::MockResponse refused = api.handle(request);
    BOOST_TEST(refused.status == 403);

    request.method = "POST";
    request.path = "/_mock/reset";
    BOOST_TEST(api.handle(request).status == 403);

    request.peerAddress = "127.0.0.1:40000";
    request.peerIsLoopback = true;
    request.method = "GET";
    request.path = "/_mock/stats";
    BOOST_TEST(api.handle(request).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(admin_token_is_required_when_configured)
{
    std::string config = TestServer::testConfigJson();
    config.insert(config.rfind('}'), ",\"control\": {\"admin_token\": \"let-me-in\"}");
    TestServer mock(false, config);

    HttpResult without = mock.client().get("/_mock/stats");
    BOOST_TEST(without.status == 401);
    BOOST_TEST(mock.client().get("/_mock/stats", {{"X-Mock-Admin-Token", "let-me-out"}}).status == 401);
    BOOST_TEST(mock.client().request("POST", "/_mock/reset", "", "", {{"X-Mock-Admin-Token", "let-me-i"}}).status == 401);
    HttpResult with = mock.client().get("/_mock/stats", {{"X-Mock-Admin-Token", "let-me-in"}});
    BOOST_TEST(with.status == 200);
    BOOST_TEST(with.hasJsonMember("access_tokens"));
    BOOST_TEST(mock.client().get("/.well-known/oauth-authorization-server").status == 200); // only /_mock is guarded
}
