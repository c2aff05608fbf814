#define BOOST_TEST_MODULE ClientAuthenticationTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"
#include "TokenChecks.h"

#include "mock_server/ClientAuthenticator.h"

#include <oauth/Encoding.h>

// Client authentication at /token: RFC 6749 §2.3, §2.3.1 (Basic with form-encoded id and
// secret, client_secret_post, never in the URI, one method only), §3.2.1, §5.2 (401 and
// WWW-Authenticate: Basic); catalogue CODE-08, ERR-04, ERR-09, ERR-10.

using mocktest::checkTokenError;
using mocktest::checkTokenSuccess;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

/// grant_type=client_credentials plus `extra` pairs: the simplest request that needs a client.
oauth::FormData clientCredentials(const std::vector<std::pair<std::string, std::string>>& extra = {})
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    for (const auto& [name, value] : extra)
        form.add(name, value);
    return form;
}

mocktest::HttpResult postToken(mocktest::TestServer& mock, const oauth::FormData& form, const Headers& headers = {},
                               const std::string& query = "")
{
    return mock.client().postForm("/token" + query, form, headers);
}

/// Checks a 401 invalid_client answering a failed HTTP Basic login (RFC 6749 §5.2).
void checkBasicChallenge(const mocktest::HttpResult& r)
{
    checkTokenError(r, 401, "invalid_client");
    BOOST_TEST(r.header("WWW-Authenticate").rfind("Basic", 0) == 0);
}

/// A token request as the endpoint sees it, for calling authenticateClient directly.
mock::MockRequest rawRequest(const std::string& authorization, const std::string& body)
{
    mock::MockRequest request;
    request.method = "POST";
    request.path = "/token";
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    if (!authorization.empty())
        request.headers.add("Authorization", authorization);
    request.body = body;
    return request;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(client_authentication, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(basic_with_form_encoded_secret_succeeds)
{
    BOOST_REQUIRE(mock.secretOf("backend-2") == "s3cr:t/+ &%");
    auto r = postToken(mock, clientCredentials(), {{"Authorization", mocktest::basicAuth("backend-2", "s3cr:t/+ &%")}});
    checkTokenSuccess(r);
}

BOOST_AUTO_TEST_CASE(basic_with_the_secret_not_form_encoded_is_refused)
{
    // "s3cr:t/+ &%" unencoded: '+' would decode to a space and the lone '%' is not an escape.
    std::string header = "Basic " + oauth::base64Encode("backend-2:s3cr:t/+ &%");
    checkBasicChallenge(postToken(mock, clientCredentials(), {{"Authorization", header}}));
}

BOOST_AUTO_TEST_CASE(basic_scheme_name_is_case_insensitive)
{
    std::string header = "basic " + oauth::base64Encode("backend:backend-secret");
    checkTokenSuccess(postToken(mock, clientCredentials(), {{"Authorization", header}}));
}

BOOST_AUTO_TEST_CASE(client_secret_post_succeeds)
{
    checkTokenSuccess(postToken(mock, clientCredentials({{"client_id", "backend"}, {"client_secret", "backend-secret"}})));
    checkTokenSuccess(postToken(mock, clientCredentials({{"client_id", "backend-2"}, {"client_secret", "s3cr:t/+ &%"}})));
}

BOOST_AUTO_TEST_CASE(wrong_secret_via_basic_is_401_with_basic_challenge)
{
    checkBasicChallenge(
        postToken(mock, clientCredentials(), {{"Authorization", mocktest::basicAuth("backend", "wrong-secret")}}));
    checkBasicChallenge(postToken(mock, clientCredentials(), {{"Authorization", mocktest::basicAuth("backend", "")}}));
}

BOOST_AUTO_TEST_CASE(wrong_secret_via_post_is_401_invalid_client)
{
    auto r = postToken(mock, clientCredentials({{"client_id", "backend"}, {"client_secret", "wrong-secret"}}));
    checkTokenError(r, 401, "invalid_client");
}

BOOST_AUTO_TEST_CASE(malformed_basic_credentials_are_invalid_client)
{
    checkBasicChallenge(postToken(mock, clientCredentials(), {{"Authorization", "Basic !!!not-base64!!!"}}));
    checkBasicChallenge(
        postToken(mock, clientCredentials(), {{"Authorization", "Basic " + oauth::base64Encode("no-colon")}}));
}

BOOST_AUTO_TEST_CASE(bare_basic_scheme_is_a_failed_basic_login)
{
    checkBasicChallenge(postToken(mock, clientCredentials(), {{"Authorization", "Basic"}}));
    checkBasicChallenge(postToken(mock, clientCredentials(), {{"Authorization", "Basic "}}));
}

BOOST_AUTO_TEST_CASE(basic_without_credentials_is_invalid_client_not_a_crash)
{
    for (const std::string header : {"Basic", "Basic ", "Basic    "})
    {
        BOOST_TEST_CONTEXT("Authorization '" << header << "'")
        {
            mock::MockRequest request = rawRequest(header, "grant_type=client_credentials");
            mock::ClientAuthentication auth;
            BOOST_REQUIRE_NO_THROW(auth = mock::authenticateClient(mock.state(), request, request.form()));
            BOOST_REQUIRE(!auth.ok());
            BOOST_TEST(auth.error->status == 401);
            BOOST_TEST(auth.error->body.find("invalid_client") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(confidential_client_with_client_id_only_is_401)
{
    checkTokenError(postToken(mock, clientCredentials({{"client_id", "backend"}})), 401, "invalid_client");
}

BOOST_AUTO_TEST_CASE(confidential_code_exchange_without_authentication_is_401)
{
    // CODE-08: the code is fine, the client is not authenticated.
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    oauth::FormData form;
    form.add("grant_type", "authorization_code");
    form.add("client_id", "backend");
    form.add("code", code);
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("backend"));
    form.add("code_verifier", pkce.verifier);
    checkTokenError(postToken(mock, form), 401, "invalid_client");
    checkTokenSuccess(mock.exchangeCode("backend", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(quirk_skip_client_auth_accepts_client_id_alone)
{
    mock.enable(mock::Quirk::SkipClientAuth);
    checkTokenSuccess(postToken(mock, clientCredentials({{"client_id", "backend"}})));
    checkTokenSuccess(postToken(mock, clientCredentials({{"client_id", "backend"}, {"client_secret", "wrong"}})));
}

BOOST_AUTO_TEST_CASE(no_client_identification_at_all_is_401)
{
    checkTokenError(postToken(mock, clientCredentials()), 401, "invalid_client");
}

BOOST_AUTO_TEST_CASE(unknown_client_is_invalid_client)
{
    checkTokenError(postToken(mock, clientCredentials({{"client_id", "nobody"}})), 401, "invalid_client");
    checkTokenError(postToken(mock, clientCredentials({{"client_id", "nobody"}, {"client_secret", "x"}})), 401,
                    "invalid_client");
    checkBasicChallenge(postToken(mock, clientCredentials(), {{"Authorization", mocktest::basicAuth("nobody", "x")}}));
}

BOOST_AUTO_TEST_CASE(basic_plus_client_secret_in_body_is_invalid_request)
{
    auto r = postToken(mock, clientCredentials({{"client_secret", "backend-secret"}}), mock.clientAuthHeaders("backend"));
    checkTokenError(r, 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(basic_user_different_from_body_client_id_is_invalid_request)
{
    auto r = postToken(mock, clientCredentials({{"client_id", "backend-2"}}), mock.clientAuthHeaders("backend"));
    checkTokenError(r, 400, "invalid_request");
    // The same client_id in both places is fine.
    checkTokenSuccess(postToken(mock, clientCredentials({{"client_id", "backend"}}), mock.clientAuthHeaders("backend")));
}

BOOST_AUTO_TEST_CASE(empty_client_secret_counts_as_absent)
{
    // RFC 6749 §3.2: a parameter sent without a value is treated as omitted, so this is one method.
    checkTokenSuccess(postToken(mock, clientCredentials({{"client_secret", ""}}), mock.clientAuthHeaders("backend")));
    // And for a confidential client it is no authentication at all.
    checkTokenError(postToken(mock, clientCredentials({{"client_id", "backend"}, {"client_secret", ""}})), 401,
                    "invalid_client");
}

BOOST_AUTO_TEST_CASE(public_client_with_empty_client_secret_is_a_public_client)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    oauth::FormData form;
    form.add("grant_type", "authorization_code");
    form.add("client_id", "public-app");
    form.add("client_secret", "");
    form.add("code", code);
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("public-app"));
    form.add("code_verifier", pkce.verifier);
    checkTokenSuccess(postToken(mock, form));
}

BOOST_AUTO_TEST_CASE(client_secret_in_uri_query_is_invalid_request)
{
    auto r = postToken(mock, clientCredentials({{"client_id", "backend"}}), {}, "?client_secret=backend-secret");
    checkTokenError(r, 400, "invalid_request");
    auto both = postToken(mock, clientCredentials(), mock.clientAuthHeaders("backend"),
                          "?client_id=backend&client_secret=backend-secret");
    checkTokenError(both, 400, "invalid_request");
    // A percent-encoded parameter name is the same parameter.
    auto encoded = postToken(mock, clientCredentials({{"client_id", "backend"}}), {}, "?client%5Fsecret=backend-secret");
    checkTokenError(encoded, 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(basic_only_client_refuses_client_secret_post)
{
    auto tokens = mock.obtainTokens("basic-only"); // Basic works
    oauth::FormData form;
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", tokens.refreshToken);
    form.add("client_id", "basic-only");
    form.add("client_secret", "basic-secret");
    checkTokenError(postToken(mock, form), 401, "invalid_client");
    checkTokenSuccess(mock.refresh("basic-only", tokens.refreshToken));
}

BOOST_AUTO_TEST_CASE(public_client_presenting_a_secret_is_invalid_client)
{
    checkTokenError(postToken(mock, clientCredentials({{"client_id", "public-app"}, {"client_secret", "guess"}})), 401,
                    "invalid_client");
    checkBasicChallenge(
        postToken(mock, clientCredentials(), {{"Authorization", mocktest::basicAuth("public-app", "guess")}}));
}

BOOST_AUTO_TEST_CASE(two_authorization_headers_are_invalid_request)
{
    Headers headers = {{"Authorization", mocktest::basicAuth("backend", "backend-secret")},
                       {"Authorization", mocktest::basicAuth("backend-2", "s3cr:t/+ &%")}};
    checkTokenError(postToken(mock, clientCredentials(), headers), 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(repeated_client_id_is_invalid_request)
{
    auto r = postToken(mock, clientCredentials({{"client_id", "public-app"}, {"client_id", "public-auto"}}));
    checkTokenError(r, 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(quirk_unknown_client_invalid_request_and_no_basic_challenge)
{
    const Headers unknownBasic = {{"Authorization", mocktest::basicAuth("nobody", "x")}};
    const Headers wrongBasic = {{"Authorization", mocktest::basicAuth("backend", "wrong-secret")}};
    checkBasicChallenge(postToken(mock, clientCredentials(), unknownBasic));
    checkBasicChallenge(postToken(mock, clientCredentials(), wrongBasic));

    mock.enable(mock::Quirk::UnknownClientInvalidRequest);
    checkTokenError(postToken(mock, clientCredentials({{"client_id", "nobody"}, {"client_secret", "x"}})), 400,
                    "invalid_request");
    checkTokenError(postToken(mock, clientCredentials(), unknownBasic), 400, "invalid_request");
    auto wrong = postToken(mock, clientCredentials(), wrongBasic);
    checkTokenError(wrong, 401, "invalid_client");
    BOOST_TEST(!wrong.headers.has("WWW-Authenticate"));
}

BOOST_AUTO_TEST_CASE(quirk_secret_in_query_accepted_takes_the_query_credentials)
{
    const std::string query = "?client_id=backend&client_secret=backend-secret";
    checkTokenError(postToken(mock, clientCredentials(), {}, query), 400, "invalid_request");

    mock.enable(mock::Quirk::SecretInQueryAccepted);
    checkTokenSuccess(postToken(mock, clientCredentials(), {}, query));
    checkTokenSuccess(postToken(mock, clientCredentials({{"client_id", "backend"}}), {}, "?client_secret=backend-secret"));
    // The secret is still checked.
    checkTokenError(postToken(mock, clientCredentials(), {}, "?client_id=backend&client_secret=wrong"), 401,
                    "invalid_client");
}

BOOST_AUTO_TEST_CASE(quirk_two_auth_methods_accepted_lets_basic_and_body_secret_through)
{
    const oauth::FormData both = clientCredentials({{"client_secret", "backend-secret"}});
    checkTokenError(postToken(mock, both, mock.clientAuthHeaders("backend")), 400, "invalid_request");

    mock.enable(mock::Quirk::TwoAuthMethodsAccepted);
    checkTokenSuccess(postToken(mock, both, mock.clientAuthHeaders("backend")));
    // Basic decides: a wrong Basic secret still fails.
    checkBasicChallenge(postToken(mock, both, {{"Authorization", mocktest::basicAuth("backend", "wrong")}}));
}

BOOST_AUTO_TEST_CASE(quirk_basic_not_form_decoded_compares_the_encoded_credentials)
{
    const Headers encoded = {{"Authorization", mocktest::basicAuth("backend-2", "s3cr:t/+ &%")}};
    checkTokenSuccess(postToken(mock, clientCredentials(), encoded));

    mock.enable(mock::Quirk::BasicNotFormDecoded);
    checkBasicChallenge(postToken(mock, clientCredentials(), encoded));
    // A secret that form-encoding leaves alone still works.
    checkTokenSuccess(postToken(mock, clientCredentials(), mock.clientAuthHeaders("backend")));
}

BOOST_AUTO_TEST_CASE(quirk_client_secret_post_refused_leaves_basic_working)
{
    const oauth::FormData post = clientCredentials({{"client_id", "backend"}, {"client_secret", "backend-secret"}});
    checkTokenSuccess(postToken(mock, post));

    mock.enable(mock::Quirk::ClientSecretPostRefused);
    checkTokenError(postToken(mock, post), 401, "invalid_client");
    checkTokenSuccess(postToken(mock, clientCredentials(), mock.clientAuthHeaders("backend")));
}

BOOST_AUTO_TEST_SUITE_END()
