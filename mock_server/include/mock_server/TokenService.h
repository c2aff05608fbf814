#pragma once

#include "mock_server/GrantStore.h"
#include "mock_server/MockState.h"

#include <optional>
#include <string>

namespace mock {

/// Why an access token is not usable.
enum class TokenProblem { None, Unknown, Expired, Revoked };

/// Result of checking a presented access token.
struct AccessTokenCheck
{
    TokenProblem problem = TokenProblem::Unknown;
    std::optional<AccessTokenRecord> record;   ///< set when the token is known
    bool valid() const { return problem == TokenProblem::None; }
    /// "unknown token", "token expired", … for error_description.
    std::string describe() const;
};

/// Mints access tokens (opaque, or JWT per RFC 9068) and refresh tokens, writes the RFC 6749 §5.1
/// token response, and checks presented access tokens for the demo API and /introspect.
class TokenService
{
public:
    explicit TokenService(MockState& state) : _state(state) {}

    /// A new access token for the grant with the given scope, stored.
    AccessTokenRecord mintAccessToken(const GrantRecord& grant, const oauth::ScopeSet& scope);

    /// A new refresh token for the grant (not stored: the caller stores or rotates it).
    RefreshTokenRecord newRefreshToken(const GrantRecord& grant, const oauth::ScopeSet& scope) const;

    /// The JSON body of a successful token response. `scope` is always included (RFC 6749 §5.1
    /// requires it when it differs from the request; always sending it is allowed and clearer).
    /// The quirks token-type-missing, expires-in-string and scope-unreported spoil it.
    std::string tokenResponse(const AccessTokenRecord& access, const std::string* refreshToken) const;

    /// Looks the token up (verifying the signature first for JWTs) and checks expiry and
    /// revocation against the mock clock. The quirk expired-token-accepted waives expiry.
    AccessTokenCheck checkAccessToken(const std::string& token) const;

private:
    std::string mintJwt(const AccessTokenRecord& record) const;
    /// 32 random bytes, base64url; the quirks short-tokens and token-bad-characters spoil it.
    std::string opaqueToken() const;
    /// The quirk scope-unreported: of several scopes only the first, a single one widened to
    /// every scope the client may have.
    oauth::ScopeSet silentlyAlteredScope(const GrantRecord& grant, const oauth::ScopeSet& scope) const;

    MockState& _state;
};

} // namespace mock
