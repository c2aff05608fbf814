#define BOOST_TEST_MODULE TokenEndpointTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"
#include "TokenChecks.h"

// The token endpoint's request shape and grant dispatch: RFC 6749 §3.2 (POST, form body, no
// repeated parameters, unknown ones ignored, empty ones absent), §4.4 (client_credentials),
// §5.1/§5.2 (response and error format); RFC 9700 §2.4 (no password grant); catalogue
// ERR-01..ERR-08, TOK-01..TOK-04, AS-03.

using mocktest::checkTokenError;
using mocktest::checkTokenSuccess;

namespace {

oauth::FormData clientCredentials(const std::string& scope = "")
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    if (!scope.empty())
        form.add("scope", scope);
    return form;
}

mocktest::HttpResult postAsBackend(mocktest::TestServer& mock, const oauth::FormData& form)
{
    return mock.client().postForm("/token", form, mock.clientAuthHeaders("backend"));
}

oauth::FormData passwordForm()
{
    oauth::FormData form;
    form.add("grant_type", "password");
    form.add("username", "alice");
    form.add("password", "alice-pw");
    return form;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(request_shape, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(get_is_405_with_allow_post)
{
    auto r = mock.client().get("/token?grant_type=client_credentials&client_id=backend&client_secret=backend-secret");
    BOOST_TEST(r.status == 405);
    BOOST_TEST(r.header("Allow") == "POST");
    BOOST_TEST(!r.hasJsonMember("access_token"));
    BOOST_TEST(mocktest::hasNoStoreHeaders(r));
}

BOOST_AUTO_TEST_CASE(json_body_is_invalid_request)
{
    auto r = mock.client().postJson("/token", "{\"grant_type\":\"client_credentials\"}", mock.clientAuthHeaders("backend"));
    checkTokenError(r, 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(form_content_type_with_charset_is_accepted)
{
    auto headers = mock.clientAuthHeaders("backend");
    auto r = mock.client().request("POST", "/token", "grant_type=client_credentials",
                                   "application/x-www-form-urlencoded; charset=UTF-8", headers);
    checkTokenSuccess(r);
}

BOOST_AUTO_TEST_CASE(missing_content_type_is_invalid_request)
{
    auto r = mock.client().request("POST", "/token", "grant_type=client_credentials", "", mock.clientAuthHeaders("backend"));
    checkTokenError(r, 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(bad_percent_escape_in_body_is_invalid_request)
{
    auto r = mock.client().postForm("/token", std::string("grant_type=client_credentials&scope=%zz"),
                                    mock.clientAuthHeaders("backend"));
    checkTokenError(r, 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(repeated_grant_type_is_invalid_request)
{
    oauth::FormData form = clientCredentials();
    form.add("grant_type", "client_credentials");
    checkTokenError(postAsBackend(mock, form), 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(quirk_repeated_params_accepted_takes_the_first_value)
{
    mock.enable(mock::Quirk::RepeatedParamsAccepted);
    oauth::FormData form = clientCredentials("read:buildings");
    form.add("scope", "write:addresses");
    auto r = postAsBackend(mock, form);
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("scope") == "read:buildings");
}

BOOST_AUTO_TEST_CASE(repeated_code_is_invalid_request)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    oauth::FormData form;
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("code", code);
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("backend"));
    form.add("code_verifier", pkce.verifier);
    checkTokenError(postAsBackend(mock, form), 400, "invalid_request");
    // Refusing the malformed request did not use the code up.
    checkTokenSuccess(mock.exchangeCode("backend", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(unknown_parameter_is_ignored)
{
    oauth::FormData form = clientCredentials();
    form.add("x_foo", "1");
    checkTokenSuccess(postAsBackend(mock, form));
}

BOOST_AUTO_TEST_CASE(empty_optional_parameter_counts_as_absent)
{
    oauth::FormData form = clientCredentials();
    form.add("scope", "");
    auto r = postAsBackend(mock, form);
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("scope") == "read:buildings write:addresses");
}

BOOST_AUTO_TEST_CASE(missing_or_empty_grant_type_is_invalid_request)
{
    checkTokenError(postAsBackend(mock, oauth::FormData()), 400, "invalid_request");
    oauth::FormData form;
    form.add("grant_type", "");
    checkTokenError(postAsBackend(mock, form), 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(unknown_grant_type_is_unsupported_grant_type)
{
    oauth::FormData form;
    form.add("grant_type", "foo");
    checkTokenError(postAsBackend(mock, form), 400, "unsupported_grant_type");
    form.set("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
    checkTokenError(postAsBackend(mock, form), 400, "unsupported_grant_type");
}

BOOST_AUTO_TEST_CASE(password_grant_is_unsupported)
{
    checkTokenError(postAsBackend(mock, passwordForm()), 400, "unsupported_grant_type");
    oauth::FormData pub = passwordForm();
    pub.add("client_id", "public-app");
    checkTokenError(mock.client().postForm("/token", pub), 400, "unsupported_grant_type");
}

BOOST_AUTO_TEST_CASE(quirk_password_grant_enabled_issues_tokens)
{
    mock.enable(mock::Quirk::PasswordGrantEnabled);
    auto r = postAsBackend(mock, passwordForm());
    checkTokenSuccess(r);
    BOOST_TEST(!r.jsonString("refresh_token").empty());
    BOOST_TEST(mock.callApi(r.jsonString("access_token")).status == 200);
    oauth::FormData wrong = passwordForm();
    wrong.set("password", "nope");
    checkTokenError(postAsBackend(mock, wrong), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(error_description_never_carries_illegal_characters)
{
    // The grant_type is echoed into the description: quotes, backslashes and control characters
    // must not reach it (RFC 6749 App. A.8).
    oauth::FormData form;
    form.add("grant_type", "fo\"o\\\r\n\tbar\x7f\xc3\xa9");
    checkTokenError(postAsBackend(mock, form), 400, "unsupported_grant_type");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(client_credentials_grant, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(without_scope_gets_the_default_and_no_refresh_token)
{
    auto r = postAsBackend(mock, clientCredentials());
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("scope") == "read:buildings write:addresses");
    BOOST_TEST(!r.hasJsonMember("refresh_token"));
    BOOST_TEST(mock.callApi(r.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_CASE(with_scope_gets_that_scope)
{
    auto r = postAsBackend(mock, clientCredentials("read:buildings"));
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("scope") == "read:buildings");
    BOOST_TEST(!r.hasJsonMember("refresh_token"));
}

BOOST_AUTO_TEST_CASE(unknown_or_unallowed_scope_is_invalid_scope)
{
    checkTokenError(postAsBackend(mock, clientCredentials("no-such-scope")), 400, "invalid_scope");
    checkTokenError(postAsBackend(mock, clientCredentials("read:buildings admin")), 400, "invalid_scope");
}

BOOST_AUTO_TEST_CASE(without_scope_and_without_a_default_is_invalid_scope)
{
    // RFC 6749 §3.3: no scope and no pre-defined default means the request fails with invalid_scope.
    mock::ClientConfig c;
    c.clientId = "no-default";
    c.confidential = true;
    c.clientSecret = "no-default-secret";
    c.allowedScopes = *oauth::ScopeSet::parse("read:buildings");
    c.grantTypes = {"client_credentials"};
    c.authMethods = {"client_secret_basic"};
    BOOST_REQUIRE(mock.state().clients().registerClient(c));
    const std::vector<std::pair<std::string, std::string>> auth = {
        {"Authorization", mocktest::basicAuth("no-default", "no-default-secret")}};
    checkTokenError(mock.client().postForm("/token", clientCredentials(), auth), 400, "invalid_scope");
    auto r = mock.client().postForm("/token", clientCredentials("read:buildings"), auth);
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("scope") == "read:buildings");
}

BOOST_AUTO_TEST_CASE(public_client_is_unauthorized_client)
{
    oauth::FormData form = clientCredentials();
    form.add("client_id", "public-app");
    checkTokenError(mock.client().postForm("/token", form), 400, "unauthorized_client");
}

BOOST_AUTO_TEST_CASE(confidential_client_without_that_grant_is_unauthorized_client)
{
    checkTokenError(mock.client().postForm("/token", clientCredentials(), mock.clientAuthHeaders("basic-only")), 400,
                    "unauthorized_client");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(response_quirks, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(success_and_error_carry_no_store_headers)
{
    auto ok = postAsBackend(mock, clientCredentials());
    BOOST_TEST(ok.header("Cache-Control") == "no-store");
    BOOST_TEST(ok.header("Pragma") == "no-cache");
    auto bad = postAsBackend(mock, clientCredentials("no-such-scope"));
    BOOST_TEST(bad.header("Cache-Control") == "no-store");
    BOOST_TEST(bad.header("Pragma") == "no-cache");
}

BOOST_AUTO_TEST_CASE(quirk_no_cache_headers_drops_them)
{
    mock.enable(mock::Quirk::NoCacheHeaders);
    auto ok = postAsBackend(mock, clientCredentials());
    BOOST_TEST(ok.status == 200);
    BOOST_TEST(!ok.headers.has("Cache-Control"));
    BOOST_TEST(!ok.headers.has("Pragma"));
    auto bad = postAsBackend(mock, clientCredentials("no-such-scope"));
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(!bad.headers.has("Cache-Control"));
    BOOST_TEST(!bad.headers.has("Pragma"));
}

BOOST_AUTO_TEST_CASE(quirk_wrong_error_codes_answers_invalid_request_everywhere)
{
    oauth::FormData foo;
    foo.add("grant_type", "foo");
    checkTokenError(postAsBackend(mock, foo), 400, "unsupported_grant_type");
    checkTokenError(postAsBackend(mock, clientCredentials("no-such-scope")), 400, "invalid_scope");

    mock.enable(mock::Quirk::WrongErrorCodes);
    checkTokenError(postAsBackend(mock, foo), 400, "invalid_request");
    checkTokenError(postAsBackend(mock, clientCredentials("no-such-scope")), 400, "invalid_request");
    oauth::FormData garbage;
    garbage.add("grant_type", "authorization_code");
    garbage.add("code", "garbage");
    garbage.add("redirect_uri", mocktest::TestServer::redirectUriOf("backend"));
    checkTokenError(postAsBackend(mock, garbage), 400, "invalid_request");
}

BOOST_AUTO_TEST_SUITE_END()

// RFC 9068: with "tokens": {"format": "jwt"} the access token is a signed JWT with the profile's claims.
BOOST_AUTO_TEST_CASE(jwt_access_token_carries_the_rfc9068_claims)
{
    std::string config = mocktest::TestServer::testConfigJson();
    config.insert(config.rfind('}'), ",\"tokens\": {\"format\": \"jwt\"}");
    mocktest::TestServer jwtMock(false, config);
    auto tokens = jwtMock.obtainTokens("public-app", "read:buildings");
    checkTokenSuccess(tokens.response);

    auto jwt = jwtMock.state().signingKey().verify(tokens.accessToken);
    BOOST_REQUIRE(jwt.has_value());
    BOOST_TEST(jwt->getType() == "at+jwt");
    BOOST_TEST(jwt->getIssuer() == jwtMock.issuer());
    BOOST_TEST(jwt->getSubject() == "alice");
    BOOST_TEST(!jwt->getAudience().empty());
    BOOST_TEST(!jwt->getId().empty());
    BOOST_TEST(jwt->payload().getValue<std::string>("client_id") == "public-app");
    BOOST_TEST(jwt->payload().getValue<std::string>("scope") == "read:buildings");
    const std::int64_t lifetime = jwt->getExpiration().epochTime() - jwt->getIssuedAt().epochTime();
    BOOST_TEST(lifetime == tokens.response.json()["expires_in"].GetInt64());
    BOOST_TEST(jwtMock.callApi(tokens.accessToken).status == 200);
}
