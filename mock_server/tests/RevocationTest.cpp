#define BOOST_TEST_MODULE RevocationTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

#include <oauth/Crypto.h>
#include <oauth/WwwAuthenticate.h>

// Token revocation, RFC 7009 (catalogue REV-01 … REV-10), and the quirks that break it.

using mocktest::HttpResult;
using mocktest::TestServer;

namespace {

/// POST /revoke authenticated as `clientId` would be.
HttpResult revoke(const TestServer& mock, const std::string& clientId, const std::string& token,
                  const std::string& hint = "")
{
    oauth::FormData form = mock.clientForm(clientId);
    form.add("token", token);
    if (!hint.empty())
        form.add("token_type_hint", hint);
    return mock.client().postForm("/revoke", form, mock.clientAuthHeaders(clientId));
}

/// An access token from the client_credentials grant of a confidential client.
std::string clientCredentialsToken(const TestServer& mock, const std::string& clientId)
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    form.add("scope", "read:buildings");
    HttpResult r = mock.client().postForm("/token", form, mock.clientAuthHeaders(clientId));
    BOOST_REQUIRE_MESSAGE(r.status == 200, "client_credentials failed: " << r.status << " " << r.body);
    return r.jsonString("access_token");
}

/// The error attribute of the response's Bearer challenge, "" if there is none.
std::string bearerErrorOf(const HttpResult& r)
{
    auto challenges = oauth::parseWwwAuthenticate(r.header("WWW-Authenticate"));
    BOOST_REQUIRE_MESSAGE(challenges && challenges->size() == 1, "bad WWW-Authenticate: " << r.header("WWW-Authenticate"));
    BOOST_TEST(oauth::equalsIgnoreCase(challenges->front().scheme, "Bearer"));
    return challenges->front().param("error").value_or("");
}

/// True if the API refuses the token with 401 invalid_token.
bool refusedByApi(const TestServer& mock, const std::string& accessToken)
{
    HttpResult r = mock.callApi(accessToken);
    return r.status == 401 && bearerErrorOf(r) == "invalid_token";
}

bool refreshRefused(const TestServer& mock, const std::string& clientId, const std::string& refreshToken)
{
    HttpResult r = mock.refresh(clientId, refreshToken);
    return r.status == 400 && r.jsonString("error") == "invalid_grant";
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(revocation, mocktest::FreshServer)

// REV-01, REV-06: revoking the RT kills it and every access token of its grant.
BOOST_AUTO_TEST_CASE(refresh_token_revocation_cascades_to_the_grant)
{
    auto tokens = mock.obtainTokens("public-app");
    auto refreshed = mock.refresh("public-app", tokens.refreshToken);
    BOOST_REQUIRE_EQUAL(refreshed.status, 200);
    std::string secondAccess = refreshed.jsonString("access_token");
    std::string currentRefresh = refreshed.jsonString("refresh_token");
    BOOST_REQUIRE_EQUAL(mock.callApi(tokens.accessToken).status, 200);
    BOOST_REQUIRE_EQUAL(mock.callApi(secondAccess).status, 200);

    HttpResult r = revoke(mock, "public-app", currentRefresh, "refresh_token");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(refreshRefused(mock, "public-app", currentRefresh));
    BOOST_TEST(refusedByApi(mock, tokens.accessToken));
    BOOST_TEST(refusedByApi(mock, secondAccess));
}

// REV-02 (and REV-07, a MAY: this server leaves the grant's refresh token alone).
BOOST_AUTO_TEST_CASE(access_token_revocation_is_seen_by_api_and_introspection)
{
    auto tokens = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", tokens.accessToken, "access_token").status == 200);

    BOOST_TEST(refusedByApi(mock, tokens.accessToken));
    oauth::FormData form;
    form.add("token", tokens.accessToken);
    HttpResult introspection =
        mock.client().postForm("/introspect", form, {{"Authorization", mocktest::basicAuth("resource-server", "rs-secret")}});
    BOOST_TEST(introspection.status == 200);
    BOOST_TEST(introspection.body == "{\"active\":false}");
    BOOST_TEST(mock.refresh("public-app", tokens.refreshToken).status == 200);
}

// REV-03: invalid tokens are not an error.
BOOST_AUTO_TEST_CASE(invalid_tokens_get_200)
{
    BOOST_TEST(revoke(mock, "public-app", "no-such-token-" + oauth::randomToken(8)).status == 200);
    BOOST_TEST(revoke(mock, "public-app", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LWEtc2lnbmF0dXJl").status == 200);
    BOOST_TEST(revoke(mock, "public-app", "not.a.jwt.at.all", "access_token").status == 200);

    auto expiring = mock.obtainTokens("public-app");
    mock.state().clock().advance(mock.state().config().lifetimes.accessToken + 1);
    BOOST_TEST(revoke(mock, "public-app", expiring.accessToken, "access_token").status == 200);

    auto twice = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", twice.refreshToken).status == 200);
    BOOST_TEST(revoke(mock, "public-app", twice.refreshToken).status == 200);
    BOOST_TEST(revoke(mock, "public-app", twice.accessToken).status == 200);
}

// REV-04: the hint is only a hint; a wrong one does not stop the revocation.
BOOST_AUTO_TEST_CASE(wrong_hint_still_revokes)
{
    auto a = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", a.refreshToken, "access_token").status == 200);
    BOOST_TEST(refreshRefused(mock, "public-app", a.refreshToken));
    BOOST_TEST(refusedByApi(mock, a.accessToken));

    auto b = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", b.accessToken, "refresh_token").status == 200);
    BOOST_TEST(refusedByApi(mock, b.accessToken));
}

// REV-05: an unknown hint value is ignored, not unsupported_token_type.
BOOST_AUTO_TEST_CASE(unknown_hint_is_ignored)
{
    auto tokens = mock.obtainTokens("public-app");
    HttpResult r = revoke(mock, "public-app", tokens.accessToken, "foo");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("unsupported_token_type") == std::string::npos);
    BOOST_TEST(refusedByApi(mock, tokens.accessToken));

    HttpResult rt = revoke(mock, "public-app", tokens.refreshToken, "foo");
    BOOST_TEST(rt.status == 200);
    BOOST_TEST(refreshRefused(mock, "public-app", tokens.refreshToken));
}

// REV-08: a confidential client must authenticate; failed attempts revoke nothing.
BOOST_AUTO_TEST_CASE(confidential_client_must_authenticate)
{
    std::string token = clientCredentialsToken(mock, "backend");

    oauth::FormData bare;
    bare.add("token", token);
    HttpResult none = mock.client().postForm("/revoke", bare);
    BOOST_TEST(none.status == 401);
    BOOST_TEST(none.jsonString("error") == "invalid_client");

    oauth::FormData idOnly = bare;
    idOnly.add("client_id", "backend");
    HttpResult noSecret = mock.client().postForm("/revoke", idOnly);
    BOOST_TEST(noSecret.status == 401);
    BOOST_TEST(noSecret.jsonString("error") == "invalid_client");

    HttpResult wrongBasic =
        mock.client().postForm("/revoke", bare, {{"Authorization", mocktest::basicAuth("backend", "wrong-secret")}});
    BOOST_TEST(wrongBasic.status == 401);
    BOOST_TEST(wrongBasic.jsonString("error") == "invalid_client");
    auto challenges = oauth::parseWwwAuthenticate(wrongBasic.header("WWW-Authenticate"));
    BOOST_REQUIRE(challenges.has_value());
    BOOST_TEST(challenges->front().scheme == "Basic");

    oauth::FormData wrongPost = idOnly;
    wrongPost.add("client_secret", "wrong-secret");
    HttpResult wrongBody = mock.client().postForm("/revoke", wrongPost);
    BOOST_TEST(wrongBody.status == 401);
    BOOST_TEST(wrongBody.jsonString("error") == "invalid_client");

    BOOST_TEST(mock.callApi(token).status == 200);
}

// A public client identifies itself with client_id; without it the request is not authenticated.
BOOST_AUTO_TEST_CASE(public_client_must_identify_itself)
{
    auto tokens = mock.obtainTokens("public-app");
    oauth::FormData bare;
    bare.add("token", tokens.refreshToken);
    HttpResult r = mock.client().postForm("/revoke", bare);
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.jsonString("error") == "invalid_client");
    BOOST_TEST(mock.refresh("public-app", tokens.refreshToken).status == 200);
}

// REV-09: client B cannot revoke client A's tokens.
BOOST_AUTO_TEST_CASE(foreign_tokens_are_refused)
{
    std::string token = clientCredentialsToken(mock, "backend");
    HttpResult r = revoke(mock, "backend-2", token);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.jsonString("error") == "unauthorized_client");
    BOOST_TEST(mock.callApi(token).status == 200);

    auto userTokens = mock.obtainTokens("public-app");
    HttpResult rt = revoke(mock, "backend", userTokens.refreshToken, "refresh_token");
    BOOST_TEST(rt.status == 400);
    BOOST_TEST(rt.jsonString("error") == "unauthorized_client");
    BOOST_TEST(mock.callApi(userTokens.accessToken).status == 200);
    BOOST_TEST(mock.refresh("public-app", userTokens.refreshToken).status == 200);
}

// REV-10: token is required; only a form-encoded POST is accepted.
BOOST_AUTO_TEST_CASE(request_shape_is_checked)
{
    auto auth = mock.clientAuthHeaders("backend");
    HttpResult missing = mock.client().postForm("/revoke", std::string(""), auth);
    BOOST_TEST(missing.status == 400);
    BOOST_TEST(missing.jsonString("error") == "invalid_request");

    HttpResult empty = mock.client().postForm("/revoke", std::string("token="), auth);
    BOOST_TEST(empty.status == 400);
    BOOST_TEST(empty.jsonString("error") == "invalid_request");

    HttpResult repeated = mock.client().postForm("/revoke", std::string("token=a&token=b"), auth);
    BOOST_TEST(repeated.status == 400);
    BOOST_TEST(repeated.jsonString("error") == "invalid_request");

    HttpResult get = mock.client().get("/revoke?token=abc", auth);
    BOOST_TEST(get.status == 405);
    BOOST_TEST(get.header("Allow") == "POST");

    HttpResult json = mock.client().postJson("/revoke", "{\"token\":\"abc\"}", auth);
    BOOST_TEST(json.status == 400);
    BOOST_TEST(json.jsonString("error") == "invalid_request");
}

BOOST_AUTO_TEST_CASE(quirk_revoke_noop)
{
    auto strict = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", strict.refreshToken).status == 200);
    BOOST_TEST(refreshRefused(mock, "public-app", strict.refreshToken));

    mock.enable(mock::Quirk::RevokeNoop);
    auto deviant = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", deviant.refreshToken).status == 200);
    BOOST_TEST(revoke(mock, "public-app", deviant.accessToken).status == 200);
    BOOST_TEST(mock.callApi(deviant.accessToken).status == 200);
    BOOST_TEST(mock.refresh("public-app", deviant.refreshToken).status == 200);
}

BOOST_AUTO_TEST_CASE(quirk_revoke_error_on_unknown_token)
{
    BOOST_TEST(revoke(mock, "public-app", "unknown-token").status == 200);

    mock.enable(mock::Quirk::RevokeErrorOnUnknownToken);
    HttpResult unknown = revoke(mock, "public-app", "unknown-token");
    BOOST_TEST(unknown.status == 400);
    BOOST_TEST(unknown.jsonString("error") == "invalid_request");
    auto tokens = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", tokens.accessToken).status == 200);
    BOOST_TEST(revoke(mock, "public-app", tokens.accessToken).status == 400); // already revoked
    BOOST_TEST(refusedByApi(mock, tokens.accessToken));
}

BOOST_AUTO_TEST_CASE(quirk_revoke_foreign_token)
{
    std::string strict = clientCredentialsToken(mock, "backend");
    BOOST_TEST(revoke(mock, "backend-2", strict).status == 400);
    BOOST_TEST(mock.callApi(strict).status == 200);

    mock.enable(mock::Quirk::RevokeForeignToken);
    std::string deviant = clientCredentialsToken(mock, "backend");
    BOOST_TEST(revoke(mock, "backend-2", deviant).status == 200);
    BOOST_TEST(refusedByApi(mock, deviant));
}

BOOST_AUTO_TEST_CASE(quirk_revoke_hint_trusted)
{
    auto strict = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", strict.refreshToken, "access_token").status == 200);
    BOOST_TEST(refreshRefused(mock, "public-app", strict.refreshToken));

    mock.enable(mock::Quirk::RevokeHintTrusted);
    auto a = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", a.refreshToken, "access_token").status == 200);
    BOOST_TEST(mock.refresh("public-app", a.refreshToken).status == 200); // not looked for among refresh tokens
    auto b = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", b.accessToken, "refresh_token").status == 200);
    BOOST_TEST(mock.callApi(b.accessToken).status == 200);
    BOOST_TEST(revoke(mock, "public-app", b.accessToken, "access_token").status == 200); // the right hint works
    BOOST_TEST(refusedByApi(mock, b.accessToken));
    auto c = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", c.refreshToken).status == 200); // no hint: both stores
    BOOST_TEST(refreshRefused(mock, "public-app", c.refreshToken));
}

BOOST_AUTO_TEST_CASE(quirk_revoke_unknown_hint_error)
{
    auto strict = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", strict.refreshToken, "foo").status == 200);

    mock.enable(mock::Quirk::RevokeUnknownHintError);
    auto tokens = mock.obtainTokens("public-app");
    HttpResult r = revoke(mock, "public-app", tokens.refreshToken, "foo");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.jsonString("error") == "unsupported_token_type");
    BOOST_TEST(mock.refresh("public-app", tokens.refreshToken).status == 200);
    BOOST_TEST(revoke(mock, "public-app", tokens.accessToken, "access_token").status == 200);
    BOOST_TEST(refusedByApi(mock, tokens.accessToken));
}

BOOST_AUTO_TEST_CASE(quirk_revoke_lenient_requests)
{
    auto auth = mock.clientAuthHeaders("backend");
    std::string strict = clientCredentialsToken(mock, "backend");
    BOOST_TEST(mock.client().get("/revoke?token=" + strict, auth).status == 405);
    BOOST_TEST(mock.client().postJson("/revoke", "{\"token\":\"" + strict + "\"}", auth).status == 400);
    BOOST_TEST(mock.client().postForm("/revoke", std::string("token_type_hint=access_token"), auth).status == 400);
    BOOST_TEST(mock.callApi(strict).status == 200);

    mock.enable(mock::Quirk::RevokeLenientRequests);
    std::string byGet = clientCredentialsToken(mock, "backend");
    BOOST_TEST(mock.client().get("/revoke?token=" + byGet, auth).status == 200);
    BOOST_TEST(refusedByApi(mock, byGet));
    std::string byJson = clientCredentialsToken(mock, "backend");
    BOOST_TEST(mock.client().postJson("/revoke", "{\"token\":\"" + byJson + "\"}", auth).status == 200);
    BOOST_TEST(refusedByApi(mock, byJson));
    BOOST_TEST(mock.client().postForm("/revoke", std::string("token_type_hint=access_token"), auth).status == 200);
    HttpResult unauthenticated = mock.client().get("/revoke?token=abc&client_id=backend");
    BOOST_TEST(unauthenticated.status == 401); // still authenticated
}

// REV-07 (a MAY): the strict mock keeps the refresh token when its access token is revoked.
BOOST_AUTO_TEST_CASE(quirk_revoke_access_kills_grant)
{
    auto kept = mock.obtainTokens("public-app");
    BOOST_TEST(revoke(mock, "public-app", kept.accessToken, "access_token").status == 200);
    BOOST_TEST(mock.refresh("public-app", kept.refreshToken).status == 200);

    mock.enable(mock::Quirk::RevokeAccessKillsGrant);
    auto tokens = mock.obtainTokens("public-app");
    auto refreshed = mock.refresh("public-app", tokens.refreshToken);
    BOOST_REQUIRE_EQUAL(refreshed.status, 200);
    const std::string secondAccess = refreshed.jsonString("access_token");
    BOOST_TEST(revoke(mock, "public-app", secondAccess, "access_token").status == 200);
    BOOST_TEST(refusedByApi(mock, secondAccess));
    BOOST_TEST(refusedByApi(mock, tokens.accessToken)); // the whole grant
    BOOST_TEST(refreshRefused(mock, "public-app", refreshed.jsonString("refresh_token")));
    auto other = mock.obtainTokens("public-app"); // another grant of the same client is untouched
    BOOST_TEST(mock.callApi(other.accessToken).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
