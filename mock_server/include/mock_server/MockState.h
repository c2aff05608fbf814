#pragma once

#include "mock_server/ClientRegistry.h"
#include "mock_server/Clock.h"
#include "mock_server/Config.h"
#include "mock_server/FaultQueue.h"
#include "mock_server/GrantStore.h"
#include "mock_server/PendingAuthorizations.h"
#include "mock_server/Quirks.h"
#include "mock_server/SigningKey.h"
#include "mock_server/TrafficLog.h"

#include <mutex>
#include <string>

namespace mock {

/// Everything the endpoints share: configuration, clock, quirks, stores, recorded traffic,
/// queued faults and the signing key. One instance per running server.
class MockState
{
public:
    /// Takes the configuration; generates or loads the signing key (throws std::runtime_error).
    explicit MockState(MockConfig config);

    const MockConfig& config() const { return _config; }

    /// The issuer identifier (RFC 8414 §2); fixed by the server once it knows its port.
    std::string issuer() const;
    void setIssuer(const std::string& issuer);

    /// issuer() + path, e.g. endpointUrl("/token").
    std::string endpointUrl(const std::string& path) const { return issuer() + path; }

    bool quirk(Quirk q) const { return _quirks.has(q); }

    Clock& clock() { return _clock; }
    QuirkSet& quirks() { return _quirks; }
    GrantStore& grants() { return _grants; }
    ClientRegistry& clients() { return _clients; }
    PendingAuthorizations& pendingAuthorizations() { return _pending; }
    TrafficLog& traffic() { return _traffic; }
    FaultQueue& faults() { return _faults; }
    const SigningKey& signingKey() const { return _signingKey; }

    /// Back to the state right after start: stores, pending logins, traffic, faults and run-time
    /// clients cleared, clock offset 0, quirks as configured.
    void reset();

private:
    MockConfig _config;
    mutable std::mutex _issuerMutex;
    std::string _issuer;
    Clock _clock;
    QuirkSet _quirks;
    GrantStore _grants{_clock, _config.lifetimes.evictionGrace};
    ClientRegistry _clients;
    PendingAuthorizations _pending;
    TrafficLog _traffic;
    FaultQueue _faults;
    SigningKey _signingKey;
};

} // namespace mock
