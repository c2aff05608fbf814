#include "mock_server/Clock.h"

#include <chrono>

namespace mock {
namespace {

std::int64_t systemSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

std::int64_t Clock::now() const
{
    return systemSeconds() + _offset.load();
}

void Clock::set(std::int64_t epochSeconds)
{
    _offset.store(epochSeconds - systemSeconds());
}

} // namespace mock
