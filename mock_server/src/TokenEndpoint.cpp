#include "mock_server/TokenEndpoint.h"

#include "mock_server/OAuthResponses.h"

#include <oauth/Crypto.h>
#include <oauth/JsonReader.h>
#include <oauth/OAuthError.h>
#include <oauth/Pkce.h>

#include <rapidjson/document.h>

#include <algorithm>
#include <optional>

namespace mock {

namespace errc = oauth::errc;

namespace {

/// The quirk token-get-accepted: the parameters of a GET query, or the string members of a
/// JSON object body. nullopt for any other request (the strict reader answers it).
std::optional<oauth::FormData> lenientParameters(const MockRequest& request)
{
    try
    {
        if (request.method == "GET")
            return request.query();
    }
    catch (const oauth::FormDecodeError&)
    {
        return std::nullopt;
    }
    if (request.method != "POST" || !request.hasJsonBody())
        return std::nullopt;
    rapidjson::Document doc;
    oauth::parseJsonBounded(doc, request.body);
    if (doc.HasParseError() || !doc.IsObject())
        return std::nullopt;
    oauth::FormData form;
    for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it)
        if (it->value.IsString())
            form.add(it->name.GetString(), it->value.GetString());
    return form;
}

/// The quirk unknown-params-rejected: the first parameter that /token does not know or that
/// was sent without a value.
std::optional<std::string> unknownOrEmptyParameter(const oauth::FormData& form)
{
    static const char* const known[] = {"grant_type", "code",      "redirect_uri",  "code_verifier", "refresh_token",
                                        "scope",      "client_id", "client_secret", "username",      "password"};
    for (const auto& [name, value] : form.pairs())
        if (value.empty() || std::find(std::begin(known), std::end(known), name) == std::end(known))
            return name;
    return std::nullopt;
}

} // namespace

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

MockResponse TokenEndpoint::missing(const std::string& parameter, const std::string& why)
{
    return error(400, _state.quirk(Quirk::MissingParamInvalidGrant) ? errc::InvalidGrant : errc::InvalidRequest,
                 parameter + " is required" + why);
}

std::optional<MockResponse> TokenEndpoint::readForm(const MockRequest& request, oauth::FormData& form)
{
    if (_state.quirk(Quirk::TokenGetAccepted))
        if (auto lenient = lenientParameters(request))
        {
            form = std::move(*lenient);
            return std::nullopt;
        }
    if (request.method != "POST")
        return methodNotAllowed(_state, "POST");
    if (!request.hasFormBody())
        return error(400, errc::InvalidRequest, "the body must be application/x-www-form-urlencoded (RFC 6749 section 3.2)");
    try
    {
        form = request.form();
    }
    catch (const oauth::FormDecodeError& e)
    {
        return error(400, errc::InvalidRequest, e.what());
    }
    return std::nullopt;
}

MockResponse TokenEndpoint::handle(const MockRequest& request)
{
    oauth::FormData form;
    if (auto failure = readForm(request, form))
        return *failure;
    auto repeated = form.repeatedNames();
    if (!repeated.empty() && !_state.quirk(Quirk::RepeatedParamsAccepted))
        return error(400, errc::InvalidRequest, "parameter '" + repeated.front() + "' is repeated (RFC 6749 section 3.2)");
    if (_state.quirk(Quirk::UnknownParamsRejected))
        if (auto name = unknownOrEmptyParameter(form))
            return error(400, errc::InvalidRequest, "parameter '" + *name + "' is unknown or empty");

    ClientAuthentication auth = authenticateClient(_state, request, form);
    if (!auth.ok())
        return *auth.error;
    const ClientConfig& client = *auth.client;

    auto grantType = form.getNonEmpty("grant_type");
    if (!grantType)
        return missing("grant_type");
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
        return missing("code");
    auto record = _state.grants().findCode(*code);
    if (!record)
        return error(400, errc::InvalidGrant, "unknown authorization code");
    if (record->clientId != client.clientId && !_state.quirk(Quirk::CodeNotBoundToClient))
        return error(400, errc::InvalidGrant, "the authorization code was issued to another client");

    auto redirectUri = form.getNonEmpty("redirect_uri");
    if (!_state.quirk(Quirk::TokenRedirectUriUnchecked))
    {
        if (record->redirectUriInRequest && !redirectUri)
            return missing("redirect_uri", ": the authorization request had one (RFC 6749 section 4.1.3)");
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
    if (!client.allowsGrant("refresh_token") || _state.quirk(Quirk::NoRefreshTokens))
        return success(access, nullptr);
    RefreshTokenRecord refresh = _tokens.newRefreshToken(*grant, record->scope);
    _state.grants().addRefreshToken(refresh);
    return success(access, &refresh.token);
}

MockResponse TokenEndpoint::refreshToken(const ClientConfig& client, const oauth::FormData& form)
{
    auto token = form.getNonEmpty("refresh_token");
    if (!token)
        return missing("refresh_token");
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
    const bool expiryChecked = !_state.quirk(Quirk::RefreshNeverExpires);
    if (expiryChecked && grant->refreshExpiresAt <= now)
        return error(400, errc::InvalidGrant, "the refresh token has expired");
    if (expiryChecked && idle > 0 && record->lastUsedAt + idle <= now)
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
        else if (scope != familyScope && _state.quirk(Quirk::RefreshNarrowingIgnored))
            std::swap(scope, familyScope); // the narrowing lands on the new refresh token, not the access token
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
    // Not stored: nothing but this one token refers to it (no code, no refresh token), and revoking
    // the family by its id finds that token all the same.
    GrantRecord grant;
    grant.id = newRecordId();
    grant.clientId = client.clientId;
    grant.subject = client.clientId;
    grant.scope = scope;
    grant.createdAt = _state.clock().now();
    return success(_tokens.mintAccessToken(grant, scope), nullptr);
}

MockResponse TokenEndpoint::password(const ClientConfig& client, const oauth::FormData& form)
{
    // Only reachable with the quirk password-grant-enabled: RFC 9700 §2.4 forbids this grant.
    const UserConfig* user = _state.config().findUser(form.get("username").value_or(""));
    if (!user || !oauth::constantTimeEquals(form.get("password").value_or(""), user->password))
        return error(400, errc::InvalidGrant, "wrong username or password");
    GrantRecord grant;
    grant.id = newRecordId();
    grant.clientId = client.clientId;
    grant.subject = user->subject;
    grant.username = user->username;
    grant.scope = client.defaultScopes;
    grant.createdAt = _state.clock().now();
    grant.refreshExpiresAt = grant.createdAt + _state.config().lifetimes.refreshToken;
    _state.grants().addGrant(grant);
    AccessTokenRecord access = _tokens.mintAccessToken(grant, grant.scope);
    if (_state.quirk(Quirk::NoRefreshTokens))
        return success(access, nullptr);
    RefreshTokenRecord refresh = _tokens.newRefreshToken(grant, grant.scope);
    _state.grants().addRefreshToken(refresh);
    return success(access, &refresh.token);
}

} // namespace mock
