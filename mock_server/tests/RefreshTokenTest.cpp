#define BOOST_TEST_MODULE RefreshTokenTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"
#include "TokenChecks.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

// grant_type=refresh_token: RFC 6749 §6 (scope never widens, bound to the client, client
// authenticated), RFC 9700 §4.14.2 (rotation, reuse revokes the family, idle expiry);
// catalogue RT-01..RT-10.

using mocktest::checkTokenError;
using mocktest::checkTokenSuccess;

namespace {

/// The scope the store recorded for an access token ("" if unknown).
std::string storedScope(mocktest::TestServer& mock, const std::string& accessToken)
{
    auto record = mock.state().grants().findAccessToken(accessToken);
    return record ? record->scope.toString() : "";
}

/// The test configuration with lifetimes.refresh_token_idle set to `seconds`.
std::string configWithIdleLimit(int seconds)
{
    std::string json = mocktest::TestServer::testConfigJson();
    const std::string key = "\"refresh_token_idle\": 0";
    auto at = json.find(key);
    BOOST_REQUIRE(at != std::string::npos);
    return json.replace(at, key.size(), "\"refresh_token_idle\": " + std::to_string(seconds));
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(refresh, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(rotation_gives_a_new_refresh_token_each_time)
{
    auto tokens = mock.obtainTokens("public-app");
    std::string current = tokens.refreshToken;
    std::vector<std::string> seen = {current};
    for (int i = 0; i < 3; ++i)
    {
        auto r = mock.refresh("public-app", current);
        checkTokenSuccess(r);
        std::string next = r.jsonString("refresh_token");
        BOOST_TEST(!next.empty());
        BOOST_TEST((std::find(seen.begin(), seen.end(), next) == seen.end()));
        BOOST_TEST(mock.callApi(r.jsonString("access_token")).status == 200);
        seen.push_back(next);
        current = next;
    }
}

BOOST_AUTO_TEST_CASE(confidential_client_refreshes_with_authentication)
{
    auto tokens = mock.obtainTokens("backend");
    auto r = mock.refresh("backend", tokens.refreshToken);
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("refresh_token") != tokens.refreshToken);
}

BOOST_AUTO_TEST_CASE(quirk_no_refresh_rotation_returns_the_same_token)
{
    mock.enable(mock::Quirk::NoRefreshRotation);
    auto tokens = mock.obtainTokens("public-app");
    auto r = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("refresh_token") == tokens.refreshToken);
    checkTokenSuccess(mock.refresh("public-app", tokens.refreshToken));
}

BOOST_AUTO_TEST_CASE(superseded_token_replay_revokes_the_family)
{
    auto tokens = mock.obtainTokens("public-app");
    auto second = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(second);
    std::string rt2 = second.jsonString("refresh_token");
    std::string at2 = second.jsonString("access_token");

    checkTokenError(mock.refresh("public-app", tokens.refreshToken), 400, "invalid_grant");

    checkTokenError(mock.refresh("public-app", rt2), 400, "invalid_grant");
    BOOST_TEST(mock.callApi(at2).status == 401);
    BOOST_TEST(mock.callApi(tokens.accessToken).status == 401);
}

BOOST_AUTO_TEST_CASE(quirk_refresh_reuse_undetected_keeps_everything_alive)
{
    mock.enable(mock::Quirk::RefreshReuseUndetected);
    auto tokens = mock.obtainTokens("public-app");
    auto second = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(second);
    checkTokenSuccess(mock.refresh("public-app", tokens.refreshToken));
    checkTokenSuccess(mock.refresh("public-app", second.jsonString("refresh_token")));
    BOOST_TEST(mock.callApi(second.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_CASE(narrower_scope_then_full_scope_again)
{
    auto tokens = mock.obtainTokens("public-app", "read:buildings write:addresses");
    BOOST_REQUIRE(tokens.scope == "read:buildings write:addresses");

    auto narrow = mock.refresh("public-app", tokens.refreshToken, "read:buildings");
    checkTokenSuccess(narrow);
    BOOST_TEST(narrow.jsonString("scope") == "read:buildings");
    BOOST_TEST(storedScope(mock, narrow.jsonString("access_token")) == "read:buildings");

    auto full = mock.refresh("public-app", narrow.jsonString("refresh_token"));
    checkTokenSuccess(full);
    BOOST_TEST(full.jsonString("scope") == "read:buildings write:addresses");
    BOOST_TEST(storedScope(mock, full.jsonString("access_token")) == "read:buildings write:addresses");
}

BOOST_AUTO_TEST_CASE(wider_scope_is_invalid_scope)
{
    auto tokens = mock.obtainTokens("public-app", "read:buildings");
    checkTokenError(mock.refresh("public-app", tokens.refreshToken, "read:buildings write:addresses"), 400,
                    "invalid_scope");
    checkTokenError(mock.refresh("public-app", tokens.refreshToken, "no-such-scope"), 400, "invalid_scope");
    // The refused request did not use the token up.
    checkTokenSuccess(mock.refresh("public-app", tokens.refreshToken));
}

BOOST_AUTO_TEST_CASE(quirk_refresh_scope_widening_grants_more)
{
    mock.enable(mock::Quirk::RefreshScopeWidening);
    auto tokens = mock.obtainTokens("public-app", "read:buildings");
    auto r = mock.refresh("public-app", tokens.refreshToken, "read:buildings write:addresses");
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("scope") == "read:buildings write:addresses");
}

BOOST_AUTO_TEST_CASE(another_clients_refresh_token_is_invalid_grant)
{
    auto pub = mock.obtainTokens("public-app");
    checkTokenError(mock.refresh("public-auto", pub.refreshToken), 400, "invalid_grant");
    auto conf = mock.obtainTokens("backend");
    checkTokenError(mock.refresh("backend-2", conf.refreshToken), 400, "invalid_grant");
    // The rightful clients are unaffected.
    checkTokenSuccess(mock.refresh("public-app", pub.refreshToken));
    checkTokenSuccess(mock.refresh("backend", conf.refreshToken));
}

BOOST_AUTO_TEST_CASE(quirk_refresh_not_bound_to_client_lets_another_client_refresh)
{
    mock.enable(mock::Quirk::RefreshNotBoundToClient);
    auto conf = mock.obtainTokens("backend");
    checkTokenSuccess(mock.refresh("backend-2", conf.refreshToken));
}

BOOST_AUTO_TEST_CASE(confidential_client_without_authentication_is_invalid_client)
{
    auto tokens = mock.obtainTokens("backend");
    oauth::FormData form;
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", tokens.refreshToken);
    checkTokenError(mock.client().postForm("/token", form), 401, "invalid_client");
    form.add("client_id", "backend");
    checkTokenError(mock.client().postForm("/token", form), 401, "invalid_client");
    checkTokenSuccess(mock.refresh("backend", tokens.refreshToken));
}

BOOST_AUTO_TEST_CASE(missing_or_garbage_refresh_token)
{
    oauth::FormData form = mock.clientForm("public-app");
    form.add("grant_type", "refresh_token");
    checkTokenError(mock.client().postForm("/token", form), 400, "invalid_request");
    checkTokenError(mock.refresh("public-app", "garbage-refresh-token"), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(past_the_absolute_lifetime_is_invalid_grant)
{
    auto tokens = mock.obtainTokens("public-app");
    mock.state().clock().advance(86000);
    auto r = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(r);
    // The limit counts from the grant, so rotation does not extend it.
    mock.state().clock().advance(401);
    checkTokenError(mock.refresh("public-app", r.jsonString("refresh_token")), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(parallel_refreshes_with_one_token_give_at_most_one_success)
{
    constexpr int kRequests = 6;
    auto tokens = mock.obtainTokens("public-app");
    std::vector<mocktest::HttpResult> results(kRequests);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kRequests; ++i)
        threads.emplace_back([&, i] {
            ready.fetch_add(1);
            while (ready.load() < kRequests)
                std::this_thread::yield();
            results[i] = mock.refresh("public-app", tokens.refreshToken);
        });
    for (auto& t : threads)
        t.join();
    int successes = 0;
    for (const auto& r : results)
    {
        if (r.status == 200)
            ++successes;
        else
            checkTokenError(r, 400, "invalid_grant");
    }
    BOOST_TEST(successes <= 1);
}

BOOST_AUTO_TEST_CASE(quirk_refresh_narrowing_ignored_narrows_the_refresh_token_instead)
{
    auto tokens = mock.obtainTokens("public-app", "read:buildings write:addresses");
    BOOST_REQUIRE(tokens.scope == "read:buildings write:addresses");
    mock.enable(mock::Quirk::RefreshNarrowingIgnored);

    auto narrow = mock.refresh("public-app", tokens.refreshToken, "read:buildings");
    checkTokenSuccess(narrow);
    BOOST_TEST(narrow.jsonString("scope") == "read:buildings write:addresses");
    BOOST_TEST(storedScope(mock, narrow.jsonString("access_token")) == "read:buildings write:addresses");

    auto again = mock.refresh("public-app", narrow.jsonString("refresh_token"));
    checkTokenSuccess(again);
    BOOST_TEST(again.jsonString("scope") == "read:buildings");
    // Asking for the full scope again is now widening.
    checkTokenError(mock.refresh("public-app", again.jsonString("refresh_token"), "read:buildings write:addresses"), 400,
                    "invalid_scope");
}

BOOST_AUTO_TEST_CASE(quirk_refresh_never_expires_ignores_the_absolute_lifetime)
{
    auto tokens = mock.obtainTokens("public-app");
    mock.state().clock().advance(86401);
    mock.enable(mock::Quirk::RefreshNeverExpires);
    auto r = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(r);
    mock.state().quirks().disable(mock::Quirk::RefreshNeverExpires);
    checkTokenError(mock.refresh("public-app", r.jsonString("refresh_token")), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(quirk_token_bad_characters_refresh_token_still_works_form_encoded)
{
    mock.enable(mock::Quirk::TokenBadCharacters);
    auto tokens = mock.obtainTokens("public-app");
    BOOST_TEST(tokens.refreshToken.find("\xc3\xa9") != std::string::npos);
    auto r = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(r);
    BOOST_TEST(r.jsonString("refresh_token").find("\xc3\xa9") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(quirk_short_tokens_refresh_tokens_are_short_too)
{
    BOOST_TEST(mock.obtainTokens("public-app").refreshToken.size() == 43u);
    mock.enable(mock::Quirk::ShortTokens);
    auto tokens = mock.obtainTokens("public-app");
    BOOST_TEST(tokens.refreshToken.size() == 8u);
    checkTokenSuccess(mock.refresh("public-app", tokens.refreshToken));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(idle_limit_expires_unused_refresh_tokens)
{
    mocktest::TestServer mock(false, configWithIdleLimit(100));
    BOOST_REQUIRE(mock.state().config().lifetimes.refreshTokenIdle == 100);
    auto tokens = mock.obtainTokens("public-app");

    mock.state().clock().advance(50);
    auto r = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(r);
    std::string current = r.jsonString("refresh_token");

    // Rotation restarts the idle timer: 90 s after the last use is still fine.
    mock.state().clock().advance(90);
    r = mock.refresh("public-app", current);
    checkTokenSuccess(r);
    current = r.jsonString("refresh_token");

    mock.state().clock().advance(101);
    checkTokenError(mock.refresh("public-app", current), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(idle_limit_also_applies_without_rotation)
{
    mocktest::TestServer mock(false, configWithIdleLimit(100));
    mock.enable(mock::Quirk::NoRefreshRotation);
    auto tokens = mock.obtainTokens("public-app");
    for (int i = 0; i < 3; ++i)
    {
        mock.state().clock().advance(60);
        checkTokenSuccess(mock.refresh("public-app", tokens.refreshToken));
    }
    mock.state().clock().advance(101);
    checkTokenError(mock.refresh("public-app", tokens.refreshToken), 400, "invalid_grant");
}

BOOST_AUTO_TEST_CASE(replay_of_an_idle_expired_superseded_token_still_revokes_the_family)
{
    // RFC 9700 §4.14.2: the replay of a rotated-away token signals theft whatever its age.
    mocktest::TestServer mock(false, configWithIdleLimit(100));
    auto tokens = mock.obtainTokens("public-app");
    mock.state().clock().advance(50);
    auto r = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(r);
    mock.state().clock().advance(60); // the old token is idle for 110 s, the current one for 60 s
    checkTokenError(mock.refresh("public-app", tokens.refreshToken), 400, "invalid_grant");
    checkTokenError(mock.refresh("public-app", r.jsonString("refresh_token")), 400, "invalid_grant");
    BOOST_TEST(mock.callApi(r.jsonString("access_token")).status == 401);
}

BOOST_AUTO_TEST_CASE(quirk_refresh_never_expires_ignores_the_idle_limit)
{
    // The quirk rfc9700-4.14.2/idle-refresh-token-expires declares (scenarios/refresh.json).
    mocktest::TestServer mock(false, configWithIdleLimit(100));
    auto tokens = mock.obtainTokens("public-app");
    mock.state().clock().advance(101);
    mock.enable(mock::Quirk::RefreshNeverExpires);
    auto r = mock.refresh("public-app", tokens.refreshToken);
    checkTokenSuccess(r);
    mock.state().quirks().disable(mock::Quirk::RefreshNeverExpires);
    mock.state().clock().advance(101);
    checkTokenError(mock.refresh("public-app", r.jsonString("refresh_token")), 400, "invalid_grant");
}
