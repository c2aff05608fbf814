#define BOOST_TEST_MODULE AuthorizeEndpointTest
#include <boost/test/unit_test.hpp>

#include "AuthorizeHelpers.h"
#include "MockTestSupport.h"

#include <oauth/Crypto.h>

// The authorization endpoint, RFC 6749 §3.1, §4.1.1, §4.1.2, §4.1.2.1; PKCE, RFC 7636 §4.3,
// §4.4.1; RFC 9207 iss. Most cases use "public-auto" (auto-approve, one redirect URI) so a valid
// request is answered with a code at once.

using mocktest::AuthorizationOutcome;
using mocktest::checkCodeRedirect;
using mocktest::checkErrorPage;
using mocktest::checkErrorRedirect;
using mocktest::sendAuthorize;

namespace {

const std::string kAutoUri = "https://auto.example.test/cb";

/// A valid S256 request for public-auto with state "st-1".
oauth::FormData autoRequest(const mocktest::TestServer& mock, const oauth::PkcePair& pkce = oauth::generatePkcePair())
{
    return mock.codeRequest("public-auto", pkce);
}

/// The scope the token endpoint grants for a code (via a real exchange).
std::string grantedScope(const mocktest::TestServer& mock, const std::string& clientId, const std::string& code,
                         const std::string& verifier, const std::string& redirectUri = "")
{
    auto token = mock.exchangeCode(clientId, code, verifier, redirectUri);
    BOOST_TEST_REQUIRE(token.status == 200, "token response " << token.body);
    return token.jsonString("scope");
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(not_redirected, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(missing_client_id_gets_error_page)
{
    oauth::FormData p = autoRequest(mock);
    p.remove("client_id");
    checkErrorPage(sendAuthorize(mock, p));
}

BOOST_AUTO_TEST_CASE(empty_client_id_counts_as_missing)
{
    oauth::FormData p = autoRequest(mock);
    p.set("client_id", "");
    checkErrorPage(sendAuthorize(mock, p));
}

BOOST_AUTO_TEST_CASE(unknown_client_id_gets_error_page)
{
    oauth::FormData p = autoRequest(mock);
    p.set("client_id", "no-such-client");
    auto outcome = sendAuthorize(mock, p);
    checkErrorPage(outcome);
    BOOST_TEST(outcome.response.body.find("no-such-client") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unregistered_redirect_uri_gets_error_page)
{
    oauth::FormData p = autoRequest(mock);
    p.set("redirect_uri", "https://evil.example.test/cb");
    checkErrorPage(sendAuthorize(mock, p));
}

BOOST_AUTO_TEST_CASE(missing_redirect_uri_with_two_registered_gets_error_page)
{
    // public-app registers two URIs (RFC 6749 §3.1.2.3: redirect_uri is then required).
    oauth::FormData p = mock.codeRequest("public-app", oauth::generatePkcePair());
    p.remove("redirect_uri");
    checkErrorPage(sendAuthorize(mock, p));
    p.add("redirect_uri", "");
    checkErrorPage(sendAuthorize(mock, p));
}

BOOST_AUTO_TEST_CASE(repeated_client_id_gets_error_page)
{
    oauth::FormData p = autoRequest(mock);
    p.add("client_id", "public-auto"); // even the same value twice
    checkErrorPage(sendAuthorize(mock, p));
}

BOOST_AUTO_TEST_CASE(repeated_redirect_uri_gets_error_page)
{
    oauth::FormData p = autoRequest(mock);
    p.add("redirect_uri", kAutoUri);
    checkErrorPage(sendAuthorize(mock, p));
}

BOOST_AUTO_TEST_CASE(bad_percent_escape_gets_error_page)
{
    auto outcome = sendAuthorize(mock, "response_type=code&client_id=public-auto&state=%zz");
    checkErrorPage(outcome);
}

BOOST_AUTO_TEST_CASE(single_uri_client_without_redirect_uri_is_redirected_to_its_uri)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    oauth::FormData p = mock.codeRequest("single-uri", pkce);
    p.remove("redirect_uri");
    auto outcome = sendAuthorize(mock, p);
    BOOST_TEST(outcome.response.status == 302);
    checkCodeRedirect(outcome, "https://single.example.test/cb", mock.issuer());
    // The code was issued without redirect_uri in the request, so the exchange may omit it too.
    oauth::FormData form = mock.clientForm("single-uri");
    form.add("grant_type", "authorization_code");
    form.add("code", outcome.code());
    form.add("code_verifier", pkce.verifier);
    BOOST_TEST(mock.client().postForm("/token", form).status == 200);
}

BOOST_AUTO_TEST_CASE(other_methods_are_refused)
{
    auto r = mock.client().request("PUT", "/authorize?" + autoRequest(mock).encode(), "x", "text/plain");
    BOOST_TEST(r.status == 405);
    BOOST_TEST(!r.headers.has("Location"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(error_redirects, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(missing_response_type_is_invalid_request)
{
    oauth::FormData p = autoRequest(mock);
    p.remove("response_type");
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "st-1", mock.issuer());
}

BOOST_AUTO_TEST_CASE(implicit_and_unknown_response_types_are_unsupported)
{
    for (const char* type : {"token", "foo", "code id_token", "CODE"})
    {
        BOOST_TEST_CONTEXT("response_type=" << type)
        {
            oauth::FormData p = autoRequest(mock);
            p.set("response_type", type);
            checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "unsupported_response_type", "st-1", mock.issuer());
        }
    }
}

BOOST_AUTO_TEST_CASE(unknown_or_unallowed_scope_is_invalid_scope)
{
    // "delete:all" is unknown to the server; "admin" is known but not allowed for public-auto.
    for (const char* scope : {"delete:all", "read:buildings admin", "admin"})
    {
        BOOST_TEST_CONTEXT("scope=" << scope)
        {
            oauth::FormData p = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", scope);
            checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_scope", "st-1", mock.issuer());
        }
    }
}

BOOST_AUTO_TEST_CASE(repeated_response_type_or_scope_is_invalid_request)
{
    oauth::FormData twoTypes = autoRequest(mock);
    twoTypes.add("response_type", "code");
    checkErrorRedirect(sendAuthorize(mock, twoTypes), kAutoUri, "invalid_request", "st-1", mock.issuer());

    oauth::FormData twoScopes = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", "read:buildings");
    twoScopes.add("scope", "write:addresses");
    checkErrorRedirect(sendAuthorize(mock, twoScopes), kAutoUri, "invalid_request", "st-1", mock.issuer());

    oauth::FormData twoChallenges = autoRequest(mock);
    twoChallenges.add("code_challenge", oauth::generatePkcePair().challenge);
    checkErrorRedirect(sendAuthorize(mock, twoChallenges), kAutoUri, "invalid_request", "st-1", mock.issuer());
}

BOOST_AUTO_TEST_CASE(public_client_without_code_challenge_is_invalid_request)
{
    oauth::FormData p = autoRequest(mock);
    p.remove("code_challenge");
    p.remove("code_challenge_method");
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "st-1", mock.issuer());
}

BOOST_AUTO_TEST_CASE(method_without_challenge_is_invalid_request)
{
    oauth::FormData p = autoRequest(mock);
    p.remove("code_challenge");
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "st-1", mock.issuer());
}

BOOST_AUTO_TEST_CASE(plain_and_missing_method_are_refused_alike)
{
    // RFC 7636 §4.3: no method means plain; both must get the same answer (catalogue PKCE-06).
    oauth::PkcePair plain = oauth::generatePkcePair(oauth::PkceMethod::Plain);
    oauth::FormData explicitPlain = mock.codeRequest("public-auto", plain);
    BOOST_TEST(explicitPlain.get("code_challenge_method").value_or("") == "plain");
    checkErrorRedirect(sendAuthorize(mock, explicitPlain), kAutoUri, "invalid_request", "st-1", mock.issuer());

    oauth::FormData noMethod = explicitPlain;
    noMethod.remove("code_challenge_method");
    checkErrorRedirect(sendAuthorize(mock, noMethod), kAutoUri, "invalid_request", "st-1", mock.issuer());

    oauth::FormData emptyMethod = explicitPlain;
    emptyMethod.set("code_challenge_method", "");
    checkErrorRedirect(sendAuthorize(mock, emptyMethod), kAutoUri, "invalid_request", "st-1", mock.issuer());
}

BOOST_AUTO_TEST_CASE(unregistered_methods_are_invalid_request)
{
    for (const char* method : {"S512", "s256", "SHA256"})
    {
        BOOST_TEST_CONTEXT("code_challenge_method=" << method)
        {
            oauth::FormData p = autoRequest(mock);
            p.set("code_challenge_method", method);
            auto outcome = sendAuthorize(mock, p);
            checkErrorRedirect(outcome, kAutoUri, "invalid_request", "st-1", mock.issuer());
            BOOST_TEST(outcome.params.get("error_description").value_or("").find("S256") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(malformed_challenges_are_invalid_request)
{
    const std::string good = oauth::generatePkcePair().challenge;
    const std::vector<std::string> bad = {
        good.substr(0, 42),                  // too short
        good + "A",                          // 44: not a SHA-256 in base64url
        std::string(128, 'A'),               // a verifier's length, not a challenge's
        good.substr(0, 42) + "!",            // outside the alphabet
        good.substr(0, 42) + "+",            // base64, not base64url
        good.substr(0, 42) + "=",            // padding
        good.substr(0, 42) + ".",            // unreserved, but not base64url (RFC 7636 §4.2)
        good.substr(0, 42) + "~",
        good.substr(0, 21) + " " + good.substr(22),
    };
    for (const auto& challenge : bad)
    {
        BOOST_TEST_CONTEXT("code_challenge=" << challenge)
        {
            oauth::FormData p = autoRequest(mock);
            p.set("code_challenge", challenge);
            checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "st-1", mock.issuer());
        }
    }
}

BOOST_AUTO_TEST_CASE(prompt_none_without_auto_approve_is_login_required)
{
    oauth::FormData p = mock.codeRequest("public-app", oauth::generatePkcePair());
    p.add("prompt", "none");
    checkErrorRedirect(sendAuthorize(mock, p), "https://app.example.test/cb", "login_required", "st-1", mock.issuer());
}

BOOST_AUTO_TEST_CASE(prompt_none_with_auto_approve_gets_a_code)
{
    oauth::FormData p = autoRequest(mock);
    p.add("prompt", "none");
    checkCodeRedirect(sendAuthorize(mock, p), kAutoUri, mock.issuer());
}

BOOST_AUTO_TEST_CASE(client_without_code_grant_is_unauthorized_client)
{
    auto reg = mock.client().postJson("/_mock/clients", R"({"client_id":"cc-only","type":"confidential",)"
                                                        R"("client_secret":"s","grant_types":["client_credentials"],)"
                                                        R"("redirect_uris":["https://cc.example.test/cb"]})");
    BOOST_TEST_REQUIRE(reg.status == 201, reg.body);
    oauth::FormData p = mock.codeRequest("cc-only", oauth::generatePkcePair(), "https://cc.example.test/cb");
    checkErrorRedirect(sendAuthorize(mock, p), "https://cc.example.test/cb", "unauthorized_client", "st-1",
                       mock.issuer());
}

BOOST_AUTO_TEST_CASE(error_redirect_without_state_has_no_state)
{
    oauth::FormData p = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", "", "");
    p.set("response_type", "token");
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "unsupported_response_type", "", mock.issuer());
}

BOOST_AUTO_TEST_CASE(error_redirect_keeps_the_registered_query)
{
    // The registered URI's own query is kept and the error parameters are added (RFC 6749 §3.1.2).
    auto reg = mock.client().postJson(
        "/_mock/clients", R"({"client_id":"with-query","auto_approve":true,)"
                          R"("redirect_uris":["https://q.example.test/cb?tenant=7"],"scopes":["read:buildings"]})");
    BOOST_TEST_REQUIRE(reg.status == 201, reg.body);
    oauth::FormData p = mock.codeRequest("with-query", oauth::generatePkcePair(), "https://q.example.test/cb?tenant=7");
    p.set("response_type", "foo");
    auto outcome = sendAuthorize(mock, p);
    BOOST_TEST(outcome.location.rfind("https://q.example.test/cb?tenant=7&", 0) == 0u, outcome.location);
    BOOST_TEST(outcome.params.get("tenant").value_or("") == "7");
    BOOST_TEST(outcome.error() == "unsupported_response_type");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(success, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(code_redirect_carries_code_state_and_iss)
{
    auto outcome = sendAuthorize(mock, autoRequest(mock));
    BOOST_TEST(outcome.response.status == 302);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(outcome.params.get("state").value_or("") == "st-1");
    BOOST_TEST(outcome.response.header("Cache-Control") == "no-store");
}

BOOST_AUTO_TEST_CASE(random_state_is_echoed_byte_for_byte)
{
    const std::string state = oauth::randomToken(32); // 43 base64url characters
    BOOST_TEST_REQUIRE(state.size() == 43u);
    oauth::FormData p = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", "", state);
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(outcome.params.get("state").value_or("") == state);
}

BOOST_AUTO_TEST_CASE(state_with_vschar_specials_is_echoed_byte_for_byte)
{
    const std::string state = "a b+c/d=e&f#g%h\"i?j;k'l<m>n\\o~p!q*r(s)t[u]v{w}x|y^z`,:@$";
    oauth::FormData p = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", "", state);
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(outcome.params.get("state").value_or("") == state);
    BOOST_TEST(outcome.params.count("state") == 1u);
    // Encoded in the Location, so the specials cannot start a fragment or a new parameter.
    BOOST_TEST(outcome.location.find('#') == std::string::npos);
    BOOST_TEST(outcome.location.find(' ') == std::string::npos);
    BOOST_TEST(outcome.location.find('"') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(long_state_is_echoed_byte_for_byte)
{
    std::string state;
    for (int i = 0; state.size() < 1500; ++i)
        state += static_cast<char>(0x20 + (i * 7) % 95); // every VSCHAR, %x20-7E
    oauth::FormData p = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", "", state);
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(outcome.params.get("state").value_or("") == state);
}

BOOST_AUTO_TEST_CASE(no_state_sent_none_returned)
{
    oauth::FormData p = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", "", "");
    BOOST_TEST_REQUIRE(!p.has("state"));
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(!outcome.params.has("state"));

    p.add("state", ""); // empty counts as absent
    outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(!outcome.params.has("state"));
}

BOOST_AUTO_TEST_CASE(iss_is_the_metadata_issuer_on_success_and_error)
{
    auto metadata = mock.client().get("/.well-known/oauth-authorization-server");
    BOOST_TEST_REQUIRE(metadata.status == 200);
    const std::string issuer = metadata.jsonString("issuer");
    BOOST_TEST(issuer == mock.issuer());

    auto success = sendAuthorize(mock, autoRequest(mock));
    BOOST_TEST(success.params.get("iss").value_or("") == issuer);
    BOOST_TEST(success.params.count("iss") == 1u);
    oauth::FormData bad = autoRequest(mock);
    bad.set("response_type", "token");
    auto failure = sendAuthorize(mock, bad);
    BOOST_TEST(failure.params.get("iss").value_or("") == issuer);
}

BOOST_AUTO_TEST_CASE(unknown_parameters_are_ignored)
{
    oauth::FormData p = autoRequest(mock);
    p.add("x_foo", "1");
    p.add("resource_hint", "whatever");
    p.add("nonce", "n-0S6_WzA2Mj");
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(!outcome.params.has("x_foo"));
}

BOOST_AUTO_TEST_CASE(empty_optional_parameters_count_as_absent)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    oauth::FormData p = autoRequest(mock, pkce);
    p.add("scope", "");
    p.add("login_hint", "");
    p.add("prompt", "");
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(grantedScope(mock, "public-auto", outcome.code(), pkce.verifier) == "read:buildings");
}

BOOST_AUTO_TEST_CASE(default_scope_applies_when_scope_is_omitted)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto outcome = sendAuthorize(mock, autoRequest(mock, pkce));
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(grantedScope(mock, "public-auto", outcome.code(), pkce.verifier) == "read:buildings");
}

BOOST_AUTO_TEST_CASE(requested_scope_is_granted)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto outcome = sendAuthorize(mock, mock.codeRequest("public-auto", pkce, "", "write:addresses read:buildings"));
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    std::string scope = grantedScope(mock, "public-auto", outcome.code(), pkce.verifier);
    BOOST_TEST((scope == "read:buildings write:addresses" || scope == "write:addresses read:buildings"), scope);
}

BOOST_AUTO_TEST_CASE(post_with_form_body_works)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto outcome = sendAuthorize(mock, autoRequest(mock, pkce), true);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(outcome.params.get("state").value_or("") == "st-1");
    BOOST_TEST(mock.exchangeCode("public-auto", outcome.code(), pkce.verifier).status == 200);

    // POST errors are handled as for GET: a bad redirect URI still gets the page.
    oauth::FormData bad = autoRequest(mock);
    bad.set("redirect_uri", "https://evil.example.test/cb");
    checkErrorPage(sendAuthorize(mock, bad, true));
}

BOOST_AUTO_TEST_CASE(confidential_client_may_omit_pkce_by_policy)
{
    // RFC 9700 §2.1.1: PKCE only RECOMMENDED for confidential clients; the default policy allows it.
    oauth::FormData p = mock.codeRequest("backend", oauth::generatePkcePair());
    p.remove("code_challenge");
    p.remove("code_challenge_method");
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, "https://backend.example.test/cb", mock.issuer());
}

BOOST_AUTO_TEST_CASE(plain_allowed_by_client_policy)
{
    // plain-ok allows plain (a policy, not a quirk); no method at all then means plain too.
    oauth::PkcePair plain = oauth::generatePkcePair(oauth::PkceMethod::Plain);
    auto outcome = sendAuthorize(mock, mock.codeRequest("plain-ok", plain));
    checkCodeRedirect(outcome, "https://plain.example.test/cb", mock.issuer());
    BOOST_TEST(mock.exchangeCode("plain-ok", outcome.code(), plain.verifier).status == 200);

    oauth::FormData noMethod = mock.codeRequest("plain-ok", plain);
    noMethod.remove("code_challenge_method");
    outcome = sendAuthorize(mock, noMethod);
    checkCodeRedirect(outcome, "https://plain.example.test/cb", mock.issuer());
    BOOST_TEST(mock.exchangeCode("plain-ok", outcome.code(), plain.verifier).status == 200);
}

BOOST_AUTO_TEST_CASE(login_hint_picks_the_auto_approve_user)
{
    // native-app has no auto_approve_user: login_hint names the user, else the first one.
    oauth::PkcePair pkce = oauth::generatePkcePair();
    oauth::FormData p = mock.codeRequest("native-app", pkce);
    p.add("login_hint", "bob");
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, "http://127.0.0.1/callback", mock.issuer());
    auto token = mock.exchangeCode("native-app", outcome.code(), pkce.verifier);
    BOOST_TEST_REQUIRE(token.status == 200);
    oauth::FormData introspect;
    introspect.add("token", token.jsonString("access_token"));
    auto info = mock.client().postForm("/introspect", introspect, mock.clientAuthHeaders("resource-server"));
    BOOST_TEST(info.status == 200);
    BOOST_TEST(info.jsonString("username") == "bob", info.body);
}

BOOST_AUTO_TEST_SUITE_END()

// Each quirk next to the strict behaviour it breaks.
BOOST_FIXTURE_TEST_SUITE(quirks, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(accept_plain_pkce)
{
    oauth::PkcePair plain = oauth::generatePkcePair(oauth::PkceMethod::Plain);
    oauth::FormData noMethod = mock.codeRequest("public-auto", plain);
    noMethod.remove("code_challenge_method");
    checkErrorRedirect(sendAuthorize(mock, mock.codeRequest("public-auto", plain)), kAutoUri, "invalid_request", "st-1",
                       mock.issuer());
    checkErrorRedirect(sendAuthorize(mock, noMethod), kAutoUri, "invalid_request", "st-1", mock.issuer());

    mock.enable(mock::Quirk::AcceptPlainPkce);
    auto outcome = sendAuthorize(mock, mock.codeRequest("public-auto", plain));
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(mock.exchangeCode("public-auto", outcome.code(), plain.verifier).status == 200);
    checkCodeRedirect(sendAuthorize(mock, noMethod), kAutoUri, mock.issuer());
}

BOOST_AUTO_TEST_CASE(pkce_not_required)
{
    oauth::FormData p = autoRequest(mock);
    p.remove("code_challenge");
    p.remove("code_challenge_method");
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "st-1", mock.issuer());

    mock.enable(mock::Quirk::PkceNotRequired);
    checkCodeRedirect(sendAuthorize(mock, p), kAutoUri, mock.issuer());
}

BOOST_AUTO_TEST_CASE(repeated_params_accepted)
{
    oauth::FormData twoTypes = autoRequest(mock);
    twoTypes.add("response_type", "code");
    oauth::FormData twoClients = autoRequest(mock);
    twoClients.add("client_id", "public-auto");
    checkErrorRedirect(sendAuthorize(mock, twoTypes), kAutoUri, "invalid_request", "st-1", mock.issuer());
    checkErrorPage(sendAuthorize(mock, twoClients));

    mock.enable(mock::Quirk::RepeatedParamsAccepted);
    checkCodeRedirect(sendAuthorize(mock, twoTypes), kAutoUri, mock.issuer());
    checkCodeRedirect(sendAuthorize(mock, twoClients), kAutoUri, mock.issuer());
}

BOOST_AUTO_TEST_CASE(no_state_echo)
{
    oauth::FormData bad = autoRequest(mock);
    bad.set("response_type", "token");
    BOOST_TEST(sendAuthorize(mock, autoRequest(mock)).params.get("state").value_or("") == "st-1");
    BOOST_TEST(sendAuthorize(mock, bad).params.get("state").value_or("") == "st-1");

    mock.enable(mock::Quirk::NoStateEcho);
    auto success = sendAuthorize(mock, autoRequest(mock));
    checkCodeRedirect(success, kAutoUri, mock.issuer());
    BOOST_TEST(!success.params.has("state"));
    checkErrorRedirect(sendAuthorize(mock, bad), kAutoUri, "unsupported_response_type", "", mock.issuer());
}

BOOST_AUTO_TEST_CASE(no_iss)
{
    oauth::FormData bad = autoRequest(mock);
    bad.set("response_type", "token");
    BOOST_TEST(sendAuthorize(mock, autoRequest(mock)).params.get("iss").value_or("") == mock.issuer());
    BOOST_TEST(sendAuthorize(mock, bad).params.get("iss").value_or("") == mock.issuer());

    mock.enable(mock::Quirk::NoIss);
    auto success = sendAuthorize(mock, autoRequest(mock));
    BOOST_TEST(!success.code().empty());
    BOOST_TEST(!success.params.has("iss"));
    auto failure = sendAuthorize(mock, bad);
    BOOST_TEST(failure.error() == "unsupported_response_type");
    BOOST_TEST(!failure.params.has("iss"));
    // Metadata still advertises iss support: that mismatch is what the quirk is for.
    auto metadata = mock.client().get("/.well-known/oauth-authorization-server");
    BOOST_TEST(metadata.json()["authorization_response_iss_parameter_supported"].GetBool());
}

BOOST_AUTO_TEST_CASE(cors_on_authorize)
{
    const std::string target = "/authorize?" + autoRequest(mock).encode();
    const std::vector<std::pair<std::string, std::string>> origin = {{"Origin", "https://evil.example.test"}};
    BOOST_TEST(!mock.client().get(target, origin).headers.has("Access-Control-Allow-Origin"));

    mock.enable(mock::Quirk::CorsOnAuthorize);
    auto answer = mock.client().get(target, origin);
    BOOST_TEST(answer.status == 302);
    BOOST_TEST(answer.header("Access-Control-Allow-Origin") == "*");
    auto preflight = mock.client().request("OPTIONS", "/authorize", "", "",
                                           {{"Origin", "https://evil.example.test"}, {"Access-Control-Request-Method", "GET"}});
    BOOST_TEST(preflight.status == 204);
    BOOST_TEST(preflight.header("Access-Control-Allow-Origin") == "*");
    BOOST_TEST(preflight.header("Access-Control-Allow-Methods").find("GET") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(implicit_grant_enabled)
{
    oauth::FormData implicit = autoRequest(mock);
    implicit.set("response_type", "token");
    checkErrorRedirect(sendAuthorize(mock, implicit), kAutoUri, "unsupported_response_type", "st-1", mock.issuer());

    mock.enable(mock::Quirk::ImplicitGrantEnabled);
    auto outcome = sendAuthorize(mock, implicit);
    BOOST_TEST(outcome.response.status == 302);
    BOOST_TEST_REQUIRE(outcome.location.rfind(kAutoUri + "#", 0) == 0u, "location " << outcome.location);
    auto fragment = oauth::FormData::parse(outcome.location.substr(kAutoUri.size() + 1));
    BOOST_TEST(fragment.get("token_type").value_or("") == "Bearer");
    BOOST_TEST(fragment.get("state").value_or("") == "st-1");
    BOOST_TEST(fragment.get("iss").value_or("") == mock.issuer());
    BOOST_TEST(!fragment.has("code"));
    BOOST_TEST(std::stol(fragment.get("expires_in").value_or("0")) > 0);
    BOOST_TEST(mock.callApi(fragment.get("access_token").value_or("")).status == 200);
    checkCodeRedirect(sendAuthorize(mock, autoRequest(mock)), kAutoUri, mock.issuer()); // the code flow is unchanged
}

BOOST_AUTO_TEST_CASE(no_referrer_policy)
{
    oauth::FormData bad = autoRequest(mock);
    bad.set("response_type", "token");
    BOOST_TEST(sendAuthorize(mock, autoRequest(mock)).response.header("Referrer-Policy") == "no-referrer");
    BOOST_TEST(sendAuthorize(mock, bad).response.header("Referrer-Policy") == "no-referrer");

    mock.enable(mock::Quirk::NoReferrerPolicy);
    auto success = sendAuthorize(mock, autoRequest(mock));
    checkCodeRedirect(success, kAutoUri, mock.issuer());
    BOOST_TEST(!success.response.headers.has("Referrer-Policy"));
    BOOST_TEST(!sendAuthorize(mock, bad).response.headers.has("Referrer-Policy"));
}

BOOST_AUTO_TEST_CASE(echo_code_challenge)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto strict = sendAuthorize(mock, autoRequest(mock, pkce));
    checkCodeRedirect(strict, kAutoUri, mock.issuer());
    BOOST_TEST(!strict.params.has("code_challenge"));

    mock.enable(mock::Quirk::EchoCodeChallenge);
    auto outcome = sendAuthorize(mock, autoRequest(mock, pkce));
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    BOOST_TEST(outcome.params.get("code_challenge").value_or("") == pkce.challenge);
    BOOST_TEST(mock.exchangeCode("public-auto", outcome.code(), pkce.verifier).status == 200);
}

BOOST_AUTO_TEST_CASE(unknown_pkce_method_accepted)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    oauth::FormData p = autoRequest(mock, pkce);
    p.set("code_challenge_method", "S512");
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "st-1", mock.issuer());

    mock.enable(mock::Quirk::UnknownPkceMethodAccepted);
    auto outcome = sendAuthorize(mock, p);
    checkCodeRedirect(outcome, kAutoUri, mock.issuer());
    // Treated as plain: the challenge itself is the verifier.
    BOOST_TEST(mock.exchangeCode("public-auto", outcome.code(), pkce.verifier).status == 400);
    BOOST_TEST(mock.exchangeCode("public-auto", sendAuthorize(mock, p).code(), pkce.challenge).status == 200);
    // plain itself is still refused for this client.
    p.set("code_challenge_method", "plain");
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "st-1", mock.issuer());
}

BOOST_AUTO_TEST_CASE(unknown_client_redirected)
{
    oauth::FormData p = autoRequest(mock);
    p.set("client_id", "no-such-client");
    oauth::FormData noRedirect = p;
    noRedirect.remove("redirect_uri");
    checkErrorPage(sendAuthorize(mock, p));

    mock.enable(mock::Quirk::UnknownClientRedirected);
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "unauthorized_client", "st-1", mock.issuer());
    checkErrorPage(sendAuthorize(mock, noRedirect)); // nowhere to send it
}

BOOST_AUTO_TEST_CASE(state_required)
{
    oauth::FormData p = autoRequest(mock);
    p.remove("state");
    auto strict = sendAuthorize(mock, p);
    checkCodeRedirect(strict, kAutoUri, mock.issuer());
    BOOST_TEST(!strict.params.has("state"));

    mock.enable(mock::Quirk::StateRequired);
    checkErrorRedirect(sendAuthorize(mock, p), kAutoUri, "invalid_request", "", mock.issuer());
    checkCodeRedirect(sendAuthorize(mock, autoRequest(mock)), kAutoUri, mock.issuer());
}

BOOST_AUTO_TEST_SUITE_END()
