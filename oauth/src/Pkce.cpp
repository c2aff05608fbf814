#include "oauth/Pkce.h"

#include "oauth/Crypto.h"
#include "oauth/Encoding.h"

namespace oauth {

namespace {

/// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 7636 §4.1)
bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

} // namespace

std::optional<PkceMethod> parsePkceMethod(std::string_view name)
{
    if (name == "S256")
        return PkceMethod::S256;
    if (name == "plain")
        return PkceMethod::Plain;
    return std::nullopt;
}

std::string pkceMethodName(PkceMethod method)
{
    return method == PkceMethod::S256 ? "S256" : "plain";
}

PkcePair generatePkcePair(PkceMethod method)
{
    PkcePair pair;
    pair.verifier = randomToken(32);
    pair.challenge = computeCodeChallenge(pair.verifier, method);
    pair.method = method;
    return pair;
}

std::string computeCodeChallenge(std::string_view verifier, PkceMethod method)
{
    if (method == PkceMethod::Plain)
        return std::string(verifier);
    return base64UrlEncode(sha256(verifier));
}

bool isValidCodeVerifier(std::string_view value)
{
    if (value.size() < 43 || value.size() > 128)
        return false;
    for (char c : value)
        if (!isUnreserved(c))
            return false;
    return true;
}

bool verifyCodeVerifier(std::string_view verifier, std::string_view challenge, PkceMethod method)
{
    if (!isValidCodeVerifier(verifier))
        return false;
    return constantTimeEquals(computeCodeChallenge(verifier, method), challenge);
}

} // namespace oauth
