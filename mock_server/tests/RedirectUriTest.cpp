#define BOOST_TEST_MODULE RedirectUriTest
#include <boost/test/unit_test.hpp>

#include "AuthorizeHelpers.h"
#include "MockTestSupport.h"

// Redirect URI matching at /authorize: exact string comparison (RFC 6749 §3.1.2.3, RFC 9700
// §2.1 and §4.1.3), except that a loopback IP redirect URI may vary its port (RFC 8252 §7.3).
// A refused URI gets the error page and is never redirected to (RFC 6749 §4.1.2.1).

using mocktest::checkCodeRedirect;
using mocktest::checkErrorPage;
using mocktest::sendAuthorize;

namespace {

/// A valid request for `clientId` with `redirectUri` in place of the registered one.
oauth::FormData requestWith(const mocktest::TestServer& mock, const std::string& clientId, const std::string& redirectUri)
{
    return mock.codeRequest(clientId, oauth::generatePkcePair(), redirectUri);
}

const std::vector<std::string> kNearMisses = {
    "https://auto.example.test/cb/x",          // extra path segment
    "https://auto.example.test/cbx",           // extra path characters
    "https://auto.example.test/cb?extra=1",    // added query
    "https://auto.example.test/cb?",           // empty query
    "https://AUTO.example.test/cb",            // upper-case host
    "https://auto.example.test/CB",            // upper-case path
    "HTTPS://auto.example.test/cb",            // upper-case scheme
    "https://auto.example.test/cb/",           // trailing slash
    "https://auto.example.test:443/cb",        // explicit default port
    "https://auto.example.test:8443/cb",       // other port
    "http://auto.example.test/cb",             // http for https
    "https://auto.example.test/%63b",          // percent-encoded path character
    "https://auto.example.test/c%62",
    "https://auto.example.test@evil.test/cb",  // userinfo: the host is evil.test
    "https://user@auto.example.test/cb",       // userinfo before the right host
    "https://evil.auto.example.test/cb",       // suffix host
    "https://xauto.example.test/cb",
    "https://auto.example.test.evil.test/cb",  // registered host as a prefix
    "https://auto.example.test/cb/../x",       // dot segments
    "https://auto.example.test/cb/../cb",
    "https://auto.example.test/./cb",
    "https://auto.example.test/cb#frag",       // fragment
    "https://auto.example.test/cb#",
    "https://auto.example.test//cb",
    "https://auto.example.test/cb ",
    "//auto.example.test/cb",                  // relative reference
    "auto.example.test/cb",
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(exact_match, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(registered_uri_is_accepted)
{
    auto outcome = sendAuthorize(mock, requestWith(mock, "public-auto", "https://auto.example.test/cb"));
    BOOST_TEST(outcome.response.status == 302);
    checkCodeRedirect(outcome, "https://auto.example.test/cb", mock.issuer());
}

BOOST_AUTO_TEST_CASE(every_near_miss_is_refused_without_redirect)
{
    for (const auto& uri : kNearMisses)
    {
        BOOST_TEST_CONTEXT("redirect_uri=" << uri)
        {
            checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-auto", uri)));
        }
    }
}

BOOST_AUTO_TEST_CASE(another_clients_uri_is_refused)
{
    checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-auto", "https://app.example.test/cb")));
}

BOOST_AUTO_TEST_CASE(either_registered_uri_of_a_two_uri_client_works)
{
    for (const char* uri : {"https://backend.example.test/cb", "https://backend.example.test/other"})
    {
        BOOST_TEST_CONTEXT(uri)
        {
            checkCodeRedirect(sendAuthorize(mock, requestWith(mock, "backend", uri)), uri, mock.issuer());
        }
    }
}

BOOST_AUTO_TEST_CASE(error_page_escapes_the_refused_uri)
{
    auto outcome = sendAuthorize(mock, requestWith(mock, "public-auto", "https://evil.test/<script>alert(1)</script>"));
    checkErrorPage(outcome);
    BOOST_TEST(outcome.response.body.find("<script>") == std::string::npos);
    BOOST_TEST(outcome.response.body.find("&lt;script&gt;") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(loopback, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(any_port_is_accepted_for_loopback_ip_uris)
{
    // native-app registers http://127.0.0.1/callback and http://[::1]/callback (no port).
    for (const char* uri : {"http://127.0.0.1:51234/callback", "http://127.0.0.1:1/callback",
                            "http://127.0.0.1:65535/callback", "http://127.0.0.1/callback",
                            "http://[::1]:8080/callback", "http://[::1]/callback"})
    {
        BOOST_TEST_CONTEXT(uri)
        {
            auto outcome = sendAuthorize(mock, requestWith(mock, "native-app", uri));
            checkCodeRedirect(outcome, uri, mock.issuer()); // redirected to the port asked for
        }
    }
}

BOOST_AUTO_TEST_CASE(registered_port_may_vary_too)
{
    // public-app registers http://127.0.0.1:8765/cb; RFC 8252 §7.3: any port at request time.
    oauth::PkcePair pkce = oauth::generatePkcePair();
    auto outcome = mock.authorize(mock.codeRequest("public-app", pkce, "http://127.0.0.1:9999/cb"));
    checkCodeRedirect(outcome, "http://127.0.0.1:9999/cb", mock.issuer());
    // The token request repeats the redirect URI exactly as sent (RFC 6749 §4.1.3).
    BOOST_TEST(mock.exchangeCode("public-app", outcome.code(), pkce.verifier, "http://127.0.0.1:9999/cb").status == 200);
}

BOOST_AUTO_TEST_CASE(anything_but_the_port_must_match)
{
    for (const char* uri : {
             "http://127.0.0.1:51234/callback/x", // path changed
             "http://127.0.0.1:51234/other",
             "http://127.0.0.1:51234/Callback",
             "http://127.0.0.1:51234/callback?x=1", // query added
             "http://127.0.0.1:51234/callback#f",
             "http://localhost:51234/callback",  // localhost is not the loopback IP (RFC 8252 §8.3)
             "http://localhost/callback",
             "https://127.0.0.1:51234/callback", // scheme changed
             "http://127.0.0.2:51234/callback",  // another address
             "http://127.0.0.1.evil.test/callback",
             "http://127.0.0.1:51234@evil.test/callback",
             "http://127.0.0.1:/callback",       // empty port
             "http://127.0.0.1:0/callback",      // no usable port
             "http://127.0.0.1:65536/callback",  // out of range
             "http://127.0.0.1:99999999/callback",
             "http://127.0.0.1:+80/callback",
             "http://[::1]:8080/other",
             "http://[0:0:0:0:0:0:0:1]:8080/callback",
         })
    {
        BOOST_TEST_CONTEXT(uri)
        {
            checkErrorPage(sendAuthorize(mock, requestWith(mock, "native-app", uri)));
        }
    }
}

BOOST_AUTO_TEST_CASE(non_loopback_uri_may_not_vary_its_port)
{
    checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-app", "https://app.example.test:8443/cb")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(quirks, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(redirect_uri_prefix_match)
{
    const std::vector<std::string> extensions = {"https://auto.example.test/cbx", "https://auto.example.test/cb/evil",
                                                 "https://auto.example.test/cb?extra=1"};
    for (const auto& uri : extensions)
        BOOST_TEST_CONTEXT("strict: " << uri) { checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-auto", uri))); }

    mock.enable(mock::Quirk::RedirectUriPrefixMatch);
    for (const auto& uri : extensions)
    {
        BOOST_TEST_CONTEXT("quirk: " << uri)
        {
            auto outcome = sendAuthorize(mock, requestWith(mock, "public-auto", uri));
            BOOST_TEST(outcome.response.status == 302);
            BOOST_TEST(outcome.location.rfind(uri, 0) == 0u, outcome.location);
            BOOST_TEST(!outcome.code().empty());
        }
    }
    // Still no match for a URI that does not start with a registered one.
    checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-auto", "https://evil.example.test/cb")));
}

BOOST_AUTO_TEST_CASE(redirect_uri_unchecked)
{
    const std::vector<std::string> foreign = {"https://evil.example.test/cb", "HTTPS://auto.example.test/cb",
                                              "http://auto.example.test/cb", "https://app.example.test/cb",
                                              "com.evil.app:/cb"};
    for (const auto& uri : foreign)
        BOOST_TEST_CONTEXT("strict: " << uri) { checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-auto", uri))); }

    mock.enable(mock::Quirk::RedirectUriUnchecked);
    for (const auto& uri : foreign)
        BOOST_TEST_CONTEXT("quirk: " << uri) { checkCodeRedirect(sendAuthorize(mock, requestWith(mock, "public-auto", uri)), uri, mock.issuer()); }
    // Not an absolute URI (a relative reference, a fragment): still refused.
    for (const char* uri : {"//evil.example.test/cb", "evil.example.test/cb", "https://evil.example.test/cb#f"})
        BOOST_TEST_CONTEXT("quirk: " << uri) { checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-auto", uri))); }
    checkErrorPage(sendAuthorize(mock, requestWith(mock, "no-such-client", "https://evil.example.test/cb")));
}

BOOST_AUTO_TEST_CASE(loopback_port_exact)
{
    // native-app registers http://127.0.0.1/callback and http://[::1]/callback; public-app http://127.0.0.1:8765/cb.
    checkCodeRedirect(sendAuthorize(mock, requestWith(mock, "native-app", "http://127.0.0.1:50123/callback")),
                      "http://127.0.0.1:50123/callback", mock.issuer());
    checkCodeRedirect(mock.authorize(requestWith(mock, "public-app", "http://127.0.0.1:8766/cb")), "http://127.0.0.1:8766/cb",
                      mock.issuer());

    mock.enable(mock::Quirk::LoopbackPortExact);
    for (const char* uri : {"http://127.0.0.1:50123/callback", "http://[::1]:49153/callback"})
        BOOST_TEST_CONTEXT(uri) { checkErrorPage(sendAuthorize(mock, requestWith(mock, "native-app", uri))); }
    checkErrorPage(sendAuthorize(mock, requestWith(mock, "public-app", "http://127.0.0.1:8766/cb")));
    for (const char* uri : {"http://127.0.0.1/callback", "http://[::1]/callback"})
        BOOST_TEST_CONTEXT(uri) { checkCodeRedirect(sendAuthorize(mock, requestWith(mock, "native-app", uri)), uri, mock.issuer()); }
    checkCodeRedirect(mock.authorize(requestWith(mock, "public-app", "http://127.0.0.1:8765/cb")), "http://127.0.0.1:8765/cb",
                      mock.issuer());
}

BOOST_AUTO_TEST_CASE(redirect_uri_default_first)
{
    // backend registers https://backend.example.test/cb and …/other.
    oauth::FormData p = requestWith(mock, "backend", "https://backend.example.test/cb");
    p.remove("redirect_uri");
    checkErrorPage(sendAuthorize(mock, p));

    mock.enable(mock::Quirk::RedirectUriDefaultFirst);
    checkCodeRedirect(sendAuthorize(mock, p), "https://backend.example.test/cb", mock.issuer());
    oauth::FormData none = requestWith(mock, "resource-server", "https://rs.example.test/cb");
    none.remove("redirect_uri");
    checkErrorPage(sendAuthorize(mock, none)); // no registered URI at all: still the error page
}

BOOST_AUTO_TEST_CASE(redirect_uri_missing_server_error)
{
    oauth::FormData p = requestWith(mock, "single-uri", "https://single.example.test/cb");
    p.remove("redirect_uri");
    checkCodeRedirect(sendAuthorize(mock, p), "https://single.example.test/cb", mock.issuer());

    mock.enable(mock::Quirk::RedirectUriMissingServerError);
    auto outcome = sendAuthorize(mock, p);
    BOOST_TEST(outcome.response.status == 500);
    BOOST_TEST(!outcome.redirected());
    // With redirect_uri the request is served as before.
    checkCodeRedirect(sendAuthorize(mock, requestWith(mock, "single-uri", "https://single.example.test/cb")),
                      "https://single.example.test/cb", mock.issuer());
}

BOOST_AUTO_TEST_SUITE_END()
