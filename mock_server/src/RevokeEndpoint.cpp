#include "mock_server/RevokeEndpoint.h"

#include "mock_server/ClientAuthenticator.h"
#include "mock_server/OAuthResponses.h"
#include "mock_server/TokenService.h"

#include <oauth/JsonReader.h>
#include <oauth/OAuthError.h>

#include <rapidjson/document.h>

#include <optional>

namespace mock {

namespace errc = oauth::errc;

namespace {

/// The quirk revoke-lenient-requests: the parameters of a GET query, or the string members of a
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

} // namespace

MockResponse RevokeEndpoint::handle(const MockRequest& request)
{
    oauth::FormData form;
    ClientAuthentication auth;
    const bool lenient = _state.quirk(Quirk::RevokeLenientRequests);
    if (auto parameters = lenient ? lenientParameters(request) : std::nullopt)
    {
        form = *parameters;
        auth = authenticateClient(_state, request, form);
        if (!auth.ok())
            return *auth.error;
    }
    else if (auto failure = readTokenStyleRequest(_state, request, form, auth))
        return *failure;
    auto ok = [&] {
        MockResponse r = MockResponse::empty(200);
        applyNoStore(r, _state);
        return r;
    };
    auto token = form.getNonEmpty("token");
    if (!token)
        return lenient ? ok() : tokenEndpointError(_state, 400, errc::InvalidRequest, "token is required (RFC 7009 section 2.1)");

    const std::string hint = form.get("token_type_hint").value_or("");
    if (_state.quirk(Quirk::RevokeUnknownHintError) && !hint.empty() && hint != "access_token" && hint != "refresh_token")
        return tokenEndpointError(_state, 400, errc::UnsupportedTokenType, "unknown token_type_hint");

    GrantStore& store = _state.grants();
    const bool refreshFirst = hint == "refresh_token";
    auto access = store.findAccessToken(*token);
    auto refresh = store.findRefreshToken(*token);
    if (_state.quirk(Quirk::RevokeHintTrusted) && hint == "refresh_token")
        access.reset(); // looks only where the hint points, against RFC 7009 section 2.1
    if (_state.quirk(Quirk::RevokeHintTrusted) && hint == "access_token")
        refresh.reset();
    std::string owner = access ? access->clientId : refresh ? refresh->clientId : "";
    const bool live = (access && !access->revoked && access->expiresAt > _state.clock().now()) ||
                      (refresh && !refresh->revoked);

    if (owner.empty() || !live)
    {
        if (_state.quirk(Quirk::RevokeErrorOnUnknownToken))
            return tokenEndpointError(_state, 400, errc::InvalidRequest, "unknown token");
        return ok();
    }
    if (owner != auth.client->clientId && !_state.quirk(Quirk::RevokeForeignToken))
        return tokenEndpointError(_state, 400, errc::UnauthorizedClient, "the token was issued to another client");

    if (!_state.quirk(Quirk::RevokeNoop))
    {
        // Either order finds the token; the hint only decides which store is looked at first.
        if (refresh && (refreshFirst || !access))
            store.revokeGrant(refresh->grantId);
        else if (access && _state.quirk(Quirk::RevokeAccessKillsGrant))
            store.revokeGrant(access->grantId); // RFC 7009 section 2.1 allows it; the strict mock does not
        else if (access)
            store.revokeAccessToken(access->token);
    }
    return ok();
}

} // namespace mock
