#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oauth {

/// Raised for a body or query that is not valid application/x-www-form-urlencoded.
class FormDecodeError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Ordered name/value pairs of an application/x-www-form-urlencoded body or a URI query.
/// Strict: a repeated parameter is kept twice and reported, never merged (RFC 6749 §3.1, §3.2).
class FormData
{
public:
    using Pair = std::pair<std::string, std::string>;

    FormData() = default;

    /// Parses "a=1&b=2". Empty segments ("a=1&&b=2") are skipped; a name without '=' has an
    /// empty value. Throws FormDecodeError naming the offending parameter on a bad %-escape.
    static FormData parse(std::string_view encoded);

    /// Appends a pair (does not replace an existing one).
    void add(std::string name, std::string value);

    /// Replaces every pair with this name by one pair (appends if absent).
    void set(const std::string& name, std::string value);

    /// Removes every pair with this name.
    void remove(const std::string& name);

    /// Number of pairs with this name.
    std::size_t count(std::string_view name) const;

    /// The value of the first pair with this name, or nullopt.
    std::optional<std::string> get(std::string_view name) const;

    /// As get(), but an empty value counts as absent (RFC 6749 §3.1: "sent without a value").
    std::optional<std::string> getNonEmpty(std::string_view name) const;

    /// Names that occur more than once, in first-occurrence order.
    std::vector<std::string> repeatedNames() const;

    /// True if the name occurs at least once.
    bool has(std::string_view name) const { return count(name) > 0; }

    const std::vector<Pair>& pairs() const { return _pairs; }
    bool empty() const { return _pairs.empty(); }

    /// Encodes back to application/x-www-form-urlencoded, in insertion order.
    std::string encode() const;

private:
    std::vector<Pair> _pairs;
};

} // namespace oauth
