#pragma once

#include <Poco/JWT/Token.h>

#include <memory>
#include <optional>
#include <string>

namespace mock {

/// The key the mock signs JWT access tokens with (RFC 9068) and publishes at /jwks (RFC 7517).
/// ES256 (P-256) or RS256 (2048-bit RSA), generated at start-up or read from a PEM file.
class SigningKey
{
public:
    /// Generates a fresh key for "ES256" or "RS256"; throws std::invalid_argument otherwise.
    static SigningKey generate(const std::string& algorithm);

    /// Reads a PEM private key (PKCS#8 or traditional) for the given algorithm;
    /// throws std::runtime_error naming the file if it cannot be read or does not fit the algorithm.
    static SigningKey fromPemFile(const std::string& path, const std::string& algorithm);

    const std::string& algorithm() const;

    /// Key id: base64url of the first 12 bytes of the SHA-256 of the public key (DER).
    const std::string& keyId() const;

    /// Signs the token with this key; sets the header's "alg" and "kid" (the caller sets "typ").
    std::string sign(Poco::JWT::Token& token) const;

    /// Verifies the signature (and only the signature: the caller checks claims) and the
    /// header's alg; nullopt if it does not verify or the input is not a JWT.
    std::optional<Poco::JWT::Token> verify(const std::string& jwt) const;

    /// The public key as one JWK object (kty, crv/x/y or n/e, alg, use "sig", kid), compact JSON.
    std::string publicJwk() const;

    ~SigningKey();
    SigningKey(SigningKey&&) noexcept;
    SigningKey& operator=(SigningKey&&) noexcept;

private:
    struct Impl;
    explicit SigningKey(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> _impl;
};

} // namespace mock
