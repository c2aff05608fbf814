#include "mock_server/MockState.h"

namespace mock {
namespace {

SigningKey loadSigningKey(const TokenConfig& tokens)
{
    if (tokens.signingKeyFile.empty())
        return SigningKey::generate(tokens.signingAlgorithm);
    return SigningKey::fromPemFile(tokens.signingKeyFile, tokens.signingAlgorithm);
}

} // namespace

MockState::MockState(MockConfig config)
    : _config(std::move(config)),
      _issuer(_config.issuer),
      _clients(_config.clients),
      _traffic(_config.server.trafficCapacity),
      _signingKey(loadSigningKey(_config.tokens))
{
    _quirks.set(_config.quirks);
}

std::string MockState::issuer() const
{
    std::lock_guard<std::mutex> lock(_issuerMutex);
    return _issuer;
}

void MockState::setIssuer(const std::string& issuer)
{
    std::lock_guard<std::mutex> lock(_issuerMutex);
    _issuer = issuer;
}

void MockState::reset()
{
    _grants.clear();
    _pending.clear();
    _traffic.clear();
    _faults.clear();
    _clients.reset();
    _clock.reset();
    _quirks.set(_config.quirks);
}

} // namespace mock
