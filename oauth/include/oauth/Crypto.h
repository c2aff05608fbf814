#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace oauth {

/// SHA-256 digest (32 raw bytes) of the input, via OpenSSL.
std::string sha256(std::string_view data);
/// The same digest into a caller's buffer (no allocation).
void sha256(std::string_view data, unsigned char (&digest)[32]);

/// `count` bytes from OpenSSL's CSPRNG (RAND_bytes); throws std::runtime_error if it fails.
std::string randomBytes(std::size_t count);

/// A fresh random token: `byteCount` CSPRNG bytes, base64url-encoded without padding.
std::string randomToken(std::size_t byteCount = 32);

/// Compares two strings in time that depends only on their lengths (CRYPTO_memcmp).
bool constantTimeEquals(std::string_view a, std::string_view b);

} // namespace oauth
