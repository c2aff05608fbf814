#include "mock_server/TlsCertificates.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace mock {

namespace {

struct OpenSslFree
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(X509_NAME* p) const { X509_NAME_free(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(ASN1_STRING* p) const { ASN1_STRING_free(p); } // also INTEGER, OCTET STRING, IA5String
    void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
    void operator()(GENERAL_NAME* p) const { GENERAL_NAME_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, OpenSslFree>;

constexpr long kBackdateSeconds = 3600;
constexpr int kSerialBytes = 16;
constexpr std::size_t kMaxCommonName = 64; // ub-common-name, RFC 5280

/// Throws std::runtime_error "<what>: <oldest OpenSSL error>" and clears the error queue.
[[noreturn]] void fail(const std::string& what)
{
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    std::string detail = "unknown OpenSSL error";
    if (code != 0)
    {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof(buffer));
        detail = buffer;
    }
    throw std::runtime_error("TLS material: " + what + ": " + detail);
}

void check(int result, const std::string& what)
{
    if (result <= 0)
        fail(what);
}

Owned<EVP_PKEY> generateP256Key()
{
    Owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        fail("cannot generate a P-256 key");
    return key;
}

/// A positive, non-zero random serial of 16 bytes (RFC 5280 §4.1.2.2 allows up to 20).
void setRandomSerial(X509* cert)
{
    unsigned char bytes[kSerialBytes];
    check(RAND_bytes(bytes, sizeof(bytes)), "cannot draw a serial number");
    bytes[0] &= 0x7F; // positive in DER without a leading zero byte
    bytes[0] |= 0x40; // and exactly 16 bytes long, hence non-zero
    Owned<BIGNUM> number(BN_bin2bn(bytes, sizeof(bytes), nullptr));
    if (!number)
        fail("cannot build the serial number");
    Owned<ASN1_INTEGER> serial(BN_to_ASN1_INTEGER(number.get(), nullptr));
    if (!serial)
        fail("cannot encode the serial number");
    check(X509_set_serialNumber(cert, serial.get()), "cannot set the serial number");
}

void setValidity(X509* cert, int validDays)
{
    if (!X509_gmtime_adj(X509_getm_notBefore(cert), -kBackdateSeconds))
        fail("cannot set notBefore");
    if (!X509_time_adj_ex(X509_getm_notAfter(cert), validDays, 0, nullptr))
        fail("cannot set notAfter");
}

Owned<X509_NAME> makeName(const std::string& commonName)
{
    Owned<X509_NAME> name(X509_NAME_new());
    if (!name)
        fail("cannot allocate a name");
    auto add = [&](const char* field, const std::string& value) {
        check(X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                         reinterpret_cast<const unsigned char*>(value.c_str()),
                                         static_cast<int>(value.size()), -1, 0),
              std::string("cannot set ") + field + " '" + value + "'");
    };
    add("O", "OAuth Conformance Kit");
    add("CN", commonName);
    return name;
}

/// Adds one extension given in OpenSSL's configuration syntax (a fixed, trusted string).
void addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value)
{
    Owned<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    if (!extension)
        fail(std::string("cannot build extension ") + OBJ_nid2sn(nid) + "=" + value);
    check(X509_add_ext(cert, extension.get(), -1), std::string("cannot add extension ") + OBJ_nid2sn(nid));
}

/// True for a name fit for a dNSName SAN: printable ASCII without spaces (IA5String).
bool isPlausibleDnsName(const std::string& name)
{
    if (name.empty() || name.size() > 253)
        return false;
    for (char c : name)
    {
        if (c <= ' ' || c > '~' || c == ',')
            return false;
    }
    return true;
}

/// subjectAltName built from typed GENERAL_NAMEs (not a config string, so no injection).
void addSubjectAltNames(X509* cert, const std::vector<std::string>& hostNames)
{
    Owned<GENERAL_NAMES> names(GENERAL_NAMES_new());
    if (!names)
        fail("cannot allocate subjectAltName");
    for (const std::string& host : hostNames)
    {
        Owned<GENERAL_NAME> entry(GENERAL_NAME_new());
        if (!entry)
            fail("cannot allocate a subjectAltName entry");
        Owned<ASN1_OCTET_STRING> ip(a2i_IPADDRESS(host.c_str()));
        ERR_clear_error(); // a2i_IPADDRESS leaves an error for names that are not IP literals
        if (ip)
        {
            GENERAL_NAME_set0_value(entry.get(), GEN_IPADD, ip.release());
        }
        else
        {
            if (!isPlausibleDnsName(host))
                throw std::invalid_argument("TLS material: '" + host + "' is neither an IP literal nor a DNS name");
            Owned<ASN1_IA5STRING> dns(ASN1_IA5STRING_new());
            if (!dns)
                fail("cannot allocate a dNSName");
            check(ASN1_STRING_set(dns.get(), host.data(), static_cast<int>(host.size())), "cannot set dNSName");
            GENERAL_NAME_set0_value(entry.get(), GEN_DNS, dns.release());
        }
        if (!sk_GENERAL_NAME_push(names.get(), entry.get()))
            fail("cannot add a subjectAltName entry");
        entry.release(); // now owned by the stack
    }
    check(X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT),
          "cannot add subjectAltName");
}

std::string certificatePem(X509* cert)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio)
        fail("cannot allocate a memory BIO");
    check(PEM_write_bio_X509(bio.get(), cert), "cannot write a certificate as PEM");
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

std::string privateKeyPkcs8Pem(EVP_PKEY* key)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio)
        fail("cannot allocate a memory BIO");
    check(PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
          "cannot write the private key as PKCS#8 PEM");
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    std::string pem(data, static_cast<std::size_t>(length));
    OPENSSL_cleanse(data, static_cast<std::size_t>(length));
    return pem;
}

std::string hexPrefix(const X509* cert)
{
    const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (int i = 0; i < 4 && i < ASN1_STRING_length(serial); ++i)
    {
        unsigned char b = ASN1_STRING_get0_data(serial)[i];
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    return hex;
}

/// Writes `content` to `path` (truncating), creating the file with `mode` and forcing it.
void writeFile(const std::filesystem::path& path, const std::string& content, mode_t mode)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        throw std::runtime_error("cannot write '" + path.string() + "': " + std::strerror(errno));
    auto closeAndThrow = [&](const char* what) {
        int error = errno;
        ::close(fd);
        throw std::runtime_error(std::string("cannot ") + what + " '" + path.string() + "': " + std::strerror(error));
    };
    if (::fchmod(fd, mode) != 0)
        closeAndThrow("set the mode of");
    std::size_t written = 0;
    while (written < content.size())
    {
        ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            closeAndThrow("write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0)
        throw std::runtime_error("cannot write '" + path.string() + "': " + std::strerror(errno));
}

} // namespace

TlsMaterial generateTlsMaterial(const std::vector<std::string>& hostNames, int validDays)
{
    if (hostNames.empty())
        throw std::invalid_argument("TLS material: at least one host name is needed");
    if (validDays <= 0)
        throw std::invalid_argument("TLS material: validDays must be positive, got " + std::to_string(validDays));

    // The CA: self-signed, P-256, may only sign certificates and CRLs.
    Owned<EVP_PKEY> caKey = generateP256Key();
    Owned<X509> ca(X509_new());
    if (!ca)
        fail("cannot allocate the CA certificate");
    check(X509_set_version(ca.get(), X509_VERSION_3), "cannot set the CA version");
    setRandomSerial(ca.get());
    setValidity(ca.get(), validDays);
    Owned<X509_NAME> caName = makeName("OAuth Conformance Kit test CA " + hexPrefix(ca.get()));
    check(X509_set_subject_name(ca.get(), caName.get()), "cannot set the CA subject");
    check(X509_set_issuer_name(ca.get(), caName.get()), "cannot set the CA issuer");
    check(X509_set_pubkey(ca.get(), caKey.get()), "cannot set the CA public key");
    {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, ca.get(), ca.get(), nullptr, nullptr, 0);
        addExtension(ca.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        addExtension(ca.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
        addExtension(ca.get(), &ctx, NID_subject_key_identifier, "hash");
    }
    check(X509_sign(ca.get(), caKey.get(), EVP_sha256()), "cannot sign the CA certificate");

    // The server certificate, signed by the CA.
    Owned<EVP_PKEY> serverKey = generateP256Key();
    Owned<X509> server(X509_new());
    if (!server)
        fail("cannot allocate the server certificate");
    check(X509_set_version(server.get(), X509_VERSION_3), "cannot set the server certificate version");
    setRandomSerial(server.get());
    setValidity(server.get(), validDays);
    const std::string& first = hostNames.front();
    Owned<X509_NAME> serverName = makeName(first.size() <= kMaxCommonName && !first.empty() ? first : "oauth-mock-server");
    check(X509_set_subject_name(server.get(), serverName.get()), "cannot set the server subject");
    check(X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get())), "cannot set the server issuer");
    check(X509_set_pubkey(server.get(), serverKey.get()), "cannot set the server public key");
    {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, ca.get(), server.get(), nullptr, nullptr, 0);
        addExtension(server.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(server.get(), &ctx, NID_key_usage, "critical,digitalSignature");
        addExtension(server.get(), &ctx, NID_ext_key_usage, "serverAuth");
        addExtension(server.get(), &ctx, NID_subject_key_identifier, "hash");
        addExtension(server.get(), &ctx, NID_authority_key_identifier, "keyid:always");
        addSubjectAltNames(server.get(), hostNames);
    }
    check(X509_sign(server.get(), caKey.get(), EVP_sha256()), "cannot sign the server certificate");

    TlsMaterial material;
    material.caCertificatePem = certificatePem(ca.get());
    material.serverCertificatePem = certificatePem(server.get());
    material.serverKeyPem = privateKeyPkcs8Pem(serverKey.get());
    return material;
}

TlsFiles writeTlsMaterial(const TlsMaterial& material, const std::string& directory)
{
    std::filesystem::path dir(directory);
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
        throw std::runtime_error("cannot create directory '" + directory + "': " + error.message());
    if (!std::filesystem::is_directory(dir, error))
        throw std::runtime_error("cannot create directory '" + directory + "': not a directory");

    TlsFiles files;
    files.caCertificateFile = (dir / "ca.pem").string();
    files.serverCertificateFile = (dir / "server.pem").string();
    files.serverKeyFile = (dir / "server-key.pem").string();
    writeFile(files.caCertificateFile, material.caCertificatePem, 0644);
    writeFile(files.serverCertificateFile, material.serverCertificatePem, 0644);
    writeFile(files.serverKeyFile, material.serverKeyPem, 0600);
    return files;
}

namespace {

/// The file's bytes, or why it cannot be read ("no such file", "permission denied", "a directory").
bool readWholeFile(const std::string& path, std::string& content, std::string& problem)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
    {
        problem = "'" + path + "' is a directory, not a file";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        problem = "cannot read '" + path + "': " + (errno == ENOENT ? std::string("no such file") : std::strerror(errno));
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    content = text.str();
    return true;
}

int refuseKeyPassphrase(char*, int, int, void*)
{
    return -1; // an encrypted key is refused: the server has no way to ask for its passphrase
}

} // namespace

TlsFileProblem checkTlsFiles(const std::string& certificateFile, const std::string& keyFile)
{
    using File = TlsFileProblem::File;
    TlsFileProblem problem;
    std::string certificatePem, keyPem;
    if (!readWholeFile(certificateFile, certificatePem, problem.reason))
    {
        problem.file = File::Certificate;
        return problem;
    }
    Owned<BIO> certificateBio(BIO_new_mem_buf(certificatePem.data(), static_cast<int>(certificatePem.size())));
    Owned<X509> certificate(PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (!certificate)
        return {File::Certificate, "'" + certificateFile + "' is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)"};

    if (!readWholeFile(keyFile, keyPem, problem.reason))
    {
        problem.file = File::Key;
        return problem;
    }
    Owned<BIO> keyBio(BIO_new_mem_buf(keyPem.data(), static_cast<int>(keyPem.size())));
    Owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, &refuseKeyPassphrase, nullptr));
    ERR_clear_error();
    if (!key)
        return {File::Key, "'" + keyFile + "' is not an unencrypted PEM private key"};
    if (X509_check_private_key(certificate.get(), key.get()) != 1)
    {
        ERR_clear_error();
        return {File::Key, "the key in '" + keyFile + "' does not match the certificate in '" + certificateFile + "'"};
    }
    return problem;
}

} // namespace mock
