#include "mock_server/RevokeEndpoint.h"

#include "mock_server/ClientAuthenticator.h"
#include "mock_server/OAuthResponses.h"
#include "mock_server/TokenService.h"

#include <oauth/OAuthError.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace mock {

namespace errc = oauth::errc;

MockResponse RevokeEndpoint::handle(const MockRequest& request)
{
    oauth::FormData form;
    ClientAuthentication auth;
    if (auto failure = readTokenStyleRequest(_state, request, form, auth))
        return *failure;
    auto token = form.getNonEmpty("token");
    if (!token)
        return tokenEndpointError(_state, 400, errc::InvalidRequest, "token is required (RFC 7009 section 2.1)");

    GrantStore& store = _state.grants();
    const bool refreshFirst = form.get("token_type_hint").value_or("") == "refresh_token";
    auto access = store.findAccessToken(*token);
    auto refresh = store.findRefreshToken(*token);
    std::string owner = access ? access->clientId : refresh ? refresh->clientId : "";
    const bool live = (access && !access->revoked && access->expiresAt > _state.clock().now()) ||
                      (refresh && !refresh->revoked);

    if (owner.empty() || !live)
    {
        if (_state.quirk(Quirk::RevokeErrorOnUnknownToken))
            return tokenEndpointError(_state, 400, errc::InvalidRequest, "unknown token");
        MockResponse ok = MockResponse::empty(200);
        applyNoStore(ok, _state);
        return ok;
    }
    if (owner != auth.client->clientId && !_state.quirk(Quirk::RevokeForeignToken))
        return tokenEndpointError(_state, 400, errc::UnauthorizedClient, "the token was issued to another client");

    if (!_state.quirk(Quirk::RevokeNoop))
    {
        // Either order finds the token; the hint only decides which store is looked at first.
        if (refresh && (refreshFirst || !access))
            store.revokeGrant(refresh->grantId);
        else if (access)
            store.revokeAccessToken(access->token);
    }
    MockResponse ok = MockResponse::empty(200);
    applyNoStore(ok, _state);
    return ok;
}

} // namespace mock
