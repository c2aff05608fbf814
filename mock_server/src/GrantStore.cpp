#include "mock_server/GrantStore.h"

#include <set>

namespace mock {
namespace {

template <typename Map>
std::optional<typename Map::mapped_type> lookup(const Map& map, const std::string& key)
{
    auto it = map.find(key);
    if (it == map.end())
        return std::nullopt;
    return it->second;
}

template <typename Map, typename Pred>
void eraseIf(Map& map, Pred pred)
{
    for (auto it = map.begin(); it != map.end();)
        it = pred(it->second) ? map.erase(it) : std::next(it);
}

} // namespace

void GrantStore::addGrant(const GrantRecord& grant)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _grants[grant.id] = grant;
    maybeEvictLocked();
}

void GrantStore::addCode(const CodeRecord& code)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _codes[code.code] = code;
    maybeEvictLocked();
}

void GrantStore::addAccessToken(const AccessTokenRecord& token)
{
    std::lock_guard<std::mutex> lock(_mutex);
    AccessTokenRecord& stored = _accessTokens[token.token] = token;
    stored.revoked = stored.revoked || grantRevokedLocked(token.grantId);
    maybeEvictLocked();
}

void GrantStore::addRefreshToken(const RefreshTokenRecord& token)
{
    std::lock_guard<std::mutex> lock(_mutex);
    storeRefreshTokenLocked(token);
    maybeEvictLocked();
}

bool GrantStore::grantRevokedLocked(const std::string& grantId) const
{
    auto it = _grants.find(grantId);
    return it != _grants.end() && it->second.revoked;
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
    std::lock_guard<std::mutex> lock(_mutex);
    return lookup(_accessTokens, token);
}

std::optional<RefreshTokenRecord> GrantStore::findRefreshToken(const std::string& token) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return lookup(_refreshTokens, token);
}

bool GrantStore::consumeCode(const std::string& code)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _codes.find(code);
    if (it == _codes.end() || it->second.redeemed)
        return false;
    it->second.redeemed = true;
    return true;
}

bool GrantStore::rotateRefreshToken(const std::string& oldToken, const RefreshTokenRecord& replacement)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _refreshTokens.find(oldToken);
    if (it == _refreshTokens.end() || it->second.superseded || it->second.revoked)
        return false;
    it->second.superseded = true;
    storeRefreshTokenLocked(replacement);
    maybeEvictLocked();
    return true;
}

void GrantStore::touchRefreshToken(const std::string& token, std::int64_t now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _refreshTokens.find(token);
    if (it != _refreshTokens.end())
        it->second.lastUsedAt = now;
}

void GrantStore::revokeGrant(const std::string& grantId)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto grant = _grants.find(grantId);
    if (grant != _grants.end())
        grant->second.revoked = true;
    for (auto& [_, t] : _accessTokens)
        if (t.grantId == grantId)
            t.revoked = true;
    for (auto& [_, t] : _refreshTokens)
        if (t.grantId == grantId)
            t.revoked = true;
}

void GrantStore::revokeAccessToken(const std::string& token)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _accessTokens.find(token);
    if (it != _accessTokens.end())
        it->second.revoked = true;
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
    evictLocked(now);
}

void GrantStore::evictLocked(std::int64_t now)
{
    _insertsSinceEviction = 0;
    _lastEviction = now;
    const std::int64_t horizon = now - _evictionGrace;
    eraseIf(_codes, [&](const CodeRecord& c) { return c.expiresAt < horizon; });
    eraseIf(_accessTokens, [&](const AccessTokenRecord& t) { return t.expiresAt < horizon; });
    // A grant without refresh tokens lives as long as a code or access token refers to it
    // (and at least the grace period, so a grant is never dropped before its first code).
    std::set<std::string> referenced;
    for (const auto& [_, c] : _codes)
        referenced.insert(c.grantId);
    for (const auto& [_, t] : _accessTokens)
        referenced.insert(t.grantId);
    eraseIf(_grants, [&](const GrantRecord& g) {
        if (g.refreshExpiresAt != 0)
            return g.refreshExpiresAt < horizon;
        return g.createdAt < horizon && !referenced.count(g.id);
    });
    eraseIf(_refreshTokens, [&](const RefreshTokenRecord& t) { return _grants.find(t.grantId) == _grants.end(); });
}

void GrantStore::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _grants.clear();
    _codes.clear();
    _accessTokens.clear();
    _refreshTokens.clear();
    _lastEviction = 0;
    _insertsSinceEviction = 0;
}

StoreSizes GrantStore::sizes() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return {_grants.size(), _codes.size(), _accessTokens.size(), _refreshTokens.size()};
}

} // namespace mock
