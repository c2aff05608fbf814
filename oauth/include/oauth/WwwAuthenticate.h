#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace oauth {

/// One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1, RFC 6750 §3).
struct AuthChallenge
{
    std::string scheme;                                      ///< as sent, e.g. "Bearer"
    std::vector<std::pair<std::string, std::string>> params; ///< auth-params in order, values unquoted

    /// First value of a parameter (name compared case-insensitively), or nullopt.
    std::optional<std::string> param(std::string_view name) const;

    /// Serialises as `Scheme name="value", …`, escaping '"' and '\' inside values.
    std::string toString() const;
};

/// Builds an RFC 6750 §3 Bearer challenge. Empty arguments are left out.
AuthChallenge bearerChallenge(const std::string& realm, const std::string& error = "",
                              const std::string& description = "", const std::string& scope = "");

/// Parses a WWW-Authenticate value into its challenges (several may share one header,
/// separated by commas). Returns nullopt if the value does not follow the grammar.
std::optional<std::vector<AuthChallenge>> parseWwwAuthenticate(std::string_view header);

/// Case-insensitive ASCII comparison (auth schemes, header names).
bool equalsIgnoreCase(std::string_view a, std::string_view b);

} // namespace oauth
