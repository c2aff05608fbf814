#pragma once

#include "mock_server/Endpoint.h"
#include "mock_server/MockState.h"

namespace mock {

/// Token revocation, RFC 7009 §2. The hint only orders the search (§2.1); unknown or invalid
/// tokens get 200 (§2.2); revoking a refresh token revokes its whole grant, access tokens
/// included; a client may revoke only its own tokens (refused with unauthorized_client).
class RevokeEndpoint : public Endpoint
{
public:
    explicit RevokeEndpoint(MockState& state) : _state(state) {}
    MockResponse handle(const MockRequest& request) override;

private:
    MockState& _state;
};

} // namespace mock
