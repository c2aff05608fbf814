#include "oauth/FormData.h"

#include "oauth/Encoding.h"

#include <algorithm>
#include <map>

namespace oauth {

FormData FormData::parse(std::string_view encoded)
{
    FormData form;
    std::size_t start = 0;
    while (start <= encoded.size())
    {
        std::size_t end = encoded.find('&', start);
        if (end == std::string_view::npos)
            end = encoded.size();
        const std::string_view segment = encoded.substr(start, end - start);
        start = end + 1;
        if (segment.empty())
            continue;

        const std::size_t eq = segment.find('=');
        const std::string_view rawName = segment.substr(0, eq);
        const std::string_view rawValue = eq == std::string_view::npos ? std::string_view() : segment.substr(eq + 1);

        auto name = formUrlDecode(rawName);
        if (!name)
            throw FormDecodeError("malformed percent-encoding in parameter name '" + std::string(rawName) + "'");
        auto value = formUrlDecode(rawValue);
        if (!value)
            throw FormDecodeError("malformed percent-encoding in value of parameter '" + *name + "'");
        form.add(std::move(*name), std::move(*value));
    }
    return form;
}

void FormData::add(std::string name, std::string value)
{
    _pairs.emplace_back(std::move(name), std::move(value));
}

void FormData::set(const std::string& name, std::string value)
{
    auto first = std::find_if(_pairs.begin(), _pairs.end(), [&](const Pair& p) { return p.first == name; });
    if (first == _pairs.end())
    {
        add(name, std::move(value));
        return;
    }
    first->second = std::move(value);
    // Keep the first occurrence in place, drop the later ones.
    _pairs.erase(std::remove_if(first + 1, _pairs.end(), [&](const Pair& p) { return p.first == name; }),
                 _pairs.end());
}

void FormData::remove(const std::string& name)
{
    _pairs.erase(std::remove_if(_pairs.begin(), _pairs.end(), [&](const Pair& p) { return p.first == name; }),
                 _pairs.end());
}

std::size_t FormData::count(std::string_view name) const
{
    return static_cast<std::size_t>(
        std::count_if(_pairs.begin(), _pairs.end(), [&](const Pair& p) { return p.first == name; }));
}

std::optional<std::string> FormData::get(std::string_view name) const
{
    for (const auto& p : _pairs)
        if (p.first == name)
            return p.second;
    return std::nullopt;
}

std::optional<std::string> FormData::getNonEmpty(std::string_view name) const
{
    auto value = get(name);
    if (value && value->empty())
        return std::nullopt;
    return value;
}

std::vector<std::string> FormData::repeatedNames() const
{
    // One pass to count, one to report: counting per pair was quadratic, and 32 768 pairs ("a&a&…",
    // a 64 KiB body) kept a mock server thread busy for seconds.
    std::map<std::string_view, std::size_t> counts;
    for (const auto& p : _pairs)
        ++counts[p.first];
    std::vector<std::string> names;
    for (const auto& p : _pairs)
    {
        auto it = counts.find(p.first);
        if (it->second > 1)
        {
            names.push_back(p.first);
            it->second = 0; // reported once, at its first occurrence
        }
    }
    return names;
}

std::string FormData::encode() const
{
    std::string out;
    for (const auto& p : _pairs)
    {
        if (!out.empty())
            out += '&';
        out += formUrlEncode(p.first);
        out += '=';
        out += formUrlEncode(p.second);
    }
    return out;
}

} // namespace oauth
