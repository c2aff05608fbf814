#define BOOST_TEST_MODULE TargetTest
#include <boost/test/unit_test.hpp>

#include "conformance/Target.h"

#include <oauth/JsonReader.h>

#include "FunctionServer.h"

// Discovery (RFC 8414 §3, with the OpenID Connect location of §5 as a fallback).

using conformance::HttpClient;
using conformance::Target;
using functionserver::FunctionServer;
using functionserver::send;

namespace {

/// A server that publishes its metadata only at `servedPath`.
FunctionServer metadataAt(const std::string& servedPath, int& requests)
{
    return FunctionServer([servedPath, &requests](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        ++requests;
        if (request.getURI() == servedPath)
            send(response, 200, "application/json", R"({"issuer": "x", "token_endpoint": "x/token"})");
        else
            send(response, 404, "text/plain", "not found");
    });
}

} // namespace

/// Discovery against a server that publishes its metadata only at `servedPath`: where the target
/// found it ("" if nowhere), its error, and how many requests it took.
struct Discovered
{
    std::string foundAt;
    std::string error;
    int requests = 0;
};

Discovered discoverWith(const std::string& servedPath)
{
    Discovered d;
    FunctionServer server = metadataAt(servedPath, d.requests);
    Target target;
    target.issuer = server.url("");
    target.discover(HttpClient());
    d.error = target.metadataError;
    if (target.metadata)
    {
        BOOST_TEST(target.metadataString("token_endpoint") == "x/token");
        d.foundAt = target.metadataUrl.substr(server.url("").size());
    }
    return d;
}

BOOST_AUTO_TEST_CASE(rfc8414_location_first)
{
    Discovered d = discoverWith("/.well-known/oauth-authorization-server");
    BOOST_TEST(d.error == "");
    BOOST_TEST(d.foundAt == "/.well-known/oauth-authorization-server");
    BOOST_TEST(d.requests == 1);
}

BOOST_AUTO_TEST_CASE(openid_configuration_after_a_404)
{
    Discovered d = discoverWith("/.well-known/openid-configuration");
    BOOST_TEST(d.error == "");
    BOOST_TEST(d.foundAt == "/.well-known/openid-configuration");
    BOOST_TEST(d.requests == 2);
}

BOOST_AUTO_TEST_CASE(neither_location_is_a_clear_error)
{
    Discovered d = discoverWith("/elsewhere");
    BOOST_TEST(d.error == "metadata request answered 404");
    BOOST_TEST(d.foundAt == "");
    BOOST_TEST(d.requests == 2);
}

// The profile's timing.refresh_idle_seconds: the refresh-token idle limit, which the capability
// refresh_idle_limit stands for.
BOOST_AUTO_TEST_CASE(refresh_idle_seconds_gives_the_refresh_idle_limit_capability)
{
    const std::string clients = R"("clients": {"public": {"client_id": "app", "redirect_uri": "https://app.example.test/cb"}})";
    Target without = conformance::parseTargetProfile("{" + clients + "}", "p.json", "https://as.example.test");
    BOOST_TEST(without.refreshIdleSeconds == 0);
    BOOST_TEST(without.capabilities().count("refresh_idle_limit") == 0u);
    BOOST_TEST(without.missingReason("refresh_idle_limit").find("timing.refresh_idle_seconds") != std::string::npos);

    Target with = conformance::parseTargetProfile("{" + clients + R"(, "timing": {"refresh_idle_seconds": 7200}})", "p.json",
                                                  "https://as.example.test");
    BOOST_TEST(with.refreshIdleSeconds == 7200);
    BOOST_TEST(with.capabilities().count("refresh_idle_limit") == 1u);

    try
    {
        conformance::parseTargetProfile("{" + clients + R"(, "timing": {"refresh_idle_seconds": 10}})", "p.json",
                                        "https://as.example.test");
        BOOST_ERROR("an idle limit under a minute was accepted");
    }
    catch (const oauth::JsonInputError& e)
    {
        BOOST_TEST(e.path() == "$.timing.refresh_idle_seconds", e.what());
    }
}
