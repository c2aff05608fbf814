#pragma once

#include "mock_server/Config.h"

#include <string>

namespace mock {

/// Where a setting was given, for error messages: a configuration file and a JSON path
/// ("my.json", "$.tls.certificate"), or the command line ("command line", "--tls-cert").
struct SettingOrigin
{
    std::string source;
    std::string path;
};

/// Where each file-valued setting of a configuration was given.
struct FileSettingOrigins
{
    SettingOrigin certificate;  ///< tls.certificate
    SettingOrigin key;          ///< tls.key
    SettingOrigin signingKey;   ///< tokens.signing_key_file

    /// All three as JSON paths of the configuration named `source`.
    static FileSettingOrigins inConfig(const std::string& source);
};

/// Loads the files a configuration names, as the server would at start: with tls.mode "files"
/// the PEM certificate and key (and checks that they belong together), and the JWT signing key
/// (and checks that it fits tokens.signing_alg). Throws ConfigError naming the origin of the
/// faulty setting and what is wrong with the file.
void checkConfigFiles(const MockConfig& config, const FileSettingOrigins& origins);

} // namespace mock
