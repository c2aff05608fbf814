#include "mock_server/FaultQueue.h"

namespace mock {

void FaultQueue::push(const Fault& fault)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _queues[fault.endpoint].push_back(fault);
}

std::optional<Fault> FaultQueue::take(const std::string& endpoint)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _queues.find(endpoint);
    if (it == _queues.end() || it->second.empty())
        return std::nullopt;
    Fault f = it->second.front();
    it->second.pop_front();
    return f;
}

std::vector<Fault> FaultQueue::pending() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<Fault> out;
    for (const auto& [_, q] : _queues)
        out.insert(out.end(), q.begin(), q.end());
    return out;
}

void FaultQueue::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _queues.clear();
}

} // namespace mock
