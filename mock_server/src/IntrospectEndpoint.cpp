#include "mock_server/IntrospectEndpoint.h"

#include "mock_server/ClientAuthenticator.h"
#include "mock_server/OAuthResponses.h"
#include "mock_server/TokenService.h"

#include <oauth/OAuthError.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace mock {

namespace errc = oauth::errc;

namespace {

/// The quirk introspect-verbose-inactive: an inactive answer that also names the client and the
/// scope, of the token if it is known, else of the caller (RFC 7662 section 2.2 says SHOULD NOT).
std::string verboseInactive(const AccessTokenCheck& check, const std::optional<RefreshTokenRecord>& refresh,
                            const ClientAuthentication& auth)
{
    std::string clientId = auth.client ? auth.client->clientId : "";
    std::string scope = auth.client ? auth.client->defaultScopes.toString() : "";
    if (check.record)
        clientId = check.record->clientId, scope = check.record->scope.toString();
    else if (refresh)
        clientId = refresh->clientId, scope = refresh->scope.toString();
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("active");
    w.Bool(false);
    w.Key("client_id");
    w.String(clientId.c_str(), static_cast<rapidjson::SizeType>(clientId.size()));
    w.Key("scope");
    w.String(scope.c_str(), static_cast<rapidjson::SizeType>(scope.size()));
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

} // namespace

MockResponse IntrospectEndpoint::handle(const MockRequest& request)
{
    oauth::FormData form;
    ClientAuthentication auth;
    const bool authenticate = !_state.quirk(Quirk::IntrospectUnauthenticated);
    if (auto failure = readTokenStyleRequest(_state, request, form, auth, authenticate))
        return *failure;
    if (authenticate && !auth.client->confidential)
        return tokenEndpointError(_state, 401, errc::InvalidClient, "introspection requires a confidential client");
    auto token = form.getNonEmpty("token");
    if (!token)
        return tokenEndpointError(_state, 400, errc::InvalidRequest, "token is required (RFC 7662 section 2.1)");

    const std::int64_t now = _state.clock().now();
    AccessTokenCheck check = TokenService(_state).checkAccessToken(*token);
    auto refresh = check.record ? std::nullopt : _state.grants().findRefreshToken(*token);
    auto inactive = [&] {
        std::string body = "{\"active\":false}";
        if (_state.quirk(Quirk::IntrospectVerboseInactive))
            body = verboseInactive(check, refresh, auth);
        MockResponse r = MockResponse::json(200, body);
        applyNoStore(r, _state);
        return r;
    };
    if (_state.quirk(Quirk::IntrospectAlwaysInactive))
        return inactive();
    auto maySee = [&](const std::string& owner) {
        return !authenticate || auth.client->resourceServer || owner == auth.client->clientId;
    };

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    auto writeString = [&](const char* key, const std::string& value) {
        w.Key(key);
        w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    };
    if (check.valid() && maySee(check.record->clientId))
    {
        const AccessTokenRecord& t = *check.record;
        w.StartObject();
        w.Key("active");
        w.Bool(true);
        writeString("scope", t.scope.toString());
        writeString("client_id", t.clientId);
        if (!t.username.empty())
            writeString("username", t.username);
        writeString("token_type", "Bearer");
        w.Key("exp");
        w.Int64(t.expiresAt);
        w.Key("iat");
        w.Int64(t.issuedAt);
        writeString("sub", t.subject);
        writeString("iss", _state.issuer());
        writeString("jti", t.jti);
        w.EndObject();
    }
    else if (refresh && !refresh->revoked && !refresh->superseded && maySee(refresh->clientId))
    {
        auto grant = _state.grants().findGrant(refresh->grantId);
        if (!grant || grant->revoked || grant->refreshExpiresAt <= now)
            return inactive();
        w.StartObject();
        w.Key("active");
        w.Bool(true);
        writeString("scope", refresh->scope.toString());
        writeString("client_id", refresh->clientId);
        if (!grant->username.empty())
            writeString("username", grant->username);
        writeString("token_type", "refresh_token");
        w.Key("exp");
        w.Int64(grant->refreshExpiresAt);
        writeString("sub", grant->subject);
        writeString("iss", _state.issuer());
        w.EndObject();
    }
    else
        return inactive();
    MockResponse r = MockResponse::json(200, std::string(buffer.GetString(), buffer.GetSize()));
    applyNoStore(r, _state);
    return r;
}

} // namespace mock
