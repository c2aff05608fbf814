#include "oauth/Crypto.h"

#include "oauth/Encoding.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <climits>
#include <stdexcept>

namespace oauth {

std::string sha256(std::string_view data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("EVP_Digest(SHA-256) failed");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string randomBytes(std::size_t count)
{
    if (count > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error("randomBytes: count too large");
    std::string out(count, '\0');
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return out;
}

std::string randomToken(std::size_t byteCount)
{
    return base64UrlEncode(randomBytes(byteCount));
}

bool constantTimeEquals(std::string_view a, std::string_view b)
{
    // Lengths are not secret (tokens and challenges have fixed sizes); contents are.
    if (a.size() != b.size())
        return false;
    if (a.empty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace oauth
