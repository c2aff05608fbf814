#define BOOST_TEST_MODULE GrantStoreTest
#include <boost/test/unit_test.hpp>

#include "mock_server/GrantStore.h"

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

// The grant store on its own (no HTTP): single-use codes (RFC 6749 §10.5), refresh rotation
// (RFC 9700 §4.14.2), family revocation, and bounded memory through eviction.

namespace {

struct StoreFixture
{
    mock::Clock clock;
    static constexpr std::int64_t kGrace = 3600; // an hour, so the cases below can tell the limits apart
    mock::GrantStore store{clock, kGrace};

    mock::GrantRecord grant(const std::string& id, std::int64_t refreshLifetime = 86400)
    {
        mock::GrantRecord g;
        g.id = id;
        g.clientId = "client";
        g.subject = "alice";
        g.createdAt = clock.now();
        g.refreshExpiresAt = clock.now() + refreshLifetime;
        store.addGrant(g);
        return g;
    }

    mock::CodeRecord code(const std::string& value, const std::string& grantId, std::int64_t lifetime = 60)
    {
        mock::CodeRecord c;
        c.code = value;
        c.grantId = grantId;
        c.clientId = "client";
        c.expiresAt = clock.now() + lifetime;
        store.addCode(c);
        return c;
    }

    mock::AccessTokenRecord access(const std::string& value, const std::string& grantId, std::int64_t lifetime = 600)
    {
        mock::AccessTokenRecord t;
        t.token = value;
        t.grantId = grantId;
        t.clientId = "client";
        t.issuedAt = clock.now();
        t.expiresAt = clock.now() + lifetime;
        store.addAccessToken(t);
        return t;
    }

    mock::RefreshTokenRecord refreshRecord(const std::string& value, const std::string& grantId)
    {
        mock::RefreshTokenRecord t;
        t.token = value;
        t.grantId = grantId;
        t.clientId = "client";
        t.issuedAt = clock.now();
        t.lastUsedAt = t.issuedAt;
        return t;
    }

    mock::RefreshTokenRecord refresh(const std::string& value, const std::string& grantId)
    {
        auto t = refreshRecord(value, grantId);
        store.addRefreshToken(t);
        return t;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(grant_store, StoreFixture)

BOOST_AUTO_TEST_CASE(consume_code_succeeds_once_only)
{
    grant("g1");
    code("c1", "g1");
    BOOST_TEST(store.consumeCode("c1"));
    BOOST_TEST(!store.consumeCode("c1"));
    BOOST_TEST(!store.consumeCode("c1"));
    BOOST_TEST(store.findCode("c1")->redeemed);
    BOOST_TEST(!store.consumeCode("unknown"));
}

BOOST_AUTO_TEST_CASE(concurrent_consume_code_has_one_winner)
{
    grant("g1");
    code("c1", "g1");
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            if (store.consumeCode("c1"))
                winners.fetch_add(1);
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(winners.load() == 1);
}

BOOST_AUTO_TEST_CASE(rotate_refresh_token_succeeds_once_only)
{
    grant("g1");
    refresh("r1", "g1");
    BOOST_TEST(store.rotateRefreshToken("r1", refreshRecord("r2", "g1")));
    BOOST_TEST(store.findRefreshToken("r1")->superseded);
    BOOST_REQUIRE(store.findRefreshToken("r2"));
    BOOST_TEST(!store.findRefreshToken("r2")->superseded);

    BOOST_TEST(!store.rotateRefreshToken("r1", refreshRecord("r3", "g1")));
    BOOST_TEST(!store.findRefreshToken("r3"));
    BOOST_TEST(!store.rotateRefreshToken("unknown", refreshRecord("r4", "g1")));
    BOOST_TEST(!store.findRefreshToken("r4"));
    BOOST_TEST(store.rotateRefreshToken("r2", refreshRecord("r5", "g1")));
}

BOOST_AUTO_TEST_CASE(revoked_refresh_token_cannot_be_rotated)
{
    grant("g1");
    refresh("r1", "g1");
    store.revokeGrant("g1");
    BOOST_TEST(!store.rotateRefreshToken("r1", refreshRecord("r2", "g1")));
    BOOST_TEST(!store.findRefreshToken("r2"));
}

BOOST_AUTO_TEST_CASE(revoke_grant_kills_every_token_of_the_grant_only)
{
    grant("g1");
    grant("g2");
    access("a1", "g1");
    access("a2", "g1");
    refresh("r1", "g1");
    BOOST_REQUIRE(store.rotateRefreshToken("r1", refreshRecord("r2", "g1")));
    access("b1", "g2");
    refresh("s1", "g2");

    store.revokeGrant("g1");

    BOOST_TEST(store.findGrant("g1")->revoked);
    BOOST_TEST(store.findAccessToken("a1")->revoked);
    BOOST_TEST(store.findAccessToken("a2")->revoked);
    BOOST_TEST(store.findRefreshToken("r1")->revoked);
    BOOST_TEST(store.findRefreshToken("r2")->revoked);
    BOOST_TEST(!store.findGrant("g2")->revoked);
    BOOST_TEST(!store.findAccessToken("b1")->revoked);
    BOOST_TEST(!store.findRefreshToken("s1")->revoked);
}

BOOST_AUTO_TEST_CASE(tokens_added_to_a_revoked_grant_are_born_revoked)
{
    // A request that passed its checks before a concurrent replay revoked the grant must not
    // mint live tokens into the dead family.
    grant("g1");
    refresh("r1", "g1");
    store.revokeGrant("g1");
    access("a1", "g1");
    refresh("r2", "g1");
    BOOST_TEST(store.findAccessToken("a1")->revoked);
    BOOST_TEST(store.findRefreshToken("r2")->revoked);
}

BOOST_AUTO_TEST_CASE(revoke_access_token_revokes_that_token_only)
{
    grant("g1");
    access("a1", "g1");
    access("a2", "g1");
    refresh("r1", "g1");
    store.revokeAccessToken("a1");
    BOOST_TEST(store.findAccessToken("a1")->revoked);
    BOOST_TEST(!store.findAccessToken("a2")->revoked);
    BOOST_TEST(!store.findRefreshToken("r1")->revoked);
    BOOST_TEST(!store.findGrant("g1")->revoked);
}

BOOST_AUTO_TEST_CASE(eviction_drops_everything_expired_and_keeps_live_entries)
{
    constexpr int kGrants = 300;
    for (int i = 0; i < kGrants; ++i)
    {
        std::string id = "g" + std::to_string(i);
        grant(id);
        code("c" + std::to_string(i), id);
        access("a" + std::to_string(i), id);
        refresh("r" + std::to_string(i), id);
        if (i % 2 == 0)
            BOOST_REQUIRE(store.rotateRefreshToken("r" + std::to_string(i), refreshRecord("n" + std::to_string(i), id)));
    }
    BOOST_TEST(store.sizes().codes == std::size_t(kGrants));
    BOOST_TEST(store.sizes().refreshTokens == std::size_t(kGrants + kGrants / 2));

    // Past the longest lifetime (the refresh family's 86400 s) plus the grace period.
    clock.advance(86400 + kGrace + 1);
    grant("live");
    code("live-code", "live");
    access("live-at", "live");
    refresh("live-rt", "live");
    store.evictExpired();

    mock::StoreSizes sizes = store.sizes();
    BOOST_TEST(sizes.grants == 1u);
    BOOST_TEST(sizes.codes == 1u);
    BOOST_TEST(sizes.accessTokens == 1u);
    BOOST_TEST(sizes.refreshTokens == 1u);
    BOOST_TEST(store.findGrant("live").has_value());
    BOOST_TEST(store.findCode("live-code").has_value());
    BOOST_TEST(store.findAccessToken("live-at").has_value());
    BOOST_TEST(store.findRefreshToken("live-rt").has_value());
    BOOST_TEST(!store.findCode("c0").has_value());
    BOOST_TEST(!store.findRefreshToken("n0").has_value());

    store.revokeGrant("live");
    clock.advance(86400 + kGrace + 1);
    store.evictExpired();
    sizes = store.sizes();
    BOOST_TEST(sizes.grants == 0u);
    BOOST_TEST(sizes.codes == 0u);
    BOOST_TEST(sizes.accessTokens == 0u);
    BOOST_TEST(sizes.refreshTokens == 0u);
}

BOOST_AUTO_TEST_CASE(recently_expired_entries_survive_the_grace_period)
{
    // Within the grace period a replayed code is still recognised (and can revoke its grant).
    grant("g1");
    code("c1", "g1");
    access("a1", "g1");
    BOOST_REQUIRE(store.consumeCode("c1"));
    clock.advance(60 + kGrace - 10);
    store.evictExpired();
    BOOST_TEST(store.findCode("c1").has_value());
    clock.advance(20);
    store.evictExpired();
    BOOST_TEST(!store.findCode("c1").has_value());
    // An access token is kept after it expired at most as long as it lived (600 s here).
    BOOST_TEST(!store.findAccessToken("a1").has_value());
    BOOST_TEST(store.findGrant("g1").has_value()); // its refresh family still lives
}

BOOST_AUTO_TEST_CASE(expired_access_tokens_are_kept_as_long_as_they_lived_at_most_the_grace)
{
    grant("g1");
    access("short", "g1", 2);
    access("ten-minutes", "g1", 600);
    access("hour", "g1", 3600);
    clock.advance(2 + 2);
    store.evictExpired();
    BOOST_TEST(store.findAccessToken("short").has_value()); // expired 2 s ago, lived 2 s
    clock.advance(1);
    store.evictExpired();
    BOOST_TEST(!store.findAccessToken("short").has_value());
    clock.advance(600 + 600 - 5);
    store.evictExpired();
    BOOST_TEST(store.findAccessToken("ten-minutes").has_value());
    clock.advance(1);
    store.evictExpired();
    BOOST_TEST(!store.findAccessToken("ten-minutes").has_value());
    clock.advance(3600 + kGrace - 1201);
    store.evictExpired();
    BOOST_TEST(store.findAccessToken("hour").has_value()); // the full grace period
    clock.advance(1);
    store.evictExpired();
    BOOST_TEST(!store.findAccessToken("hour").has_value());
}

BOOST_AUTO_TEST_CASE(grant_without_refresh_tokens_goes_with_its_last_token)
{
    mock::GrantRecord g;
    g.id = "cc";
    g.clientId = "client";
    g.createdAt = clock.now();
    store.addGrant(g); // client_credentials: no refresh family
    access("t1", "cc", 10);
    clock.advance(mock::GrantStore::kUnreferencedGrantGrace + 1);
    store.evictExpired();
    BOOST_TEST(store.findGrant("cc").has_value()); // t1 still refers to it
    clock.advance(10 + 10);
    store.evictExpired();
    BOOST_TEST(!store.findAccessToken("t1").has_value());
    BOOST_TEST(!store.findGrant("cc").has_value());
}

BOOST_AUTO_TEST_CASE(many_grants_without_refresh_tokens_go_only_when_nothing_refers_to_them)
{
    // Forty grants without refresh families, dropped in one walk while the others stay: those a code
    // or a token still refers to, and one that is too young. Run under ASan, this also checks the
    // walk never reads an id it has already dropped.
    auto noRefresh = [&](const std::string& id) {
        mock::GrantRecord g;
        g.id = id + std::string(20, '-'); // ids longer than std::string's inline buffer
        g.clientId = "client";
        g.createdAt = clock.now();
        store.addGrant(g);
        return g.id;
    };
    std::vector<std::string> dropped;
    for (int i = 0; i < 40; ++i)
        dropped.push_back(noRefresh("unreferenced" + std::to_string(i)));
    std::string byCode = noRefresh("by-code"), byToken = noRefresh("by-token");
    code("c1", byCode, 600);
    access("t1", byToken, 600);
    clock.advance(mock::GrantStore::kUnreferencedGrantGrace + 1);
    std::string young = noRefresh("young");
    store.evictExpired();
    for (const auto& id : dropped)
        BOOST_TEST(!store.findGrant(id).has_value());
    BOOST_TEST(store.findGrant(byCode).has_value());
    BOOST_TEST(store.findGrant(byToken).has_value());
    BOOST_TEST(store.findGrant(young).has_value());
    BOOST_TEST(store.sizes().grants == 3u);
}

BOOST_AUTO_TEST_CASE(short_lived_tokens_stay_bounded_under_inserts)
{
    // Inserts alone keep the store bounded: 2 s tokens issued over 100 s of mock time.
    for (int second = 0; second < 100; ++second)
    {
        for (int i = 0; i < 100; ++i)
        {
            std::string id = "g" + std::to_string(second) + "-" + std::to_string(i);
            mock::GrantRecord g;
            g.id = id;
            g.clientId = "client";
            g.createdAt = clock.now();
            store.addGrant(g);
            access("t" + id, id, 2);
        }
        clock.advance(1);
    }
    mock::StoreSizes sizes = store.sizes();
    BOOST_TEST(sizes.accessTokens <= std::size_t(100 * 8));
    BOOST_TEST(sizes.grants <= std::size_t(100 * 10));
}

BOOST_AUTO_TEST_CASE(inserts_evict_without_an_explicit_call)
{
    for (int i = 0; i < 100; ++i)
        code("c" + std::to_string(i), "g");
    clock.advance(60 + kGrace + 1);
    code("fresh", "g"); // more than 60 s since the last eviction: this insert evicts
    BOOST_TEST(store.sizes().codes == 1u);
    BOOST_TEST(store.findCode("fresh").has_value());
}

BOOST_AUTO_TEST_CASE(clear_empties_the_store)
{
    grant("g1");
    code("c1", "g1");
    access("a1", "g1");
    refresh("r1", "g1");
    store.clear();
    mock::StoreSizes sizes = store.sizes();
    BOOST_TEST(sizes.grants + sizes.codes + sizes.accessTokens + sizes.refreshTokens == 0u);
}


BOOST_AUTO_TEST_CASE(access_tokens_read_back_exactly_though_their_owners_are_shared)
{
    // Tokens of one client, subject, user and scope share one owner record inside the store; what
    // comes back must still be each token's own, down to a scope or a user that differs.
    auto make = [&](const std::string& value, const std::string& client, const std::string& subject,
                    const std::string& username, std::set<std::string> scope) {
        mock::AccessTokenRecord t;
        t.token = value;
        t.jti = "jti-" + value;
        t.grantId = "grant-" + value;
        t.clientId = client;
        t.subject = subject;
        t.username = username;
        t.scope = oauth::ScopeSet(std::move(scope));
        t.issuedAt = clock.now();
        t.expiresAt = clock.now() + 60;
        store.addAccessToken(t);
        return t;
    };
    std::vector<mock::AccessTokenRecord> issued = {
        make("a", "app", "alice", "alice", {"read"}),
        make("b", "app", "alice", "alice", {"read"}),        // the same owner as a
        make("c", "app", "alice", "alice", {"read", "write"}),
        make("d", "app", "bob", "bob", {"read"}),
        make("e", "app:alice", "", "alice", {"read"}),       // the parts' boundaries differ from a's
        make("f", "app", "alice:alice", "", {"read"}),
        make("g", "service", "service", "", {}),
    };
    for (const auto& want : issued)
    {
        auto got = store.findAccessToken(want.token);
        BOOST_REQUIRE(got.has_value());
        BOOST_TEST(got->token == want.token);
        BOOST_TEST(got->jti == want.jti);
        BOOST_TEST(got->grantId == want.grantId);
        BOOST_TEST(got->clientId == want.clientId);
        BOOST_TEST(got->subject == want.subject);
        BOOST_TEST(got->username == want.username);
        BOOST_TEST(got->scope.toString() == want.scope.toString());
        BOOST_TEST(got->issuedAt == want.issuedAt);
        BOOST_TEST(got->expiresAt == want.expiresAt);
    }
    store.revokeAccessToken("a");
    BOOST_TEST(store.findAccessToken("a")->revoked);
    BOOST_TEST(!store.findAccessToken("b")->revoked); // revocation is the token's, not the owner's

    clock.advance(60 + 60 + 1);
    store.evictExpired();
    BOOST_TEST(store.sizes().accessTokens == 0u);
    make("h", "app", "alice", "alice", {"read"}); // an owner made again after its tokens were evicted
    BOOST_TEST(store.findAccessToken("h")->clientId == "app");
}

BOOST_AUTO_TEST_CASE(long_tokens_and_ids_read_back_exactly)
{
    // The store keys a token by a digest of all of it and holds ids of up to 15 characters inline,
    // longer ones apart: a JWT-sized token, tokens that differ only in their last character, and ids
    // on either side of 15 characters all come back as stored.
    const std::string prefix(400, 'x');
    auto make = [&](const std::string& token, const std::string& jti, const std::string& grantId) {
        mock::AccessTokenRecord t;
        t.token = token;
        t.jti = jti;
        t.grantId = grantId;
        t.clientId = "app";
        t.issuedAt = clock.now();
        t.expiresAt = clock.now() + 60;
        store.addAccessToken(t);
    };
    make(prefix + "1", "", "g23456789012345");                                // empty jti, 15-character grant
    make(prefix + "2", "j234567890123456", "a grant id of forty characters, on heap");
    make(prefix + "3", std::string(1000, 'j'), "g");
    BOOST_TEST(store.sizes().accessTokens == 3u);
    BOOST_TEST(!store.findAccessToken(prefix).has_value());
    BOOST_TEST(!store.findAccessToken(prefix + "4").has_value());
    auto first = store.findAccessToken(prefix + "1");
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST(first->jti == "");
    BOOST_TEST(first->grantId == "g23456789012345");
    auto second = store.findAccessToken(prefix + "2");
    BOOST_REQUIRE(second.has_value());
    BOOST_TEST(second->jti == "j234567890123456");
    BOOST_TEST(second->grantId == "a grant id of forty characters, on heap");
    BOOST_TEST(store.findAccessToken(prefix + "3")->jti == std::string(1000, 'j'));

    // The store keeps a lifetime of 32 bits (the configuration allows a year); more is refused, not cut.
    mock::AccessTokenRecord ancient;
    ancient.token = "ancient";
    ancient.issuedAt = 0;
    ancient.expiresAt = std::int64_t{1} << 40;
    BOOST_CHECK_THROW(store.addAccessToken(ancient), std::invalid_argument);
    BOOST_TEST(!store.findAccessToken("ancient").has_value());

    store.revokeGrant("a grant id of forty characters, on heap");
    BOOST_TEST(store.findAccessToken(prefix + "2")->revoked);
    BOOST_TEST(!store.findAccessToken(prefix + "1")->revoked);
    BOOST_TEST(!store.findAccessToken(prefix + "3")->revoked);
}

BOOST_AUTO_TEST_CASE(compact_ids_copy_and_assign_like_strings)
{
    const std::string longText = "an id longer than fifteen characters";
    mock::CompactId small("fifteen chars!!"), large(longText), empty;
    BOOST_TEST(small.view() == "fifteen chars!!");
    BOOST_TEST(large.view() == longText);
    BOOST_TEST(empty.view().empty());
    mock::CompactId copy = large;
    large = small;                   // heap to inline: the copy keeps its own block
    BOOST_TEST(copy.view() == longText);
    BOOST_TEST(large.view() == "fifteen chars!!");
    copy = copy.view();              // assigned from a view into its own heap block
    BOOST_TEST(copy.view() == longText);
    copy = copy;
    BOOST_TEST(copy.str() == longText);
    empty = longText;
    BOOST_TEST((empty == longText));
}

BOOST_AUTO_TEST_SUITE_END()
