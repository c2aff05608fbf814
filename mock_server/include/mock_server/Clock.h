#pragma once

#include <atomic>
#include <cstdint>

namespace mock {

/// The mock's notion of time: the system clock plus an offset that the control API can move,
/// so that lifetimes (codes, tokens, login pages) expire without anyone sleeping.
class Clock
{
public:
    /// Seconds since the Unix epoch, offset applied.
    std::int64_t now() const;
    /// Moves time forward (or back, for negative values).
    void advance(std::int64_t seconds) { _offset.fetch_add(seconds); }
    /// Makes now() return `epochSeconds` at this moment.
    void set(std::int64_t epochSeconds);
    /// Current offset from the system clock in seconds.
    std::int64_t offset() const { return _offset.load(); }
    /// Back to the system clock.
    void reset() { _offset.store(0); }

private:
    std::atomic<std::int64_t> _offset{0};
};

} // namespace mock
