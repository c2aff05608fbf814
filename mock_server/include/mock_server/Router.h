#pragma once

#include "mock_server/AuthorizeEndpoint.h"
#include "mock_server/ControlApi.h"
#include "mock_server/DemoApi.h"
#include "mock_server/IntrospectEndpoint.h"
#include "mock_server/MetadataEndpoint.h"
#include "mock_server/MockState.h"
#include "mock_server/RevokeEndpoint.h"
#include "mock_server/TokenEndpoint.h"

#include <string>

namespace mock {

/// What the server should do with a request.
struct RouteOutcome
{
    std::string endpoint;        ///< route name ("token", "api", …; "none" if unmatched)
    MockResponse response;
    bool dropConnection = false; ///< a fault asked to close the connection without answering
};

/// Maps paths to endpoints (relative to the issuer's path), applies queued faults, CORS for
/// the endpoints browsers call directly, records the traffic, and turns exceptions into 500.
class Router
{
public:
    explicit Router(MockState& state);

    /// Handles one request from start to finish.
    RouteOutcome dispatch(const MockRequest& request);

    /// Route name for a path, "none" if nothing serves it.
    std::string routeName(const std::string& path) const;

private:
    Endpoint* endpointFor(const std::string& name);
    MockResponse preflight(const std::string& name) const;

    MockState& _state;
    MetadataEndpoint _metadata;
    JwksEndpoint _jwks;
    AuthorizeEndpoint _authorize;
    LoginEndpoint _login;
    TokenEndpoint _token;
    RevokeEndpoint _revoke;
    IntrospectEndpoint _introspect;
    DemoApi _api;
    ControlApi _control;
};

} // namespace mock
