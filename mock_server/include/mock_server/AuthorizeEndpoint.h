#pragma once

#include "mock_server/AuthorizationFlow.h"
#include "mock_server/Endpoint.h"
#include "mock_server/MockState.h"

namespace mock {

/// The authorization endpoint, RFC 6749 §3.1 and §4.1.1 with PKCE (RFC 7636 §4.3) and
/// RFC 9207 iss. An unknown client or an unregistered redirect URI gets an error page and is
/// never redirected (§4.1.2.1); every other error is redirected with state and iss. A valid
/// request shows the login page, or with auto-approve redirects straight back with a code.
class AuthorizeEndpoint : public Endpoint
{
public:
    explicit AuthorizeEndpoint(MockState& state) : _state(state), _flow(state) {}
    MockResponse handle(const MockRequest& request) override;

private:
    MockState& _state;
    AuthorizationFlow _flow;
};

/// The login form's target (POST /login): checks the user's credentials and consent, then
/// redirects to the client with 303 (RFC 9700 §4.12) carrying a code or access_denied.
class LoginEndpoint : public Endpoint
{
public:
    explicit LoginEndpoint(MockState& state) : _state(state), _flow(state) {}
    MockResponse handle(const MockRequest& request) override;

private:
    MockState& _state;
    AuthorizationFlow _flow;
};

} // namespace mock
