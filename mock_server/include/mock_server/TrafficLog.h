#pragma once

#include "mock_server/Exchange.h"

#include <cstdint>
#include <vector>
#include <mutex>
#include <string>

namespace mock {

/// One request/response pair, as the log keeps it (raw) or as the control API shows it (the copy
/// TrafficLog::redacted makes).
struct TrafficEntry
{
    std::uint64_t sequence = 0;
    std::int64_t time = 0;        ///< mock clock, seconds
    std::string endpoint;         ///< route name: token, authorize, api, …
    std::string method;
    std::string path;
    std::string query;            ///< without the '?'
    Headers requestHeaders;
    std::string requestBody;
    int status = 0;
    Headers responseHeaders;
    std::string responseBody;
    double durationMs = 0;
};

/// A bounded record of the traffic (oldest dropped first), for the control API and for tests
/// of OAuth clients. Redaction happens on the way out (toJson), so every byte the control API
/// shows is redacted; recording costs only copies, off the lock, on each request's path. The raw
/// exchanges (at most `capacity`) stay in this process's memory, as the store's tokens do.
class TrafficLog
{
public:
    explicit TrafficLog(std::size_t capacity) : _capacity(capacity) {}

    /// Records a copy of the exchange (redacted when read).
    void record(const std::string& endpoint, const MockRequest& request, const MockResponse& response,
                std::int64_t time, double durationMs);

    /// Entries with sequence > `after`, oldest first, redacted, as a JSON array.
    std::string toJson(std::uint64_t after = 0) const;

    std::size_t size() const;
    void clear();

private:
    static TrafficEntry redacted(const TrafficEntry& r);

    std::size_t _capacity;
    mutable std::mutex _mutex;
    std::vector<TrafficEntry> _entries; ///< a ring once full: _oldest is the first, _count are used
    std::size_t _oldest = 0, _count = 0;
    std::uint64_t _nextSequence = 1;
};

/// Redacts a body according to its Content-Type (form, JSON; others kept if they hold no secret name).
std::string redactBody(const Headers& headers, const std::string& body);

} // namespace mock
