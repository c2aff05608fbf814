#include "mock_server/ClientRegistry.h"

namespace mock {

ClientRegistry::ClientRegistry(const std::vector<ClientConfig>& configured)
{
    for (const auto& c : configured)
        _configured[c.clientId] = std::make_shared<const ClientConfig>(c);
}

std::shared_ptr<const ClientConfig> ClientRegistry::find(const std::string& clientId) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto it = _configured.find(clientId);
    if (it != _configured.end())
        return it->second;
    auto reg = _registered.find(clientId);
    return reg == _registered.end() ? nullptr : reg->second;
}

bool ClientRegistry::registerClient(const ClientConfig& client)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (_configured.count(client.clientId))
        return false;
    _registered[client.clientId] = std::make_shared<const ClientConfig>(client);
    return true;
}

std::vector<std::shared_ptr<const ClientConfig>> ClientRegistry::all() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<std::shared_ptr<const ClientConfig>> out;
    for (const auto& [_, c] : _configured)
        out.push_back(c);
    for (const auto& [_, c] : _registered)
        out.push_back(c);
    return out;
}

void ClientRegistry::reset()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _registered.clear();
}

} // namespace mock
