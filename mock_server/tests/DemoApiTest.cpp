#define BOOST_TEST_MODULE DemoApiTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

#include <oauth/WwwAuthenticate.h>

// The demo protected API as an RFC 6750 resource server: where the token may travel, the
// errors of §3.1, scopes, the endpoints and their body validation, and the quirks and
// policy that relax it.

using mocktest::bearer;
using mocktest::HttpResult;
using mocktest::TestServer;

namespace {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// The one Bearer challenge of the response (BOOST_REQUIREd).
oauth::AuthChallenge challengeOf(const HttpResult& r)
{
    auto challenges = oauth::parseWwwAuthenticate(r.header("WWW-Authenticate"));
    BOOST_REQUIRE_MESSAGE(challenges && challenges->size() == 1,
                          "bad WWW-Authenticate: '" << r.header("WWW-Authenticate") << "' (status " << r.status << ")");
    BOOST_TEST(challenges->front().scheme == "Bearer");
    BOOST_TEST(!challenges->front().param("realm").value_or("").empty());
    return challenges->front();
}

/// A 401 with error="invalid_token".
void requireInvalidToken(const HttpResult& r)
{
    BOOST_TEST(r.status == 401);
    BOOST_TEST(challengeOf(r).param("error").value_or("") == "invalid_token");
}

/// A 401 without an error attribute (no credentials, RFC 6750 §3.1).
void requireNoCredentials(const HttpResult& r)
{
    BOOST_TEST(r.status == 401);
    BOOST_TEST(!challengeOf(r).param("error").has_value());
}

/// A 400 with error="invalid_request".
void requireInvalidRequest(const HttpResult& r)
{
    BOOST_TEST(r.status == 400);
    BOOST_TEST(challengeOf(r).param("error").value_or("") == "invalid_request");
}

const char* kAddress = "{\"street\":\"1 Quay Street\",\"city\":\"Auckland\",\"country\":\"NZ\",\"postal_code\":\"1010\"}";

HttpResult postAddress(const TestServer& mock, const std::string& token, const std::string& body,
                       const std::string& contentType = "application/json")
{
    return mock.client().request("POST", "/v2/addresses", body, contentType, {{"Authorization", bearer(token)}});
}

/// The "path" member of a 400 invalid_body answer.
std::string invalidBodyPath(const HttpResult& r)
{
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.jsonString("error") == "invalid_body");
    return r.jsonString("path");
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(demo_api, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(no_token_gets_a_challenge_without_error)
{
    HttpResult r = mock.client().get("/v2/buildings");
    requireNoCredentials(r);
    BOOST_TEST(challengeOf(r).param("realm").value_or("") == "oauth-mock-server");
    requireNoCredentials(mock.client().get("/v2/buildings", {{"Authorization", "Basic YTpi"}}));
}

BOOST_AUTO_TEST_CASE(valid_token_reads_buildings)
{
    auto tokens = mock.obtainTokens("public-app");
    HttpResult list = mock.callApi(tokens.accessToken);
    BOOST_TEST(list.status == 200);
    BOOST_TEST(list.json()["buildings"].Size() == 3u);

    HttpResult one = mock.callApi(tokens.accessToken, "/v2/buildings/bld-001");
    BOOST_TEST(one.status == 200);
    BOOST_TEST(one.jsonString("id") == "bld-001");
    BOOST_TEST(!one.jsonString("name").empty());

    HttpResult unknown = mock.callApi(tokens.accessToken, "/v2/buildings/bld-999");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(unknown.jsonString("error") == "not_found");
}

BOOST_AUTO_TEST_CASE(garbage_revoked_and_expired_tokens_are_invalid_token)
{
    requireInvalidToken(mock.callApi("garbage-token"));
    requireInvalidToken(mock.callApi("eyJhbGciOiJFUzI1NiJ9.e30.c2ln"));

    auto revoked = mock.obtainTokens("public-app");
    oauth::FormData form = mock.clientForm("public-app");
    form.add("token", revoked.accessToken);
    BOOST_REQUIRE_EQUAL(mock.client().postForm("/revoke", form).status, 200);
    requireInvalidToken(mock.callApi(revoked.accessToken));

    auto expiring = mock.obtainTokens("public-app");
    const std::int64_t lifetime = mock.state().config().lifetimes.accessToken;
    mock.state().clock().advance(lifetime - 1);
    BOOST_TEST(mock.callApi(expiring.accessToken).status == 200);
    mock.state().clock().advance(2);
    requireInvalidToken(mock.callApi(expiring.accessToken));
}

BOOST_AUTO_TEST_CASE(malformed_authorization_headers_are_invalid_token)
{
    auto tokens = mock.obtainTokens("public-app");
    const std::vector<std::string> headers = {"Bearer", "Bearer ", "Bearer   ", "Bearer a b",
                                              "Bearer " + tokens.accessToken + " extra", "Bearer abc$def",
                                              "Bearer ab\"c", "Bearer =abc", "Bearer abc=d"};
    for (const std::string& header : headers)
    {
        BOOST_TEST_CONTEXT("Authorization: " << header)
        {
            requireInvalidToken(mock.client().get("/v2/buildings", {{"Authorization", header}}));
        }
    }
}

BOOST_AUTO_TEST_CASE(scheme_is_case_insensitive)
{
    auto tokens = mock.obtainTokens("public-app");
    for (const std::string scheme : {"bearer", "BEARER", "bEaReR"})
        BOOST_TEST(mock.client().get("/v2/buildings", {{"Authorization", scheme + " " + tokens.accessToken}}).status == 200,
                   scheme);
}

BOOST_AUTO_TEST_CASE(two_authorization_headers_are_invalid_request)
{
    auto tokens = mock.obtainTokens("public-app");
    requireInvalidRequest(mock.client().get(
        "/v2/buildings", {{"Authorization", bearer(tokens.accessToken)}, {"Authorization", bearer(tokens.accessToken)}}));
}

BOOST_AUTO_TEST_CASE(insufficient_scope_is_403_with_the_scope)
{
    auto readOnly = mock.obtainTokens("public-app", "read:buildings");
    HttpResult write = postAddress(mock, readOnly.accessToken, kAddress);
    BOOST_TEST(write.status == 403);
    auto challenge = challengeOf(write);
    BOOST_TEST(challenge.param("error").value_or("") == "insufficient_scope");
    BOOST_TEST(challenge.param("scope").value_or("") == "write:addresses");

    auto writeOnly = mock.obtainTokens("public-app", "write:addresses");
    HttpResult read = mock.callApi(writeOnly.accessToken);
    BOOST_TEST(read.status == 403);
    BOOST_TEST(challengeOf(read).param("scope").value_or("") == "read:buildings");
    BOOST_TEST(postAddress(mock, writeOnly.accessToken, kAddress).status == 201);
}

// RFC 6750 §3.1: a token sent in more than one way is invalid_request.
BOOST_AUTO_TEST_CASE(token_sent_two_ways_is_invalid_request)
{
    auto tokens = mock.obtainTokens("public-app", "read:buildings write:addresses");
    HeaderList auth = {{"Authorization", bearer(tokens.accessToken)}};
    requireInvalidRequest(mock.client().postForm("/v2/addresses", "access_token=" + tokens.accessToken, auth));
    requireInvalidRequest(mock.client().get("/v2/buildings?access_token=" + tokens.accessToken, auth));
    requireInvalidRequest(
        mock.client().postForm("/v2/addresses?access_token=" + tokens.accessToken, "access_token=" + tokens.accessToken));
}

// RFC 6750 §2.3 is off by default: a query token is not even looked at.
BOOST_AUTO_TEST_CASE(query_token_is_ignored_by_default)
{
    auto tokens = mock.obtainTokens("public-app");
    requireNoCredentials(mock.client().get("/v2/buildings?access_token=" + tokens.accessToken));
}

// RFC 6750 §2.2: a form-encoded body token on a request whose method defines a body.
BOOST_AUTO_TEST_CASE(body_token_is_accepted)
{
    auto readOnly = mock.obtainTokens("public-app", "read:buildings");
    auto writer = mock.obtainTokens("public-app", "write:addresses");

    requireInvalidToken(mock.client().postForm("/v2/addresses", std::string("access_token=garbage")));
    HttpResult scope = mock.client().postForm("/v2/addresses", "access_token=" + readOnly.accessToken);
    BOOST_TEST(scope.status == 403);
    BOOST_TEST(challengeOf(scope).param("error").value_or("") == "insufficient_scope");
    // The token passed; the address itself must be JSON, which a form body is not.
    HttpResult accepted = mock.client().postForm("/v2/addresses", "access_token=" + writer.accessToken);
    BOOST_TEST(invalidBodyPath(accepted) == "$");
    BOOST_TEST(!accepted.headers.has("WWW-Authenticate"));

    // Not with GET (§2.2: "the GET method MUST NOT be used").
    requireNoCredentials(mock.client().request("GET", "/v2/buildings", "access_token=" + readOnly.accessToken,
                                               "application/x-www-form-urlencoded"));
}

BOOST_AUTO_TEST_CASE(create_address)
{
    auto tokens = mock.obtainTokens("public-app", "write:addresses");
    HttpResult r = postAddress(mock, tokens.accessToken, kAddress);
    BOOST_TEST(r.status == 201);
    std::string id = r.jsonString("id");
    BOOST_TEST(id.rfind("addr-", 0) == 0u);
    BOOST_TEST(r.jsonString("city") == "Auckland");
    BOOST_TEST(r.header("Location") == "/v2/addresses/" + id);

    HttpResult list = mock.client().get("/v2/addresses", {{"Authorization", bearer(tokens.accessToken)}});
    BOOST_TEST(list.status == 200);
    BOOST_TEST(list.body.find(id) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_address_bodies_name_the_path)
{
    auto tokens = mock.obtainTokens("public-app", "write:addresses");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken, "{not json")) == "$");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken, "[1,2]")) == "$");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken, "{\"street\":\"x\",\"country\":\"GB\"}")) == "$.city");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken,
                                           "{\"street\":\"x\",\"city\":\"Leeds\",\"country\":\"gb\"}")) == "$.country");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken,
                                           "{\"street\":\"x\",\"city\":\"Leeds\",\"country\":\"GBR\"}")) == "$.country");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken,
                                           "{\"street\":1,\"city\":\"Leeds\",\"country\":\"GB\"}")) == "$.street");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken,
                                           "{\"street\":\"x\",\"city\":\"Leeds\",\"country\":\"GB\",\"floor\":2}")) ==
               "$.floor");
    BOOST_TEST(invalidBodyPath(postAddress(mock, tokens.accessToken, kAddress, "text/plain")) == "$");
}

BOOST_AUTO_TEST_CASE(wrong_methods_and_paths)
{
    auto tokens = mock.obtainTokens("public-app", "read:buildings write:addresses");
    HttpResult post = mock.client().request("POST", "/v2/buildings", "{}", "application/json",
                                            {{"Authorization", bearer(tokens.accessToken)}});
    BOOST_TEST(post.status == 405);
    BOOST_TEST(post.header("Allow") == "GET");
    HttpResult del = mock.client().request("DELETE", "/v2/addresses", "", "", {{"Authorization", bearer(tokens.accessToken)}});
    BOOST_TEST(del.status == 405);
    BOOST_TEST(mock.callApi(tokens.accessToken, "/v2/nothing").status == 404);
}

BOOST_AUTO_TEST_CASE(client_credentials_token_reads_buildings)
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    form.add("scope", "read:buildings");
    HttpResult token = mock.client().postForm("/token", form, mock.clientAuthHeaders("backend"));
    BOOST_REQUIRE_EQUAL(token.status, 200);
    BOOST_TEST(mock.callApi(token.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_CASE(quirk_bearer_in_query_accepted)
{
    auto tokens = mock.obtainTokens("public-app");
    const std::string target = "/v2/buildings?access_token=" + tokens.accessToken;
    requireNoCredentials(mock.client().get(target));

    mock.enable(mock::Quirk::BearerInQueryAccepted);
    HttpResult r = mock.client().get(target);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("Cache-Control") == "private"); // RFC 6750 §2.3
    requireInvalidToken(mock.client().get("/v2/buildings?access_token=garbage"));
    requireInvalidRequest(mock.client().get(target, {{"Authorization", bearer(tokens.accessToken)}}));
    BOOST_TEST(!mock.callApi(tokens.accessToken).headers.has("Cache-Control"));
}

BOOST_AUTO_TEST_CASE(quirk_expired_token_accepted)
{
    auto tokens = mock.obtainTokens("public-app");
    mock.state().clock().advance(mock.state().config().lifetimes.accessToken + 10);
    requireInvalidToken(mock.callApi(tokens.accessToken));

    mock.enable(mock::Quirk::ExpiredTokenAccepted);
    BOOST_TEST(mock.callApi(tokens.accessToken).status == 200);
    requireInvalidToken(mock.callApi("garbage")); // unknown tokens stay invalid
}

BOOST_AUTO_TEST_CASE(quirk_api_challenge_malformed)
{
    requireNoCredentials(mock.client().get("/v2/buildings"));
    requireInvalidToken(mock.callApi("garbage"));

    mock.enable(mock::Quirk::ApiChallengeMalformed);
    HttpResult none = mock.client().get("/v2/buildings");
    BOOST_TEST(none.status == 401);
    BOOST_TEST(!none.headers.has("WWW-Authenticate"));
    BOOST_TEST(none.jsonString("error") == "invalid_token"); // an error code although nothing was sent
    HttpResult garbage = mock.callApi("garbage");
    BOOST_TEST(garbage.status == 401);
    BOOST_TEST(!garbage.headers.has("WWW-Authenticate"));
    auto readOnly = mock.obtainTokens("public-app", "read:buildings");
    BOOST_TEST(challengeOf(postAddress(mock, readOnly.accessToken, kAddress)).param("error").value_or("") ==
               "insufficient_scope"); // 403 keeps its challenge
}

BOOST_AUTO_TEST_CASE(quirk_api_scope_unchecked)
{
    auto readOnly = mock.obtainTokens("public-app", "read:buildings");
    BOOST_TEST(postAddress(mock, readOnly.accessToken, kAddress).status == 403);

    mock.enable(mock::Quirk::ApiScopeUnchecked);
    BOOST_TEST(postAddress(mock, readOnly.accessToken, kAddress).status == 201);
    auto writeOnly = mock.obtainTokens("public-app", "write:addresses");
    BOOST_TEST(mock.callApi(writeOnly.accessToken).status == 200);
    requireInvalidToken(mock.callApi("garbage")); // tokens are still checked
}

BOOST_AUTO_TEST_CASE(quirk_api_multiple_token_methods_accepted)
{
    auto tokens = mock.obtainTokens("public-app", "read:buildings write:addresses");
    HeaderList auth = {{"Authorization", bearer(tokens.accessToken)}};
    const std::string query = "/v2/buildings?access_token=" + tokens.accessToken;
    requireInvalidRequest(mock.client().get(query, auth));

    mock.enable(mock::Quirk::ApiMultipleTokenMethodsAccepted);
    BOOST_TEST(mock.client().get(query, auth).status == 200);
    HttpResult twice = mock.client().postForm("/v2/addresses", "access_token=" + tokens.accessToken, auth);
    BOOST_TEST(invalidBodyPath(twice) == "$"); // the token passed; the form body is no address
}

BOOST_AUTO_TEST_CASE(quirk_bearer_scheme_case_sensitive)
{
    auto tokens = mock.obtainTokens("public-app");
    BOOST_TEST(mock.client().get("/v2/buildings", {{"Authorization", "bearer " + tokens.accessToken}}).status == 200);

    mock.enable(mock::Quirk::BearerSchemeCaseSensitive);
    requireNoCredentials(mock.client().get("/v2/buildings", {{"Authorization", "bearer " + tokens.accessToken}}));
    requireNoCredentials(mock.client().get("/v2/buildings", {{"Authorization", "BEARER " + tokens.accessToken}}));
    BOOST_TEST(mock.callApi(tokens.accessToken).status == 200);
}

BOOST_AUTO_TEST_CASE(quirk_query_token_not_private)
{
    auto tokens = mock.obtainTokens("public-app");
    const std::string target = "/v2/buildings?access_token=" + tokens.accessToken;
    requireNoCredentials(mock.client().get(target));

    mock.enable(mock::Quirk::QueryTokenNotPrivate);
    HttpResult r = mock.client().get(target);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.headers.has("Cache-Control"));
    requireInvalidToken(mock.client().get("/v2/buildings?access_token=garbage"));
}

BOOST_AUTO_TEST_SUITE_END()

// The bearer_in_query policy (a legitimate RFC 6750 §2.3 deployment, not a quirk).
BOOST_AUTO_TEST_CASE(policy_bearer_in_query)
{
    std::string config = TestServer::testConfigJson();
    config.insert(config.rfind('}'), ",\"policies\": {\"bearer_in_query\": true}");
    TestServer mock(false, config);
    auto tokens = mock.obtainTokens("public-app");

    HttpResult r = mock.client().get("/v2/buildings?access_token=" + tokens.accessToken);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("Cache-Control") == "private");
    requireInvalidToken(mock.client().get("/v2/buildings?access_token=garbage"));
    requireInvalidRequest(mock.client().get("/v2/buildings?access_token=" + tokens.accessToken,
                                            {{"Authorization", bearer(tokens.accessToken)}}));
    BOOST_TEST(mock.callApi(tokens.accessToken).status == 200);
}

// Poco trims header values, so a header of spaces after "Bearer" only reaches the handler
// directly; it must still be invalid_token, not an exception (a 500 at the router).
BOOST_AUTO_TEST_CASE(handler_rejects_bearer_with_only_spaces)
{
    mock::DemoApi api(TestServer::shared().state());
    mock::MockRequest request;
    request.method = "GET";
    request.path = "/v2/buildings";
    request.headers.add("Authorization", "Bearer   ");
    mock::MockResponse r = api.handle(request);
    BOOST_TEST(r.status == 401);
    auto challenges = oauth::parseWwwAuthenticate(r.headers.get("WWW-Authenticate"));
    BOOST_REQUIRE(challenges.has_value());
    BOOST_TEST(challenges->front().param("error").value_or("") == "invalid_token");
}
