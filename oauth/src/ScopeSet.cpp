#include "oauth/ScopeSet.h"

#include <algorithm>
#include <iterator>

namespace oauth {

std::optional<ScopeSet> ScopeSet::parse(std::string_view text)
{
    ScopeSet scopes;
    if (text.empty())
        return scopes;
    std::size_t start = 0;
    while (true)
    {
        const std::size_t end = text.find(' ', start);
        const std::string_view token = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
        if (!isValidToken(token))
            return std::nullopt; // also catches the empty token of a double, leading or trailing space
        scopes.insert(std::string(token));
        if (end == std::string_view::npos)
            return scopes;
        start = end + 1;
    }
}

bool ScopeSet::isValidToken(std::string_view token)
{
    if (token.empty())
        return false;
    for (char ch : token)
    {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (!(c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)))
            return false;
    }
    return true;
}

bool ScopeSet::containsAll(const ScopeSet& other) const
{
    return std::includes(_tokens.begin(), _tokens.end(), other._tokens.begin(), other._tokens.end());
}

ScopeSet ScopeSet::minus(const ScopeSet& other) const
{
    std::set<std::string> out;
    std::set_difference(_tokens.begin(), _tokens.end(), other._tokens.begin(), other._tokens.end(),
                        std::inserter(out, out.end()));
    return ScopeSet(std::move(out));
}

ScopeSet ScopeSet::intersect(const ScopeSet& other) const
{
    std::set<std::string> out;
    std::set_intersection(_tokens.begin(), _tokens.end(), other._tokens.begin(), other._tokens.end(),
                          std::inserter(out, out.end()));
    return ScopeSet(std::move(out));
}

std::string ScopeSet::toString() const
{
    std::string out;
    for (const auto& token : _tokens)
    {
        if (!out.empty())
            out += ' ';
        out += token;
    }
    return out;
}

} // namespace oauth
