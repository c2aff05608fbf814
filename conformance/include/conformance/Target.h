#pragma once

#include "conformance/HttpClient.h"
#include "conformance/UserAgent.h"

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace conformance {

/// A client the harness acts as (target profile "clients.<role>").
struct ClientRole
{
    std::string clientId;
    std::string clientSecret;            ///< "" for public clients
    std::string authMethod = "none";     ///< client_secret_basic | client_secret_post | none
    std::string redirectUri;
    std::string scope;                   ///< what the harness asks for by default
    bool confidential() const { return !clientSecret.empty(); }
};

/// The protected resource to call (target profile "resource").
struct ResourceConfig
{
    std::string url;                     ///< needs `scope`
    std::string scope;
    std::string otherScopeUrl;           ///< a URL needing a scope the default request lacks (insufficient_scope), optional
    std::string otherScope;
    std::string writeUrl;                ///< optional POST target
};

/// What the harness knows about the server under test: from the target profile (clients,
/// user, login recipe, resource, overrides) and from RFC 8414 discovery (endpoints, features).
struct Target
{
    std::string kind = "remote";         ///< "embedded-mock" or "remote"
    std::string issuer;
    std::map<std::string, ClientRole> clients;
    LoginRecipe login;
    ResourceConfig resource;
    std::string controlUrl;              ///< mock control API base ("" for a foreign server)
    std::string adminToken;              ///< X-Mock-Admin-Token for the control API
    bool allowRealWait = false;          ///< time-dependent cases may sleep for real
    std::int64_t maxRealWaitSeconds = 120;
    std::int64_t codeLifetimeSeconds = 600; ///< what CODE-05 waits past
    std::int64_t accessTokenLifetimeSeconds = 3600;
    std::int64_t refreshIdleSeconds = 0;    ///< refresh-token idle limit; 0: not known (capability refresh_idle_limit)
    std::map<std::string, bool> capabilityOverrides;
    HttpClientOptions http;

    std::shared_ptr<rapidjson::Document> metadata; ///< the discovery document (null until discover())
    std::string metadataUrl;
    std::string metadataError;           ///< why discovery failed, "" if it worked

    /// A string member of the metadata, "" if absent or not a string.
    std::string metadataString(const std::string& member) const;
    /// True if the metadata array `member` contains `value`.
    bool metadataListContains(const std::string& member, const std::string& value) const;

    /// Capabilities (scenarios "needs"): from metadata and profile, with the overrides applied.
    std::set<std::string> capabilities() const;

    /// Why a needed capability is absent, e.g. "no revocation_endpoint in the metadata".
    std::string missingReason(const std::string& capability) const;

    /// The client for a role; nullptr if the profile has none.
    const ClientRole* client(const std::string& role) const;

    /// Fetches RFC 8414 metadata from issuer (path inserted after the host, §3.1); returns the
    /// last exchange (the OpenID Connect location's after a 404, RFC 8414 §5).
    HttpExchange discover(const HttpClient& http);
};

/// "https://host/.well-known/oauth-authorization-server{/issuer-path}" for an issuer (RFC 8414 §3.1).
std::string metadataUrlFor(const std::string& issuer);

/// Reads a target profile (JSON, documented in scenarios/README.md); `issuerOverride` wins over
/// the file's issuer. Throws oauth::JsonInputError naming the file and JSON path.
Target loadTargetProfile(const std::string& path, const std::string& issuerOverride = "");

/// As loadTargetProfile, from text.
Target parseTargetProfile(const std::string& text, const std::string& source, const std::string& issuerOverride = "");

} // namespace conformance
