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

BOOST_AUTO_TEST_CASE(quirk_error_not_json_sends_text_plain_400)
{
    oauth::FormData foo;
    foo.add("grant_type", "foo");
    checkTokenError(postAsBackend(mock, foo), 400, "unsupported_grant_type");
    checkTokenError(mock.client().postForm("/token", clientCredentials()), 401, "invalid_client");

    mock.enable(mock::Quirk::ErrorNotJson);
    for (const auto& r : {postAsBackend(mock, foo), mock.client().postForm("/token", clientCredentials())})
    {
        BOOST_TEST_INFO("response " << r.status << " " << r.body);
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.header("Content-Type").rfind("text/plain", 0) == 0);
        BOOST_TEST(r.body.find('{') == std::string::npos);
        BOOST_TEST(mocktest::hasNoStoreHeaders(r));
    }
    BOOST_TEST(postAsBackend(mock, foo).body.rfind("unsupported_grant_type", 0) == 0);
    checkTokenSuccess(postAsBackend(mock, clientCredentials())); // successes stay JSON
}

BOOST_AUTO_TEST_CASE(quirk_error_description_unsanitized_echoes_the_raw_value)
{
    oauth::FormData form;
    form.add("grant_type", "fo\"o\\\r\n\tbar");
    checkTokenError(postAsBackend(mock, form), 400, "unsupported_grant_type"); // sanitized

    mock.enable(mock::Quirk::ErrorDescriptionUnsanitized);
    auto r = postAsBackend(mock, form);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.jsonString("error") == "unsupported_grant_type");
    BOOST_TEST(r.jsonString("error_description").find("fo\"o\\\r\n\tbar") != std::string::npos);
    BOOST_TEST(!oauth::isValidErrorText(r.jsonString("error_description")));
}

BOOST_AUTO_TEST_CASE(quirk_missing_param_invalid_grant_for_a_missing_grant_type)
{
    checkTokenError(postAsBackend(mock, oauth::FormData()), 400, "invalid_request");
    mock.enable(mock::Quirk::MissingParamInvalidGrant);
    checkTokenError(postAsBackend(mock, oauth::FormData()), 400, "invalid_grant");
    // Other invalid_request errors keep their code.
    checkTokenError(mock.client().postForm("/token", std::string("grant_type=client_credentials&scope=%zz"),
                                           mock.clientAuthHeaders("backend")),
                    400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(quirk_unknown_params_rejected_refuses_unknown_and_empty_parameters)
{
    oauth::FormData unknown = clientCredentials();
    unknown.add("x_foo", "1");
    oauth::FormData empty = clientCredentials();
    empty.add("scope", "");
    checkTokenSuccess(postAsBackend(mock, unknown));
    checkTokenSuccess(postAsBackend(mock, empty));

    mock.enable(mock::Quirk::UnknownParamsRejected);
    checkTokenError(postAsBackend(mock, unknown), 400, "invalid_request");
    checkTokenError(postAsBackend(mock, empty), 400, "invalid_request");
    checkTokenSuccess(postAsBackend(mock, clientCredentials("read:buildings")));
}

BOOST_AUTO_TEST_CASE(quirk_token_get_accepted_processes_get_and_json_bodies)
{
    const std::string query = "/token?grant_type=client_credentials";
    const std::string json = "{\"grant_type\":\"client_credentials\"}";
    BOOST_TEST(mock.client().get(query, mock.clientAuthHeaders("backend")).status == 405);
    checkTokenError(mock.client().postJson("/token", json, mock.clientAuthHeaders("backend")), 400, "invalid_request");

    mock.enable(mock::Quirk::TokenGetAccepted);
    checkTokenSuccess(mock.client().get(query, mock.clientAuthHeaders("backend")));
    checkTokenSuccess(mock.client().postJson("/token", json, mock.clientAuthHeaders("backend")));
    // Still refused: other methods, other media types, JSON that is not an object.
    BOOST_TEST(mock.client().request("PUT", "/token", "", "", mock.clientAuthHeaders("backend")).status == 405);
    checkTokenError(mock.client().request("POST", "/token", "grant_type=client_credentials", "text/plain",
                                          mock.clientAuthHeaders("backend")),
                    400, "invalid_request");
    checkTokenError(mock.client().postJson("/token", "[1]", mock.clientAuthHeaders("backend")), 400, "invalid_request");
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

BOOST_AUTO_TEST_CASE(quirk_token_type_missing_leaves_it_out)
{
    BOOST_TEST(postAsBackend(mock, clientCredentials()).jsonString("token_type") == "Bearer");
    mock.enable(mock::Quirk::TokenTypeMissing);
    auto r = postAsBackend(mock, clientCredentials());
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.hasJsonMember("token_type"));
    BOOST_TEST(mock.callApi(r.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_CASE(quirk_expires_in_string_sends_a_json_string)
{
    BOOST_TEST(postAsBackend(mock, clientCredentials()).json()["expires_in"].IsInt64());
    mock.enable(mock::Quirk::ExpiresInString);
    auto r = postAsBackend(mock, clientCredentials());
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.jsonString("expires_in") == "600");
}

BOOST_AUTO_TEST_CASE(quirk_scope_unreported_leaves_scope_out_and_narrows_the_default)
{
    auto strict = postAsBackend(mock, clientCredentials());
    BOOST_TEST(strict.jsonString("scope") == "read:buildings write:addresses");

    mock.enable(mock::Quirk::ScopeUnreported);
    auto r = postAsBackend(mock, clientCredentials());
    checkTokenSuccess(r);
    BOOST_TEST(!r.hasJsonMember("scope"));
    auto record = mock.state().grants().findAccessToken(r.jsonString("access_token"));
    BOOST_REQUIRE(record.has_value());
    BOOST_TEST(record->scope.toString() == "read:buildings");
}

BOOST_AUTO_TEST_CASE(quirk_short_tokens_are_8_hex_characters)
{
    BOOST_TEST(postAsBackend(mock, clientCredentials()).jsonString("access_token").size() == 43u);
    mock.enable(mock::Quirk::ShortTokens);
    auto r = postAsBackend(mock, clientCredentials());
    checkTokenSuccess(r);
    const std::string token = r.jsonString("access_token");
    BOOST_TEST(token.size() == 8u);
    BOOST_TEST(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(mock.callApi(token).status == 200);
}

BOOST_AUTO_TEST_CASE(quirk_token_bad_characters_still_works_where_encoding_allows)
{
    auto isVschar = [](const std::string& t) {
        for (unsigned char c : t)
            if (c < 0x20 || c > 0x7e)
                return false;
        return true;
    };
    BOOST_TEST(isVschar(postAsBackend(mock, clientCredentials()).jsonString("access_token")));

    mock.enable(mock::Quirk::TokenBadCharacters);
    auto r = postAsBackend(mock, clientCredentials());
    checkTokenSuccess(r);
    const std::string token = r.jsonString("access_token");
    BOOST_TEST(!isVschar(token));
    BOOST_TEST(token.find("\xc3\xa9") != std::string::npos);
    // Form-encoded in a body the token works: /introspect finds it active, and the demo API
    // accepts it (then answers 405, as /v2/buildings is GET only).
    oauth::FormData introspect;
    introspect.add("token", token);
    auto active = mock.client().postForm("/introspect", introspect, mock.clientAuthHeaders("resource-server"));
    BOOST_TEST(active.json()["active"].IsTrue());
    oauth::FormData body;
    body.add("access_token", token);
    BOOST_TEST(mock.client().postForm("/v2/buildings", body).status == 405);
    // In the Authorization header it is not a b64token (RFC 6750 section 2.1): refused.
    BOOST_TEST(mock.callApi(token).status == 401);
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
