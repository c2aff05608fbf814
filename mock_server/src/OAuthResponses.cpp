#include "mock_server/OAuthResponses.h"

#include <oauth/OAuthError.h>

namespace mock {

void applyNoStore(MockResponse& response, const MockState& state)
{
    if (state.quirk(Quirk::NoCacheHeaders))
        return;
    response.headers.set("Cache-Control", "no-store");
    response.headers.set("Pragma", "no-cache");
}

MockResponse tokenEndpointError(const MockState& state, int status, const std::string& error,
                                const std::string& description, bool basicChallenge)
{
    oauth::OAuthError body{state.quirk(Quirk::WrongErrorCodes) ? oauth::errc::InvalidRequest : error,
                           oauth::sanitizeErrorText(description), ""};
    MockResponse r = MockResponse::json(status, body.toJson());
    applyNoStore(r, state);
    if (basicChallenge)
        r.headers.set("WWW-Authenticate", "Basic realm=\"oauth-mock-server\", charset=\"UTF-8\"");
    return r;
}

MockResponse methodNotAllowed(const MockState& state, const std::string& allow)
{
    MockResponse r = tokenEndpointError(state, 405, oauth::errc::InvalidRequest, "method not allowed; use " + allow);
    r.headers.set("Allow", allow);
    return r;
}

} // namespace mock
