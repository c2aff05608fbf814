#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oauth {

/// The code_challenge_method values of RFC 7636 §4.3.
enum class PkceMethod { Plain, S256 };

/// Parses "plain" or "S256" (case-sensitive, as registered); nullopt otherwise.
std::optional<PkceMethod> parsePkceMethod(std::string_view name);

/// "plain" or "S256".
std::string pkceMethodName(PkceMethod method);

/// A code_verifier and its code_challenge (RFC 7636 §4.1, §4.2).
struct PkcePair
{
    std::string verifier;
    std::string challenge;
    PkceMethod method = PkceMethod::S256;
};

/// Generates a verifier from 32 CSPRNG octets (43 base64url characters) and its challenge.
PkcePair generatePkcePair(PkceMethod method = PkceMethod::S256);

/// code_challenge for a verifier: BASE64URL(SHA256(ASCII(verifier))) for S256, the verifier for plain.
std::string computeCodeChallenge(std::string_view verifier, PkceMethod method);

/// True if `value` matches the ABNF 43*128unreserved of RFC 7636 §4.1 (also the challenge's syntax, §4.2).
bool isValidCodeVerifier(std::string_view value);

/// RFC 7636 §4.6: recomputes the challenge from the verifier and compares in constant time.
/// A syntactically invalid verifier never verifies.
bool verifyCodeVerifier(std::string_view verifier, std::string_view challenge, PkceMethod method);

} // namespace oauth
