#define BOOST_TEST_MODULE CodeExchangeTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"
#include "TokenChecks.h"

#include <atomic>
#include <thread>
#include <vector>

// grant_type=authorization_code at /token: RFC 6749 §4.1.3, §5.1, §10.5, §10.6; catalogue
// CODE-01..CODE-07, TOK-01..TOK-05.

using mocktest::checkTokenError;
using mocktest::checkTokenSuccess;

namespace {

/// A token request for `code` as `clientId` would send it, before authentication headers.
oauth::FormData codeForm(mocktest::TestServer& mock, const std::string& clientId, const std::string& code,
                         const std::string& verifier)
{
    oauth::FormData form = mock.clientForm(clientId);
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf(clientId));
    form.add("code_verifier", verifier);
    return form;
}

mocktest::HttpResult postToken(mocktest::TestServer& mock, const oauth::FormData& form,
                               const std::vector<std::pair<std::string, std::string>>& headers = {})
{
    return mock.client().postForm("/token", form, headers);
}

/// Registers a confidential client that has the authorization_code grant only.
void registerCodeOnlyClient(mocktest::TestServer& mock)
{
    mock::ClientConfig c;
    c.clientId = "code-only";
    c.confidential = true;
    c.clientSecret = "code-only-secret";
    c.redirectUris = {"https://code-only.example.test/cb"};
    c.allowedScopes = *oauth::ScopeSet::parse("read:buildings");
    c.defaultScopes = c.allowedScopes;
    c.grantTypes = {"authorization_code"};
    c.authMethods = {"client_secret_basic", "client_secret_post"};
    c.autoApprove = true;
    BOOST_REQUIRE(mock.state().clients().registerClient(c));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(code_exchange, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(public_client_success_has_bearer_token_scope_refresh_and_no_store)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce, "read:buildings write:addresses");
    auto r = mock.exchangeCode("public-app", code, pkce.verifier);
    checkTokenSuccess(r);
    BOOST_TEST(r.header("Cache-Control") == "no-store");
    BOOST_TEST(r.header("Pragma") == "no-cache");
    BOOST_TEST(r.json()["expires_in"].GetInt64() == 600);
    BOOST_TEST(r.jsonString("scope") == "read:buildings write:addresses");
    BOOST_TEST(!r.jsonString("refresh_token").empty());
    BOOST_TEST(r.jsonString("refresh_token") != r.jsonString("access_token"));
    BOOST_TEST(mock.callApi(r.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_CASE(default_scope_is_reported_when_none_was_requested)
{
    auto tokens = mock.obtainTokens("public-app");
    BOOST_TEST(tokens.scope == "read:buildings");
}

BOOST_AUTO_TEST_CASE(confidential_client_success_with_basic_authentication)
{
    auto tokens = mock.obtainTokens("backend", "read:buildings");
    checkTokenSuccess(tokens.response);
    BOOST_TEST(tokens.scope == "read:buildings");
    BOOST_TEST(!tokens.refreshToken.empty());
    BOOST_TEST(mock.callApi(tokens.accessToken).status == 200);
}

BOOST_AUTO_TEST_CASE(no_refresh_token_for_a_client_without_that_grant)
{
    registerCodeOnlyClient(mock);
    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto outcome = mock.authorize(mock.codeRequest("code-only", pkce, "https://code-only.example.test/cb"));
    BOOST_REQUIRE(!outcome.code().empty());
    oauth::FormData form;
    form.add("grant_type", "authorization_code");
    form.add("code", outcome.code());
    form.add("redirect_uri", "https://code-only.example.test/cb");
    form.add("code_verifier", pkce.verifier);
    auto r = postToken(mock, form, {{"Authorization", mocktest::basicAuth("code-only", "code-only-secret")}});
    checkTokenSuccess(r);
    BOOST_TEST(!r.hasJsonMember("refresh_token"));
}

BOOST_AUTO_TEST_CASE(unknown_parameters_are_ignored)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    oauth::FormData form = codeForm(mock, "public-app", code, pkce.verifier);
    form.add("x_foo", "1");
    form.add("scope", ""); // an empty optional parameter counts as absent (RFC 6749 §3.2)
    checkTokenSuccess(postToken(mock, form));
}

BOOST_AUTO_TEST_CASE(missing_or_empty_code_is_invalid_request)
{
    oauth::FormData form = mock.clientForm("public-app");
    form.add("grant_type", "authorization_code");
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("public-app"));
    form.add("code_verifier", oauth::generatePkcePair().verifier);
    checkTokenError(postToken(mock, form), 400, "invalid_request");
    form.add("code", "");
    checkTokenError(postToken(mock, form), 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(garbage_code_is_invalid_grant)
{
    oauth::FormData form = codeForm(mock, "public-app", "not-a-code-" + std::string(30, 'x'),
                                    oauth::generatePkcePair().verifier);
    checkTokenError(postToken(mock, form), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(code_is_valid_within_its_lifetime)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    mock.state().clock().advance(50);
    checkTokenSuccess(mock.exchangeCode("public-app", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(expired_code_is_invalid_grant)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    mock.state().clock().advance(61);
    checkTokenError(mock.exchangeCode("public-app", code, pkce.verifier), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(quirk_code_long_lived_accepts_an_old_code)
{
    mock.enable(mock::Quirk::CodeLongLived);
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    mock.state().clock().advance(3600);
    checkTokenSuccess(mock.exchangeCode("public-app", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(replayed_code_is_refused_and_revokes_the_first_tokens)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    auto first = mock.exchangeCode("public-app", code, pkce.verifier);
    checkTokenSuccess(first);
    std::string access = first.jsonString("access_token");
    std::string refresh = first.jsonString("refresh_token");
    BOOST_TEST(mock.callApi(access).status == 200);

    checkTokenError(mock.exchangeCode("public-app", code, pkce.verifier), 400, "invalid_grant");

    auto api = mock.callApi(access);
    BOOST_TEST(api.status == 401);
    BOOST_TEST(api.header("WWW-Authenticate").find("invalid_token") != std::string::npos);
    checkTokenError(mock.refresh("public-app", refresh), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(replay_after_the_code_expired_still_revokes)
{
    // RFC 6749 §4.1.2: a code used more than once revokes its tokens, however late the replay comes.
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    auto first = mock.exchangeCode("public-app", code, pkce.verifier);
    checkTokenSuccess(first);
    mock.state().clock().advance(120);
    checkTokenError(mock.exchangeCode("public-app", code, pkce.verifier), 400, "invalid_grant");
    BOOST_TEST(mock.callApi(first.jsonString("access_token")).status == 401);
    checkTokenError(mock.refresh("public-app", first.jsonString("refresh_token")), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(quirk_code_reuse_redeems_twice_and_revokes_nothing)
{
    mock.enable(mock::Quirk::CodeReuse);
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    auto first = mock.exchangeCode("public-app", code, pkce.verifier);
    checkTokenSuccess(first);
    auto second = mock.exchangeCode("public-app", code, pkce.verifier);
    checkTokenSuccess(second);
    BOOST_TEST(second.jsonString("access_token") != first.jsonString("access_token"));
    BOOST_TEST(mock.callApi(first.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_CASE(replay_with_wrong_verifier_does_not_revoke)
{
    // CODE-03: a replay that fails for another reason must not let an attacker kill the victim's tokens.
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    auto first = mock.exchangeCode("public-app", code, pkce.verifier);
    checkTokenSuccess(first);
    checkTokenError(mock.exchangeCode("public-app", code, oauth::generatePkcePair().verifier), 400, "invalid_grant");
    BOOST_TEST(mock.callApi(first.jsonString("access_token")).status == 200);
    checkTokenSuccess(mock.refresh("public-app", first.jsonString("refresh_token")));
}

BOOST_AUTO_TEST_CASE(replay_from_another_client_does_not_revoke)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    auto first = mock.exchangeCode("backend", code, pkce.verifier);
    checkTokenSuccess(first);

    oauth::FormData form = codeForm(mock, "backend", code, pkce.verifier);
    checkTokenError(postToken(mock, form, mock.clientAuthHeaders("backend-2")), 400, "invalid_grant");
    form.add("client_id", "public-app");
    checkTokenError(postToken(mock, form), 400, "invalid_grant");

    BOOST_TEST(mock.callApi(first.jsonString("access_token")).status == 200);
    checkTokenSuccess(mock.refresh("backend", first.jsonString("refresh_token")));
}

BOOST_AUTO_TEST_CASE(concurrent_redemptions_give_exactly_one_success)
{
    constexpr int kRequests = 8;
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    std::vector<mocktest::HttpResult> results(kRequests);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kRequests; ++i)
        threads.emplace_back([&, i] {
            ready.fetch_add(1);
            while (ready.load() < kRequests)
                std::this_thread::yield();
            results[i] = mock.exchangeCode("public-app", code, pkce.verifier);
        });
    for (auto& t : threads)
        t.join();
    int successes = 0;
    for (const auto& r : results)
    {
        if (r.status == 200)
            ++successes;
        else
            checkTokenError(r, 400, "invalid_grant");
    }
    BOOST_TEST(successes == 1);
}

BOOST_AUTO_TEST_CASE(code_is_bound_to_the_confidential_client)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    oauth::FormData form = codeForm(mock, "backend", code, pkce.verifier);
    checkTokenError(postToken(mock, form, mock.clientAuthHeaders("backend-2")), 400, "invalid_grant");
    // The failed attempt did not burn the code: its rightful client still redeems it.
    checkTokenSuccess(mock.exchangeCode("backend", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(code_is_bound_to_the_public_client)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    oauth::FormData form = codeForm(mock, "public-auto", code, pkce.verifier);
    form.set("redirect_uri", mocktest::TestServer::redirectUriOf("public-app"));
    checkTokenError(postToken(mock, form), 400, "invalid_grant");
    checkTokenSuccess(mock.exchangeCode("public-app", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(quirk_code_not_bound_to_client_lets_another_client_redeem)
{
    mock.enable(mock::Quirk::CodeNotBoundToClient);
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    oauth::FormData form = codeForm(mock, "backend", code, pkce.verifier);
    checkTokenSuccess(postToken(mock, form, mock.clientAuthHeaders("backend-2")));
}

BOOST_AUTO_TEST_CASE(redirect_uri_mismatch_is_invalid_grant)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    checkTokenError(mock.exchangeCode("backend", code, pkce.verifier, "https://backend.example.test/other"), 400,
                    "invalid_grant");
    checkTokenError(mock.exchangeCode("backend", code, pkce.verifier, "https://backend.example.test/cb/"), 400,
                    "invalid_grant");
}

BOOST_AUTO_TEST_CASE(redirect_uri_missing_when_it_was_in_the_request_is_invalid_request)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    oauth::FormData form = codeForm(mock, "backend", code, pkce.verifier);
    form.remove("redirect_uri");
    checkTokenError(postToken(mock, form, mock.clientAuthHeaders("backend")), 400, "invalid_request");
    form.add("redirect_uri", "");
    checkTokenError(postToken(mock, form, mock.clientAuthHeaders("backend")), 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(redirect_uri_may_be_left_out_when_the_request_had_none)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    oauth::FormData request = mock.codeRequest("single-uri", pkce);
    request.remove("redirect_uri");
    auto outcome = mock.authorize(request);
    BOOST_REQUIRE(!outcome.code().empty());
    oauth::FormData form = codeForm(mock, "single-uri", outcome.code(), pkce.verifier);
    form.remove("redirect_uri");
    checkTokenSuccess(postToken(mock, form));
}

BOOST_AUTO_TEST_CASE(quirk_token_redirect_uri_unchecked_accepts_mismatch_and_absence)
{
    mock.enable(mock::Quirk::TokenRedirectUriUnchecked);
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("backend", pkce);
    checkTokenSuccess(mock.exchangeCode("backend", code, pkce.verifier, "https://backend.example.test/other"));

    std::string second = mock.obtainCode("backend", pkce);
    oauth::FormData form = codeForm(mock, "backend", second, pkce.verifier);
    form.remove("redirect_uri");
    checkTokenSuccess(postToken(mock, form, mock.clientAuthHeaders("backend")));
}

BOOST_AUTO_TEST_CASE(quirk_missing_param_invalid_grant_for_a_missing_code)
{
    oauth::FormData form = mock.clientForm("public-app");
    form.add("grant_type", "authorization_code");
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("public-app"));
    form.add("code_verifier", oauth::generatePkcePair().verifier);
    checkTokenError(postToken(mock, form), 400, "invalid_request");
    mock.enable(mock::Quirk::MissingParamInvalidGrant);
    checkTokenError(postToken(mock, form), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(quirk_no_refresh_tokens_issues_none)
{
    BOOST_TEST(!mock.obtainTokens("public-app").refreshToken.empty());
    mock.enable(mock::Quirk::NoRefreshTokens);
    auto tokens = mock.obtainTokens("public-app");
    checkTokenSuccess(tokens.response);
    BOOST_TEST(!tokens.response.hasJsonMember("refresh_token"));
}

BOOST_AUTO_TEST_CASE(quirk_scope_unreported_grants_another_scope_silently)
{
    const std::string both = "read:buildings write:addresses";
    BOOST_TEST(mock.obtainTokens("public-app", both).scope == both);
    BOOST_TEST(mock.obtainTokens("public-app", "write:addresses").scope == "write:addresses");

    mock.enable(mock::Quirk::ScopeUnreported);
    auto narrowed = mock.obtainTokens("public-app", both);
    checkTokenSuccess(narrowed.response);
    BOOST_TEST(!narrowed.response.hasJsonMember("scope"));
    BOOST_TEST(mock.callApi(narrowed.accessToken).status == 200);
    BOOST_TEST(mock.callApi(narrowed.accessToken, "/v2/addresses").status == 403);

    auto widened = mock.obtainTokens("public-app", "write:addresses");
    BOOST_TEST(!widened.response.hasJsonMember("scope"));
    BOOST_TEST(mock.callApi(widened.accessToken).status == 200); // read:buildings was not asked for
}

BOOST_AUTO_TEST_SUITE_END()
