#pragma once

#include "mock_server/Exchange.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace mock {

/// One recorded request/response pair, secrets already redacted.
struct TrafficEntry
{
    std::uint64_t sequence = 0;
    std::int64_t time = 0;        ///< mock clock, seconds
    std::string endpoint;         ///< route name: token, authorize, api, …
    std::string method;
    std::string target;           ///< path + redacted query
    Headers requestHeaders;
    std::string requestBody;
    int status = 0;
    Headers responseHeaders;
    std::string responseBody;
    double durationMs = 0;
};

/// A bounded record of the traffic (oldest dropped first), for the control API and for tests
/// of OAuth clients. Redaction happens on the way in, so nothing secret is ever stored.
class TrafficLog
{
public:
    explicit TrafficLog(std::size_t capacity) : _capacity(capacity) {}

    /// Records a redacted copy of the exchange.
    void record(const std::string& endpoint, const MockRequest& request, const MockResponse& response,
                std::int64_t time, double durationMs);

    /// Entries with sequence > `after`, oldest first, as a JSON array.
    std::string toJson(std::uint64_t after = 0) const;

    std::size_t size() const;
    void clear();

private:
    std::size_t _capacity;
    mutable std::mutex _mutex;
    std::deque<TrafficEntry> _entries;
    std::uint64_t _nextSequence = 1;
};

/// Redacts a body according to its Content-Type (form, JSON; others kept if they hold no secret name).
std::string redactBody(const Headers& headers, const std::string& body);

} // namespace mock
