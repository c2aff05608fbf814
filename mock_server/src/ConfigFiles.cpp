#include "mock_server/ConfigFiles.h"

#include "mock_server/SigningKey.h"
#include "mock_server/TlsCertificates.h"

#include <stdexcept>

namespace mock {

FileSettingOrigins FileSettingOrigins::inConfig(const std::string& source)
{
    return {{source, "$.tls.certificate"}, {source, "$.tls.key"}, {source, "$.tokens.signing_key_file"}};
}

void checkConfigFiles(const MockConfig& config, const FileSettingOrigins& origins)
{
    if (config.tls.mode == TlsConfig::Mode::Files)
    {
        TlsFileProblem problem = checkTlsFiles(config.tls.certificateFile, config.tls.keyFile);
        if (problem.file == TlsFileProblem::File::Certificate)
            throw ConfigError(origins.certificate.source, origins.certificate.path, problem.reason);
        if (problem.file == TlsFileProblem::File::Key)
            throw ConfigError(origins.key.source, origins.key.path, problem.reason);
    }
    if (!config.tokens.signingKeyFile.empty())
    {
        try
        {
            SigningKey::fromPemFile(config.tokens.signingKeyFile, config.tokens.signingAlgorithm);
        }
        catch (const std::exception& e)
        {
            throw ConfigError(origins.signingKey.source, origins.signingKey.path, e.what());
        }
    }
}

} // namespace mock
