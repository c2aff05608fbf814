#define BOOST_TEST_MODULE LoginPageTest
#include <boost/test/unit_test.hpp>

#include "AuthorizeHelpers.h"
#include "MockTestSupport.h"

// The login and consent page shown by /authorize and its form target POST /login: HTML escaping,
// clickjacking headers (RFC 9700 §4.16), 303 after the credential POST (RFC 9700 §4.12),
// access_denied on deny (RFC 6749 §4.1.2.1), one use per transaction, and its lifetime.

using mocktest::checkCodeRedirect;
using mocktest::checkErrorRedirect;
using mocktest::HttpResult;
using mocktest::sendAuthorize;
using mocktest::transactionOf;

namespace {

const std::string kAppUri = "https://app.example.test/cb";

/// Opens the login page for public-app (no auto-approve); BOOST_REQUIREs that it is one.
HttpResult openLoginPage(const mocktest::TestServer& mock, const oauth::FormData& params)
{
    auto page = sendAuthorize(mock, params).response;
    BOOST_TEST_REQUIRE(page.status == 200, "status " << page.status << ": " << page.body.substr(0, 300));
    BOOST_TEST_REQUIRE(!transactionOf(page).empty());
    return page;
}

HttpResult openLoginPage(const mocktest::TestServer& mock)
{
    return openLoginPage(mock, mock.codeRequest("public-app", oauth::generatePkcePair()));
}

/// POST /login for a transaction.
mocktest::AuthorizationOutcome submit(const mocktest::TestServer& mock, const std::string& transaction,
                                      const std::string& decision, const std::string& user = "alice",
                                      const std::string& password = "alice-pw")
{
    oauth::FormData form;
    form.add("transaction", transaction);
    form.add("username", user);
    form.add("password", password);
    form.add("decision", decision);
    mocktest::AuthorizationOutcome outcome;
    outcome.response = mock.client().postForm("/login", form);
    outcome.location = outcome.response.header("Location");
    if (!outcome.location.empty())
        outcome.params = mocktest::queryOf(outcome.location);
    return outcome;
}

void checkFrameProtection(const HttpResult& page)
{
    BOOST_TEST(page.header("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos,
               page.header("Content-Security-Policy"));
    BOOST_TEST(page.header("X-Frame-Options") == "DENY");
    BOOST_TEST(page.header("Cache-Control") == "no-store");
}

/// A refusal of the form post: an error page, 400, no redirect.
void checkRefusedSubmit(const mocktest::AuthorizationOutcome& outcome)
{
    BOOST_TEST(outcome.response.status == 400);
    BOOST_TEST(!outcome.response.headers.has("Location"), outcome.location);
    BOOST_TEST(outcome.response.body.find("name=\"transaction\"") == std::string::npos);
}

const std::string kScript = "<script>alert(1)</script>";

} // namespace

BOOST_FIXTURE_TEST_SUITE(page, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(page_has_form_and_protective_headers)
{
    auto page = openLoginPage(mock);
    BOOST_TEST(page.header("Content-Type").rfind("text/html", 0) == 0u);
    BOOST_TEST(page.body.find("<form method=\"post\"") != std::string::npos);
    BOOST_TEST(page.body.find("read:buildings") != std::string::npos);
    BOOST_TEST(page.body.find("public-app") != std::string::npos);
    checkFrameProtection(page);
    BOOST_TEST(page.header("Referrer-Policy") == "no-referrer");
    BOOST_TEST(!page.headers.has("Location"));
}

BOOST_AUTO_TEST_CASE(error_page_has_protective_headers_too)
{
    oauth::FormData p = mock.codeRequest("public-app", oauth::generatePkcePair());
    p.set("client_id", "nobody");
    auto outcome = sendAuthorize(mock, p);
    mocktest::checkErrorPage(outcome);
    checkFrameProtection(outcome.response);
}

BOOST_AUTO_TEST_CASE(login_hint_is_escaped)
{
    oauth::FormData p = mock.codeRequest("public-app", oauth::generatePkcePair());
    p.add("login_hint", kScript + "\"><img src=x onerror=alert(2)>");
    auto page = openLoginPage(mock, p);
    BOOST_TEST(page.body.find("<script>") == std::string::npos);
    BOOST_TEST(page.body.find("<img") == std::string::npos);
    BOOST_TEST(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(page.body.find("&quot;&gt;&lt;img") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_id_registered_at_run_time_is_escaped)
{
    auto reg = mock.client().postJson("/_mock/clients", R"({"client_id":"<script>alert(1)</script>",)"
                                                        R"("redirect_uris":["https://xss.example.test/cb"],)"
                                                        R"("scopes":["read:buildings"]})");
    BOOST_TEST_REQUIRE(reg.status == 201, reg.body);
    oauth::FormData p = mock.codeRequest(kScript, oauth::generatePkcePair(), "https://xss.example.test/cb");
    auto page = openLoginPage(mock, p);
    BOOST_TEST(page.body.find("<script>") == std::string::npos);
    BOOST_TEST(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

    // The page for an unknown client echoes the id escaped as well.
    p.set("client_id", "<script>alert(3)</script>");
    auto error = sendAuthorize(mock, p);
    mocktest::checkErrorPage(error);
    BOOST_TEST(error.response.body.find("<script>") == std::string::npos);
    BOOST_TEST(error.response.body.find("&lt;script&gt;alert(3)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(get_login_is_method_not_allowed)
{
    auto r = mock.client().get("/login");
    BOOST_TEST(r.status == 405);
    BOOST_TEST(!r.headers.has("Location"));
    auto page = openLoginPage(mock);
    auto withTransaction = mock.client().get("/login?transaction=" + transactionOf(page) +
                                             "&username=alice&password=alice-pw&decision=approve");
    BOOST_TEST(withTransaction.status == 405);
    BOOST_TEST(!withTransaction.headers.has("Location"));
    // The GET did not consume it.
    BOOST_TEST(submit(mock, transactionOf(page), "approve").response.status == 303);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(form, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(approve_answers_303_with_code_state_and_iss)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto page = openLoginPage(mock, mock.codeRequest("public-app", pkce, "", "", "st-approve"));
    auto outcome = submit(mock, transactionOf(page), "approve");
    BOOST_TEST(outcome.response.status == 303);
    checkCodeRedirect(outcome, kAppUri, mock.issuer());
    BOOST_TEST(outcome.params.get("state").value_or("") == "st-approve");
    BOOST_TEST(outcome.response.header("Cache-Control") == "no-store");
    BOOST_TEST(mock.exchangeCode("public-app", outcome.code(), pkce.verifier).status == 200);
}

BOOST_AUTO_TEST_CASE(deny_answers_303_with_access_denied_and_state)
{
    auto page = openLoginPage(mock, mock.codeRequest("public-app", oauth::generatePkcePair(), "", "", "st-deny"));
    auto outcome = submit(mock, transactionOf(page), "deny", "", "");
    BOOST_TEST(outcome.response.status == 303);
    BOOST_TEST(outcome.location.rfind(kAppUri + "?", 0) == 0u, outcome.location);
    BOOST_TEST(outcome.error() == "access_denied");
    BOOST_TEST(outcome.params.get("state").value_or("") == "st-deny");
    BOOST_TEST(outcome.params.get("iss").value_or("") == mock.issuer());
    BOOST_TEST(!outcome.params.has("code"));
}

// 200, not 401: a 401 must carry WWW-Authenticate (RFC 9110 section 15.5.2), which a form login has none of.
BOOST_AUTO_TEST_CASE(wrong_password_shows_the_page_again_with_200)
{
    auto page = openLoginPage(mock);
    const std::string transaction = transactionOf(page);
    for (auto [user, password] : {std::pair<const char*, const char*>{"alice", "wrong"}, {"alice", ""},
                                  {"nobody", "alice-pw"}, {"bob", "alice-pw"}})
    {
        BOOST_TEST_CONTEXT(user << " / " << password)
        {
            auto outcome = submit(mock, transaction, "approve", user, password);
            BOOST_TEST(outcome.response.status == 200);
            BOOST_TEST(!outcome.response.headers.has("WWW-Authenticate"));
            BOOST_TEST(!outcome.response.headers.has("Location"), outcome.location);
            BOOST_TEST(transactionOf(outcome.response) == transaction);
            BOOST_TEST(outcome.response.body.find("id=\"problem\"") != std::string::npos);
            checkFrameProtection(outcome.response);
        }
    }
    // The failed attempts did not use up the transaction.
    auto outcome = submit(mock, transaction, "approve");
    BOOST_TEST(outcome.response.status == 303);
    checkCodeRedirect(outcome, kAppUri, mock.issuer());
}

BOOST_AUTO_TEST_CASE(transaction_cannot_be_used_twice)
{
    auto page = openLoginPage(mock);
    BOOST_TEST(submit(mock, transactionOf(page), "approve").response.status == 303);
    checkRefusedSubmit(submit(mock, transactionOf(page), "approve"));
    checkRefusedSubmit(submit(mock, transactionOf(page), "deny"));

    auto denied = openLoginPage(mock);
    BOOST_TEST(submit(mock, transactionOf(denied), "deny").response.status == 303);
    checkRefusedSubmit(submit(mock, transactionOf(denied), "approve"));
}

BOOST_AUTO_TEST_CASE(unknown_or_missing_transaction_is_refused)
{
    checkRefusedSubmit(submit(mock, "not-a-transaction", "approve"));
    checkRefusedSubmit(submit(mock, "", "approve"));
}

BOOST_AUTO_TEST_CASE(expired_transaction_is_refused)
{
    // lifetimes.login_transaction defaults to 600 s.
    auto stillValid = openLoginPage(mock);
    auto expired = openLoginPage(mock);
    mock.state().clock().advance(599);
    BOOST_TEST(submit(mock, transactionOf(stillValid), "approve").response.status == 303);
    mock.state().clock().advance(2); // 601 s after the page was shown
    checkRefusedSubmit(submit(mock, transactionOf(expired), "approve"));
    checkRefusedSubmit(submit(mock, transactionOf(expired), "deny"));
}

BOOST_AUTO_TEST_CASE(login_hint_user_can_sign_in)
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    oauth::FormData p = mock.codeRequest("public-app", pkce);
    p.add("login_hint", "bob");
    auto page = openLoginPage(mock, p);
    BOOST_TEST(page.body.find("value=\"bob\"") != std::string::npos);
    auto outcome = submit(mock, transactionOf(page), "approve", "bob", "bob-pw");
    checkCodeRedirect(outcome, kAppUri, mock.issuer());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(quirks, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(login_307)
{
    BOOST_TEST(submit(mock, transactionOf(openLoginPage(mock)), "approve").response.status == 303);
    BOOST_TEST(submit(mock, transactionOf(openLoginPage(mock)), "deny").response.status == 303);

    mock.enable(mock::Quirk::Login307);
    auto approved = submit(mock, transactionOf(openLoginPage(mock)), "approve");
    BOOST_TEST(approved.response.status == 307);
    BOOST_TEST(!approved.code().empty());
    auto denied = submit(mock, transactionOf(openLoginPage(mock)), "deny");
    BOOST_TEST(denied.response.status == 307);
    BOOST_TEST(denied.error() == "access_denied");
}

BOOST_AUTO_TEST_CASE(no_frame_protection)
{
    checkFrameProtection(openLoginPage(mock));

    mock.enable(mock::Quirk::NoFrameProtection);
    auto page = openLoginPage(mock);
    BOOST_TEST(!page.headers.has("X-Frame-Options"));
    BOOST_TEST(page.header("Content-Security-Policy").find("frame-ancestors") == std::string::npos);
    BOOST_TEST(page.header("Cache-Control") == "no-store"); // only the framing defence is gone
}

BOOST_AUTO_TEST_CASE(implicit_grant_enabled)
{
    oauth::FormData implicit = mock.codeRequest("public-app", oauth::generatePkcePair(), "", "", "st-imp");
    implicit.set("response_type", "token");
    BOOST_TEST(sendAuthorize(mock, implicit).error() == "unsupported_response_type");

    mock.enable(mock::Quirk::ImplicitGrantEnabled);
    implicit.remove("code_challenge");
    implicit.remove("code_challenge_method");
    auto outcome = submit(mock, transactionOf(openLoginPage(mock, implicit)), "approve");
    BOOST_TEST(outcome.response.status == 303);
    BOOST_TEST_REQUIRE(outcome.location.rfind(kAppUri + "#", 0) == 0u, "location " << outcome.location);
    auto fragment = oauth::FormData::parse(outcome.location.substr(kAppUri.size() + 1));
    BOOST_TEST(fragment.get("state").value_or("") == "st-imp");
    BOOST_TEST(mock.callApi(fragment.get("access_token").value_or("")).status == 200);
    auto code = submit(mock, transactionOf(openLoginPage(mock)), "approve"); // a code request still gets a code
    checkCodeRedirect(code, kAppUri, mock.issuer());
}

BOOST_AUTO_TEST_CASE(no_referrer_policy)
{
    BOOST_TEST(openLoginPage(mock).header("Referrer-Policy") == "no-referrer");

    mock.enable(mock::Quirk::NoReferrerPolicy);
    auto page = openLoginPage(mock);
    BOOST_TEST(!page.headers.has("Referrer-Policy"));
    checkFrameProtection(page); // the other page headers stay
    auto approved = submit(mock, transactionOf(page), "approve");
    BOOST_TEST(approved.response.status == 303);
    BOOST_TEST(!approved.response.headers.has("Referrer-Policy"));
}

BOOST_AUTO_TEST_SUITE_END()
