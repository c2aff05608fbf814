#define BOOST_TEST_MODULE ObservationTest
#include <boost/test/unit_test.hpp>

// Observation paths (scenarios/README.md "Expectations") on hand-built observations: what a
// step saw of its HTTP exchange, its authorization redirect, its repeated requests, the
// target's metadata and the case's variables — including every way a value can be absent.

#include <conformance/Observation.h>

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <string>

using namespace conformance;

namespace {

using Type = ObservedValue::Type;

HttpExchange tokenError()
{
    HttpExchange e;
    e.method = "POST";
    e.url = "https://as.example.test/token";
    e.status = 400;
    e.responseHeaders = {{"Content-Type", "application/json; charset=UTF-8"},
                         {"Cache-Control", "no-store"},
                         {"Set-Cookie", "a=1"},
                         {"set-cookie", "b=2"},
                         {"Location", "https://as.example.test/next"}};
    e.responseBody = R"({"error": "invalid_grant", "error_description": "bad code", "expires_in": 3600,
                         "nested": {"a": {"b": "deep"}, "list": [1, "two"]}, "ratio": 0.5, "flag": false,
                         "nothing": null})";
    return e;
}

Observation observe(HttpExchange e)
{
    Observation o;
    o.kind = "token";
    o.exchange = e;
    o.exchanges = {e};
    o.statuses = {e.status};
    return o;
}

} // namespace

BOOST_AUTO_TEST_CASE(status)
{
    Observation o = observe(tokenError());
    ObservedValue v = o.value("status");
    BOOST_TEST((v.type == Type::Integer));
    BOOST_TEST(v.integer == 400);
    BOOST_TEST(v.describe() == "400");
}

BOOST_AUTO_TEST_CASE(no_response_makes_everything_about_it_absent)
{
    HttpExchange e;
    e.method = "GET";
    e.url = "https://127.0.0.1:1/x";
    e.error = "connection refused";
    Observation o = observe(e);
    BOOST_TEST(!o.value("status").present());
    BOOST_TEST(!o.value("body").present());
    BOOST_TEST(!o.value("json").present());
    BOOST_TEST(!o.value("json.error").present());
    BOOST_TEST(!o.value("header.Content-Type").present());
    BOOST_TEST(!o.value("content_type").present());
    BOOST_TEST(!o.value("location").present());
    BOOST_TEST(!o.value("bearer.error").present());
    BOOST_TEST(o.value("header_count.Content-Type").integer == 0);
    BOOST_TEST(o.value("redirected").boolean == false);
    BOOST_TEST(o.value("error").text == "connection refused");
    BOOST_TEST(o.value("status").describe() == "(absent)");
}

BOOST_AUTO_TEST_CASE(error_is_absent_when_the_exchange_worked)
{
    BOOST_TEST(!observe(tokenError()).value("error").present());
}

BOOST_AUTO_TEST_CASE(headers_are_case_insensitive)
{
    Observation o = observe(tokenError());
    BOOST_TEST(o.value("header.Cache-Control").text == "no-store");
    BOOST_TEST(o.value("header.cache-control").text == "no-store");
    BOOST_TEST(o.value("header.CACHE-CONTROL").text == "no-store");
    BOOST_TEST(!o.value("header.Pragma").present());
    BOOST_TEST(o.value("header.Set-Cookie").text == "a=1"); // the first of several
}

BOOST_AUTO_TEST_CASE(header_count)
{
    Observation o = observe(tokenError());
    BOOST_TEST(o.value("header_count.Set-Cookie").integer == 2);
    BOOST_TEST(o.value("header_count.cache-control").integer == 1);
    BOOST_TEST(o.value("header_count.Pragma").integer == 0);
    BOOST_TEST(o.value("header_count.Pragma").present()); // a count is always a value
}

BOOST_AUTO_TEST_CASE(content_type_strips_parameters)
{
    Observation o = observe(tokenError());
    BOOST_TEST(o.value("content_type").text == "application/json");
    HttpExchange e = tokenError();
    e.responseHeaders = {{"content-type", "Application/JSON ;charset=utf-8"}};
    BOOST_TEST(observe(e).value("content_type").text == "application/json");
    e.responseHeaders = {{"Content-Type", "text/html"}};
    BOOST_TEST(observe(e).value("content_type").text == "text/html");
    e.responseHeaders = {};
    BOOST_TEST(!observe(e).value("content_type").present());
}

BOOST_AUTO_TEST_CASE(location)
{
    BOOST_TEST(observe(tokenError()).value("location").text == "https://as.example.test/next");
    HttpExchange e = tokenError();
    e.responseHeaders = {{"location", "/relative"}};
    BOOST_TEST(observe(e).value("location").text == "/relative");
    e.responseHeaders = {};
    BOOST_TEST(!observe(e).value("location").present());
}

BOOST_AUTO_TEST_CASE(body_and_body_size)
{
    HttpExchange e = tokenError();
    e.responseBody = "hello";
    Observation o = observe(e);
    BOOST_TEST(o.value("body").text == "hello");
    BOOST_TEST(o.value("body").length == 5u);
    BOOST_TEST(o.value("body_size").integer == 5);
    e.responseBody = "";
    BOOST_TEST(observe(e).value("body").present()); // an empty body is still a body
    BOOST_TEST(observe(e).value("body_size").integer == 0);
}

BOOST_AUTO_TEST_CASE(json_and_members)
{
    Observation o = observe(tokenError());
    ObservedValue whole = o.value("json");
    BOOST_TEST((whole.type == Type::Object));
    BOOST_TEST(o.value("json.error").text == "invalid_grant");
    BOOST_TEST((o.value("json.expires_in").type == Type::Integer));
    BOOST_TEST(o.value("json.expires_in").integer == 3600);
    BOOST_TEST((o.value("json.ratio").type == Type::Number));
    BOOST_TEST(o.value("json.ratio").number == 0.5);
    BOOST_TEST((o.value("json.flag").type == Type::Bool));
    BOOST_TEST((o.value("json.nothing").type == Type::Null));
    BOOST_TEST(o.value("json.nothing").present());
    BOOST_TEST(o.value("json.nested.a.b").text == "deep");
    ObservedValue list = o.value("json.nested.list");
    BOOST_TEST((list.type == Type::Array));
    BOOST_TEST(list.length == 2u);
    BOOST_TEST_REQUIRE(list.items.size() == 2u);
    BOOST_TEST(list.items[1].text == "two");
    BOOST_TEST(list.describe() == "[1,\"two\"]");
    BOOST_TEST(!o.value("json.missing").present());
    BOOST_TEST(!o.value("json.nested.a.missing").present());
    BOOST_TEST(!o.value("json.error.deeper").present()); // through a string
    BOOST_TEST(!o.value("json.nested.list.0").present()); // arrays are not indexed
}

BOOST_AUTO_TEST_CASE(json_of_a_body_that_is_not_json)
{
    HttpExchange e = tokenError();
    e.responseBody = "<html>error</html>";
    Observation o = observe(e);
    BOOST_TEST(!o.value("json").present());
    BOOST_TEST(!o.value("json.error").present());
    BOOST_TEST(o.json() == nullptr);
    e.responseBody = "";
    BOOST_TEST(!observe(e).value("json").present());
    e.responseBody = R"(["a"])";
    BOOST_TEST((observe(e).value("json").type == Type::Array));
    BOOST_TEST(!observe(e).value("json.a").present());
}

BOOST_AUTO_TEST_CASE(redirected_for_plain_exchanges)
{
    HttpExchange e = tokenError();
    BOOST_TEST(observe(e).value("redirected").boolean == false);
    e.status = 302;
    BOOST_TEST(observe(e).value("redirected").boolean == true);
    e.status = 303;
    BOOST_TEST(observe(e).value("redirected").boolean == true);
    e.status = 200;
    BOOST_TEST(observe(e).value("redirected").boolean == false);
}

BOOST_AUTO_TEST_CASE(authorization_redirect)
{
    Observation o;
    o.kind = "authorize";
    AuthorizationResult a;
    a.redirected = true;
    a.location = "https://app.example.test/cb?code=abc&state=st-1&iss=https%3A%2F%2Fas.example.test";
    a.params.add("code", "abc");
    a.params.add("state", "st-1");
    a.params.add("iss", "https://as.example.test");
    a.loginResponseStatus = 303;
    a.loginPageHeaders = {{"X-Frame-Options", "DENY"}, {"Content-Security-Policy", "frame-ancestors 'none'"}};
    HttpExchange last;
    last.status = 302;
    last.responseHeaders = {{"Location", a.location}};
    a.exchanges = {last};
    o.authorization = a;
    o.exchange = last;
    o.exchanges = {last};

    BOOST_TEST(o.value("redirected").boolean == true);
    BOOST_TEST(o.value("redirect.code").text == "abc");
    BOOST_TEST(o.value("redirect.state").text == "st-1");
    BOOST_TEST(o.value("redirect.iss").text == "https://as.example.test");
    BOOST_TEST(!o.value("redirect.error").present());
    BOOST_TEST(o.value("redirect.location").text == a.location);
    BOOST_TEST(o.value("status").integer == 302);
    BOOST_TEST(o.value("login_status").integer == 303);
    BOOST_TEST(o.value("page_header.x-frame-options").text == "DENY");
    BOOST_TEST(!o.value("page_header.Referrer-Policy").present());
    BOOST_TEST(!o.value("error").present());
}

BOOST_AUTO_TEST_CASE(authorization_repeated_parameter)
{
    Observation o;
    AuthorizationResult a;
    a.redirected = true;
    a.params.add("state", "one");
    a.params.add("state", "two");
    o.authorization = a;
    ObservedValue v = o.value("redirect.state");
    BOOST_TEST(v.text == "one");
    BOOST_TEST(v.length == 2u); // how often it occurs
}

BOOST_AUTO_TEST_CASE(authorization_not_redirected)
{
    Observation o;
    o.kind = "authorize";
    AuthorizationResult a;
    a.redirected = false;
    a.finalStatus = 400;
    a.finalBody = "invalid redirect_uri";
    a.params.add("code", "leftover"); // must not be read when not redirected
    HttpExchange last;
    last.status = 400;
    o.authorization = a;
    o.exchange = last;

    BOOST_TEST(o.value("redirected").boolean == false);
    BOOST_TEST(o.value("status").integer == 400);
    BOOST_TEST(!o.value("redirect.code").present());
    BOOST_TEST(!o.value("redirect.location").present());
    BOOST_TEST(!o.value("login_status").present()); // no credential POST happened
}

BOOST_AUTO_TEST_CASE(authorization_status_is_the_last_page)
{
    Observation o;
    AuthorizationResult a;
    a.redirected = false;
    a.finalStatus = 200; // e.g. an error page served with 200
    HttpExchange last;
    last.status = 302; // a redirect inside the server that led there
    o.authorization = a;
    o.exchange = last;
    BOOST_TEST(o.value("status").integer == 200);
}

BOOST_AUTO_TEST_CASE(authorization_harness_error)
{
    Observation o;
    AuthorizationResult a;
    a.error = "redirect loop after 10 steps";
    o.authorization = a;
    BOOST_TEST(o.value("error").text == "redirect loop after 10 steps");
    BOOST_TEST(!o.value("page_header.X").present());
}

BOOST_AUTO_TEST_CASE(page_header_and_login_status_without_authorization)
{
    Observation o = observe(tokenError());
    BOOST_TEST(!o.value("page_header.Content-Type").present());
    BOOST_TEST(!o.value("login_status").present());
    BOOST_TEST(!o.value("redirect.code").present());
}

BOOST_AUTO_TEST_CASE(bearer_parameters_from_two_challenges_in_one_header)
{
    HttpExchange e;
    e.status = 401;
    e.responseHeaders = {{"WWW-Authenticate",
                          R"(Basic realm="api", Bearer realm="api", error="invalid_token", error_description="expired")"}};
    Observation o = observe(e);
    BOOST_TEST(o.value("bearer.error").text == "invalid_token");
    BOOST_TEST(o.value("bearer.ERROR").text == "invalid_token"); // parameter names are case-insensitive
    BOOST_TEST(o.value("bearer.error_description").text == "expired");
    BOOST_TEST(o.value("bearer.realm").text == "api");
    BOOST_TEST(o.value("bearer.scheme").text == "Bearer");
    BOOST_TEST(!o.value("bearer.scope").present());
}

BOOST_AUTO_TEST_CASE(bearer_challenge_first_and_scheme_case)
{
    HttpExchange e;
    e.status = 403;
    e.responseHeaders = {{"www-authenticate", R"(bearer error="insufficient_scope", scope="write:addresses", DPoP algs="ES256")"}};
    Observation o = observe(e);
    BOOST_TEST(o.value("bearer.error").text == "insufficient_scope");
    BOOST_TEST(o.value("bearer.scope").text == "write:addresses");
    BOOST_TEST(!o.value("bearer.algs").present()); // DPoP's, not Bearer's
}

BOOST_AUTO_TEST_CASE(bearer_challenge_in_a_second_header)
{
    // RFC 9110 §11.6.1: challenges may come in separate WWW-Authenticate fields.
    HttpExchange e;
    e.status = 401;
    e.responseHeaders = {{"WWW-Authenticate", R"(Basic realm="api")"},
                         {"WWW-Authenticate", R"(Bearer error="invalid_token")"}};
    BOOST_TEST(observe(e).value("bearer.error").text == "invalid_token");
}

BOOST_AUTO_TEST_CASE(bearer_absent_cases)
{
    HttpExchange e;
    e.status = 401;
    BOOST_TEST(!observe(e).value("bearer.error").present()); // no header
    e.responseHeaders = {{"WWW-Authenticate", R"(Basic realm="api")"}};
    BOOST_TEST(!observe(e).value("bearer.error").present()); // no Bearer challenge
    e.responseHeaders = {{"WWW-Authenticate", R"(Bearer error="unterminated)"}};
    BOOST_TEST(!observe(e).value("bearer.error").present()); // does not parse
    e.responseHeaders = {{"WWW-Authenticate", "Bearer"}};
    BOOST_TEST(observe(e).value("bearer.scheme").text == "Bearer");
    BOOST_TEST(!observe(e).value("bearer.error").present()); // a bare challenge
}

BOOST_AUTO_TEST_CASE(statuses_and_count_status)
{
    HttpExchange e = tokenError();
    Observation o = observe(e);
    o.statuses = {200, 400, 400, 0};
    ObservedValue all = o.value("statuses");
    BOOST_TEST((all.type == Type::Array));
    BOOST_TEST(all.length == 4u);
    BOOST_TEST_REQUIRE(all.items.size() == 4u);
    BOOST_TEST(all.items[0].integer == 200);
    BOOST_TEST(all.describe() == "[200, 400, 400, 0]");
    BOOST_TEST(o.value("count_status.400").integer == 2);
    BOOST_TEST(o.value("count_status.200").integer == 1);
    BOOST_TEST(o.value("count_status.0").integer == 1);
    BOOST_TEST(o.value("count_status.500").integer == 0);
    o.statuses.clear();
    BOOST_TEST(o.value("statuses").length == 0u);
    BOOST_TEST(o.value("count_status.200").integer == 0);
}

BOOST_AUTO_TEST_CASE(metadata_members)
{
    Target t;
    t.metadata = std::make_shared<rapidjson::Document>();
    t.metadata->Parse(R"({"issuer": "https://as.example.test", "code_challenge_methods_supported": ["S256"],
                          "authorization_response_iss_parameter_supported": true, "mtls": {"token_endpoint": "x"}})");
    Observation o = observe(tokenError());
    o.target = &t;
    BOOST_TEST(o.value("metadata.issuer").text == "https://as.example.test");
    BOOST_TEST(o.value("metadata.code_challenge_methods_supported").length == 1u);
    BOOST_TEST(o.value("metadata.authorization_response_iss_parameter_supported").boolean == true);
    BOOST_TEST(o.value("metadata.mtls.token_endpoint").text == "x");
    BOOST_TEST(!o.value("metadata.revocation_endpoint").present());
    t.metadata.reset();
    BOOST_TEST(!o.value("metadata.issuer").present());
    o.target = nullptr;
    BOOST_TEST(!o.value("metadata.issuer").present());
}

BOOST_AUTO_TEST_CASE(variables)
{
    std::map<std::string, std::string> vars = {{"rt1", "refresh-1"}, {"empty", ""}};
    Observation o = observe(tokenError());
    o.variables = &vars;
    BOOST_TEST(o.value("var.rt1").text == "refresh-1");
    BOOST_TEST(o.value("var.empty").present());
    BOOST_TEST(!o.value("var.unset").present());
    o.variables = nullptr;
    BOOST_TEST(!o.value("var.rt1").present());
}

BOOST_AUTO_TEST_CASE(an_unknown_path_is_absent)
{
    Observation o = observe(tokenError());
    BOOST_TEST(!o.value("nonsense").present());
    BOOST_TEST(!o.value("nonsense.x").present());
}

BOOST_AUTO_TEST_CASE(observed_value_rendering)
{
    BOOST_TEST(ObservedValue::absent().describe() == "(absent)");
    BOOST_TEST(ObservedValue::ofString("x").describe() == "\"x\"");
    BOOST_TEST(ObservedValue::ofInteger(-3).describe() == "-3");
    BOOST_TEST(ObservedValue::ofBool(true).describe() == "true");
    std::string longText(1000, 'a');
    std::string shown = ObservedValue::ofString(longText).describe();
    // Full length: the runner redacts secrets first and shortens afterwards (a cut token would escape redaction).
    BOOST_TEST(shown == "\"" + longText + "\"");
    BOOST_TEST(ObservedValue::absent().typeName() == "absent");
    BOOST_TEST(ObservedValue::ofString("").typeName() == "string");
    BOOST_TEST(ObservedValue::ofInteger(1).typeName() == "integer");
    BOOST_TEST(ObservedValue::ofBool(false).typeName() == "boolean");
}

// Found with the fuzz targets (docs/reliability.md): a response body of 200 000 nested '[' (400 kB,
// under the runner's 1 MiB limit) overflowed the stack in RapidJSON's recursive parser. Now such
// a body is "not JSON", like any other unparsable one.
BOOST_AUTO_TEST_CASE(a_deeply_nested_body_is_not_json_and_does_not_crash)
{
    HttpExchange e = tokenError();
    e.responseBody = std::string(200000, '[') + std::string(200000, ']');
    Observation o = observe(e);
    BOOST_TEST(o.json() == nullptr);
    BOOST_TEST(!o.value("json").present());
    BOOST_TEST(o.value("body_size").integer == 400000);
}
