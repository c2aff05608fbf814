#pragma once

#include <string>
#include <vector>

namespace mock {

/// PEM material for serving HTTPS: a throw-away CA and a server certificate it signed.
struct TlsMaterial
{
    std::string caCertificatePem;     ///< give this to clients as their trust anchor
    std::string serverCertificatePem; ///< leaf certificate, subjectAltName = the host names
    std::string serverKeyPem;         ///< leaf private key (PKCS#8)
};

/// Generates a CA (P-256, CA:TRUE, keyCertSign) and a server certificate for the given names
/// (IP literals become iPAddress SANs, others dNSName), valid for `validDays`, serverAuth EKU.
TlsMaterial generateTlsMaterial(const std::vector<std::string>& hostNames = {"127.0.0.1", "localhost", "::1"},
                                int validDays = 30);

/// Files written by writeTlsMaterial() into a directory.
struct TlsFiles
{
    std::string caCertificateFile; ///< DIR/ca.pem
    std::string serverCertificateFile; ///< DIR/server.pem
    std::string serverKeyFile; ///< DIR/server-key.pem (mode 0600)
};

/// Creates the directory if needed and writes the three PEM files; throws std::runtime_error
/// naming the path on failure.
TlsFiles writeTlsMaterial(const TlsMaterial& material, const std::string& directory);

/// What is wrong with a certificate and key pair for serving HTTPS, and in which of the two files.
struct TlsFileProblem
{
    enum class File { None, Certificate, Key };
    File file = File::None;           ///< None: the pair is usable
    std::string reason;               ///< e.g. "'cert.pem' holds no PEM certificate"
};

/// Reads the PEM certificate (the first of a chain) and the unencrypted PEM private key the way
/// the HTTPS server will, and checks that the key belongs to the certificate.
TlsFileProblem checkTlsFiles(const std::string& certificateFile, const std::string& keyFile);

} // namespace mock
