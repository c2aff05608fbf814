// Shared by the mock-server fuzz targets: one MockState built once from the test configuration
// (mock_server/tests/support/test-config.json), so the RSA signing key is generated only once.
#pragma once

#include <mock_server/Config.h>
#include <mock_server/MockState.h>

#include <memory>
#include <string>

namespace fuzz {

inline mock::MockState& mockState()
{
    static std::unique_ptr<mock::MockState> state = [] {
        auto s = std::make_unique<mock::MockState>(
            mock::loadConfigFile(std::string(OAUTH_SOURCE_DIR) + "/mock_server/tests/support/test-config.json"));
        s->setIssuer("http://127.0.0.1:9999");
        return s;
    }();
    return *state;
}

/// Queued faults may ask for a delay of up to 60 s; the fuzzer keeps the fault, not the wait.
inline void dropFaultDelays(mock::MockState& state)
{
    auto pending = state.faults().pending();
    bool delayed = false;
    for (auto& f : pending)
        delayed = delayed || f.delayMs > 0;
    if (!delayed)
        return;
    state.faults().clear();
    for (auto& f : pending)
    {
        f.delayMs = 0;
        state.faults().push(f);
    }
}

} // namespace fuzz
