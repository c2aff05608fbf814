#pragma once

#include "mock_server/Endpoint.h"
#include "mock_server/MockState.h"

namespace mock {

/// Token introspection, RFC 7662 §2. The caller must authenticate as a client; a token that
/// is inactive, unknown or belongs to another client (unless the caller is a resource server)
/// gets exactly {"active":false}.
class IntrospectEndpoint : public Endpoint
{
public:
    explicit IntrospectEndpoint(MockState& state) : _state(state) {}
    MockResponse handle(const MockRequest& request) override;

private:
    MockState& _state;
};

} // namespace mock
