#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oauth {

/// base64url without padding (RFC 4648 §5, as RFC 7636 and RFC 7515 use it).
std::string base64UrlEncode(std::string_view bytes);

/// Decodes base64url; accepts input with or without '=' padding.
/// Returns nullopt on any character outside the alphabet or an impossible length.
std::optional<std::string> base64UrlDecode(std::string_view text);

/// Standard base64 with padding (RFC 4648 §4), as HTTP Basic uses it.
std::string base64Encode(std::string_view bytes);

/// Decodes standard base64; nullopt on bad characters or length.
std::optional<std::string> base64Decode(std::string_view text);

/// application/x-www-form-urlencoded encoding of one name or value
/// (space becomes '+', everything outside ALPHA / DIGIT / "-._*" is %XX).
std::string formUrlEncode(std::string_view text);

/// Percent-encoding for a URI query or path component (RFC 3986 unreserved kept).
std::string percentEncode(std::string_view text);

/// Decodes '+' as space and %XX; nullopt on a malformed escape.
std::optional<std::string> formUrlDecode(std::string_view text);

/// Lower-case hex of the given bytes.
std::string hexEncode(std::string_view bytes);

} // namespace oauth
