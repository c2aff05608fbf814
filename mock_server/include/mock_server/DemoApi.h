#pragma once

#include "mock_server/Endpoint.h"
#include "mock_server/MockState.h"
#include "mock_server/TokenService.h"

#include <mutex>
#include <string>
#include <vector>

namespace mock {

/// The seed guide's protected resource (ConnectBase-style): GET /v2/buildings and
/// /v2/buildings/{id} need read:buildings, POST /v2/addresses needs write:addresses.
/// Bearer tokens per RFC 6750: header (§2.1, scheme case-insensitive) or form body (§2.2);
/// the query (§2.3) only with the bearer_in_query policy. Errors per §3.1.
class DemoApi : public Endpoint
{
public:
    explicit DemoApi(MockState& state) : _state(state), _tokens(state) {}
    MockResponse handle(const MockRequest& request) override;

    /// Forgets the addresses created through the API.
    void reset();

private:
    MockResponse listBuildings() const;
    MockResponse building(const std::string& id) const;
    MockResponse createAddress(const MockRequest& request);
    MockResponse bearerError(int status, const std::string& error, const std::string& description,
                             const std::string& scope = "") const;

    MockState& _state;
    TokenService _tokens;
    std::mutex _mutex;
    std::vector<std::string> _addresses; ///< JSON objects created by POST /v2/addresses
};

} // namespace mock
