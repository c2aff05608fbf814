#include "mock_server/TokenEndpoint.h"

#include "mock_server/OAuthResponses.h"

#include <oauth/Crypto.h>
#include <oauth/OAuthError.h>
#include <oauth/Pkce.h>

namespace mock {

namespace errc = oauth::errc;

MockResponse TokenEndpoint::error(int status, const std::string& code, const std::string& description)
{
    return tokenEndpointError(_state, status, code, description);
}

MockResponse TokenEndpoint::success(const AccessTokenRecord& access, const std::string* refreshToken)
{
    MockResponse r = MockResponse::json(200, _tokens.tokenResponse(access, refreshToken));
    applyNoStore(r, _state);
    return r;
}

MockResponse TokenEndpoint::handle(const MockRequest& request)
{
    if (request.method != "POST")
        return methodNotAllowed(_state, "POST");
    if (!request.hasFormBody())
        return error(400, errc::InvalidRequest, "the body must be application/x-www-form-urlencoded (RFC 6749 section 3.2)");
    oauth::FormData form;
    try
    {
        form = request.form();
    }
    catch (const oauth::FormDecodeError& e)
    {
        return error(400, errc::InvalidRequest, e.what());
    }
    auto repeated = form.repeatedNames();
    if (!repeated.empty() && !_state.quirk(Quirk::RepeatedParamsAccepted))
        return error(400, errc::InvalidRequest, "parameter '" + repeated.front() + "' is repeated (RFC 6749 section 3.2)");

    ClientAuthentication auth = authenticateClient(_state, request, form);
    if (!auth.ok())
        return *auth.error;
    const ClientConfig& client = *auth.client;

    auto grantType = form.getNonEmpty("grant_type");
    if (!grantType)
        return error(400, errc::InvalidRequest, "grant_type is required");
    if (*grantType == "password" && _state.quirk(Quirk::PasswordGrantEnabled))
        return password(client, form);
    const bool known = *grantType == "authorization_code" || *grantType == "refresh_token" ||
                       *grantType == "client_credentials";
    if (!known)
        return error(400, errc::UnsupportedGrantType, "grant_type '" + *grantType + "' is not supported");
    if (!client.allowsGrant(*grantType))
        return error(400, errc::UnauthorizedClient, "this client may not use grant_type " + *grantType);
    if (*grantType == "authorization_code")
        return authorizationCode(client, form);
    if (*grantType == "refresh_token")
        return refreshToken(client, form);
    return clientCredentials(client, form);
}

MockResponse TokenEndpoint::authorizationCode(const ClientConfig& client, const oauth::FormData& form)
{
    auto code = form.getNonEmpty("code");
    if (!code)
        return error(400, errc::InvalidRequest, "code is required");
    auto record = _state.grants().findCode(*code);
    if (!record)
        return error(400, errc::InvalidGrant, "unknown authorization code");
    if (record->clientId != client.clientId && !_state.quirk(Quirk::CodeNotBoundToClient))
        return error(400, errc::InvalidGrant, "the authorization code was issued to another client");

    auto redirectUri = form.getNonEmpty("redirect_uri");
    if (!_state.quirk(Quirk::TokenRedirectUriUnchecked))
    {
        if (record->redirectUriInRequest && !redirectUri)
            return error(400, errc::InvalidRequest, "redirect_uri is required: the authorization request had one (RFC 6749 section 4.1.3)");
        if (redirectUri && *redirectUri != record->redirectUri)
            return error(400, errc::InvalidGrant, "redirect_uri does not match the authorization request");
    }

    auto verifier = form.getNonEmpty("code_verifier");
    if (!record->codeChallenge.empty())
    {
        if (!verifier)
        {
            if (!_state.quirk(Quirk::AcceptMissingVerifier))
                return error(400, errc::InvalidGrant, "code_verifier is required: the code is bound to a PKCE challenge");
        }
        else
        {
            if (!oauth::isValidCodeVerifier(*verifier) && !_state.quirk(Quirk::VerifierFormatUnchecked))
                return error(400, errc::InvalidGrant, "code_verifier must be 43-128 unreserved characters (RFC 7636 section 4.1)");
            // The method bound at authorization time governs, whatever the token request says (RFC 7636 §4.6).
            std::string expected = oauth::computeCodeChallenge(*verifier, record->challengeMethod);
            if (!oauth::constantTimeEquals(expected, record->codeChallenge) && !_state.quirk(Quirk::AcceptWrongVerifier))
                return error(400, errc::InvalidGrant, "code_verifier does not match the code_challenge (RFC 7636 section 4.6)");
        }
    }
    else if (verifier && !_state.quirk(Quirk::PkceDowngradeAccepted))
    {
        return error(400, errc::InvalidRequest,
                     "code_verifier sent, but the authorization request had no code_challenge (RFC 9700 section 4.8.2)");
    }

    // Replay first: a code used twice revokes its tokens however late the replay comes (§4.1.2).
    const bool firstUse = _state.grants().consumeCode(*code);
    if (!firstUse && !_state.quirk(Quirk::CodeReuse))
    {
        _state.grants().revokeGrant(record->grantId);
        return error(400, errc::InvalidGrant,
                     "the authorization code was already used; the tokens issued from it are revoked (RFC 6749 section 4.1.2)");
    }
    if (record->expiresAt <= _state.clock().now())
        return error(400, errc::InvalidGrant, "the authorization code has expired");

    // The first redemption is answered even if a concurrent replay has just revoked the grant
    // (exactly one success per code); the store then mints its tokens revoked.
    auto grant = _state.grants().findGrant(record->grantId);
    if (!grant || (grant->revoked && !firstUse))
        return error(400, errc::InvalidGrant, "the grant of this code has been revoked");
    AccessTokenRecord access = _tokens.mintAccessToken(*grant, record->scope);
    if (!client.allowsGrant("refresh_token"))
        return success(access, nullptr);
    RefreshTokenRecord refresh = _tokens.newRefreshToken(*grant, record->scope);
    _state.grants().addRefreshToken(refresh);
    return success(access, &refresh.token);
}

MockResponse TokenEndpoint::refreshToken(const ClientConfig& client, const oauth::FormData& form)
{
    auto token = form.getNonEmpty("refresh_token");
    if (!token)
        return error(400, errc::InvalidRequest, "refresh_token is required");
    auto record = _state.grants().findRefreshToken(*token);
    if (!record)
        return error(400, errc::InvalidGrant, "unknown refresh token");
    if (record->clientId != client.clientId && !_state.quirk(Quirk::RefreshNotBoundToClient))
        return error(400, errc::InvalidGrant, "the refresh token was issued to another client");
    auto grant = _state.grants().findGrant(record->grantId);
    if (record->revoked || !grant || grant->revoked)
        return error(400, errc::InvalidGrant, "the refresh token has been revoked");

    // Reuse before expiry: a superseded token's replay signals theft however old it is.
    const bool reuseUndetected = _state.quirk(Quirk::RefreshReuseUndetected);
    if (record->superseded && !reuseUndetected)
    {
        _state.grants().revokeGrant(record->grantId);
        return error(400, errc::InvalidGrant,
                     "the refresh token was already used; the whole grant is revoked (RFC 9700 section 4.14.2)");
    }
    const std::int64_t now = _state.clock().now();
    const std::int64_t idle = _state.config().lifetimes.refreshTokenIdle;
    if (grant->refreshExpiresAt <= now)
        return error(400, errc::InvalidGrant, "the refresh token has expired");
    if (idle > 0 && record->lastUsedAt + idle <= now)
        return error(400, errc::InvalidGrant, "the refresh token expired after being idle");

    oauth::ScopeSet familyScope = record->scope;
    oauth::ScopeSet scope = familyScope;
    if (auto requested = form.getNonEmpty("scope"))
    {
        auto parsed = oauth::ScopeSet::parse(*requested);
        if (!parsed)
            return error(400, errc::InvalidScope, "scope is not a space-delimited list of scope-tokens");
        bool widening = !parsed->isSubsetOf(familyScope);
        if (widening && !(_state.quirk(Quirk::RefreshScopeWidening) && parsed->isSubsetOf(client.allowedScopes)))
            return error(400, errc::InvalidScope, "a refresh cannot add scope beyond the original grant (RFC 6749 section 6)");
        scope = *parsed;
        if (widening)
            familyScope = *parsed;
    }

    AccessTokenRecord access = _tokens.mintAccessToken(*grant, scope);
    if (_state.quirk(Quirk::NoRefreshRotation))
    {
        _state.grants().touchRefreshToken(*token, now);
        return success(access, &*token);
    }
    RefreshTokenRecord next = _tokens.newRefreshToken(*grant, familyScope);
    if (!_state.grants().rotateRefreshToken(*token, next))
    {
        if (!reuseUndetected)
        {
            // A concurrent refresh with the same token won: that is reuse too.
            _state.grants().revokeGrant(record->grantId);
            return error(400, errc::InvalidGrant, "the refresh token was already used; the whole grant is revoked");
        }
        _state.grants().addRefreshToken(next);
    }
    return success(access, &next.token);
}

MockResponse TokenEndpoint::clientCredentials(const ClientConfig& client, const oauth::FormData& form)
{
    if (!client.confidential)
        return error(400, errc::UnauthorizedClient, "client_credentials is for confidential clients (RFC 6749 section 4.4)");
    oauth::ScopeSet scope = client.defaultScopes;
    if (auto requested = form.getNonEmpty("scope"))
    {
        auto parsed = oauth::ScopeSet::parse(*requested);
        if (!parsed || !parsed->isSubsetOf(client.allowedScopes))
            return error(400, errc::InvalidScope, "scope is unknown or not allowed for this client");
        scope = *parsed;
    }
    if (scope.empty())
        return error(400, errc::InvalidScope, "scope is required: this client has no default scope (RFC 6749 section 3.3)");
    GrantRecord grant;
    grant.id = oauth::randomToken(16);
    grant.clientId = client.clientId;
    grant.subject = client.clientId;
    grant.scope = scope;
    grant.createdAt = _state.clock().now();
    _state.grants().addGrant(grant);
    return success(_tokens.mintAccessToken(grant, scope), nullptr);
}

MockResponse TokenEndpoint::password(const ClientConfig& client, const oauth::FormData& form)
{
    // Only reachable with the quirk password-grant-enabled: RFC 9700 §2.4 forbids this grant.
    const UserConfig* user = _state.config().findUser(form.get("username").value_or(""));
    if (!user || !oauth::constantTimeEquals(form.get("password").value_or(""), user->password))
        return error(400, errc::InvalidGrant, "wrong username or password");
    GrantRecord grant;
    grant.id = oauth::randomToken(16);
    grant.clientId = client.clientId;
    grant.subject = user->subject;
    grant.username = user->username;
    grant.scope = client.defaultScopes;
    grant.createdAt = _state.clock().now();
    grant.refreshExpiresAt = grant.createdAt + _state.config().lifetimes.refreshToken;
    _state.grants().addGrant(grant);
    AccessTokenRecord access = _tokens.mintAccessToken(grant, grant.scope);
    RefreshTokenRecord refresh = _tokens.newRefreshToken(grant, grant.scope);
    _state.grants().addRefreshToken(refresh);
    return success(access, &refresh.token);
}

} // namespace mock
