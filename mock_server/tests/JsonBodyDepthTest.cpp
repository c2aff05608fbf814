#define BOOST_TEST_MODULE JsonBodyDepthTest
#include <boost/test/unit_test.hpp>

#include <mock_server/Config.h>
#include <mock_server/MockState.h>
#include <mock_server/Router.h>

#include <rapidjson/document.h>

#include <string>

// Found with the fuzz targets (docs/reliability.md): the JSON bodies the mock reads (/token and
// /revoke tolerate JSON under quirks, the demo API takes it) were parsed by RapidJSON's recursive
// parser, so a body of nested '[' crashed the server once max_body_bytes allowed ~100 000 of them.
// Now they are refused like any other invalid JSON, and the server keeps serving.
BOOST_AUTO_TEST_CASE(deeply_nested_json_bodies_are_refused_without_a_stack_overflow)
{
    mock::MockState state(mock::loadConfigFile(MOCK_TEST_CONFIG));
    state.setIssuer("http://127.0.0.1:9999");
    mock::Router router(state);

    // A real token, so that the demo API gets as far as reading the body.
    mock::MockRequest tokenRequest;
    tokenRequest.method = "POST";
    tokenRequest.path = "/token";
    tokenRequest.headers.add("Content-Type", "application/x-www-form-urlencoded");
    tokenRequest.body = "grant_type=client_credentials&client_id=backend&client_secret=backend-secret&scope=write%3Aaddresses";
    const mock::MockResponse tokenResponse = router.dispatch(tokenRequest).response;
    BOOST_REQUIRE_EQUAL(tokenResponse.status, 200);
    rapidjson::Document token;
    token.Parse(tokenResponse.body.c_str());
    BOOST_REQUIRE(token.IsObject() && token.HasMember("access_token"));
    const std::string accessToken = token["access_token"].GetString();

    for (const char* path : {"/token", "/revoke", "/v2/addresses"})
    {
        mock::MockRequest request;
        request.method = "POST";
        request.path = path;
        request.headers.add("Content-Type", "application/json");
        request.headers.add("Authorization", "Bearer " + accessToken);
        request.body = std::string(1024 * 1024, '[');
        const mock::RouteOutcome outcome = router.dispatch(request);
        BOOST_TEST_INFO(path);
        BOOST_TEST(outcome.response.status >= 400);
        BOOST_TEST(outcome.response.status < 500);
    }
    mock::MockRequest metadata;
    metadata.method = "GET";
    metadata.path = "/.well-known/oauth-authorization-server";
    BOOST_TEST(router.dispatch(metadata).response.status == 200);
}
