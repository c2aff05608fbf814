#pragma once

#include "mock_server/Clock.h"
#include "mock_server/CompactId.h"
#include "mock_server/ShardedMap.h"

#include <oauth/Pkce.h>
#include <oauth/ScopeSet.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace mock {

/// A new grant id or jti: 11 random bytes (88 bits) make 15 base64url characters, which std::string
/// holds without a heap allocation; the store keeps two per access token.
std::string newRecordId();

/// An authorization code and what it was bound to (RFC 6749 §4.1.2, RFC 7636 §4.4).
struct CodeRecord
{
    std::string code;
    std::string grantId;
    std::string clientId;
    std::string redirectUri;       ///< the one the code was delivered to
    bool redirectUriInRequest = false; ///< the authorization request carried redirect_uri (RFC 6749 §4.1.3)
    oauth::ScopeSet scope;
    std::string subject;
    std::string username;
    std::string codeChallenge;     ///< empty: no PKCE
    oauth::PkceMethod challengeMethod = oauth::PkceMethod::S256;
    std::int64_t expiresAt = 0;
    bool redeemed = false;
};

/// One grant: what a user authorised; codes, access tokens and refresh tokens belong to it, and
/// revoking it kills them all (the "family"). A client_credentials token has a grant id of its own
/// but no stored grant: its family is that one token.
struct GrantRecord
{
    std::string id;
    std::string clientId;
    std::string subject;
    std::string username;
    oauth::ScopeSet scope;
    std::int64_t createdAt = 0;
    std::int64_t refreshExpiresAt = 0; ///< absolute limit of the refresh-token family
    bool revoked = false;
};

/// An issued access token.
struct AccessTokenRecord
{
    std::string token;
    std::string jti;
    std::string grantId;
    std::string clientId;
    std::string subject;
    std::string username;
    oauth::ScopeSet scope;
    std::int64_t issuedAt = 0;
    std::int64_t expiresAt = 0;
    bool revoked = false;
};

/// What the access tokens of one client, subject, user and scope share. The store holds it once
/// for all of them, so a short-lived token costs only its own fields (docs/benchmarks.md, memory).
struct TokenOwner
{
    std::string clientId;
    std::string subject;
    std::string username;
    oauth::ScopeSet scope;
};

/// What the store keys an access token by: the first 16 bytes of the token's SHA-256. Fixed-size
/// and inline (a JWT is 400 characters, an opaque token needs a heap block), and the store never
/// holds a usable token. 128 bits: a collision among a million tokens has odds of about 2^-88.
struct AccessTokenKey
{
    std::array<unsigned char, 16> bytes{};

    static AccessTokenKey of(const std::string& token);
    bool operator==(const AccessTokenKey& other) const { return bytes == other.bytes; }
};

/// The digest is uniform already: its first eight bytes are the hash.
struct AccessTokenKeyHash
{
    std::size_t operator()(const AccessTokenKey& key) const noexcept
    {
        std::size_t hash;
        std::memcpy(&hash, key.bytes.data(), sizeof hash);
        return hash;
    }
};

/// An access token as the store holds it, under its AccessTokenKey: 64 bytes, so that a hash-table
/// node with its key takes a 96-byte heap block (docs/benchmarks.md, memory).
struct StoredAccessToken
{
    CompactId jti;
    CompactId grantId;
    std::shared_ptr<const TokenOwner> owner;
    std::int64_t expiresAt = 0;
    std::int32_t lifetime = 0; ///< expiresAt - issuedAt (at most a year by configuration)
    bool revoked = false;

    std::int64_t issuedAt() const { return expiresAt - lifetime; }
};

/// An issued refresh token.
struct RefreshTokenRecord
{
    std::string token;
    std::string grantId;
    std::string clientId;
    oauth::ScopeSet scope;          ///< the scope the grant allows (RFC 6749 §6)
    std::int64_t issuedAt = 0;
    std::int64_t lastUsedAt = 0;
    bool superseded = false;        ///< rotated away; a reuse signals theft (RFC 9700 §4.14.2)
    bool revoked = false;
};

/// Sizes, for the control API and the eviction tests.
struct StoreSizes
{
    std::size_t grants = 0, codes = 0, accessTokens = 0, refreshTokens = 0;
};

/// In-memory store of grants, codes and tokens. Every method is atomic under one mutex;
/// the check-and-set steps (consumeCode, rotateRefreshToken) make concurrent redemption safe.
class GrantStore
{
public:
    /// Eviction decisions follow `clock` (the mock's, so advancing it also ages the store).
    /// `evictionGrace`: seconds an expired entry is kept, so a replay of it is still recognised.
    explicit GrantStore(const Clock& clock, std::int64_t evictionGrace = kDefaultEvictionGrace)
        : _clock(clock), _evictionGrace(evictionGrace)
    {
    }

    void addGrant(const GrantRecord& grant);
    void addCode(const CodeRecord& code);
    /// Stores an access token; one of a revoked grant is stored revoked.
    void addAccessToken(const AccessTokenRecord& token);
    /// Stores a refresh token; one of a revoked grant is stored revoked.
    void addRefreshToken(const RefreshTokenRecord& token);

    std::optional<GrantRecord> findGrant(const std::string& grantId) const;
    std::optional<CodeRecord> findCode(const std::string& code) const;
    std::optional<AccessTokenRecord> findAccessToken(const std::string& token) const;
    std::optional<RefreshTokenRecord> findRefreshToken(const std::string& token) const;

    /// Marks the code redeemed; false if it already was (the caller lost a race or it is a replay).
    bool consumeCode(const std::string& code);

    /// Marks `oldToken` superseded and stores `replacement`; false if `oldToken` was already
    /// superseded or revoked (a concurrent refresh won).
    bool rotateRefreshToken(const std::string& oldToken, const RefreshTokenRecord& replacement);

    /// Records use of a refresh token that is not rotated.
    void touchRefreshToken(const std::string& token, std::int64_t now);

    /// Revokes the grant and every access and refresh token of it.
    void revokeGrant(const std::string& grantId);

    /// Revokes one access token.
    void revokeAccessToken(const std::string& token);

    /// Drops codes, tokens and grants that can no longer be used at `now` (with a grace period
    /// so that replays of just-expired values are still recognised). Called on inserts.
    void evictExpired();

    void clear();
    StoreSizes sizes() const;

    /// How long expired entries are kept before eviction by default, in seconds (config
    /// `lifetimes.eviction_grace`; an access token: at most as long as it lived, so short-lived
    /// tokens do not pile up).
    static constexpr std::int64_t kDefaultEvictionGrace = 300;
    std::int64_t evictionGrace() const { return _evictionGrace; }
    /// How long a grant without refresh tokens is kept when no code or access token refers to it.
    static constexpr std::int64_t kUnreferencedGrantGrace = 5;

private:
    bool grantRevokedLocked(const std::string& grantId) const;
    /// The shared owner of `token` (client, subject, user, scope), made on first use.
    std::shared_ptr<const TokenOwner> tokenOwnerLocked(const AccessTokenRecord& token);
    void storeRefreshTokenLocked(const RefreshTokenRecord& token);
    void maybeEvictLocked();
    void evictLocked(std::int64_t now);

    const Clock& _clock;
    const std::int64_t _evictionGrace;
    mutable std::mutex _mutex;
    // Hashed, not ordered: the keys are random strings, and a tree walk of 100 000 of them costs a
    // cache miss per level on every insert and lookup under the one mutex.
    ShardedMap<GrantRecord> _grants;
    ShardedMap<CodeRecord> _codes;
    ShardedMap<StoredAccessToken, AccessTokenKey, AccessTokenKeyHash> _accessTokens;
    /// The owners the stored access tokens point to, by client, subject, user and scope.
    std::unordered_map<std::string, std::shared_ptr<const TokenOwner>> _tokenOwners;
    ShardedMap<RefreshTokenRecord> _refreshTokens;
    std::int64_t _lastEviction = 0;
    std::size_t _insertsSinceEviction = 0;
    /// The earliest mock time at which an entry may be evictable; inserts before it skip the walk.
    std::int64_t _nextEviction = std::numeric_limits<std::int64_t>::max();
};

} // namespace mock
