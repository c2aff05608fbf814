#include "oauth/Crypto.h"

#include "oauth/Encoding.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <atomic>
#include <climits>
#include <cstring>
#include <mutex>
#include <pthread.h>
#include <stdexcept>

namespace oauth {

namespace {

/// SHA-256 fetched from the default provider once: EVP_sha256() makes OpenSSL 3 look the
/// implementation up on every digest (2.5x the cost, and a shared lock between threads).
const EVP_MD* sha256Method()
{
    static const EVP_MD* const method = [] {
        EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        if (fetched == nullptr)
            throw std::runtime_error("EVP_MD_fetch(SHA256) failed");
        return fetched;
    }();
    return method;
}

} // namespace

void sha256(std::string_view data, unsigned char (&digest)[32])
{
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, sha256Method(), nullptr) != 1 || length != 32)
        throw std::runtime_error("EVP_Digest(SHA-256) failed");
}

std::string sha256(std::string_view data)
{
    unsigned char digest[32];
    sha256(data, digest);
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

namespace {

void fillRandom(unsigned char* out, std::size_t count)
{
    if (count > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error("randomBytes: count too large");
    if (count > 0 && RAND_bytes(out, static_cast<int>(count)) != 1)
        throw std::runtime_error("RAND_bytes failed");
}

/// Bumped in a child after fork(), so it never hands out the bytes its parent hands out too.
std::atomic<unsigned> forkGeneration{0};

/// Each RAND_bytes call takes the DRBG's lock and costs about 0.8 µs; a token request needs three
/// values. So each thread draws 4 KiB at a time and hands it out in order; served bytes are wiped.
class RandomPool
{
public:
    RandomPool()
    {
        static std::once_flag registered;
        std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, [] { ++forkGeneration; }); });
    }
    ~RandomPool() { OPENSSL_cleanse(_bytes, sizeof _bytes); }

    void take(unsigned char* out, std::size_t count)
    {
        if (_generation != forkGeneration.load(std::memory_order_relaxed))
            _left = 0;
        if (_left < count)
        {
            fillRandom(_bytes, sizeof _bytes);
            _left = sizeof _bytes;
            _generation = forkGeneration.load(std::memory_order_relaxed);
        }
        unsigned char* from = _bytes + (sizeof _bytes - _left);
        std::memcpy(out, from, count);
        OPENSSL_cleanse(from, count);
        _left -= count;
    }

    static constexpr std::size_t kLargest = 256; ///< larger requests go to RAND_bytes directly

private:
    unsigned char _bytes[4096];
    std::size_t _left = 0;
    unsigned _generation = 0;
};

} // namespace

std::string randomBytes(std::size_t count)
{
    std::string out(count, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    if (count > RandomPool::kLargest)
        fillRandom(bytes, count);
    else
    {
        thread_local RandomPool pool;
        pool.take(bytes, count);
    }
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
