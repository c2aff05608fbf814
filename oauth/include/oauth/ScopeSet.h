#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace oauth {

/// A set of scope tokens (RFC 6749 §3.3): space-delimited, case-sensitive, order-free.
class ScopeSet
{
public:
    ScopeSet() = default;
    explicit ScopeSet(std::set<std::string> tokens) : _tokens(std::move(tokens)) {}

    /// Parses a scope parameter. Returns nullopt if a token has a character outside
    /// %x21 / %x23-5B / %x5D-7E, or if delimiters are not single spaces (empty tokens).
    static std::optional<ScopeSet> parse(std::string_view text);

    /// True if `token` is a syntactically valid scope-token.
    static bool isValidToken(std::string_view token);

    bool contains(const std::string& token) const { return _tokens.count(token) > 0; }
    bool containsAll(const ScopeSet& other) const;
    bool isSubsetOf(const ScopeSet& other) const { return other.containsAll(*this); }
    bool empty() const { return _tokens.empty(); }
    std::size_t size() const { return _tokens.size(); }

    /// Tokens in `this` that are not in `other`.
    ScopeSet minus(const ScopeSet& other) const;

    /// Tokens in both.
    ScopeSet intersect(const ScopeSet& other) const;

    void insert(std::string token) { _tokens.insert(std::move(token)); }

    const std::set<std::string>& tokens() const { return _tokens; }

    /// Space-delimited, sorted.
    std::string toString() const;

    bool operator==(const ScopeSet& other) const { return _tokens == other._tokens; }
    bool operator!=(const ScopeSet& other) const { return !(*this == other); }

private:
    std::set<std::string> _tokens;
};

} // namespace oauth
