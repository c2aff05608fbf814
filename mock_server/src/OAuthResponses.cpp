#include "mock_server/OAuthResponses.h"

#include <oauth/OAuthError.h>

namespace mock {
namespace {

/// The quirk error-not-json: "code: description" as text/plain, with status 400 whatever the error.
MockResponse plainTextError(const oauth::OAuthError& error)
{
    MockResponse r;
    r.status = 400;
    r.headers.set("Content-Type", "text/plain; charset=utf-8");
    r.body = error.error + ": " + error.description + "\n";
    return r;
}

} // namespace

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
                           state.quirk(Quirk::ErrorDescriptionUnsanitized) ? description
                                                                           : oauth::sanitizeErrorText(description),
                           ""};
    MockResponse r = state.quirk(Quirk::ErrorNotJson) ? plainTextError(body) : MockResponse::json(status, body.toJson());
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
