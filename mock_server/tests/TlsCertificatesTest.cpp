#define BOOST_TEST_MODULE TlsCertificates
#include <boost/test/unit_test.hpp>

#include "mock_server/TlsCertificates.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Free
{
    void operator()(X509* p) const { X509_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
    void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
    void operator()(BASIC_CONSTRAINTS* p) const { BASIC_CONSTRAINTS_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

Owned<X509> parseCertificate(const std::string& pem)
{
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    BOOST_TEST_REQUIRE(cert.get() != nullptr, "not a PEM certificate");
    return cert;
}

Owned<EVP_PKEY> parseKey(const std::string& pem)
{
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    Owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    BOOST_TEST_REQUIRE(key.get() != nullptr, "not a PEM private key");
    return key;
}

/// X509_verify_cert of the leaf against exactly one trusted CA, for the TLS server purpose.
int verifyAgainst(X509* leaf, X509* ca, int* errorOut = nullptr)
{
    Owned<X509_STORE> store(X509_STORE_new());
    X509_STORE_add_cert(store.get(), ca);
    Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr);
    X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
    int result = X509_verify_cert(ctx.get());
    if (errorOut)
        *errorOut = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return result;
}

struct Sans
{
    std::set<std::string> dns;
    std::set<std::string> ips; // as raw octets
};

Sans subjectAltNames(X509* cert)
{
    Sans sans;
    Owned<GENERAL_NAMES> names(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    BOOST_TEST_REQUIRE(names.get() != nullptr, "no subjectAltName");
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i)
    {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_DNS)
            sans.dns.insert(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName)),
                                        std::size_t(ASN1_STRING_length(name->d.dNSName))));
        else if (name->type == GEN_IPADD)
            sans.ips.insert(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.iPAddress)),
                                        std::size_t(ASN1_STRING_length(name->d.iPAddress))));
        else
            BOOST_ERROR("unexpected subjectAltName type " << name->type);
    }
    return sans;
}

bool isCa(X509* cert)
{
    Owned<BASIC_CONSTRAINTS> bc(static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(cert, NID_basic_constraints, nullptr, nullptr)));
    return bc && bc->ca;
}

bool extensionCritical(X509* cert, int nid)
{
    int index = X509_get_ext_by_NID(cert, nid, -1);
    BOOST_TEST_REQUIRE(index >= 0, "extension " << OBJ_nid2sn(nid) << " missing");
    return X509_EXTENSION_get_critical(X509_get_ext(cert, index)) == 1;
}

/// Seconds from now to the given time (negative = in the past).
long secondsFromNow(const ASN1_TIME* t)
{
    int days = 0, seconds = 0;
    BOOST_TEST_REQUIRE(ASN1_TIME_diff(&days, &seconds, nullptr, t) == 1);
    return long(days) * 86400 + seconds;
}

std::string serialHex(X509* cert)
{
    Owned<BIGNUM> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    char* hex = BN_bn2hex(bn.get());
    std::string s(hex);
    OPENSSL_free(hex);
    return s;
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
        path = std::filesystem::temp_directory_path() / ("tls-material-test-" + suffix);
    }
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

mode_t modeOf(const std::string& path)
{
    struct stat st{};
    BOOST_TEST_REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

const mock::TlsMaterial& material()
{
    static const mock::TlsMaterial m = mock::generateTlsMaterial();
    return m;
}

struct SslInit
{
    SslInit() { Poco::Net::initializeSSL(); }
    ~SslInit() { Poco::Net::uninitializeSSL(); }
};
BOOST_TEST_GLOBAL_FIXTURE(SslInit);

/// Serves one TLS connection on 127.0.0.1 with the written files, then tries a client
/// handshake that trusts `trustedCaFile` and checks the host name `hostName`.
/// Returns an empty string on success, else the client's error.
std::string handshake(const mock::TlsFiles& serverFiles, const std::string& trustedCaFile, const std::string& hostName,
                      bool* serverSawHandshake = nullptr)
{
    using namespace Poco::Net;
    Context::Ptr serverContext = new Context(Context::SERVER_USE, serverFiles.serverKeyFile,
                                             serverFiles.serverCertificateFile, "", Context::VERIFY_NONE);
    SecureServerSocket listener(SocketAddress("127.0.0.1", 0), 4, serverContext);
    const Poco::UInt16 port = listener.address().port();

    std::atomic<bool> serverOk{false};
    std::thread server([&] {
        try
        {
            StreamSocket accepted = listener.acceptConnection();
            SecureStreamSocket secure(accepted);
            secure.setReceiveTimeout(Poco::Timespan(5, 0));
            secure.setSendTimeout(Poco::Timespan(5, 0));
            secure.completeHandshake();
            char buffer[16] = {0};
            int n = secure.receiveBytes(buffer, sizeof(buffer));
            if (n > 0)
            {
                secure.sendBytes(buffer, n);
                serverOk = true;
            }
            secure.close();
        }
        catch (const Poco::Exception&)
        {
            // expected when the client refuses the certificate
        }
        catch (const std::exception&)
        {
        }
    });

    std::string clientError;
    try
    {
        Context::Ptr clientContext = new Context(Context::CLIENT_USE, "", "", trustedCaFile, Context::VERIFY_STRICT,
                                                 9, false);
        SecureStreamSocket client(SocketAddress("127.0.0.1", port), hostName, clientContext);
        client.setReceiveTimeout(Poco::Timespan(5, 0));
        client.setSendTimeout(Poco::Timespan(5, 0));
        client.completeHandshake();
        client.sendBytes("ping", 4);
        char buffer[16] = {0};
        int n = client.receiveBytes(buffer, sizeof(buffer));
        if (std::string(buffer, n > 0 ? std::size_t(n) : 0) != "ping")
            clientError = "no echo";
        client.close();
    }
    catch (const Poco::Exception& e)
    {
        clientError = e.displayText();
        if (clientError.empty())
            clientError = "Poco exception";
    }
    catch (const std::exception& e)
    {
        clientError = e.what();
    }
    server.join();
    if (serverSawHandshake)
        *serverSawHandshake = serverOk;
    return clientError;
}

} // namespace

BOOST_AUTO_TEST_SUITE(certificates)

BOOST_AUTO_TEST_CASE(pem_blocks_have_the_expected_kinds)
{
    const mock::TlsMaterial& m = material();
    BOOST_TEST(m.caCertificatePem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0u);
    BOOST_TEST(m.serverCertificatePem.rfind("-----BEGIN CERTIFICATE-----", 0) == 0u);
    BOOST_TEST(m.serverKeyPem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0u); // PKCS#8, unencrypted
    Owned<EVP_PKEY> key = parseKey(m.serverKeyPem);
    BOOST_TEST(EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_EC);
    BOOST_TEST(EVP_PKEY_get_bits(key.get()) == 256);
}

BOOST_AUTO_TEST_CASE(server_certificate_chains_to_the_ca_for_server_auth)
{
    Owned<X509> ca = parseCertificate(material().caCertificatePem);
    Owned<X509> leaf = parseCertificate(material().serverCertificatePem);
    int error = 0;
    BOOST_TEST(verifyAgainst(leaf.get(), ca.get(), &error) == 1, X509_verify_cert_error_string(error));
    // Issued by, and signed with, the CA.
    BOOST_TEST(X509_check_issued(ca.get(), leaf.get()) == X509_V_OK);
    Owned<EVP_PKEY> caPublic(X509_get_pubkey(ca.get()));
    BOOST_TEST(X509_verify(leaf.get(), caPublic.get()) == 1);
    // The CA is self-signed.
    BOOST_TEST(X509_verify(ca.get(), caPublic.get()) == 1);
    BOOST_TEST(X509_check_issued(ca.get(), ca.get()) == X509_V_OK);
}

BOOST_AUTO_TEST_CASE(server_certificate_does_not_chain_to_another_ca)
{
    mock::TlsMaterial other = mock::generateTlsMaterial();
    Owned<X509> otherCa = parseCertificate(other.caCertificatePem);
    Owned<X509> leaf = parseCertificate(material().serverCertificatePem);
    BOOST_TEST(verifyAgainst(leaf.get(), otherCa.get()) != 1);
    // Nor is the leaf usable as a CA for anything.
    Owned<X509> otherLeaf = parseCertificate(other.serverCertificatePem);
    BOOST_TEST(verifyAgainst(otherLeaf.get(), leaf.get()) != 1);
    // Two generations use distinct CA names and serials.
    Owned<X509> ca = parseCertificate(material().caCertificatePem);
    BOOST_TEST(X509_NAME_cmp(X509_get_subject_name(ca.get()), X509_get_subject_name(otherCa.get())) != 0);
    BOOST_TEST(serialHex(ca.get()) != serialHex(otherCa.get()));
}

BOOST_AUTO_TEST_CASE(ca_extensions)
{
    Owned<X509> ca = parseCertificate(material().caCertificatePem);
    BOOST_TEST(X509_get_version(ca.get()) == 2); // v3
    BOOST_TEST(isCa(ca.get()));
    BOOST_TEST(X509_check_ca(ca.get()) >= 1);
    BOOST_TEST(extensionCritical(ca.get(), NID_basic_constraints));
    BOOST_TEST(extensionCritical(ca.get(), NID_key_usage));
    BOOST_TEST(X509_get_key_usage(ca.get()) == std::uint32_t(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    BOOST_TEST(X509_get0_subject_key_id(ca.get()) != nullptr);
    Owned<EVP_PKEY> caPublic(X509_get_pubkey(ca.get()));
    BOOST_TEST(EVP_PKEY_get_base_id(caPublic.get()) == EVP_PKEY_EC);
    BOOST_TEST(EVP_PKEY_get_bits(caPublic.get()) == 256);
}

BOOST_AUTO_TEST_CASE(server_extensions)
{
    Owned<X509> ca = parseCertificate(material().caCertificatePem);
    Owned<X509> leaf = parseCertificate(material().serverCertificatePem);
    BOOST_TEST(X509_get_version(leaf.get()) == 2);
    BOOST_TEST(!isCa(leaf.get()));
    BOOST_TEST(X509_check_ca(leaf.get()) == 0);
    BOOST_TEST(X509_get_key_usage(leaf.get()) == std::uint32_t(KU_DIGITAL_SIGNATURE));
    BOOST_TEST(X509_get_extended_key_usage(leaf.get()) == std::uint32_t(XKU_SSL_SERVER));
    BOOST_TEST(X509_check_purpose(leaf.get(), X509_PURPOSE_SSL_SERVER, 0) == 1);
    // authorityKeyIdentifier names the CA's subjectKeyIdentifier.
    const ASN1_OCTET_STRING* akid = X509_get0_authority_key_id(leaf.get());
    const ASN1_OCTET_STRING* caSkid = X509_get0_subject_key_id(ca.get());
    BOOST_TEST_REQUIRE(akid != nullptr);
    BOOST_TEST_REQUIRE(caSkid != nullptr);
    BOOST_TEST(ASN1_OCTET_STRING_cmp(akid, caSkid) == 0);
    BOOST_TEST(X509_get0_subject_key_id(leaf.get()) != nullptr);
    // Random 16-byte positive serials, different for the two certificates.
    BOOST_TEST(serialHex(leaf.get()).size() == 32u);
    BOOST_TEST(serialHex(ca.get()).size() == 32u);
    BOOST_TEST(serialHex(leaf.get()) != serialHex(ca.get()));
}

BOOST_AUTO_TEST_CASE(default_host_names_are_in_the_san)
{
    Owned<X509> leaf = parseCertificate(material().serverCertificatePem);
    Sans sans = subjectAltNames(leaf.get());
    BOOST_TEST(sans.dns == std::set<std::string>{"localhost"});
    const std::string v4("\x7f\x00\x00\x01", 4);
    const std::string v6 = std::string(15, '\0') + "\x01";
    BOOST_TEST(sans.ips == (std::set<std::string>{v4, v6}));

    BOOST_TEST(X509_check_host(leaf.get(), "localhost", 0, 0, nullptr) == 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0) == 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "::1", 0) == 1);
    BOOST_TEST(X509_check_host(leaf.get(), "example.com", 0, 0, nullptr) == 0);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "127.0.0.2", 0) == 0);
    // An IP literal is not also offered as a DNS name.
    BOOST_TEST(X509_check_host(leaf.get(), "127.0.0.1", 0, 0, nullptr) == 0);
}

BOOST_AUTO_TEST_CASE(custom_host_names_and_validity)
{
    mock::TlsMaterial m = mock::generateTlsMaterial({"auth.example.test", "10.1.2.3", "fe80::1", "*.api.test"}, 2);
    Owned<X509> leaf = parseCertificate(m.serverCertificatePem);
    Owned<X509> ca = parseCertificate(m.caCertificatePem);
    BOOST_TEST(verifyAgainst(leaf.get(), ca.get()) == 1);
    BOOST_TEST(X509_check_host(leaf.get(), "auth.example.test", 0, 0, nullptr) == 1);
    BOOST_TEST(X509_check_host(leaf.get(), "buildings.api.test", 0, 0, nullptr) == 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "10.1.2.3", 0) == 1);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "fe80::1", 0) == 1);
    BOOST_TEST(X509_check_host(leaf.get(), "localhost", 0, 0, nullptr) == 0);
    BOOST_TEST(X509_check_ip_asc(leaf.get(), "127.0.0.1", 0) == 0);

    // notBefore one hour back (clock skew), notAfter validDays ahead.
    long before = secondsFromNow(X509_get0_notBefore(leaf.get()));
    long after = secondsFromNow(X509_get0_notAfter(leaf.get()));
    BOOST_TEST(before <= -3600 + 60);
    BOOST_TEST(before >= -3600 - 60);
    BOOST_TEST(after >= 2 * 86400 - 60);
    BOOST_TEST(after <= 2 * 86400 + 60);
    BOOST_TEST(secondsFromNow(X509_get0_notAfter(ca.get())) >= after - 60);
}

BOOST_AUTO_TEST_CASE(default_validity_is_thirty_days)
{
    Owned<X509> leaf = parseCertificate(material().serverCertificatePem);
    long after = secondsFromNow(X509_get0_notAfter(leaf.get()));
    BOOST_TEST(after >= 30 * 86400 - 120);
    BOOST_TEST(after <= 30 * 86400 + 120);
}

BOOST_AUTO_TEST_CASE(key_matches_certificate)
{
    Owned<X509> leaf = parseCertificate(material().serverCertificatePem);
    Owned<EVP_PKEY> key = parseKey(material().serverKeyPem);
    BOOST_TEST(X509_check_private_key(leaf.get(), key.get()) == 1);
    Owned<X509> ca = parseCertificate(material().caCertificatePem);
    BOOST_TEST(X509_check_private_key(ca.get(), key.get()) == 0); // the CA key is never handed out
    ERR_clear_error();
    mock::TlsMaterial other = mock::generateTlsMaterial();
    Owned<EVP_PKEY> otherKey = parseKey(other.serverKeyPem);
    BOOST_TEST(X509_check_private_key(leaf.get(), otherKey.get()) == 0);
    ERR_clear_error();
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_refused)
{
    BOOST_CHECK_THROW(mock::generateTlsMaterial({}, 30), std::invalid_argument);
    BOOST_CHECK_THROW(mock::generateTlsMaterial({"localhost"}, 0), std::invalid_argument);
    BOOST_CHECK_THROW(mock::generateTlsMaterial({"localhost"}, -5), std::invalid_argument);
    BOOST_CHECK_THROW(mock::generateTlsMaterial({""}, 30), std::invalid_argument);
    BOOST_CHECK_THROW(mock::generateTlsMaterial({"bad name"}, 30), std::invalid_argument);
    BOOST_CHECK_THROW(mock::generateTlsMaterial({"a,DNS:evil.test"}, 30), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(files)

BOOST_AUTO_TEST_CASE(writes_three_files_with_a_private_key_mode)
{
    TempDir dir;
    std::string target = (dir.path / "nested" / "tls").string();
    mock::TlsFiles files = mock::writeTlsMaterial(material(), target);
    BOOST_TEST(files.caCertificateFile == (std::filesystem::path(target) / "ca.pem").string());
    BOOST_TEST(files.serverCertificateFile == (std::filesystem::path(target) / "server.pem").string());
    BOOST_TEST(files.serverKeyFile == (std::filesystem::path(target) / "server-key.pem").string());
    BOOST_TEST(readFile(files.caCertificateFile) == material().caCertificatePem);
    BOOST_TEST(readFile(files.serverCertificateFile) == material().serverCertificatePem);
    BOOST_TEST(readFile(files.serverKeyFile) == material().serverKeyPem);
    BOOST_TEST(modeOf(files.serverKeyFile) == mode_t(0600));
    BOOST_TEST((modeOf(files.caCertificateFile) & 0022) == mode_t(0)); // nobody else may write it

    // Writing again over existing files (even a too-open key file) replaces them and fixes the mode.
    ::chmod(files.serverKeyFile.c_str(), 0644);
    mock::TlsMaterial other = mock::generateTlsMaterial();
    mock::TlsFiles again = mock::writeTlsMaterial(other, target);
    BOOST_TEST(readFile(again.serverKeyFile) == other.serverKeyPem);
    BOOST_TEST(readFile(again.caCertificateFile) == other.caCertificatePem);
    BOOST_TEST(modeOf(again.serverKeyFile) == mode_t(0600));
}

BOOST_AUTO_TEST_CASE(unwritable_directory_is_an_error_naming_it)
{
    TempDir dir;
    std::filesystem::create_directories(dir.path);
    std::string blocker = (dir.path / "a-file").string();
    std::ofstream(blocker) << "x";
    std::string target = blocker + "/tls";
    try
    {
        mock::writeTlsMaterial(material(), target);
        BOOST_FAIL("no exception");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()).find(target) != std::string::npos, e.what());
    }
    try
    {
        mock::writeTlsMaterial(material(), blocker);
        BOOST_FAIL("no exception");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()).find(blocker) != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tls_handshake)

BOOST_AUTO_TEST_CASE(client_trusting_the_ca_completes_a_verified_handshake)
{
    TempDir dir;
    mock::TlsFiles files = mock::writeTlsMaterial(material(), dir.path.string());
    bool serverOk = false;
    std::string error = handshake(files, files.caCertificateFile, "localhost", &serverOk);
    BOOST_TEST(error.empty(), error);
    BOOST_TEST(serverOk);
}

BOOST_AUTO_TEST_CASE(client_connecting_by_ip_literal_also_verifies)
{
    TempDir dir;
    mock::TlsFiles files = mock::writeTlsMaterial(material(), dir.path.string());
    std::string error = handshake(files, files.caCertificateFile, "127.0.0.1");
    BOOST_TEST(error.empty(), error);
}

BOOST_AUTO_TEST_CASE(client_trusting_a_different_ca_fails_the_handshake)
{
    TempDir dir;
    mock::TlsFiles files = mock::writeTlsMaterial(material(), (dir.path / "server").string());
    mock::TlsFiles stranger = mock::writeTlsMaterial(mock::generateTlsMaterial(), (dir.path / "stranger").string());
    bool serverOk = true;
    std::string error = handshake(files, stranger.caCertificateFile, "localhost", &serverOk);
    BOOST_TEST(!error.empty());
    BOOST_TEST(!serverOk);
    BOOST_TEST_MESSAGE("refused as expected: " << error);
}

BOOST_AUTO_TEST_CASE(client_asking_for_a_name_not_in_the_certificate_fails)
{
    TempDir dir;
    mock::TlsFiles files = mock::writeTlsMaterial(material(), dir.path.string());
    bool serverOk = true;
    std::string error = handshake(files, files.caCertificateFile, "not-this-host.test", &serverOk);
    BOOST_TEST(!error.empty());
    BOOST_TEST(!serverOk);
}

BOOST_AUTO_TEST_SUITE_END()
