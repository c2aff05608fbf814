#pragma once

#include "mock_server/Exchange.h"

namespace mock {

/// One HTTP endpoint of the mock: turns a request into a response. Endpoints never see Poco;
/// the Router and MockServer adapt them, so tests can call them directly.
class Endpoint
{
public:
    virtual ~Endpoint() = default;
    /// Handles one request. May throw; the Router turns exceptions into 500 server_error.
    virtual MockResponse handle(const MockRequest& request) = 0;
};

} // namespace mock
