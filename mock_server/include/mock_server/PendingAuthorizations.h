#pragma once

#include <oauth/Pkce.h>
#include <oauth/ScopeSet.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace mock {

/// A validated authorization request waiting for the user on the login page.
struct PendingAuthorization
{
    std::string id;                  ///< the login form's hidden "transaction" value (random)
    std::string responseType = "code"; ///< "token" only with the quirk implicit-grant-enabled
    std::string clientId;
    std::string redirectUri;
    bool redirectUriInRequest = false;
    oauth::ScopeSet scope;
    std::optional<std::string> state;
    std::string codeChallenge;
    oauth::PkceMethod challengeMethod = oauth::PkceMethod::S256;
    std::string loginHint;
    std::int64_t expiresAt = 0;
};

/// Login transactions by id; each is taken at most once (a form cannot be submitted twice).
class PendingAuthorizations
{
public:
    /// Stores a transaction; drops the ones already expired at `now`.
    void add(const PendingAuthorization& pending, std::int64_t now);
    /// The transaction if it exists and has not expired at `now`; does not remove it.
    std::optional<PendingAuthorization> peek(const std::string& id, std::int64_t now) const;
    /// Removes and returns it; nullopt if unknown, taken already or expired.
    std::optional<PendingAuthorization> take(const std::string& id, std::int64_t now);
    void clear();
    std::size_t size() const;

private:
    mutable std::mutex _mutex;
    std::map<std::string, PendingAuthorization> _pending;
};

} // namespace mock
