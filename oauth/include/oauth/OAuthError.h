#pragma once

#include <string>
#include <string_view>

namespace oauth {

/// Error codes of RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, RFC 7009 §2.2.1 and OIDC prompt=none.
namespace errc {
inline constexpr const char* InvalidRequest = "invalid_request";
inline constexpr const char* InvalidClient = "invalid_client";
inline constexpr const char* InvalidGrant = "invalid_grant";
inline constexpr const char* UnauthorizedClient = "unauthorized_client";
inline constexpr const char* UnsupportedGrantType = "unsupported_grant_type";
inline constexpr const char* InvalidScope = "invalid_scope";
inline constexpr const char* AccessDenied = "access_denied";
inline constexpr const char* UnsupportedResponseType = "unsupported_response_type";
inline constexpr const char* ServerError = "server_error";
inline constexpr const char* TemporarilyUnavailable = "temporarily_unavailable";
inline constexpr const char* InvalidToken = "invalid_token";
inline constexpr const char* InsufficientScope = "insufficient_scope";
inline constexpr const char* UnsupportedTokenType = "unsupported_token_type";
inline constexpr const char* LoginRequired = "login_required";
} // namespace errc

/// An OAuth error response: code, optional description and URI.
struct OAuthError
{
    std::string error;
    std::string description;
    std::string uri;

    /// RFC 6749 §5.2 JSON body: {"error":…, "error_description":…, "error_uri":…}; empty members omitted.
    std::string toJson() const;
};

/// True if every character is in %x20-21 / %x23-5B / %x5D-7E (RFC 6749 App. A.7, A.8):
/// the set allowed in `error` and `error_description`.
bool isValidErrorText(std::string_view text);

/// Replaces each character outside that set by a space, so a description is always legal.
std::string sanitizeErrorText(std::string_view text);

/// Minimal JSON string escaping (quotes, backslash, control characters as \u00XX).
std::string jsonEscape(std::string_view text);

} // namespace oauth
