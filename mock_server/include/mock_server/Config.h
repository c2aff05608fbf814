#pragma once

#include "mock_server/Quirks.h"

#include <oauth/JsonReader.h>
#include <oauth/ScopeSet.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mock {

/// Raised for any configuration problem; the message names the file and the JSON path.
using ConfigError = oauth::JsonInputError;

/// One registered client (RFC 6749 §2).
struct ClientConfig
{
    std::string clientId;
    bool confidential = false;                  ///< "type": "confidential" | "public"
    std::string clientSecret;                   ///< confidential clients only
    std::vector<std::string> redirectUris;      ///< exact strings; loopback http URIs may vary the port
    oauth::ScopeSet allowedScopes;              ///< what this client may ask for
    oauth::ScopeSet defaultScopes;              ///< applied when a request has no scope (RFC 6749 §3.3)
    std::vector<std::string> grantTypes;        ///< authorization_code, refresh_token, client_credentials
    std::vector<std::string> authMethods;       ///< client_secret_basic, client_secret_post, none
    bool pkceRequired = true;                   ///< a code_challenge is required at /authorize
    bool allowPlainPkce = false;                ///< code_challenge_method=plain accepted
    bool autoApprove = false;                   ///< skip the login page (automated runs)
    std::string autoApproveUser;                ///< user for auto-approve; empty: login_hint, else first user
    bool resourceServer = false;                ///< may introspect tokens of other clients

    bool allowsGrant(const std::string& grantType) const;
    bool allowsAuthMethod(const std::string& method) const;
};

/// A user who can log in on the login page.
struct UserConfig
{
    std::string username;
    std::string password;
    std::string subject;     ///< "sub" of issued tokens; defaults to the username
    std::string displayName;
};

/// Lifetimes in seconds; all follow the mock's clock.
struct Lifetimes
{
    std::int64_t authorizationCode = 60;
    std::int64_t accessToken = 3600;
    std::int64_t refreshToken = 86400;      ///< absolute, from the grant's first issue
    std::int64_t refreshTokenIdle = 0;      ///< 0: no idle limit
    std::int64_t loginTransaction = 600;    ///< how long the login page stays valid
    std::int64_t evictionGrace = 300;       ///< how long expired codes and tokens are remembered (replay detection)
};

/// Token format and signing.
struct TokenConfig
{
    bool jwtAccessTokens = false;           ///< "format": "opaque" | "jwt" (RFC 9068)
    std::string signingAlgorithm = "ES256"; ///< ES256 | RS256
    std::string signingKeyFile;             ///< PEM; empty: generated at start
    std::string audience;                   ///< "aud" of JWT access tokens; empty: issuer + "/v2"
};

/// Switches between strict defaults and documented, legitimate alternatives (not quirks).
struct Policies
{
    bool bearerInQuery = false;             ///< RFC 6750 §2.3 query tokens accepted at the demo API
    bool requirePkceForConfidential = false;///< default for confidential clients' pkceRequired
};

/// How the server listens.
struct ServerConfig
{
    std::string bind = "127.0.0.1";
    int port = 0;                           ///< 0: pick a free port
    int maxThreads = 320;                   ///< worker threads (one per live keep-alive connection)
    int maxQueued = 512;                    ///< accepted connections waiting for a worker
    int keepAliveTimeoutSeconds = 10;
    int maxKeepAliveRequests = 1000;
    std::int64_t maxBodyBytes = 64 * 1024;  ///< larger bodies get 413
    std::size_t trafficCapacity = 2000;     ///< recorded exchanges kept (oldest dropped)
};

/// HTTPS settings: off, certificate files, or a generated CA + certificate.
struct TlsConfig
{
    enum class Mode { Off, Files, SelfSigned };
    Mode mode = Mode::Off;
    std::string certificateFile;
    std::string keyFile;
    std::string selfSignedDirectory;        ///< where ca.pem is written for clients to trust
};

/// The control API under /_mock/.
struct ControlConfig
{
    bool enabled = true;
    std::string adminToken;                 ///< empty: none required (loopback peers only either way)
};

/// The whole mock-server configuration (one JSON file, documented in mock_server/README.md).
struct MockConfig
{
    std::string issuer;                     ///< empty: derived from scheme, bind address and port
    ServerConfig server;
    TlsConfig tls;
    ControlConfig control;
    std::vector<std::string> scopes;        ///< every scope the server knows
    std::vector<UserConfig> users;
    std::vector<ClientConfig> clients;
    Lifetimes lifetimes;
    TokenConfig tokens;
    Policies policies;
    std::vector<Quirk> quirks;              ///< enabled at start and after each reset

    const ClientConfig* findClient(const std::string& clientId) const;
    const UserConfig* findUser(const std::string& username) const;
};

/// Reads and validates a configuration file; throws ConfigError (file + JSON path + what was expected).
MockConfig loadConfigFile(const std::string& path);

/// As loadConfigFile, from text; `source` names it in errors.
MockConfig parseConfig(const std::string& jsonText, const std::string& source);

/// Parses one client object (as in "clients": [...]), for run-time registration; validates it
/// against the known scopes.
ClientConfig parseClient(oauth::JsonObjectReader& reader, const std::vector<std::string>& knownScopes,
                         const Policies& policies);

/// The built-in configuration used when no file is given: the ConnectBase example.
MockConfig defaultConfig();

} // namespace mock
