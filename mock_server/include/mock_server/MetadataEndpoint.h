#pragma once

#include "mock_server/Endpoint.h"
#include "mock_server/MockState.h"

namespace mock {

/// The token endpoint path the quirk metadata-dead-endpoint advertises; the Router answers it 503.
inline constexpr const char* kDeadTokenEndpointPath = "/token-offline";

/// Authorization server metadata, RFC 8414 §2–§3 (also served at the OpenID discovery path):
/// every endpoint, the supported grants, auth methods, PKCE methods and RFC 9207 support.
class MetadataEndpoint : public Endpoint
{
public:
    explicit MetadataEndpoint(MockState& state) : _state(state) {}
    MockResponse handle(const MockRequest& request) override;

private:
    MockState& _state;
};

/// The JSON Web Key Set (RFC 7517 §5) with the public key that signs JWT access tokens.
class JwksEndpoint : public Endpoint
{
public:
    explicit JwksEndpoint(MockState& state) : _state(state) {}
    MockResponse handle(const MockRequest& request) override;

private:
    MockState& _state;
};

} // namespace mock
