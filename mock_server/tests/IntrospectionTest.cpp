#define BOOST_TEST_MODULE IntrospectionTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

#include <oauth/WwwAuthenticate.h>

// Token introspection, RFC 7662 (catalogue INT-01, INT-02), and the quirks that break it.

using mocktest::HttpResult;
using mocktest::TestServer;

namespace {

const char* kInactive = "{\"active\":false}";

/// POST /introspect with HTTP Basic as `callerId` (its configured secret).
HttpResult introspect(const TestServer& mock, const std::string& callerId, const std::string& token)
{
    oauth::FormData form;
    form.add("token", token);
    return mock.client().postForm("/introspect", form, mock.clientAuthHeaders(callerId));
}

HttpResult introspectAsResourceServer(const TestServer& mock, const std::string& token)
{
    return introspect(mock, "resource-server", token);
}

std::string clientCredentialsToken(const TestServer& mock, const std::string& clientId)
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    form.add("scope", "read:buildings");
    HttpResult r = mock.client().postForm("/token", form, mock.clientAuthHeaders(clientId));
    BOOST_REQUIRE_MESSAGE(r.status == 200, "client_credentials failed: " << r.status << " " << r.body);
    return r.jsonString("access_token");
}

bool isActive(const HttpResult& r)
{
    return r.status == 200 && r.json().IsObject() && r.json().HasMember("active") && r.json()["active"].IsBool() &&
           r.json()["active"].GetBool();
}

void requireRefusedCaller(const HttpResult& r)
{
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.jsonString("error") == "invalid_client");
    BOOST_TEST(!r.hasJsonMember("active"));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(introspection, mocktest::FreshServer)

// INT-01: an active access token and its members (RFC 7662 §2.2).
BOOST_AUTO_TEST_CASE(active_access_token_is_described)
{
    auto tokens = mock.obtainTokens("public-app", "read:buildings write:addresses");
    const std::int64_t now = mock.state().clock().now();
    HttpResult r = introspectAsResourceServer(mock, tokens.accessToken);
    BOOST_REQUIRE(isActive(r));
    BOOST_TEST(r.header("Cache-Control") == "no-store");
    BOOST_TEST(r.header("Content-Type").find("application/json") == 0u);
    BOOST_TEST(r.jsonString("scope") == "read:buildings write:addresses");
    BOOST_TEST(r.jsonString("client_id") == "public-app");
    BOOST_TEST(r.jsonString("token_type") == "Bearer");
    BOOST_TEST(r.jsonString("username") == "alice");
    BOOST_TEST(!r.jsonString("sub").empty());
    BOOST_TEST(r.jsonString("iss") == mock.issuer());
    BOOST_REQUIRE(r.json()["exp"].IsInt64());
    const std::int64_t exp = r.json()["exp"].GetInt64();
    BOOST_TEST(exp >= now + mock.state().config().lifetimes.accessToken - 1);
    BOOST_TEST(exp <= now + mock.state().config().lifetimes.accessToken + 1);
    BOOST_TEST(r.json()["iat"].GetInt64() <= exp);
}

// INT-01: revoked, expired and unknown tokens are exactly {"active":false}.
BOOST_AUTO_TEST_CASE(inactive_tokens_disclose_nothing)
{
    auto revoked = mock.obtainTokens("public-app");
    oauth::FormData form = mock.clientForm("public-app");
    form.add("token", revoked.accessToken);
    BOOST_REQUIRE_EQUAL(mock.client().postForm("/revoke", form).status, 200);
    HttpResult afterRevocation = introspectAsResourceServer(mock, revoked.accessToken);
    BOOST_TEST(afterRevocation.status == 200);
    BOOST_TEST(afterRevocation.body == kInactive);
    BOOST_TEST(afterRevocation.header("Cache-Control") == "no-store");

    auto expiring = mock.obtainTokens("public-app");
    mock.state().clock().advance(mock.state().config().lifetimes.accessToken - 1);
    BOOST_TEST(isActive(introspectAsResourceServer(mock, expiring.accessToken)));
    mock.state().clock().advance(2);
    HttpResult afterExpiry = introspectAsResourceServer(mock, expiring.accessToken);
    BOOST_TEST(afterExpiry.status == 200);
    BOOST_TEST(afterExpiry.body == kInactive);

    for (const std::string garbage : {"garbage", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "a b c", "%00"})
    {
        HttpResult r = introspectAsResourceServer(mock, garbage);
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.body == kInactive, "for " << garbage << ": " << r.body);
    }
}

// INT-02: the caller must authenticate as a confidential client.
BOOST_AUTO_TEST_CASE(caller_must_authenticate)
{
    auto tokens = mock.obtainTokens("public-app");
    oauth::FormData bare;
    bare.add("token", tokens.accessToken);
    requireRefusedCaller(mock.client().postForm("/introspect", bare));

    HttpResult wrongSecret = mock.client().postForm(
        "/introspect", bare, {{"Authorization", mocktest::basicAuth("resource-server", "not-the-secret")}});
    requireRefusedCaller(wrongSecret);
    auto challenges = oauth::parseWwwAuthenticate(wrongSecret.header("WWW-Authenticate"));
    BOOST_REQUIRE(challenges.has_value());
    BOOST_TEST(challenges->front().scheme == "Basic");

    oauth::FormData wrongPost = bare;
    wrongPost.add("client_id", "backend");
    wrongPost.add("client_secret", "nope");
    requireRefusedCaller(mock.client().postForm("/introspect", wrongPost));

    oauth::FormData publicClient = bare;
    publicClient.add("client_id", "public-app");
    requireRefusedCaller(mock.client().postForm("/introspect", publicClient));

    oauth::FormData unknownClient = bare;
    unknownClient.add("client_id", "nobody");
    requireRefusedCaller(mock.client().postForm("/introspect", unknownClient));
}

// A confidential client sees its own tokens, not other clients' (those look inactive).
BOOST_AUTO_TEST_CASE(clients_see_only_their_own_tokens)
{
    std::string own = clientCredentialsToken(mock, "backend");
    HttpResult mine = introspect(mock, "backend", own);
    BOOST_TEST(isActive(mine));
    BOOST_TEST(mine.jsonString("client_id") == "backend");

    HttpResult foreign = introspect(mock, "backend-2", own);
    BOOST_TEST(foreign.status == 200);
    BOOST_TEST(foreign.body == kInactive);

    auto userTokens = mock.obtainTokens("public-app");
    BOOST_TEST(introspect(mock, "backend", userTokens.accessToken).body == kInactive);
    BOOST_TEST(introspect(mock, "backend", userTokens.refreshToken).body == kInactive);
}

// The configured resource server may introspect every client's tokens.
BOOST_AUTO_TEST_CASE(resource_server_sees_every_token)
{
    std::string backendToken = clientCredentialsToken(mock, "backend");
    std::string backend2Token = clientCredentialsToken(mock, "backend-2");
    auto userTokens = mock.obtainTokens("public-app");

    HttpResult a = introspectAsResourceServer(mock, backendToken);
    BOOST_TEST(isActive(a));
    BOOST_TEST(a.jsonString("client_id") == "backend");
    HttpResult b = introspectAsResourceServer(mock, backend2Token);
    BOOST_TEST(isActive(b));
    BOOST_TEST(b.jsonString("client_id") == "backend-2");
    HttpResult c = introspectAsResourceServer(mock, userTokens.accessToken);
    BOOST_TEST(isActive(c));
    BOOST_TEST(c.jsonString("client_id") == "public-app");
}

// Refresh tokens introspect as active until revoked or rotated away.
BOOST_AUTO_TEST_CASE(refresh_tokens_are_active_until_revoked)
{
    auto tokens = mock.obtainTokens("public-app");
    HttpResult active = introspectAsResourceServer(mock, tokens.refreshToken);
    BOOST_TEST(isActive(active));
    BOOST_TEST(active.jsonString("client_id") == "public-app");
    BOOST_TEST(active.jsonString("scope") == "read:buildings");
    BOOST_TEST(active.jsonString("token_type") != "Bearer");

    auto refreshed = mock.refresh("public-app", tokens.refreshToken);
    BOOST_REQUIRE_EQUAL(refreshed.status, 200);
    BOOST_TEST(introspectAsResourceServer(mock, tokens.refreshToken).body == kInactive); // superseded
    std::string current = refreshed.jsonString("refresh_token");
    BOOST_TEST(isActive(introspectAsResourceServer(mock, current)));

    oauth::FormData form = mock.clientForm("public-app");
    form.add("token", current);
    BOOST_REQUIRE_EQUAL(mock.client().postForm("/revoke", form).status, 200);
    BOOST_TEST(introspectAsResourceServer(mock, current).body == kInactive);
    BOOST_TEST(introspectAsResourceServer(mock, refreshed.jsonString("access_token")).body == kInactive);
}

// RFC 7662 §2.1: POST, form-encoded, token required.
BOOST_AUTO_TEST_CASE(request_shape_is_checked)
{
    auto auth = mock.clientAuthHeaders("resource-server");
    HttpResult missing = mock.client().postForm("/introspect", std::string(""), auth);
    BOOST_TEST(missing.status == 400);
    BOOST_TEST(missing.jsonString("error") == "invalid_request");

    HttpResult get = mock.client().get("/introspect?token=abc", auth);
    BOOST_TEST(get.status == 405);

    HttpResult json = mock.client().postJson("/introspect", "{\"token\":\"abc\"}", auth);
    BOOST_TEST(json.status == 400);
    BOOST_TEST(json.jsonString("error") == "invalid_request");
}

BOOST_AUTO_TEST_CASE(quirk_introspect_unauthenticated)
{
    auto tokens = mock.obtainTokens("public-app");
    oauth::FormData bare;
    bare.add("token", tokens.accessToken);
    requireRefusedCaller(mock.client().postForm("/introspect", bare));

    mock.enable(mock::Quirk::IntrospectUnauthenticated);
    HttpResult r = mock.client().postForm("/introspect", bare);
    BOOST_TEST(isActive(r));
    BOOST_TEST(r.jsonString("client_id") == "public-app");
}

BOOST_AUTO_TEST_CASE(quirk_expired_token_accepted_at_introspection)
{
    auto tokens = mock.obtainTokens("public-app");
    mock.state().clock().advance(mock.state().config().lifetimes.accessToken + 5);
    BOOST_TEST(introspectAsResourceServer(mock, tokens.accessToken).body == kInactive);

    mock.enable(mock::Quirk::ExpiredTokenAccepted);
    BOOST_TEST(isActive(introspectAsResourceServer(mock, tokens.accessToken)));
}

BOOST_AUTO_TEST_CASE(quirk_introspect_always_inactive)
{
    std::string strict = clientCredentialsToken(mock, "backend");
    BOOST_TEST(isActive(introspect(mock, "backend", strict)));

    mock.enable(mock::Quirk::IntrospectAlwaysInactive);
    std::string live = clientCredentialsToken(mock, "backend");
    BOOST_REQUIRE_EQUAL(mock.callApi(live).status, 200);
    BOOST_TEST(introspect(mock, "backend", live).body == kInactive);
    BOOST_TEST(introspectAsResourceServer(mock, live).body == kInactive);
}

BOOST_AUTO_TEST_CASE(quirk_introspect_verbose_inactive)
{
    std::string strict = clientCredentialsToken(mock, "backend");
    BOOST_TEST(introspect(mock, "backend", "no-such-token").body == kInactive);

    mock.enable(mock::Quirk::IntrospectVerboseInactive);
    HttpResult unknown = introspect(mock, "backend", "no-such-token");
    BOOST_TEST(unknown.status == 200);
    BOOST_TEST(!isActive(unknown));
    BOOST_TEST(unknown.jsonString("client_id") == "backend");
    BOOST_TEST(unknown.hasJsonMember("scope"));
    mock.state().clock().advance(mock.state().config().lifetimes.accessToken + 5);
    HttpResult expired = introspect(mock, "backend", strict);
    BOOST_TEST(!isActive(expired));
    BOOST_TEST(expired.jsonString("scope") == "read:buildings");
    std::string live = clientCredentialsToken(mock, "backend");
    BOOST_TEST(isActive(introspect(mock, "backend", live))); // active answers are unchanged
}

BOOST_AUTO_TEST_SUITE_END()

// JWT access tokens (RFC 9068): a token that verifies introspects as active, a tampered one does not.
BOOST_AUTO_TEST_CASE(jwt_access_tokens_introspect_by_signature_and_store)
{
    std::string config = TestServer::testConfigJson();
    config.insert(config.rfind('}'), ",\"tokens\": {\"format\": \"jwt\"}");
    TestServer jwtMock(false, config);
    std::string token = clientCredentialsToken(jwtMock, "backend");
    BOOST_REQUIRE_EQUAL(std::count(token.begin(), token.end(), '.'), 2);
    BOOST_TEST(isActive(introspectAsResourceServer(jwtMock, token)));

    std::string tampered = token;
    tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
    BOOST_TEST(introspectAsResourceServer(jwtMock, tampered).body == kInactive);
}
