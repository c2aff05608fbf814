#define BOOST_TEST_MODULE UserAgentTest
#include <boost/test/unit_test.hpp>

#include "conformance/UserAgent.h"

#include "FunctionServer.h"
#include "MockTestSupport.h"

#include <oauth/Pkce.h>

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <memory>
#include <sstream>

using conformance::AuthorizationResult;
using conformance::HttpClient;
using conformance::HttpClientOptions;
using conformance::LoginRecipe;
using conformance::UserAgent;

using functionserver::FunctionServer;
using functionserver::redirect;
using functionserver::send;

namespace {

/// The HTTPS mock the tests share (started once, reset per test).
mocktest::TestServer& httpsMock()
{
    static mocktest::TestServer server(true);
    return server;
}

HttpClient mockClient()
{
    HttpClientOptions options;
    options.caFile = httpsMock().server().caCertificateFile();
    options.totalTimeoutMs = 5000;
    return HttpClient(options);
}

LoginRecipe alice(const std::string& password = "alice-pw")
{
    LoginRecipe recipe;
    recipe.username = "alice";
    recipe.password = password;
    return recipe;
}

std::string authorizationUrl(const std::string& clientId, const std::string& redirectUri, const std::string& state)
{
    oauth::FormData params = httpsMock().codeRequest(clientId, oauth::generatePkcePair(), redirectUri, "", state);
    return httpsMock().issuer() + "/authorize?" + params.encode();
}

std::string cookie(const Poco::Net::HTTPServerRequest& request, const std::string& name)
{
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    return cookies.get(name, "");
}

} // namespace

BOOST_AUTO_TEST_CASE(login_and_approve_against_the_mock)
{
    httpsMock().reset();
    HttpClient client = mockClient();
    UserAgent agent(client, alice());
    AuthorizationResult r =
        agent.authorize(authorizationUrl("public-app", "https://app.example.test/cb", "st-approve"), "https://app.example.test/cb");
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.redirected);
    BOOST_TEST(r.location.rfind("https://app.example.test/cb?", 0) == 0);
    BOOST_TEST(!r.params.get("code").value_or("").empty());
    BOOST_TEST(r.params.get("state").value_or("") == "st-approve");
    BOOST_TEST(r.params.get("iss").value_or("") == httpsMock().issuer());
    BOOST_TEST(r.sawLoginPage);
    BOOST_TEST(r.loginResponseStatus == 303);
    BOOST_TEST(conformance::headerValue(r.loginPageHeaders, "X-Frame-Options") == "DENY");
    BOOST_REQUIRE_EQUAL(r.exchanges.size(), 2u);
    BOOST_TEST(r.exchanges[0].method == "GET");
    BOOST_TEST(r.exchanges[1].method == "POST");
    BOOST_TEST(r.exchanges[1].url == httpsMock().issuer() + "/login");
    BOOST_TEST(r.exchanges[1].requestBody.find("password=alice-pw") != std::string::npos); // unredacted
    BOOST_TEST(r.exchanges[1].requestBody.find("decision=approve") != std::string::npos);
    BOOST_TEST(r.exchanges[1].requestBody.find("transaction=") != std::string::npos);

    // The code works at the token endpoint: the flow really completed.
    BOOST_TEST(httpsMock().state().grants().findCode(r.params.get("code").value_or("")).has_value());
}

BOOST_AUTO_TEST_CASE(the_authorization_request_as_a_form_post)
{
    httpsMock().reset();
    HttpClient client = mockClient();
    UserAgent agent(client, alice());
    AuthorizationResult r = agent.authorize(authorizationUrl("public-app", "https://app.example.test/cb", "st-post"),
                                            "https://app.example.test/cb", true, "POST");
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.redirected);
    BOOST_TEST(r.params.get("state").value_or("") == "st-post");
    BOOST_REQUIRE(!r.exchanges.empty());
    BOOST_TEST(r.exchanges[0].method == "POST");
    BOOST_TEST(r.exchanges[0].url == httpsMock().issuer() + "/authorize");
    BOOST_TEST(r.exchanges[0].requestBody.find("client_id=public-app") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(deny_gives_access_denied)
{
    httpsMock().reset();
    HttpClient client = mockClient();
    UserAgent agent(client, alice());
    AuthorizationResult r = agent.authorize(authorizationUrl("public-app", "https://app.example.test/cb", "st-deny"),
                                            "https://app.example.test/cb", false);
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.redirected);
    BOOST_TEST(r.params.get("error").value_or("") == "access_denied");
    BOOST_TEST(r.params.get("state").value_or("") == "st-deny");
    BOOST_TEST(!r.params.has("code"));
    BOOST_TEST(r.sawLoginPage);
    BOOST_REQUIRE_EQUAL(r.exchanges.size(), 2u);
    BOOST_TEST(r.exchanges[1].requestBody.find("decision=deny") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wrong_password_stops_without_looping)
{
    httpsMock().reset();
    HttpClient client = mockClient();
    UserAgent agent(client, alice("not-the-password"));
    AuthorizationResult r = agent.authorize(authorizationUrl("public-app", "https://app.example.test/cb", "st-wrong"),
                                            "https://app.example.test/cb");
    BOOST_TEST(!r.redirected);
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.finalStatus == 200); // the login page again, with the problem shown
    BOOST_TEST(r.loginResponseStatus == 200);
    BOOST_TEST(r.sawLoginPage);
    BOOST_TEST(r.finalBody.find("Wrong user name or password") != std::string::npos);
    BOOST_TEST(r.exchanges.size() == 2u);
}

BOOST_AUTO_TEST_CASE(auto_approving_client_has_no_login_page)
{
    httpsMock().reset();
    HttpClient client = mockClient();
    UserAgent agent(client, alice());
    AuthorizationResult r = agent.authorize(authorizationUrl("public-auto", "https://auto.example.test/cb", "st-auto"),
                                            "https://auto.example.test/cb");
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.redirected);
    BOOST_TEST(!r.sawLoginPage);
    BOOST_TEST(r.loginResponseStatus == 0);
    BOOST_TEST(r.loginPageHeaders.empty());
    BOOST_TEST(!r.params.get("code").value_or("").empty());
    BOOST_TEST(r.exchanges.size() == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_client_shows_an_error_page)
{
    httpsMock().reset();
    HttpClient client = mockClient();
    UserAgent agent(client, alice());
    const std::string url = httpsMock().issuer() +
                            "/authorize?response_type=code&client_id=nobody&redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb";
    AuthorizationResult r = agent.authorize(url, "https://app.example.test/cb");
    BOOST_TEST(!r.redirected);
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.finalStatus == 400);
    BOOST_TEST(r.finalBody.find("Unknown application") != std::string::npos);
    BOOST_TEST(!r.sawLoginPage);
    BOOST_TEST(r.exchanges.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_redirect_loop_stops_after_max_steps)
{
    std::atomic<int> hits{0};
    FunctionServer server([&hits](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) {
        ++hits;
        redirect(response, "/loop?n=" + std::to_string(hits.load()));
    });
    HttpClient client;
    LoginRecipe recipe = alice();
    recipe.maxSteps = 5;
    UserAgent agent(client, recipe);
    AuthorizationResult r = agent.authorize(server.url("/loop"), "https://app.example.test/cb");
    BOOST_TEST(!r.redirected);
    BOOST_TEST(!r.error.empty());
    BOOST_TEST_MESSAGE("loop: " << r.error);
    BOOST_TEST(r.exchanges.size() == 5u);
    BOOST_TEST(hits.load() == 5);
    BOOST_TEST(r.finalStatus == 302);
}

BOOST_AUTO_TEST_CASE(cookies_are_sent_back_to_the_same_host)
{
    // /start sets a session cookie and redirects to the login page, which (like its form target)
    // requires the cookie; the login redirects to the client with a code.
    FunctionServer server([](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        const std::string path = request.getURI().substr(0, request.getURI().find('?'));
        if (path == "/start")
        {
            response.add("Set-Cookie", "sid=abc123; Path=/; HttpOnly; SameSite=Lax");
            response.add("Set-Cookie", "gone=x; Path=/");
            redirect(response, "login-page", 303);
        }
        else if (path == "/login-page")
        {
            if (cookie(request, "sid") != "abc123")
                return send(response, 403, "text/plain", "no session");
            response.add("Set-Cookie", "gone=; Max-Age=0; Path=/");
            send(response, 200, "text/html; charset=utf-8",
                 "<html><body><form method=post action='/submit'><input type=hidden name=csrf value=c1>"
                 "<input name=login><input type=password name=secret><select name=tenant><option>t1</option></select>"
                 "<input type=submit name=op value=signin></form></body></html>");
        }
        else if (path == "/submit")
        {
            Poco::Net::HTMLForm form(request, request.stream());
            bool ok = cookie(request, "sid") == "abc123" && cookie(request, "gone").empty() &&
                      form.get("csrf", "") == "c1" && form.get("login", "") == "alice" &&
                      form.get("secret", "") == "alice-pw" && form.get("tenant", "") == "t2" &&
                      form.get("op", "") == "signin" && request.get("Origin", "") != "";
            if (!ok)
                return send(response, 400, "text/plain", "bad submission");
            redirect(response, "https://client.example/cb?code=xyz&state=s", 302);
        }
        else
            send(response, 404, "text/plain", "not found");
    });
    HttpClient client;
    LoginRecipe recipe = alice();
    recipe.usernameField = "login";
    recipe.passwordField = "secret";
    recipe.extraFields = {{"tenant", "t2"}};
    UserAgent agent(client, recipe);
    AuthorizationResult r = agent.authorize(server.url("/start"), "https://client.example/cb");
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.redirected, "final status " << r.finalStatus << ": " << r.finalBody);
    BOOST_TEST(r.params.get("code").value_or("") == "xyz");
    BOOST_TEST(r.sawLoginPage);
    BOOST_TEST(r.loginResponseStatus == 302);
    BOOST_TEST(agent.cookieHeader("127.0.0.1") == "sid=abc123");
    BOOST_TEST(agent.cookieHeader("localhost") == "");
    BOOST_REQUIRE_EQUAL(r.exchanges.size(), 3u);
    BOOST_TEST(conformance::headerValue(r.exchanges[1].requestHeaders, "Cookie").find("sid=abc123") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(consent_page_after_login_and_form_post_response)
{
    // Login page → consent page (no username field, approve button) → an auto-submitting form
    // that posts the response to the redirect URI (form_post response mode).
    FunctionServer server([](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        const std::string path = request.getURI().substr(0, request.getURI().find('?'));
        if (path == "/authorize")
            send(response, 200, "text/html",
                 "<form method=post action=/login><input name=username><input type=password name=password>"
                 "<button>Sign in</button></form>");
        else if (path == "/login")
            redirect(response, "/consent", 303);
        else if (path == "/consent")
            send(response, 200, "text/html",
                 "<form method=post action=/decide><p>Allow?</p>"
                 "<button name=decision value=approve>Yes</button><button name=decision value=deny>No</button></form>");
        else if (path == "/decide")
        {
            Poco::Net::HTMLForm form(request, request.stream());
            if (form.get("decision", "") != "approve")
                return redirect(response, "https://client.example/cb?error=access_denied");
            send(response, 200, "text/html",
                 "<html><body onload='document.forms[0].submit()'><form method=post action='https://client.example/cb'>"
                 "<input type=hidden name=code value=fp-code><input type=hidden name=state value=s9></form></body></html>");
        }
        else
            send(response, 404, "text/plain", "not found");
    });
    HttpClient client;
    UserAgent agent(client, alice());
    AuthorizationResult r = agent.authorize(server.url("/authorize"), "https://client.example/cb");
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.redirected);
    BOOST_TEST(r.params.get("code").value_or("") == "fp-code");
    BOOST_TEST(r.params.get("state").value_or("") == "s9");
    BOOST_TEST(r.exchanges.size() == 4u);
    BOOST_TEST(r.loginResponseStatus == 303);

    UserAgent denier(client, alice());
    AuthorizationResult d = denier.authorize(server.url("/authorize"), "https://client.example/cb", false);
    BOOST_TEST(d.redirected);
    BOOST_TEST(d.params.get("error").value_or("") == "access_denied");
}

BOOST_AUTO_TEST_CASE(deny_by_following_a_link)
{
    // A consent page whose only way to refuse is a link (oidc-provider's "[ Cancel ]").
    FunctionServer server([](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        const std::string path = request.getURI().substr(0, request.getURI().find('?'));
        if (path == "/authorize")
            send(response, 200, "text/html",
                 "<form method=post action=/consent><button autofocus>Continue</button></form>"
                 "<a href='/help'>help</a> <a href='/interaction/u1/abort'>[ Cancel ]</a>");
        else if (path == "/interaction/u1/abort")
            redirect(response, "https://client.example/cb?error=access_denied&state=s1", 303);
        else
            send(response, 404, "text/plain", "not found");
    });
    HttpClient client;
    LoginRecipe recipe = alice();
    recipe.approveName = recipe.approveValue = ""; // the unnamed "Continue" button approves
    recipe.denyName = recipe.denyValue = "";
    recipe.denyLink = "/abort";
    UserAgent denier(client, recipe);
    AuthorizationResult d = denier.authorize(server.url("/authorize"), "https://client.example/cb", false);
    BOOST_TEST(d.error == "");
    BOOST_TEST(d.redirected);
    BOOST_TEST(d.params.get("error").value_or("") == "access_denied");

    recipe.denyLink = "/no-such-link";
    UserAgent lost(client, recipe);
    AuthorizationResult e = lost.authorize(server.url("/authorize"), "https://client.example/cb", false);
    BOOST_TEST(!e.redirected);
    BOOST_TEST(e.error.find("no <a href> containing \"/no-such-link\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_in_the_fragment_is_read)
{
    // RFC 6749 §4.2.2.1: a refused implicit request answers in the fragment.
    FunctionServer server([](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) {
        redirect(response, "https://client.example/cb#error=unsupported_response_type&state=s1&iss=https%3A%2F%2Fas", 303);
    });
    HttpClient client;
    UserAgent agent(client, alice());
    AuthorizationResult r = agent.authorize(server.url("/authorize"), "https://client.example/cb");
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.redirected);
    BOOST_TEST(r.params.get("error").value_or("") == "unsupported_response_type");
    BOOST_TEST(r.params.get("state").value_or("") == "s1");
    BOOST_TEST(r.params.get("iss").value_or("") == "https://as");
}

BOOST_AUTO_TEST_CASE(harness_level_trouble_is_an_error)
{
    FunctionServer server([](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        if (request.getURI() == "/no-form")
            send(response, 200, "text/html", "<html><body><p>Hello, no form here.</p></body></html>");
        else if (request.getURI() == "/json")
            send(response, 200, "application/json", "{\"error\":\"invalid_request\"}");
        else
            redirect(response, "https://client.example/cb?code=%zz");
    });
    HttpClient client;
    UserAgent agent(client, alice());

    AuthorizationResult noForm = agent.authorize(server.url("/no-form"), "https://client.example/cb");
    BOOST_TEST(!noForm.redirected);
    BOOST_TEST(!noForm.error.empty());
    BOOST_TEST(noForm.finalStatus == 200);

    AuthorizationResult json = agent.authorize(server.url("/json"), "https://client.example/cb");
    BOOST_TEST(!json.redirected);
    BOOST_TEST(json.error == ""); // the server's answer, for the checks to judge
    BOOST_TEST(json.finalBody.find("invalid_request") != std::string::npos);

    AuthorizationResult badQuery = agent.authorize(server.url("/bad"), "https://client.example/cb");
    BOOST_TEST(badQuery.redirected);
    BOOST_TEST(!badQuery.error.empty());

    int port = 0;
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = socket.address().port();
    }
    AuthorizationResult refused =
        agent.authorize("http://127.0.0.1:" + std::to_string(port) + "/authorize", "https://client.example/cb");
    BOOST_TEST(!refused.redirected);
    BOOST_TEST(refused.error.rfind("connection refused", 0) == 0u, refused.error);
    BOOST_TEST(refused.exchanges.size() == 1u);
}

// A redirect off the authorization server to a host that is not the expected redirect URI is
// recorded, never requested (the harness must not reach beyond the server under test).
BOOST_AUTO_TEST_CASE(redirects_off_the_server_are_recorded_not_followed)
{
    httpsMock().reset();
    HttpClient client = mockClient();
    UserAgent agent(client, alice());
    // The auto-approving client is redirected to https://auto.example.test/cb, which the agent is not told to expect.
    AuthorizationResult r = agent.authorize(authorizationUrl("public-auto", "https://auto.example.test/cb", "st-left"),
                                            "https://elsewhere.example.test/cb");
    BOOST_TEST(!r.redirected);
    BOOST_TEST(r.leftServer);
    BOOST_TEST(r.location.rfind("https://auto.example.test/cb?", 0) == 0);
    BOOST_TEST(r.error == "");
    BOOST_REQUIRE_EQUAL(r.exchanges.size(), 1u); // only the authorization request itself
    BOOST_TEST(r.exchanges[0].url.rfind(httpsMock().issuer(), 0) == 0);

    LoginRecipe trusting = alice();
    trusting.followHosts = {"127.0.0.1"};
    UserAgent sameHost(client, trusting);
    AuthorizationResult same = sameHost.authorize(authorizationUrl("public-app", "https://app.example.test/cb", "st-same"),
                                                  "https://app.example.test/cb");
    BOOST_TEST(same.redirected);
    BOOST_TEST(!same.leftServer);
}
