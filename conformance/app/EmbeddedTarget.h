#pragma once

#include <conformance/Target.h>

#include <memory>
#include <string>
#include <vector>

namespace mock {
class MockServer;
}

/// The default target: oauth-mock-server started in-process on 127.0.0.1:0 over HTTPS with a
/// generated CA, configured by scenarios/targets/embedded-mock.json and described to the runner
/// by scenarios/targets/embedded.profile.json (issuer, CA file and control API filled in here).
class EmbeddedTarget
{
public:
    /// Starts the server; throws std::runtime_error (or oauth::JsonInputError for bad files).
    EmbeddedTarget(const std::string& targetsDir);
    ~EmbeddedTarget();

    conformance::Target& target() { return _target; }

private:
    std::unique_ptr<mock::MockServer> _server;
    conformance::Target _target;
};
