#define BOOST_TEST_MODULE JourneyTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

// The seed guide's eight steps as one journey against the in-process mock (HTTPS):
// PKCE pair -> authorize -> login/consent -> code exchange -> API call -> refresh -> revoke -> refused.
BOOST_AUTO_TEST_CASE(seed_guide_journey_over_https)
{
    mocktest::TestServer mock(true);
    BOOST_REQUIRE(!mock.server().caCertificateFile().empty());
    BOOST_TEST(mock.issuer().rfind("https://127.0.0.1:", 0) == 0);

    // Step 1: the application is registered (public-app in the test config). Step 2: PKCE.
    oauth::PkcePair pkce = oauth::generatePkcePair();
    BOOST_TEST(pkce.verifier.size() == 43u);

    // Step 3: authorize; the login page appears, Alice signs in and approves.
    oauth::FormData request = mock.codeRequest("public-app", pkce, "", "read:buildings write:addresses", "state-42");
    auto first = mock.client().get("/authorize?" + request.encode());
    BOOST_TEST(first.status == 200);
    BOOST_TEST(first.body.find("Sign in") != std::string::npos);
    auto outcome = mock.authorize(request);
    BOOST_TEST(outcome.response.status == 303);
    BOOST_TEST(outcome.location.rfind("https://app.example.test/cb?", 0) == 0);
    BOOST_TEST(outcome.params.get("state").value_or("") == "state-42");
    BOOST_TEST(outcome.params.get("iss").value_or("") == mock.issuer());
    BOOST_REQUIRE(!outcome.code().empty());

    // Step 4: exchange the code with the verifier.
    auto tokenResponse = mock.exchangeCode("public-app", outcome.code(), pkce.verifier);
    BOOST_REQUIRE_EQUAL(tokenResponse.status, 200);
    BOOST_TEST(tokenResponse.header("Cache-Control") == "no-store");
    BOOST_TEST(tokenResponse.header("Pragma") == "no-cache");
    BOOST_TEST(tokenResponse.jsonString("token_type") == "Bearer");
    std::string accessToken = tokenResponse.jsonString("access_token");
    std::string refreshToken = tokenResponse.jsonString("refresh_token");
    BOOST_REQUIRE(!accessToken.empty());
    BOOST_REQUIRE(!refreshToken.empty());

    // Step 5: call the API with the bearer token.
    auto buildings = mock.callApi(accessToken);
    BOOST_TEST(buildings.status == 200);
    BOOST_TEST(buildings.json()["buildings"].Size() == 3u);

    // Step 6: refresh; the refresh token is rotated and the new access token works.
    auto refreshed = mock.refresh("public-app", refreshToken);
    BOOST_REQUIRE_EQUAL(refreshed.status, 200);
    std::string newRefresh = refreshed.jsonString("refresh_token");
    std::string newAccess = refreshed.jsonString("access_token");
    BOOST_TEST(!newRefresh.empty());
    BOOST_TEST(newRefresh != refreshToken);
    BOOST_TEST(mock.callApi(newAccess).status == 200);

    // Step 7: revoke (logout) the refresh token; the grant's access tokens go with it.
    oauth::FormData revoke = mock.clientForm("public-app");
    revoke.add("token", newRefresh);
    revoke.add("token_type_hint", "refresh_token");
    BOOST_TEST(mock.client().postForm("/revoke", revoke).status == 200);

    // The API now refuses the revoked grant's token with invalid_token, and refresh fails.
    auto refused = mock.callApi(newAccess);
    BOOST_TEST(refused.status == 401);
    BOOST_TEST(refused.header("WWW-Authenticate").find("error=\"invalid_token\"") != std::string::npos);
    BOOST_TEST(mock.refresh("public-app", newRefresh).jsonString("error") == "invalid_grant");
}
