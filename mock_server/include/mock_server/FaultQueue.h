#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mock {

/// A one-shot misbehaviour of one endpoint, enqueued through the control API.
struct Fault
{
    std::string endpoint;        ///< route name (token, authorize, revoke, …)
    int status = 0;              ///< 0: answer normally (after the delay)
    std::string body;            ///< response body when status != 0
    std::string contentType = "application/json";
    int delayMs = 0;             ///< wait before answering (bounded to 60 s)
    bool dropConnection = false; ///< close the connection without any response
};

/// Faults per endpoint, each used by exactly one request, in order.
class FaultQueue
{
public:
    void push(const Fault& fault);
    /// The next fault for this endpoint, removed from the queue.
    std::optional<Fault> take(const std::string& endpoint);
    std::vector<Fault> pending() const;
    void clear();

private:
    mutable std::mutex _mutex;
    std::map<std::string, std::deque<Fault>> _queues;
};

} // namespace mock
