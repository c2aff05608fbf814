#include "mock_server/PendingAuthorizations.h"

namespace mock {

void PendingAuthorizations::add(const PendingAuthorization& pending, std::int64_t now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    // Expired transactions are dropped here so abandoned login pages do not pile up.
    for (auto it = _pending.begin(); it != _pending.end();)
        it = it->second.expiresAt < now ? _pending.erase(it) : std::next(it);
    _pending[pending.id] = pending;
}

std::optional<PendingAuthorization> PendingAuthorizations::peek(const std::string& id, std::int64_t now) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _pending.find(id);
    if (it == _pending.end() || it->second.expiresAt < now)
        return std::nullopt;
    return it->second;
}

std::optional<PendingAuthorization> PendingAuthorizations::take(const std::string& id, std::int64_t now)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _pending.find(id);
    if (it == _pending.end())
        return std::nullopt;
    PendingAuthorization p = it->second;
    _pending.erase(it);
    if (p.expiresAt < now)
        return std::nullopt;
    return p;
}

void PendingAuthorizations::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _pending.clear();
}

std::size_t PendingAuthorizations::size() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _pending.size();
}

} // namespace mock
