#define BOOST_TEST_MODULE RedirectUriPartsTest
#include <boost/test/unit_test.hpp>

#include "conformance/RedirectUriParts.h"

using conformance::redirectUriParts;

BOOST_AUTO_TEST_CASE(a_web_redirect_uri)
{
    auto p = redirectUriParts("https://client.example.test/cb");
    BOOST_TEST(p["scheme"] == "https");
    BOOST_TEST(p["host"] == "client.example.test");
    BOOST_TEST(p["host_upper"] == "CLIENT.EXAMPLE.TEST");
    BOOST_TEST(p["port"] == "");
    BOOST_TEST(p["path"] == "/cb");
    BOOST_TEST(p["path_encoded"] == "/%63b");
    BOOST_TEST(p["loopback"] == "false");
}

BOOST_AUTO_TEST_CASE(port_query_and_fragment)
{
    auto p = redirectUriParts("https://Client.example:8443/app/cb?x=1#frag");
    BOOST_TEST(p["host"] == "Client.example");
    BOOST_TEST(p["port"] == ":8443");
    BOOST_TEST(p["path"] == "/app/cb?x=1");
    BOOST_TEST(p["path_encoded"] == "/app/%63b?x=1");
}

BOOST_AUTO_TEST_CASE(loopback_and_ipv6)
{
    BOOST_TEST(redirectUriParts("http://127.0.0.1/callback")["loopback"] == "true");
    BOOST_TEST(redirectUriParts("http://localhost:3000/cb")["loopback"] == "true");
    auto v6 = redirectUriParts("http://[::1]:8080/cb");
    BOOST_TEST(v6["host"] == "[::1]");
    BOOST_TEST(v6["port"] == ":8080");
    BOOST_TEST(v6["loopback"] == "true");
    BOOST_TEST(redirectUriParts("http://[::1]/cb")["port"] == "");
}

BOOST_AUTO_TEST_CASE(no_path_segment_and_bad_input)
{
    BOOST_TEST(redirectUriParts("https://client.example.test")["path_encoded"] == "");
    BOOST_TEST(redirectUriParts("https://client.example.test/")["path_encoded"] == "");
    BOOST_TEST(redirectUriParts("com.example.app:/cb").empty());
    BOOST_TEST(redirectUriParts("").empty());
    BOOST_TEST(redirectUriParts("https://user@host/cb").empty());
    BOOST_TEST(redirectUriParts("://x").empty());
}
