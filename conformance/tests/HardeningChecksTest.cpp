#define BOOST_TEST_MODULE HardeningChecksTest
#include <boost/test/unit_test.hpp>

#include "conformance/Checks.h"

using namespace conformance;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

Observation response(const Headers& headers)
{
    Observation o;
    o.exchange.status = 200;
    o.exchange.responseHeaders = headers;
    return o;
}

Observation loginPage(const Headers& pageHeaders, const Headers& lastResponseHeaders = {})
{
    Observation o;
    AuthorizationResult a;
    a.sawLoginPage = true;
    a.loginPageHeaders = pageHeaders;
    o.authorization = a;
    o.exchange.status = 303;
    o.exchange.responseHeaders = lastResponseHeaders;
    return o;
}

bool passes(const Observation& o)
{
    auto results = checks::frameProtection({o, Level::Must, "step 1"});
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    BOOST_CHECK_EQUAL(results[0].name, "check:frame-protection");
    BOOST_CHECK(results[0].level == Level::Must);
    return results[0].passed;
}

} // namespace

BOOST_AUTO_TEST_CASE(x_frame_options_deny_or_sameorigin_protects)
{
    BOOST_CHECK(passes(response({{"X-Frame-Options", "DENY"}})));
    BOOST_CHECK(passes(response({{"x-frame-options", " sameorigin "}})));
    BOOST_CHECK(!passes(response({{"X-Frame-Options", "ALLOW-FROM https://evil.example"}})));
    BOOST_CHECK(!passes(response({{"X-Frame-Options", ""}})));
}

BOOST_AUTO_TEST_CASE(csp_frame_ancestors_protects_unless_it_admits_everyone)
{
    BOOST_CHECK(passes(response({{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"}})));
    BOOST_CHECK(passes(response({{"Content-Security-Policy", "Frame-Ancestors 'self' https://app.example"}})));
    BOOST_CHECK(!passes(response({{"Content-Security-Policy", "frame-ancestors *"}})));
    BOOST_CHECK(!passes(response({{"Content-Security-Policy", "frame-ancestors 'self' https:"}})));
    BOOST_CHECK(!passes(response({{"Content-Security-Policy", "default-src 'self'; script-src 'self'"}})));
    BOOST_CHECK(!passes(response({{"Content-Security-Policy", "frame-ancestors"}})));
}

BOOST_AUTO_TEST_CASE(no_header_is_no_protection)
{
    BOOST_CHECK(!passes(response({})));
    BOOST_CHECK(!passes(response({{"Referrer-Policy", "no-referrer"}})));
    auto results = checks::frameProtection({response({}), Level::Should, "step 2"});
    BOOST_CHECK(results[0].level == Level::Should);
    BOOST_CHECK_EQUAL(results[0].step, "step 2");
    BOOST_CHECK_NE(results[0].actual.find("(absent)"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(authorize_steps_are_judged_on_the_login_page)
{
    // The login page carries the headers; the final redirect does not need them.
    BOOST_CHECK(passes(loginPage({{"X-Frame-Options", "DENY"}})));
    // Headers on the last response (the redirect) do not count for the page.
    BOOST_CHECK(!passes(loginPage({}, {{"X-Frame-Options", "DENY"}})));
}
