#define BOOST_TEST_MODULE SigningKey
#include <boost/test/unit_test.hpp>

#include "mock_server/SigningKey.h"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using mock::SigningKey;

std::string b64url(const std::string& bytes)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes)
    {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6)
        {
            bits -= 6;
            out += alphabet[(buffer >> bits) & 63];
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (6 - bits)) & 63];
    return out;
}

std::string unb64url(const std::string& text)
{
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text)
    {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '-') v = 62;
        else if (c == '_') v = 63;
        else throw std::runtime_error("bad base64url in test input");
        buffer = (buffer << 6) | unsigned(v);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

std::vector<std::string> split(const std::string& jwt)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;)
    {
        std::size_t dot = jwt.find('.', start);
        parts.push_back(jwt.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            return parts;
        start = dot + 1;
    }
}

Poco::JWT::Token sampleToken()
{
    Poco::JWT::Token token;
    token.setType("at+jwt");
    token.setIssuer("https://issuer.test");
    token.setSubject("alice");
    token.setAudience("https://api.test");
    token.setId("jti-123");
    token.payload().set("scope", std::string("read:buildings write:addresses"));
    token.payload().set("client_id", std::string("demo-client"));
    return token;
}

struct PKeyFree
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, PKeyFree>;

rapidjson::Document parseJwk(const SigningKey& key)
{
    rapidjson::Document doc;
    std::string json = key.publicJwk();
    doc.Parse(json.c_str());
    BOOST_TEST_REQUIRE(!doc.HasParseError(), "publicJwk() is not JSON: " << json);
    BOOST_TEST_REQUIRE(doc.IsObject());
    return doc;
}

std::string member(const rapidjson::Document& doc, const char* name)
{
    BOOST_TEST_REQUIRE(doc.HasMember(name), "JWK lacks " << name);
    BOOST_TEST_REQUIRE(doc[name].IsString());
    return std::string(doc[name].GetString(), doc[name].GetStringLength());
}

/// Builds an OpenSSL public key from nothing but the JWK's members.
Owned<EVP_PKEY> publicKeyFromJwk(const rapidjson::Document& jwk)
{
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    BOOST_TEST_REQUIRE(builder.get() != nullptr);
    std::string point;
    Owned<BIGNUM> n, e;
    const char* type = nullptr;
    if (member(jwk, "kty") == "EC")
    {
        type = "EC";
        point = std::string(1, '\x04') + unb64url(member(jwk, "x")) + unb64url(member(jwk, "y"));
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1);
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) == 1);
    }
    else
    {
        type = "RSA";
        std::string nBytes = unb64url(member(jwk, "n"));
        std::string eBytes = unb64url(member(jwk, "e"));
        n.reset(BN_bin2bn(reinterpret_cast<const unsigned char*>(nBytes.data()), int(nBytes.size()), nullptr));
        e.reset(BN_bin2bn(reinterpret_cast<const unsigned char*>(eBytes.data()), int(eBytes.size()), nullptr));
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) == 1);
        BOOST_TEST_REQUIRE(OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) == 1);
    }
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder.get()));
    Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    BOOST_TEST_REQUIRE(ctx.get() != nullptr);
    BOOST_TEST_REQUIRE(EVP_PKEY_fromdata_init(ctx.get()) == 1);
    EVP_PKEY* raw = nullptr;
    BOOST_TEST_REQUIRE(EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) == 1);
    return Owned<EVP_PKEY>(raw);
}

/// Verifies a compact JWS with plain OpenSSL (no Poco): what a third-party resource server does.
bool independentlyVerifies(const std::string& jwt, EVP_PKEY* key)
{
    std::vector<std::string> parts = split(jwt);
    if (parts.size() != 3)
        return false;
    std::string signingInput = parts[0] + "." + parts[1];
    std::string signature = unb64url(parts[2]);
    std::string der;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC)
    {
        // JWS ES256 signatures are R||S, 32 bytes each (RFC 7518 §3.4), not DER.
        if (signature.size() != 64)
            return false;
        Owned<ECDSA_SIG> sig(ECDSA_SIG_new());
        BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()), 32, nullptr);
        BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(signature.data()) + 32, 32, nullptr);
        ECDSA_SIG_set0(sig.get(), r, s);
        unsigned char* buffer = nullptr;
        int length = i2d_ECDSA_SIG(sig.get(), &buffer);
        if (length <= 0)
            return false;
        der.assign(reinterpret_cast<char*>(buffer), std::size_t(length));
        OPENSSL_free(buffer);
        signature = der;
    }
    Owned<EVP_MD_CTX> md(EVP_MD_CTX_new());
    if (EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) != 1)
        return false;
    int ok = EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                              reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size());
    ERR_clear_error();
    return ok == 1;
}

struct TempDir
{
    std::filesystem::path path;
    TempDir()
    {
        unsigned char r[8];
        RAND_bytes(r, sizeof(r));
        std::string suffix;
        for (unsigned char c : r)
            suffix += "0123456789abcdef"[c & 15];
        path = std::filesystem::temp_directory_path() / ("signing-key-test-" + suffix);
        std::filesystem::create_directories(path);
    }
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

void writeText(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string pemOf(EVP_PKEY* key, bool pkcs8)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (pkcs8)
        BOOST_TEST_REQUIRE(PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
    else
        BOOST_TEST_REQUIRE(PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, std::size_t(length));
}

/// One generated key of each kind, shared by the tests (RSA generation is slow).
struct Keys
{
    SigningKey es = SigningKey::generate("ES256");
    SigningKey es2 = SigningKey::generate("ES256");
    SigningKey rs = SigningKey::generate("RS256");
    SigningKey rs2 = SigningKey::generate("RS256");
};

Keys& keys()
{
    static Keys k;
    return k;
}

std::string noneToken(const std::string& signature)
{
    return b64url(R"({"alg":"none","typ":"JWT"})") + "." + b64url(R"({"sub":"alice","scope":"admin"})") + "." + signature;
}

} // namespace

BOOST_AUTO_TEST_SUITE(generation)

BOOST_AUTO_TEST_CASE(algorithms_are_reported_and_unknown_ones_refused)
{
    BOOST_TEST(keys().es.algorithm() == "ES256");
    BOOST_TEST(keys().rs.algorithm() == "RS256");
    BOOST_CHECK_THROW(SigningKey::generate("HS256"), std::invalid_argument);
    BOOST_CHECK_THROW(SigningKey::generate("none"), std::invalid_argument);
    BOOST_CHECK_THROW(SigningKey::generate("es256"), std::invalid_argument);
    BOOST_CHECK_THROW(SigningKey::generate(""), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(key_id_is_stable_per_key_and_differs_between_keys)
{
    const SigningKey& es = keys().es;
    BOOST_TEST(es.keyId() == es.keyId());
    BOOST_TEST(es.keyId().size() == 16u); // base64url of 12 bytes
    BOOST_TEST(unb64url(es.keyId()).size() == 12u);
    BOOST_TEST(es.keyId() != keys().es2.keyId());
    BOOST_TEST(keys().rs.keyId() != keys().rs2.keyId());
    BOOST_TEST(es.keyId() != keys().rs.keyId());
}

BOOST_AUTO_TEST_CASE(move_keeps_the_key)
{
    SigningKey a = SigningKey::generate("ES256");
    std::string kid = a.keyId();
    SigningKey b(std::move(a));
    BOOST_TEST(b.keyId() == kid);
    SigningKey c = SigningKey::generate("ES256");
    c = std::move(b);
    BOOST_TEST(c.keyId() == kid);
    Poco::JWT::Token token = sampleToken();
    BOOST_TEST(c.verify(c.sign(token)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sign_and_verify)

BOOST_AUTO_TEST_CASE(round_trip_preserves_claims_and_sets_alg_and_kid)
{
    for (const SigningKey* key : {&keys().es, &keys().rs})
    {
        BOOST_TEST_CONTEXT(key->algorithm())
        {
            Poco::JWT::Token token = sampleToken();
            std::string jwt = key->sign(token);
            BOOST_TEST(split(jwt).size() == 3u);

            std::optional<Poco::JWT::Token> verified = key->verify(jwt);
            BOOST_TEST_REQUIRE(verified.has_value());
            BOOST_TEST(verified->getAlgorithm() == key->algorithm());
            BOOST_TEST(verified->header().getValue<std::string>("kid") == key->keyId());
            BOOST_TEST(verified->getType() == "at+jwt");
            BOOST_TEST(verified->getIssuer() == "https://issuer.test");
            BOOST_TEST(verified->getSubject() == "alice");
            BOOST_TEST(verified->getId() == "jti-123");
            BOOST_TEST(verified->getAudience() == std::vector<std::string>{"https://api.test"});
            BOOST_TEST(verified->payload().getValue<std::string>("scope") == "read:buildings write:addresses");
            BOOST_TEST(verified->payload().getValue<std::string>("client_id") == "demo-client");

            // The header as sent on the wire, decoded independently.
            rapidjson::Document header;
            std::string headerJson = unb64url(split(jwt)[0]);
            header.Parse(headerJson.c_str());
            BOOST_TEST_REQUIRE(header.IsObject());
            BOOST_TEST(std::string(header["alg"].GetString()) == key->algorithm());
            BOOST_TEST(std::string(header["kid"].GetString()) == key->keyId());
        }
    }
}

BOOST_AUTO_TEST_CASE(es256_signatures_are_always_64_bytes)
{
    // Guards against unpadded R or S (about 1 in 128 signatures has a short component).
    const SigningKey& key = keys().es;
    for (int i = 0; i < 400; ++i)
    {
        Poco::JWT::Token token = sampleToken();
        token.payload().set("n", i);
        std::string jwt = key.sign(token);
        std::string signature = unb64url(split(jwt)[2]);
        BOOST_TEST_REQUIRE(signature.size() == 64u);
        BOOST_TEST_REQUIRE(key.verify(jwt).has_value());
    }
}

BOOST_AUTO_TEST_CASE(rs256_signature_has_modulus_length)
{
    Poco::JWT::Token token = sampleToken();
    std::string jwt = keys().rs.sign(token);
    BOOST_TEST(unb64url(split(jwt)[2]).size() == 256u);
}

BOOST_AUTO_TEST_CASE(token_from_another_key_is_rejected)
{
    Poco::JWT::Token token = sampleToken();
    BOOST_TEST(!keys().es.verify(keys().es2.sign(token)).has_value());
    token = sampleToken();
    BOOST_TEST(!keys().rs.verify(keys().rs2.sign(token)).has_value());
    // Different algorithm altogether.
    token = sampleToken();
    BOOST_TEST(!keys().rs.verify(keys().es.sign(token)).has_value());
    token = sampleToken();
    BOOST_TEST(!keys().es.verify(keys().rs.sign(token)).has_value());
}

BOOST_AUTO_TEST_CASE(tampered_token_is_rejected)
{
    for (const SigningKey* key : {&keys().es, &keys().rs})
    {
        BOOST_TEST_CONTEXT(key->algorithm())
        {
            Poco::JWT::Token token = sampleToken();
            std::vector<std::string> parts = split(key->sign(token));

            std::string payload = unb64url(parts[1]);
            std::size_t at = payload.find("alice");
            BOOST_TEST_REQUIRE(at != std::string::npos);
            payload.replace(at, 5, "admin");
            BOOST_TEST(!key->verify(parts[0] + "." + b64url(payload) + "." + parts[2]).has_value());

            // A header that claims a different kid but the same alg.
            std::string header = unb64url(parts[0]);
            std::size_t kidAt = header.find(key->keyId());
            BOOST_TEST_REQUIRE(kidAt != std::string::npos);
            header.replace(kidAt, 1, header[kidAt] == 'A' ? "B" : "A");
            BOOST_TEST(!key->verify(b64url(header) + "." + parts[1] + "." + parts[2]).has_value());

            // Flip one bit of the signature.
            std::string signature = unb64url(parts[2]);
            signature[signature.size() / 2] ^= 0x01;
            BOOST_TEST(!key->verify(parts[0] + "." + parts[1] + "." + b64url(signature)).has_value());

            // Truncated and extended signatures.
            BOOST_TEST(!key->verify(parts[0] + "." + parts[1] + "." + parts[2].substr(0, parts[2].size() - 2)).has_value());
            BOOST_TEST(!key->verify(parts[0] + "." + parts[1] + "." + parts[2] + "AA").has_value());
            // A fourth segment, a trailing dot, padding.
            BOOST_TEST(!key->verify(parts[0] + "." + parts[1] + "." + parts[2] + ".").has_value());
            BOOST_TEST(!key->verify(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[2]).has_value());
            BOOST_TEST(!key->verify(parts[0] + "." + parts[1] + "." + parts[2] + "==").has_value());
            // The genuine one still verifies.
            BOOST_TEST(key->verify(parts[0] + "." + parts[1] + "." + parts[2]).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(non_canonical_signature_encoding_is_rejected)
{
    // 64 bytes -> 86 characters, the last carrying 4 unused bits; setting them must not verify.
    Poco::JWT::Token token = sampleToken();
    std::vector<std::string> parts = split(keys().es.sign(token));
    std::string sig = parts[2];
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::size_t value = alphabet.find(sig.back());
    BOOST_TEST_REQUIRE((value & 0x0F) == 0u);
    sig.back() = alphabet[value | 0x01];
    BOOST_TEST(!keys().es.verify(parts[0] + "." + parts[1] + "." + sig).has_value());
}

BOOST_AUTO_TEST_CASE(alg_none_is_rejected)
{
    for (const SigningKey* key : {&keys().es, &keys().rs})
    {
        BOOST_TEST(!key->verify(noneToken("")).has_value());
        BOOST_TEST(!key->verify(noneToken("AAAA")).has_value());
        // "none" with a real signature of this key copied from a genuine token.
        Poco::JWT::Token token = sampleToken();
        std::vector<std::string> parts = split(key->sign(token));
        BOOST_TEST(!key->verify(b64url(R"({"alg":"none"})") + "." + parts[1] + "." + parts[2]).has_value());
        BOOST_TEST(!key->verify(b64url(R"({"alg":"None"})") + "." + parts[1] + "." + parts[2]).has_value());
    }
}

BOOST_AUTO_TEST_CASE(hs256_is_rejected_including_the_key_confusion_attack)
{
    for (const SigningKey* key : {&keys().es, &keys().rs})
    {
        BOOST_TEST_CONTEXT(key->algorithm())
        {
            Poco::JWT::Token token = sampleToken();
            Poco::JWT::Signer hmac("0123456789ABCDEF0123456789ABCDEF");
            BOOST_TEST(!key->verify(hmac.sign(token, "HS256")).has_value());

            // Classic confusion: HMAC keyed with the public JWK text, and with an empty key.
            token = sampleToken();
            Poco::JWT::Signer confused(key->publicJwk());
            BOOST_TEST(!key->verify(confused.sign(token, "HS256")).has_value());
            token = sampleToken();
            Poco::JWT::Signer withKid(key->keyId());
            token.header().set("kid", key->keyId());
            BOOST_TEST(!key->verify(withKid.sign(token, "HS256")).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(garbage_returns_nullopt_without_throwing)
{
    const std::vector<std::string> garbage = {
        "", ".", "..", "...", "a", "a.b", "x.y.z", "a.b.c.d", "@@@.###.$$$",
        "eyJhbGciOiJFUzI1NiJ9", "eyJhbGciOiJFUzI1NiJ9.", "eyJhbGciOiJFUzI1NiJ9..",
        "eyJhbGciOiJFUzI1NiJ9.e30.", ".e30.AAAA",
        b64url("not json") + "." + b64url("{}") + "." + std::string(86, 'A'),
        b64url("[1,2]") + "." + b64url("{}") + "." + std::string(86, 'A'),
        b64url(R"({"alg":17})") + "." + b64url("{}") + "." + std::string(86, 'A'),
        b64url(R"({"alg":"ES256"})") + "." + b64url("not json") + "." + std::string(86, 'A'),
        b64url(R"({"alg":"ES256"})") + "." + b64url("[]") + "." + std::string(86, 'A'),
        b64url(R"({"alg":"ES256"})") + "." + b64url("{}") + "." + std::string(86, 'A'),
        b64url(R"({"alg":"RS256"})") + "." + b64url("{}") + "." + std::string(342, 'A'),
        b64url(R"({"alg":"ES256"})") + "." + b64url("{}") + "." + std::string(85, 'A'),
        std::string("\0.\0.\0", 5),
        std::string(10000, '.'),
    };
    for (const SigningKey* key : {&keys().es, &keys().rs})
    {
        for (const std::string& input : garbage)
        {
            BOOST_TEST_CONTEXT(key->algorithm() << " input of " << input.size() << " bytes: " << input.substr(0, 60))
            {
                std::optional<Poco::JWT::Token> result;
                BOOST_CHECK_NO_THROW(result = key->verify(input));
                BOOST_TEST(!result.has_value());
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jwk)

BOOST_AUTO_TEST_CASE(ec_jwk_has_the_rfc7518_members)
{
    const SigningKey& key = keys().es;
    rapidjson::Document jwk = parseJwk(key);
    BOOST_TEST(member(jwk, "kty") == "EC");
    BOOST_TEST(member(jwk, "crv") == "P-256");
    BOOST_TEST(member(jwk, "alg") == "ES256");
    BOOST_TEST(member(jwk, "use") == "sig");
    BOOST_TEST(member(jwk, "kid") == key.keyId());
    BOOST_TEST(unb64url(member(jwk, "x")).size() == 32u);
    BOOST_TEST(unb64url(member(jwk, "y")).size() == 32u);
    BOOST_TEST(member(jwk, "x").size() == 43u); // unpadded
    BOOST_TEST(!jwk.HasMember("d"));           // never the private part
    BOOST_TEST(!jwk.HasMember("n"));
    BOOST_TEST(key.publicJwk() == key.publicJwk());
    BOOST_TEST(member(parseJwk(keys().es2), "x") != member(jwk, "x"));
}

BOOST_AUTO_TEST_CASE(rsa_jwk_has_the_rfc7518_members)
{
    const SigningKey& key = keys().rs;
    rapidjson::Document jwk = parseJwk(key);
    BOOST_TEST(member(jwk, "kty") == "RSA");
    BOOST_TEST(member(jwk, "alg") == "RS256");
    BOOST_TEST(member(jwk, "use") == "sig");
    BOOST_TEST(member(jwk, "kid") == key.keyId());
    std::string n = unb64url(member(jwk, "n"));
    BOOST_TEST(n.size() == 256u);
    BOOST_TEST(n[0] != '\0'); // minimal big-endian, no leading zero
    BOOST_TEST(member(jwk, "e") == "AQAB"); // 65537
    for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "crv", "x"})
        BOOST_TEST(!jwk.HasMember(secret));
}

BOOST_AUTO_TEST_CASE(the_published_key_verifies_real_signatures)
{
    for (const SigningKey* key : {&keys().es, &keys().rs})
    {
        BOOST_TEST_CONTEXT(key->algorithm())
        {
            Owned<EVP_PKEY> published = publicKeyFromJwk(parseJwk(*key));
            for (int i = 0; i < 20; ++i)
            {
                Poco::JWT::Token token = sampleToken();
                token.payload().set("n", i);
                std::string jwt = key->sign(token);
                BOOST_TEST(independentlyVerifies(jwt, published.get()));
            }
            // And a signature from another key does not verify under it.
            const SigningKey& other = key == &keys().es ? keys().es2 : keys().rs2;
            Poco::JWT::Token token = sampleToken();
            BOOST_TEST(!independentlyVerifies(other.sign(token), published.get()));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pem_files)

BOOST_AUTO_TEST_CASE(round_trip_through_pkcs8_and_traditional_pem)
{
    TempDir dir;
    for (const char* algorithm : {"ES256", "RS256"})
    {
        EVP_PKEY* raw = std::string(algorithm) == "ES256"
            ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
            : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(2048));
        BOOST_TEST_REQUIRE(raw != nullptr);
        Owned<EVP_PKEY> generated(raw);
        for (bool pkcs8 : {true, false})
        {
            BOOST_TEST_CONTEXT(algorithm << (pkcs8 ? " PKCS#8" : " traditional"))
            {
                auto path = dir.path / (std::string(algorithm) + (pkcs8 ? "-pkcs8.pem" : "-trad.pem"));
                writeText(path, pemOf(generated.get(), pkcs8));
                SigningKey a = SigningKey::fromPemFile(path.string(), algorithm);
                SigningKey b = SigningKey::fromPemFile(path.string(), algorithm);
                BOOST_TEST(a.algorithm() == algorithm);
                BOOST_TEST(a.keyId() == b.keyId());
                BOOST_TEST(a.publicJwk() == b.publicJwk());
                Poco::JWT::Token token = sampleToken();
                std::string jwt = a.sign(token);
                BOOST_TEST(b.verify(jwt).has_value());
                BOOST_TEST(independentlyVerifies(jwt, generated.get()));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(missing_file_is_a_clear_error_naming_it)
{
    TempDir dir;
    std::string path = (dir.path / "does-not-exist.pem").string();
    try
    {
        SigningKey::fromPemFile(path, "ES256");
        BOOST_FAIL("no exception for a missing file");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()).find(path) != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(unfit_or_unusable_files_are_errors_naming_them)
{
    TempDir dir;
    Owned<EVP_PKEY> ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    Owned<EVP_PKEY> p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    Owned<EVP_PKEY> rsa1024(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(1024)));
    auto ecPath = dir.path / "ec.pem";
    auto p384Path = dir.path / "p384.pem";
    auto rsaPath = dir.path / "rsa1024.pem";
    auto junkPath = dir.path / "junk.pem";
    auto encryptedPath = dir.path / "encrypted.pem";
    writeText(ecPath, pemOf(ec.get(), true));
    writeText(p384Path, pemOf(p384.get(), true));
    writeText(rsaPath, pemOf(rsa1024.get(), true));
    writeText(junkPath, "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
    {
        Owned<BIO> bio(BIO_new(BIO_s_mem()));
        const char pass[] = "secret";
        BOOST_TEST_REQUIRE(PEM_write_bio_PKCS8PrivateKey(bio.get(), ec.get(), EVP_aes_128_cbc(), pass, 6, nullptr, nullptr) == 1);
        char* data = nullptr;
        long length = BIO_get_mem_data(bio.get(), &data);
        writeText(encryptedPath, std::string(data, std::size_t(length)));
    }
    struct Case
    {
        std::filesystem::path path;
        const char* algorithm;
    };
    for (const Case& c : {Case{ecPath, "RS256"}, Case{p384Path, "ES256"}, Case{rsaPath, "RS256"},
                          Case{rsaPath, "ES256"}, Case{junkPath, "ES256"}, Case{encryptedPath, "ES256"}})
    {
        BOOST_TEST_CONTEXT(c.path.filename().string() << " as " << c.algorithm)
        {
            try
            {
                SigningKey::fromPemFile(c.path.string(), c.algorithm);
                BOOST_ERROR("no exception");
            }
            catch (const std::runtime_error& e)
            {
                BOOST_TEST(std::string(e.what()).find(c.path.string()) != std::string::npos, e.what());
            }
        }
    }
    BOOST_CHECK_THROW(SigningKey::fromPemFile(ecPath.string(), "HS256"), std::invalid_argument);
    // The fitting case works.
    BOOST_TEST(SigningKey::fromPemFile(ecPath.string(), "ES256").algorithm() == "ES256");
}

BOOST_AUTO_TEST_SUITE_END()
