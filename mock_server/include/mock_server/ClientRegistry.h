#pragma once

#include "mock_server/Config.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mock {

/// The clients the server knows: those of the configuration plus those registered at run time
/// through the control API (removed again by a reset).
class ClientRegistry
{
public:
    explicit ClientRegistry(const std::vector<ClientConfig>& configured);

    /// The client, or nullptr.
    std::shared_ptr<const ClientConfig> find(const std::string& clientId) const;

    /// Adds or replaces a run-time client; a configured client cannot be replaced (returns false).
    bool registerClient(const ClientConfig& client);

    /// Every client, configured ones first.
    std::vector<std::shared_ptr<const ClientConfig>> all() const;

    /// Forgets the run-time clients.
    void reset();

private:
    mutable std::mutex _mutex;
    std::map<std::string, std::shared_ptr<const ClientConfig>> _configured;
    std::map<std::string, std::shared_ptr<const ClientConfig>> _registered;
};

} // namespace mock
