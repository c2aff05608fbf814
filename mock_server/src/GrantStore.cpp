#include "mock_server/GrantStore.h"

#include <oauth/Crypto.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

namespace mock {
namespace {

static_assert(sizeof(StoredAccessToken) <= 64, "a stored access token outgrew its 96-byte heap block");

template <typename Value>
std::optional<Value> lookup(const ShardedMap<Value>& map, const std::string& key)
{
    const Value* found = map.find(key);
    if (!found)
        return std::nullopt;
    return *found;
}

AccessTokenRecord toRecord(const std::string& token, const StoredAccessToken& stored)
{
    AccessTokenRecord r;
    r.token = token;
    r.jti = stored.jti.str();
    r.grantId = stored.grantId.str();
    r.clientId = stored.owner->clientId;
    r.subject = stored.owner->subject;
    r.username = stored.owner->username;
    r.scope = stored.owner->scope;
    r.issuedAt = stored.issuedAt();
    r.expiresAt = stored.expiresAt;
    r.revoked = stored.revoked;
    return r;
}

/// The key of a token's owner: each part but the last with its length first, so no two differ only
/// in where one part ends.
std::string ownerKey(const AccessTokenRecord& t)
{
    std::string key;
    for (const std::string* part : {&t.clientId, &t.subject, &t.username})
        key.append(std::to_string(part->size())).append(1, ':').append(*part);
    return key + t.scope.toString();
}

/// How long an expired access token is kept: the grace period, but never longer than the token
/// lived (a token that lived 2 s is forgotten 2 s after it expired; an hour-long one after an hour).
std::int64_t accessTokenGrace(const StoredAccessToken& t, std::int64_t grace)
{
    return std::min(grace, std::max<std::int64_t>(0, t.lifetime));
}

/// The first mock time at which eviction may drop the entry (eviction drops what is strictly past).
std::int64_t evictableAt(const CodeRecord& c, std::int64_t grace) { return c.expiresAt + grace + 1; }
std::int64_t evictableAt(const StoredAccessToken& t, std::int64_t grace) { return t.expiresAt + accessTokenGrace(t, grace) + 1; }
/// A grant without refresh tokens: once nothing refers to it and it is older than the short grace.
std::int64_t evictableAt(const GrantRecord& g, std::int64_t grace)
{
    return g.refreshExpiresAt != 0 ? g.refreshExpiresAt + grace + 1
                                   : g.createdAt + GrantStore::kUnreferencedGrantGrace + 1;
}

template <typename Map, typename Pred>
void eraseIf(Map& map, Pred pred)
{
    for (auto it = map.begin(); it != map.end();)
        it = pred(it->second) ? map.erase(it) : std::next(it);
}

} // namespace

std::string newRecordId()
{
    return oauth::randomToken(11);
}

AccessTokenKey AccessTokenKey::of(const std::string& token)
{
    unsigned char digest[32];
    oauth::sha256(token, digest);
    AccessTokenKey key;
    std::memcpy(key.bytes.data(), digest, key.bytes.size());
    return key;
}

void GrantStore::addGrant(const GrantRecord& grant)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _grants[grant.id] = grant;
    // A grant without refresh tokens is referenced at once by the code or token its request stores
    // next (whose eviction time is tracked); only a refresh family brings a time of its own.
    if (grant.refreshExpiresAt != 0)
        _nextEviction = std::min(_nextEviction, evictableAt(grant, _evictionGrace));
    maybeEvictLocked();
}

void GrantStore::addCode(const CodeRecord& code)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _codes[code.code] = code;
    _nextEviction = std::min(_nextEviction, evictableAt(code, _evictionGrace));
    maybeEvictLocked();
}

void GrantStore::addAccessToken(const AccessTokenRecord& token)
{
    const std::int64_t lifetime = token.expiresAt - token.issuedAt;
    if (lifetime < std::numeric_limits<std::int32_t>::min() || lifetime > std::numeric_limits<std::int32_t>::max())
        throw std::invalid_argument("an access token's lifetime must fit 68 years, this one's is " + std::to_string(lifetime) + " s");
    const AccessTokenKey key = AccessTokenKey::of(token.token); // hashed before the lock is taken
    std::lock_guard<std::mutex> lock(_mutex);
    StoredAccessToken& stored = _accessTokens[key];
    stored.jti = token.jti;
    stored.grantId = token.grantId;
    stored.owner = tokenOwnerLocked(token);
    stored.expiresAt = token.expiresAt;
    stored.lifetime = static_cast<std::int32_t>(lifetime);
    stored.revoked = token.revoked || grantRevokedLocked(token.grantId);
    _nextEviction = std::min(_nextEviction, evictableAt(stored, _evictionGrace));
    maybeEvictLocked();
}

std::shared_ptr<const TokenOwner> GrantStore::tokenOwnerLocked(const AccessTokenRecord& token)
{
    std::shared_ptr<const TokenOwner>& owner = _tokenOwners[ownerKey(token)];
    if (!owner)
        owner = std::make_shared<const TokenOwner>(TokenOwner{token.clientId, token.subject, token.username, token.scope});
    return owner;
}

void GrantStore::addRefreshToken(const RefreshTokenRecord& token)
{
    std::lock_guard<std::mutex> lock(_mutex);
    storeRefreshTokenLocked(token);
    maybeEvictLocked();
}

bool GrantStore::grantRevokedLocked(const std::string& grantId) const
{
    const GrantRecord* grant = _grants.find(grantId);
    return grant && grant->revoked;
}

void GrantStore::storeRefreshTokenLocked(const RefreshTokenRecord& token)
{
    // A token minted by a request that raced with a family revocation is born revoked.
    RefreshTokenRecord& stored = _refreshTokens[token.token] = token;
    stored.revoked = stored.revoked || grantRevokedLocked(token.grantId);
}

std::optional<GrantRecord> GrantStore::findGrant(const std::string& grantId) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return lookup(_grants, grantId);
}

std::optional<CodeRecord> GrantStore::findCode(const std::string& code) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return lookup(_codes, code);
}

std::optional<AccessTokenRecord> GrantStore::findAccessToken(const std::string& token) const
{
    const AccessTokenKey key = AccessTokenKey::of(token);
    std::lock_guard<std::mutex> lock(_mutex);
    const StoredAccessToken* stored = _accessTokens.find(key);
    if (!stored)
        return std::nullopt;
    return toRecord(token, *stored);
}

std::optional<RefreshTokenRecord> GrantStore::findRefreshToken(const std::string& token) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return lookup(_refreshTokens, token);
}

bool GrantStore::consumeCode(const std::string& code)
{
    std::lock_guard<std::mutex> lock(_mutex);
    CodeRecord* stored = _codes.find(code);
    if (!stored || stored->redeemed)
        return false;
    stored->redeemed = true;
    return true;
}

bool GrantStore::rotateRefreshToken(const std::string& oldToken, const RefreshTokenRecord& replacement)
{
    std::lock_guard<std::mutex> lock(_mutex);
    RefreshTokenRecord* old = _refreshTokens.find(oldToken);
    if (!old || old->superseded || old->revoked)
        return false;
    old->superseded = true;
    storeRefreshTokenLocked(replacement);
    maybeEvictLocked();
    return true;
}

void GrantStore::touchRefreshToken(const std::string& token, std::int64_t now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (RefreshTokenRecord* stored = _refreshTokens.find(token))
        stored->lastUsedAt = now;
}

void GrantStore::revokeGrant(const std::string& grantId)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (GrantRecord* grant = _grants.find(grantId))
        grant->revoked = true;
    _accessTokens.forEach([&](const AccessTokenKey&, StoredAccessToken& t) {
        if (t.grantId == grantId)
            t.revoked = true;
    });
    _refreshTokens.forEach([&](const std::string&, RefreshTokenRecord& t) {
        if (t.grantId == grantId)
            t.revoked = true;
    });
}

void GrantStore::revokeAccessToken(const std::string& token)
{
    const AccessTokenKey key = AccessTokenKey::of(token);
    std::lock_guard<std::mutex> lock(_mutex);
    if (StoredAccessToken* stored = _accessTokens.find(key))
        stored->revoked = true;
}

void GrantStore::evictExpired()
{
    std::lock_guard<std::mutex> lock(_mutex);
    evictLocked(_clock.now());
}

void GrantStore::maybeEvictLocked()
{
    std::int64_t now = _clock.now();
    if (++_insertsSinceEviction < 1024 && now - _lastEviction < 60)
        return;
    if (now < _nextEviction) // nothing can be dropped yet: no need to walk the store
    {
        _insertsSinceEviction = 0;
        _lastEviction = now;
        return;
    }
    evictLocked(now);
}

void GrantStore::evictLocked(std::int64_t now)
{
    _insertsSinceEviction = 0;
    _lastEviction = now;
    const std::int64_t horizon = now - _evictionGrace;
    _codes.eraseIf([&](const CodeRecord& c) { return c.expiresAt < horizon; });
    _accessTokens.eraseIf([&](const StoredAccessToken& t) { return t.expiresAt + accessTokenGrace(t, _evictionGrace) < now; });
    eraseIf(_tokenOwners, [](const std::shared_ptr<const TokenOwner>& owner) { return owner.use_count() == 1; });
    // A grant without refresh tokens lives as long as a code or access token refers to it, and at
    // least kUnreferencedGrantGrace (so a grant is never dropped before the request that created it
    // has stored its first code or token). The set holds such grants' ids (views into the grants)
    // minus those referred to; it is built from the grants, so the walk costs nothing per token
    // when there are none (a set entry per client_credentials token was 14 MB at 250 000 tokens).
    std::unordered_set<std::string_view> unreferenced;
    _grants.forEach([&](const std::string&, const GrantRecord& g) {
        if (g.refreshExpiresAt == 0)
            unreferenced.insert(g.id);
    });
    if (!unreferenced.empty())
    {
        _codes.forEach([&](const std::string&, const CodeRecord& c) { unreferenced.erase(c.grantId); });
        _accessTokens.forEach([&](const AccessTokenKey&, const StoredAccessToken& t) { unreferenced.erase(t.grantId.view()); });
    }
    _grants.eraseIf([&](const GrantRecord& g) {
        if (g.refreshExpiresAt != 0)
            return g.refreshExpiresAt < horizon;
        if (g.createdAt + kUnreferencedGrantGrace >= now || !unreferenced.count(g.id))
            return false;
        unreferenced.erase(g.id); // while the id it views is still there
        return true;
    });
    _refreshTokens.eraseIf([&](const RefreshTokenRecord& t) { return !_grants.find(t.grantId); });

    // When the next walk can drop anything (referenced grants go with what refers to them).
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    _codes.forEach([&](const std::string&, const CodeRecord& c) { next = std::min(next, evictableAt(c, _evictionGrace)); });
    _accessTokens.forEach(
        [&](const AccessTokenKey&, const StoredAccessToken& t) { next = std::min(next, evictableAt(t, _evictionGrace)); });
    _grants.forEach([&](const std::string&, const GrantRecord& g) {
        if (g.refreshExpiresAt != 0 || unreferenced.count(g.id))
            next = std::min(next, evictableAt(g, _evictionGrace));
    });
    _nextEviction = next;
}

void GrantStore::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _grants.clear();
    _codes.clear();
    _accessTokens.clear();
    _tokenOwners.clear();
    _refreshTokens.clear();
    _lastEviction = 0;
    _insertsSinceEviction = 0;
    _nextEviction = std::numeric_limits<std::int64_t>::max();
}

StoreSizes GrantStore::sizes() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return {_grants.size(), _codes.size(), _accessTokens.size(), _refreshTokens.size()};
}

} // namespace mock
