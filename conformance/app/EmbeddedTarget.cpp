#include "EmbeddedTarget.h"

#include <mock_server/Config.h>
#include <mock_server/MockServer.h>

EmbeddedTarget::EmbeddedTarget(const std::string& targetsDir)
{
    mock::MockConfig config = mock::loadConfigFile(targetsDir + "/embedded-mock.json");
    config.server.bind = "127.0.0.1";
    config.server.port = 0;
    config.tls.mode = mock::TlsConfig::Mode::SelfSigned;
    config.tls.selfSignedDirectory.clear(); // a fresh temporary directory per run
    _server = std::make_unique<mock::MockServer>(config);
    _server->start();
    _target = conformance::loadTargetProfile(targetsDir + "/embedded.profile.json", _server->state().issuer());
    _target.kind = "embedded-mock";
    _target.http.caFile = _server->caCertificateFile();
    _target.controlUrl = _server->baseUrl() + "/_mock";
}

EmbeddedTarget::~EmbeddedTarget() = default;
