#define BOOST_TEST_MODULE ConfigFilesTest
#include <boost/test/unit_test.hpp>

#include "mock_server/ConfigFiles.h"
#include "mock_server/MockServer.h"
#include "mock_server/TlsCertificates.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

// checkConfigFiles: the certificate, key and signing-key files a configuration names are loaded
// while the configuration is checked, and each problem names the setting (JSON path or option)
// and what is wrong with the file.

namespace {

/// A fresh directory with generated PEM files: a server certificate and its key, the key of
/// another certificate, and a file of garbage; removed at the end of the test.
struct PemFiles
{
    std::filesystem::path dir;
    mock::TlsFiles tls;
    std::string otherKey;
    std::string garbage;

    PemFiles()
    {
        std::random_device random;
        dir = std::filesystem::temp_directory_path() / ("mock-config-files-" + std::to_string(random()));
        tls = mock::writeTlsMaterial(mock::generateTlsMaterial(), dir.string());
        otherKey = mock::writeTlsMaterial(mock::generateTlsMaterial(), (dir / "other").string()).serverKeyFile;
        garbage = (dir / "garbage.pem").string();
        std::ofstream(garbage) << "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n";
    }
    ~PemFiles()
    {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    std::string missing() const { return (dir / "no-such-file.pem").string(); }
};

/// A configuration serving HTTPS from `certificate` and `key`, with `tokens` (JSON object text).
mock::MockConfig configWith(const std::string& certificate, const std::string& key, const std::string& tokens = "{}")
{
    return mock::parseConfig(R"({"tls":{"mode":"files","certificate":")" + certificate + R"(","key":")" + key +
                                 R"("},"tokens":)" + tokens + "}",
                             "my.json");
}

/// Expects checkConfigFiles to throw naming `source`, `path` and a detail containing `expected`.
void expectError(const mock::MockConfig& config, const std::string& path, const std::string& expected,
                 const mock::FileSettingOrigins& origins = mock::FileSettingOrigins::inConfig("my.json"),
                 const std::string& source = "my.json")
{
    try
    {
        mock::checkConfigFiles(config, origins);
        BOOST_ERROR("no error, expected " << path << ": " << expected);
    }
    catch (const mock::ConfigError& e)
    {
        BOOST_TEST(e.source() == source, e.what());
        BOOST_TEST(e.path() == path, e.what());
        BOOST_TEST(e.detail().find(expected) != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find(source + ": " + path + ": ") == 0u, e.what());
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(generated_certificate_key_and_signing_key_pass_and_serve)
{
    PemFiles files;
    auto config = configWith(files.tls.serverCertificateFile, files.tls.serverKeyFile,
                             R"({"format":"jwt","signing_alg":"ES256","signing_key_file":")" + files.tls.serverKeyFile + "\"}");
    BOOST_CHECK_NO_THROW(mock::checkConfigFiles(config, mock::FileSettingOrigins::inConfig("my.json")));
    mock::MockServer server(config);
    BOOST_CHECK_NO_THROW(server.start());
    BOOST_TEST(server.baseUrl().rfind("https://", 0) == 0u);
    server.stop();
}

BOOST_AUTO_TEST_CASE(tls_files_are_not_read_unless_mode_is_files)
{
    PemFiles files;
    auto config = configWith(files.missing(), files.missing());
    config.tls.mode = mock::TlsConfig::Mode::Off; // as --http does
    BOOST_CHECK_NO_THROW(mock::checkConfigFiles(config, mock::FileSettingOrigins::inConfig("my.json")));
}

BOOST_AUTO_TEST_CASE(missing_certificate)
{
    PemFiles files;
    expectError(configWith(files.missing(), files.tls.serverKeyFile), "$.tls.certificate",
                "cannot read '" + files.missing() + "': no such file");
}

BOOST_AUTO_TEST_CASE(certificate_that_is_not_a_pem_certificate)
{
    PemFiles files;
    expectError(configWith(files.tls.serverKeyFile, files.tls.serverKeyFile), "$.tls.certificate",
                "'" + files.tls.serverKeyFile + "' is not a PEM certificate");
    expectError(configWith(files.garbage, files.tls.serverKeyFile), "$.tls.certificate", "is not a PEM certificate");
}

BOOST_AUTO_TEST_CASE(certificate_that_is_a_directory)
{
    PemFiles files;
    expectError(configWith(files.dir.string(), files.tls.serverKeyFile), "$.tls.certificate", "is a directory");
}

BOOST_AUTO_TEST_CASE(missing_key)
{
    PemFiles files;
    expectError(configWith(files.tls.serverCertificateFile, files.missing()), "$.tls.key", "no such file");
}

BOOST_AUTO_TEST_CASE(key_that_is_not_a_pem_private_key)
{
    PemFiles files;
    expectError(configWith(files.tls.serverCertificateFile, files.tls.serverCertificateFile), "$.tls.key",
                "is not an unencrypted PEM private key");
    expectError(configWith(files.tls.serverCertificateFile, files.garbage), "$.tls.key",
                "is not an unencrypted PEM private key");
}

BOOST_AUTO_TEST_CASE(key_of_another_certificate)
{
    PemFiles files;
    expectError(configWith(files.tls.serverCertificateFile, files.otherKey), "$.tls.key",
                "the key in '" + files.otherKey + "' does not match the certificate in '" +
                    files.tls.serverCertificateFile + "'");
}

BOOST_AUTO_TEST_CASE(command_line_files_are_named_by_their_option)
{
    PemFiles files;
    auto origins = mock::FileSettingOrigins::inConfig("my.json");
    origins.certificate = {"command line", "--tls-cert"};
    origins.key = {"command line", "--tls-key"};
    expectError(configWith(files.missing(), files.tls.serverKeyFile), "--tls-cert", "no such file", origins,
                "command line");
    expectError(configWith(files.tls.serverCertificateFile, files.otherKey), "--tls-key", "does not match", origins,
                "command line");
}

BOOST_AUTO_TEST_CASE(missing_signing_key)
{
    PemFiles files;
    auto config = mock::parseConfig(R"({"tokens":{"signing_key_file":")" + files.missing() + "\"}}", "my.json");
    expectError(config, "$.tokens.signing_key_file", "cannot read signing key file '" + files.missing() + "'");
}

BOOST_AUTO_TEST_CASE(garbage_signing_key)
{
    PemFiles files;
    auto config = mock::parseConfig(R"({"tokens":{"signing_key_file":")" + files.garbage + "\"}}", "my.json");
    expectError(config, "$.tokens.signing_key_file", "holds no usable unencrypted PEM private key");
}

BOOST_AUTO_TEST_CASE(signing_key_of_the_wrong_type_for_the_algorithm)
{
    PemFiles files; // the generated keys are P-256: ES256 keys, not RS256 ones
    auto config = mock::parseConfig(R"({"tokens":{"signing_alg":"RS256","signing_key_file":")" +
                                        files.tls.serverKeyFile + "\"}}",
                                    "my.json");
    expectError(config, "$.tokens.signing_key_file", "does not fit RS256");
}

BOOST_AUTO_TEST_CASE(server_start_names_the_files_not_just_an_ssl_context_exception)
{
    PemFiles files;
    mock::MockServer server(configWith(files.tls.serverCertificateFile, files.otherKey));
    try
    {
        server.start();
        BOOST_ERROR("started with a key that does not match the certificate");
    }
    catch (const std::exception& e)
    {
        std::string message = e.what();
        BOOST_TEST(message.find(files.tls.serverCertificateFile) != std::string::npos, message);
        BOOST_TEST(message.find("does not match") != std::string::npos, message);
    }
}
