#define BOOST_TEST_MODULE TokenPkceTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"
#include "TokenChecks.h"

// PKCE at the token endpoint: RFC 7636 §4.1 (verifier syntax), §4.5, §4.6 (verification with
// the method bound at authorization time), RFC 9700 §4.8.2 (downgrade); catalogue PKCE-02,
// PKCE-03, PKCE-08, PKCE-09, PKCE-10.

using mocktest::checkTokenError;
using mocktest::checkTokenSuccess;

namespace {

/// A PKCE pair whose challenge is computed from an arbitrary (possibly malformed) verifier.
oauth::PkcePair pairFor(const std::string& verifier, oauth::PkceMethod method = oauth::PkceMethod::S256)
{
    return {verifier, oauth::computeCodeChallenge(verifier, method), method};
}

/// Authorizes "backend" without any code_challenge (its pkce_required is false).
std::string codeWithoutChallenge(mocktest::TestServer& mock)
{
    oauth::FormData request = mock.codeRequest("backend", oauth::generatePkcePair());
    request.remove("code_challenge");
    request.remove("code_challenge_method");
    auto outcome = mock.authorize(request);
    BOOST_REQUIRE_MESSAGE(!outcome.code().empty(), "no code: " << outcome.location << " " << outcome.response.body);
    return outcome.code();
}

/// The verifiers of PKCE-08: each violates 43*128unreserved (RFC 7636 §4.1).
std::vector<std::string> malformedVerifiers()
{
    return {std::string(42, 'a'),
            std::string(129, 'b'),
            std::string(43, 'c') + "+",
            std::string(43, 'd') + "=",
            std::string(43, 'e') + " f",
            std::string(43, 'g') + "/",
            "abc"};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(token_pkce, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(matching_s256_verifier_succeeds)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    checkTokenSuccess(mock.exchangeCode("public-app", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(wrong_verifier_is_invalid_grant)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    checkTokenError(mock.exchangeCode("public-app", code, oauth::generatePkcePair().verifier), 400, "invalid_grant");
    // The code survives a failed attempt (no revocation, CODE-03).
    checkTokenSuccess(mock.exchangeCode("public-app", code, pkce.verifier));
}

BOOST_AUTO_TEST_CASE(quirk_accept_wrong_verifier_issues_tokens)
{
    mock.enable(mock::Quirk::AcceptWrongVerifier);
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    checkTokenSuccess(mock.exchangeCode("public-app", code, oauth::generatePkcePair().verifier));
}

BOOST_AUTO_TEST_CASE(missing_or_empty_verifier_is_invalid_grant)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    checkTokenError(mock.exchangeCode("public-app", code, ""), 400, "invalid_grant");

    oauth::FormData form = mock.clientForm("public-app");
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("public-app"));
    form.add("code_verifier", "");
    checkTokenError(mock.client().postForm("/token", form), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(quirk_accept_missing_verifier_issues_tokens)
{
    mock.enable(mock::Quirk::AcceptMissingVerifier);
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    checkTokenSuccess(mock.exchangeCode("public-app", code, ""));
}

BOOST_AUTO_TEST_CASE(malformed_verifiers_are_refused_even_when_the_hash_matches)
{
    for (const std::string& verifier : malformedVerifiers())
    {
        BOOST_TEST_CONTEXT("verifier '" << verifier << "' (" << verifier.size() << " chars)")
        {
            oauth::PkcePair pkce = pairFor(verifier);
            std::string code = mock.obtainCode("public-app", pkce);
            auto r = mock.exchangeCode("public-app", code, verifier);
            BOOST_TEST(r.status == 400);
            BOOST_TEST((r.jsonString("error") == "invalid_grant" || r.jsonString("error") == "invalid_request"));
            checkTokenError(r, 400, r.jsonString("error"));
        }
    }
}

BOOST_AUTO_TEST_CASE(quirk_verifier_format_unchecked_accepts_malformed_verifiers)
{
    mock.enable(mock::Quirk::VerifierFormatUnchecked);
    for (const std::string& verifier : {std::string(42, 'a'), std::string("abc"), std::string(43, 'c') + "+"})
    {
        BOOST_TEST_CONTEXT("verifier '" << verifier << "'")
        {
            oauth::PkcePair pkce = pairFor(verifier);
            std::string code = mock.obtainCode("public-app", pkce);
            checkTokenSuccess(mock.exchangeCode("public-app", code, verifier));
        }
    }
}

BOOST_AUTO_TEST_CASE(challenge_sent_as_verifier_with_plain_is_invalid_grant)
{
    // PKCE-10: the method bound at authorization (S256) governs, not the token request's claim.
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = mock.obtainCode("public-app", pkce);
    oauth::FormData form = mock.clientForm("public-app");
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("public-app"));
    form.add("code_verifier", pkce.challenge);
    form.add("code_challenge_method", "plain");
    checkTokenError(mock.client().postForm("/token", form), 400, "invalid_grant");
    checkTokenError(mock.exchangeCode("public-app", code, pkce.challenge), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(code_without_challenge_redeems_without_verifier)
{
    std::string code = codeWithoutChallenge(mock);
    checkTokenSuccess(mock.exchangeCode("backend", code, ""));
}

BOOST_AUTO_TEST_CASE(empty_verifier_for_code_without_challenge_counts_as_absent)
{
    std::string code = codeWithoutChallenge(mock);
    oauth::FormData form;
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", mocktest::TestServer::redirectUriOf("backend"));
    form.add("code_verifier", "");
    checkTokenSuccess(mock.client().postForm("/token", form, mock.clientAuthHeaders("backend")));
}

BOOST_AUTO_TEST_CASE(downgrade_verifier_for_code_without_challenge_is_invalid_request)
{
    std::string code = codeWithoutChallenge(mock);
    checkTokenError(mock.exchangeCode("backend", code, oauth::generatePkcePair().verifier), 400, "invalid_request");
}

BOOST_AUTO_TEST_CASE(quirk_pkce_downgrade_accepted_issues_tokens)
{
    mock.enable(mock::Quirk::PkceDowngradeAccepted);
    std::string code = codeWithoutChallenge(mock);
    checkTokenSuccess(mock.exchangeCode("backend", code, oauth::generatePkcePair().verifier));
}

BOOST_AUTO_TEST_CASE(plain_pkce_works_end_to_end_for_a_client_allowed_to_use_it)
{
    oauth::PkcePair pkce = oauth::generatePkcePair(oauth::PkceMethod::Plain);
    BOOST_REQUIRE(pkce.challenge == pkce.verifier);
    auto outcome = mock.authorize(mock.codeRequest("plain-ok", pkce));
    BOOST_REQUIRE_MESSAGE(!outcome.code().empty(), outcome.location << " " << outcome.response.body);
    auto r = mock.exchangeCode("plain-ok", outcome.code(), pkce.verifier);
    checkTokenSuccess(r);
    BOOST_TEST(mock.callApi(r.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_CASE(plain_pkce_with_another_verifier_is_invalid_grant)
{
    oauth::PkcePair pkce = oauth::generatePkcePair(oauth::PkceMethod::Plain);
    auto outcome = mock.authorize(mock.codeRequest("plain-ok", pkce));
    BOOST_REQUIRE(!outcome.code().empty());
    checkTokenError(mock.exchangeCode("plain-ok", outcome.code(), oauth::generatePkcePair().verifier), 400,
                    "invalid_grant");
}

BOOST_AUTO_TEST_SUITE_END()
