#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace mock {

/// A record id in 16 bytes: up to 15 characters inline (newRecordId makes exactly 15), a longer
/// one on the heap. Half a std::string, which matters twice per stored access token.
class CompactId
{
public:
    CompactId() { _small[kTag] = 0; }
    CompactId(std::string_view text) { assign(text); } // NOLINT: converts like a string
    CompactId(const CompactId& other) { assign(other.view()); }
    CompactId& operator=(const CompactId& other)
    {
        if (this != &other)
        {
            release();
            assign(other.view());
        }
        return *this;
    }
    CompactId& operator=(std::string_view text)
    {
        CompactId copy(text); // text may point into this id's own heap block
        return *this = copy;
    }
    ~CompactId() { release(); }

    std::string_view view() const
    {
        return onHeap() ? std::string_view(_heap.data, _heap.size) : std::string_view(_small, _small[kTag]);
    }
    std::string str() const { return std::string(view()); }
    bool operator==(std::string_view text) const { return view() == text; }

private:
    static constexpr std::size_t kTag = 15;       ///< inline: the length (0–15); kOnHeap: on the heap
    static constexpr char kOnHeap = static_cast<char>(0x7F);

    bool onHeap() const { return _small[kTag] == kOnHeap; }
    void assign(std::string_view text)
    {
        if (text.size() <= kTag)
        {
            std::memcpy(_small, text.data(), text.size());
            _small[kTag] = static_cast<char>(text.size());
            return;
        }
        _heap.data = new char[text.size()];
        std::memcpy(_heap.data, text.data(), text.size());
        _heap.size = static_cast<std::uint32_t>(text.size());
        _small[kTag] = kOnHeap;
    }
    void release()
    {
        if (onHeap())
            delete[] _heap.data;
    }

    union
    {
        char _small[16];
        struct
        {
            char* data;
            std::uint32_t size;
        } _heap;
    };
};

} // namespace mock
