#include "mock_server/TokenService.h"

#include <oauth/Crypto.h>

#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace mock {
namespace {

/// The quirk short-tokens: 8 hex characters, 32 bits.
std::string shortToken()
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : oauth::randomBytes(4))
    {
        out += digits[byte >> 4];
        out += digits[byte & 0xf];
    }
    return out;
}

} // namespace

std::string AccessTokenCheck::describe() const
{
    switch (problem)
    {
    case TokenProblem::None: return "valid";
    case TokenProblem::Unknown: return "the access token is not known to this server";
    case TokenProblem::Expired: return "the access token has expired";
    case TokenProblem::Revoked: return "the access token has been revoked";
    }
    return "invalid";
}

AccessTokenRecord TokenService::mintAccessToken(const GrantRecord& grant, const oauth::ScopeSet& scope)
{
    const std::int64_t now = _state.clock().now();
    AccessTokenRecord r;
    r.jti = newRecordId();
    r.grantId = grant.id;
    r.clientId = grant.clientId;
    r.subject = grant.subject;
    r.username = grant.username;
    r.scope = _state.quirk(Quirk::ScopeUnreported) ? silentlyAlteredScope(grant, scope) : scope;
    r.issuedAt = now;
    r.expiresAt = now + _state.config().lifetimes.accessToken;
    r.token = _state.config().tokens.jwtAccessTokens ? mintJwt(r) : opaqueToken();
    _state.grants().addAccessToken(r);
    return r;
}

std::string TokenService::mintJwt(const AccessTokenRecord& r) const
{
    const TokenConfig& cfg = _state.config().tokens;
    Poco::JWT::Token jwt;
    jwt.setType("at+jwt"); // RFC 9068 section 2.1
    jwt.setIssuer(_state.issuer());
    jwt.setSubject(r.subject);
    jwt.setAudience(cfg.audience.empty() ? _state.issuer() + "/v2" : cfg.audience);
    jwt.setIssuedAt(Poco::Timestamp::fromEpochTime(r.issuedAt));
    jwt.setExpiration(Poco::Timestamp::fromEpochTime(r.expiresAt));
    jwt.setId(r.jti);
    jwt.payload().set("client_id", r.clientId);
    jwt.payload().set("scope", r.scope.toString());
    return _state.signingKey().sign(jwt);
}

std::string TokenService::opaqueToken() const
{
    std::string token = _state.quirk(Quirk::ShortTokens) ? shortToken() : oauth::randomToken(32);
    if (_state.quirk(Quirk::TokenBadCharacters))
        token.insert(token.size() / 2, "\xc3\xa9"); // U+00E9 in UTF-8: two bytes outside %x20-7E
    return token;
}

oauth::ScopeSet TokenService::silentlyAlteredScope(const GrantRecord& grant, const oauth::ScopeSet& scope) const
{
    if (scope.size() > 1)
        return oauth::ScopeSet({*scope.tokens().begin()});
    auto client = _state.clients().find(grant.clientId);
    return client ? client->allowedScopes : scope;
}

RefreshTokenRecord TokenService::newRefreshToken(const GrantRecord& grant, const oauth::ScopeSet& scope) const
{
    RefreshTokenRecord r;
    r.token = opaqueToken();
    r.grantId = grant.id;
    r.clientId = grant.clientId;
    r.scope = scope;
    r.issuedAt = _state.clock().now();
    r.lastUsedAt = r.issuedAt;
    return r;
}

std::string TokenService::tokenResponse(const AccessTokenRecord& access, const std::string* refreshToken) const
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("access_token");
    w.String(access.token.c_str());
    if (!_state.quirk(Quirk::TokenTypeMissing))
    {
        w.Key("token_type");
        w.String("Bearer");
    }
    w.Key("expires_in");
    const std::int64_t expiresIn = access.expiresAt - access.issuedAt;
    if (_state.quirk(Quirk::ExpiresInString))
        w.String(std::to_string(expiresIn).c_str());
    else
        w.Int64(expiresIn);
    if (refreshToken)
    {
        w.Key("refresh_token");
        w.String(refreshToken->c_str());
    }
    if (!_state.quirk(Quirk::ScopeUnreported))
    {
        w.Key("scope");
        w.String(access.scope.toString().c_str());
    }
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

AccessTokenCheck TokenService::checkAccessToken(const std::string& token) const
{
    AccessTokenCheck check;
    // The store holds exactly the tokens this process issued, a JWT as the very string it signed
    // with its one key (never replaced while it runs): a JWT found there verifies, and one not
    // found is unknown whether its signature verifies or not. So the store lookup alone gives the
    // answer the signature check used to give first; the ECDSA verification per API call is not needed.
    check.record = _state.grants().findAccessToken(token);
    if (!check.record)
        return check;
    if (check.record->revoked)
        check.problem = TokenProblem::Revoked;
    else if (check.record->expiresAt <= _state.clock().now() && !_state.quirk(Quirk::ExpiredTokenAccepted))
        check.problem = TokenProblem::Expired;
    else
        check.problem = TokenProblem::None;
    return check;
}

} // namespace mock
