#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

namespace mock {

/// A hash map split into 64 tables by the key's hash. A hash table that grows re-links
/// every entry at once (66 ms for one insert at 350 000 access tokens, under the store's mutex);
/// split, each table grows at a 64th of the size, so no insert waits more than about a millisecond.
/// Not thread-safe: the GrantStore's mutex guards it.
template <typename Value, typename Key = std::string, typename Hash = std::hash<Key>>
class ShardedMap
{
public:
    Value& operator[](const Key& key) { return shardOf(key)[key]; }

    Value* find(const Key& key)
    {
        auto& shard = shardOf(key);
        auto it = shard.find(key);
        return it == shard.end() ? nullptr : &it->second;
    }

    const Value* find(const Key& key) const { return const_cast<ShardedMap*>(this)->find(key); }

    /// Calls f(key, value) for every entry.
    template <typename F>
    void forEach(F f)
    {
        for (auto& shard : _shards)
            for (auto& [key, value] : shard)
                f(key, value);
    }

    template <typename F>
    void forEach(F f) const
    {
        for (const auto& shard : _shards)
            for (const auto& [key, value] : shard)
                f(key, value);
    }

    /// Erases every entry whose value satisfies pred.
    template <typename Pred>
    void eraseIf(Pred pred)
    {
        for (auto& shard : _shards)
            for (auto it = shard.begin(); it != shard.end();)
                it = pred(it->second) ? shard.erase(it) : std::next(it);
    }

    std::size_t size() const
    {
        std::size_t n = 0;
        for (const auto& shard : _shards)
            n += shard.size();
        return n;
    }

    void clear()
    {
        for (auto& shard : _shards)
            shard.clear();
    }

private:
    static constexpr std::size_t kShards = 64;
    using Table = std::unordered_map<Key, Value, Hash>;
    // The high bits pick the table, so within one the low bits still spread over its buckets.
    Table& shardOf(const Key& key) { return _shards[(Hash{}(key) >> 58) % kShards]; }

    std::array<Table, kShards> _shards;
};

} // namespace mock
