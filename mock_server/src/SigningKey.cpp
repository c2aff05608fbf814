#include "mock_server/SigningKey.h"

#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JWT/Signer.h>
#include <Poco/SharedPtr.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace mock {

namespace {

struct PKeyDeleter
{
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct BioDeleter
{
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BnDeleter
{
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, PKeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;

const std::string kES256 = "ES256";
const std::string kRS256 = "RS256";
constexpr int kMinimumRsaBits = 2048;
constexpr std::size_t kP256CoordinateBytes = 32;
constexpr std::size_t kKeyIdBytes = 12;

/// The text of the oldest OpenSSL error on this thread's queue (and clears the queue).
std::string openSslError()
{
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return "unknown OpenSSL error";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    return buffer;
}

const char kBase64UrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64Url(const unsigned char* data, std::size_t size)
{
    std::string out;
    out.reserve((size * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3)
    {
        unsigned v = (unsigned(data[i]) << 16) | (unsigned(data[i + 1]) << 8) | unsigned(data[i + 2]);
        out += kBase64UrlAlphabet[(v >> 18) & 63];
        out += kBase64UrlAlphabet[(v >> 12) & 63];
        out += kBase64UrlAlphabet[(v >> 6) & 63];
        out += kBase64UrlAlphabet[v & 63];
    }
    if (size - i == 1)
    {
        unsigned v = unsigned(data[i]) << 16;
        out += kBase64UrlAlphabet[(v >> 18) & 63];
        out += kBase64UrlAlphabet[(v >> 12) & 63];
    }
    else if (size - i == 2)
    {
        unsigned v = (unsigned(data[i]) << 16) | (unsigned(data[i + 1]) << 8);
        out += kBase64UrlAlphabet[(v >> 18) & 63];
        out += kBase64UrlAlphabet[(v >> 12) & 63];
        out += kBase64UrlAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::string base64Url(const std::vector<unsigned char>& bytes)
{
    return base64Url(bytes.data(), bytes.size());
}

int base64UrlValue(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

/// Strict unpadded base64url (RFC 7515 §2): only the alphabet, no impossible length, and
/// the unused bits of the last character zero, so every byte string has exactly one spelling.
std::optional<std::vector<unsigned char>> decodeBase64UrlStrict(const std::string& text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    std::vector<unsigned char> out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text)
    {
        int v = base64UrlValue(c);
        if (v < 0)
            return std::nullopt;
        buffer = (buffer << 6) | unsigned(v);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
        }
    }
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

/// Does not prompt for a passphrase: an encrypted key file is an error, not a terminal dialogue.
int refusePassphrase(char*, int, int, void*)
{
    return -1;
}

std::string groupName(EVP_PKEY* key)
{
    char name[80] = {0};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), &length) != 1)
    {
        ERR_clear_error();
        return {};
    }
    return std::string(name, length);
}

/// Empty if the key suits the algorithm, otherwise why not.
std::string unfitReason(EVP_PKEY* key, const std::string& algorithm)
{
    if (algorithm == kES256)
    {
        if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC)
            return "ES256 needs an EC P-256 key, the file holds a " + std::string(OBJ_nid2sn(EVP_PKEY_get_base_id(key))) + " key";
        std::string group = groupName(key);
        if (group != "prime256v1" && group != "P-256")
            return "ES256 needs an EC key on P-256, the file's key is on " + (group.empty() ? std::string("an unnamed curve") : group);
        return {};
    }
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return "RS256 needs an RSA key, the file holds a " + std::string(OBJ_nid2sn(EVP_PKEY_get_base_id(key))) + " key";
    if (EVP_PKEY_get_bits(key) < kMinimumRsaBits)
        return "RS256 needs an RSA key of at least 2048 bits, the file's key has " + std::to_string(EVP_PKEY_get_bits(key));
    return {};
}

void checkAlgorithm(const std::string& algorithm)
{
    if (algorithm != kES256 && algorithm != kRS256)
        throw std::invalid_argument("unsupported signing algorithm '" + algorithm + "' (expected ES256 or RS256)");
}

std::vector<unsigned char> bigNumParam(EVP_PKEY* key, const char* name, std::size_t width)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1 || raw == nullptr)
        throw std::runtime_error(std::string("cannot read public key parameter ") + name + ": " + openSslError());
    BnPtr number(raw);
    std::size_t size = width ? width : static_cast<std::size_t>(BN_num_bytes(number.get()));
    std::vector<unsigned char> bytes(size);
    if (BN_bn2binpad(number.get(), bytes.data(), static_cast<int>(size)) < 0)
        throw std::runtime_error(std::string("public key parameter ") + name + " does not fit " + std::to_string(size) + " bytes");
    return bytes;
}

std::string computeKeyId(EVP_PKEY* key)
{
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(key, &der);
    if (length <= 0)
        throw std::runtime_error("cannot encode the public key: " + openSslError());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    int ok = EVP_Digest(der, static_cast<std::size_t>(length), digest, &digestLength, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    if (ok != 1)
        throw std::runtime_error("cannot hash the public key: " + openSslError());
    return base64Url(digest, kKeyIdBytes);
}

std::vector<std::string> splitCompact(const std::string& jwt)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;)
    {
        std::size_t dot = jwt.find('.', start);
        parts.push_back(jwt.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos || parts.size() > 3)
            break;
        start = dot + 1;
    }
    return parts;
}

} // namespace

struct SigningKey::Impl
{
    Impl(PKeyPtr ownKey, const std::string& name);

    std::string algorithm;
    PKeyPtr key;
    std::string keyId;
    std::size_t signatureBytes = 0;
    std::unique_ptr<Poco::JWT::Signer> signer;
};

SigningKey::Impl::Impl(PKeyPtr ownKey, const std::string& name):
    algorithm(name),
    key(std::move(ownKey)),
    keyId(computeKeyId(key.get()))
{
    Poco::Crypto::EVPPKey wrapped(key.get()); // Poco duplicates the key internally
    if (algorithm == kES256)
    {
        signatureBytes = 2 * kP256CoordinateBytes;
        Poco::SharedPtr<Poco::Crypto::ECKey> ecKey(new Poco::Crypto::ECKey(wrapped));
        signer = std::make_unique<Poco::JWT::Signer>(ecKey);
    }
    else
    {
        signatureBytes = static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
        Poco::SharedPtr<Poco::Crypto::RSAKey> rsaKey(new Poco::Crypto::RSAKey(wrapped));
        signer = std::make_unique<Poco::JWT::Signer>(rsaKey);
    }
    // Replace the default {HS256}: only this key's own algorithm may ever verify.
    signer->setAlgorithms({algorithm});
}

SigningKey::SigningKey(std::unique_ptr<Impl> impl):
    _impl(std::move(impl))
{
}

SigningKey::~SigningKey() = default;
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;

SigningKey SigningKey::generate(const std::string& algorithm)
{
    checkAlgorithm(algorithm);
    EVP_PKEY* raw = algorithm == kES256
        ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
        : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(kMinimumRsaBits));
    if (raw == nullptr)
        throw std::runtime_error("cannot generate a " + algorithm + " key: " + openSslError());
    return SigningKey(std::make_unique<Impl>(PKeyPtr(raw), algorithm));
}

SigningKey SigningKey::fromPemFile(const std::string& path, const std::string& algorithm)
{
    checkAlgorithm(algorithm);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read signing key file '" + path + "': " + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        throw std::runtime_error("cannot read signing key file '" + path + "'");
    std::string pem = content.str();

    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio)
        throw std::runtime_error("cannot read signing key file '" + path + "': " + openSslError());
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, &refusePassphrase, nullptr);
    if (raw == nullptr)
        throw std::runtime_error("signing key file '" + path + "' holds no usable unencrypted PEM private key: " + openSslError());
    PKeyPtr key(raw);
    std::string reason = unfitReason(key.get(), algorithm);
    if (!reason.empty())
        throw std::runtime_error("signing key file '" + path + "' does not fit " + algorithm + ": " + reason);
    try
    {
        return SigningKey(std::make_unique<Impl>(std::move(key), algorithm));
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error("signing key file '" + path + "': " + e.what());
    }
}

const std::string& SigningKey::algorithm() const
{
    return _impl->algorithm;
}

const std::string& SigningKey::keyId() const
{
    return _impl->keyId;
}

std::string SigningKey::sign(Poco::JWT::Token& token) const
{
    token.header().set("kid", _impl->keyId);
    return _impl->signer->sign(token, _impl->algorithm);
}

std::optional<Poco::JWT::Token> SigningKey::verify(const std::string& jwt) const
{
    try
    {
        std::vector<std::string> parts = splitCompact(jwt);
        if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty())
            return std::nullopt;
        auto header = decodeBase64UrlStrict(parts[0]);
        auto payload = decodeBase64UrlStrict(parts[1]);
        auto signature = decodeBase64UrlStrict(parts[2]);
        if (!header || !payload || !signature || signature->size() != _impl->signatureBytes)
            return std::nullopt;

        Poco::JWT::Token token;
        if (!_impl->signer->tryVerify(jwt, token))
            return std::nullopt;
        if (token.getAlgorithm() != _impl->algorithm)
            return std::nullopt;
        return token;
    }
    catch (...)
    {
        ERR_clear_error();
        return std::nullopt;
    }
}

std::string SigningKey::publicJwk() const
{
    EVP_PKEY* key = _impl->key.get();
    std::string jwk = "{";
    if (_impl->algorithm == kES256)
    {
        jwk += "\"kty\":\"EC\",\"crv\":\"P-256\"";
        jwk += ",\"x\":\"" + base64Url(bigNumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes)) + "\"";
        jwk += ",\"y\":\"" + base64Url(bigNumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes)) + "\"";
    }
    else
    {
        jwk += "\"kty\":\"RSA\"";
        jwk += ",\"n\":\"" + base64Url(bigNumParam(key, OSSL_PKEY_PARAM_RSA_N, 0)) + "\"";
        jwk += ",\"e\":\"" + base64Url(bigNumParam(key, OSSL_PKEY_PARAM_RSA_E, 0)) + "\"";
    }
    jwk += ",\"alg\":\"" + _impl->algorithm + "\",\"use\":\"sig\",\"kid\":\"" + _impl->keyId + "\"}";
    return jwk;
}

} // namespace mock
