#pragma once

#include "mock_server/Endpoint.h"
#include "mock_server/MockState.h"

#include <functional>

namespace mock {

/// The control API under /_mock/ (documented in mock_server/README.md): reset, clock, quirks,
/// faults, recorded traffic, run-time clients and store sizes. Loopback peers only; with an
/// admin token configured, requests must carry it in X-Mock-Admin-Token.
class ControlApi : public Endpoint
{
public:
    /// `onReset` runs after the shared state is reset (e.g. to clear the demo API's data).
    ControlApi(MockState& state, std::function<void()> onReset) : _state(state), _onReset(std::move(onReset)) {}
    MockResponse handle(const MockRequest& request) override;

private:
    MockResponse clock(const MockRequest& request);
    MockResponse quirks(const MockRequest& request, const std::string& name);
    MockResponse faults(const MockRequest& request);
    MockResponse traffic(const MockRequest& request);
    MockResponse clients(const MockRequest& request);
    MockResponse stats() const;

    MockState& _state;
    std::function<void()> _onReset;
};

} // namespace mock
