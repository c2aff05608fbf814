#include "mock_server/Config.h"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <sstream>

namespace mock {
namespace {

const std::vector<std::string> kGrantTypes = {"authorization_code", "refresh_token", "client_credentials"};
const std::vector<std::string> kSecretMethods = {"client_secret_basic", "client_secret_post"};

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string elementPath(const oauth::JsonObjectReader& r, const std::string& member, std::size_t i)
{
    return r.memberPath(member) + "[" + std::to_string(i) + "]";
}

/// Refuses members outside `known` before any member is interpreted, so that a typo is reported
/// as the unknown member it is, not as the missing member it was meant to be.
void rejectUnknown(oauth::JsonObjectReader& r, std::initializer_list<const char*> known)
{
    for (const char* name : known)
        r.member(name);
    r.rejectUnknownMembers();
}

bool isLoopbackHost(const std::string& host)
{
    return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

/// Why a redirect URI cannot be registered, or empty (RFC 6749 §3.1.2, RFC 9700 §2.6, RFC 8252 §7).
std::string redirectUriProblem(const std::string& uri)
{
    auto colon = uri.find(':');
    if (colon == std::string::npos || colon == 0)
        return "not an absolute URI";
    if (uri.find('#') != std::string::npos)
        return "must not contain a fragment (RFC 6749 section 3.1.2)";
    if (uri.find('*') != std::string::npos)
        return "wildcards are not allowed";
    std::string scheme = uri.substr(0, colon);
    if (scheme == "https")
    {
        bool hasHost = uri.compare(colon, 3, "://") == 0 && uri.find_first_of("/?", colon + 3) != colon + 3 &&
                       uri.size() > colon + 3;
        return hasHost ? "" : "malformed https URI (expected https://host/path)";
    }
    if (scheme == "http")
    {
        if (uri.compare(colon, 3, "://") != 0)
            return "malformed http URI";
        std::string rest = uri.substr(colon + 3);
        std::string host = rest.substr(0, rest.find_first_of("/?"));
        if (host.rfind("[::1]", 0) == 0)
            host = "[::1]";
        else
            host = host.substr(0, host.find(':'));
        return isLoopbackHost(host) ? "" : "http redirect URIs are only allowed for loopback hosts (RFC 9700 section 2.6)";
    }
    // Private-use URI scheme of a native app (RFC 8252 §7.1), e.g. com.example.app:/callback.
    return scheme.find('.') != std::string::npos ? "" : "scheme must be https, loopback http or a reverse-DNS private-use scheme";
}

oauth::ScopeSet readScopes(oauth::JsonObjectReader& r, const std::string& member, const std::vector<std::string>& fallback,
                           const std::vector<std::string>& known)
{
    std::vector<std::string> list = r.stringArrayOr(member, fallback);
    oauth::ScopeSet set;
    for (std::size_t i = 0; i < list.size(); ++i)
    {
        if (!contains(known, list[i]))
            throw ConfigError(r.source(), elementPath(r, member, i),
                              "scope \"" + list[i] + "\" is not listed in $.scopes");
        set.insert(list[i]);
    }
    return set;
}

UserConfig parseUser(oauth::JsonObjectReader& r)
{
    rejectUnknown(r, {"username", "password", "sub", "name"});
    UserConfig u;
    u.username = r.requireString("username");
    if (u.username.empty())
        r.fail("must not be empty", "username");
    u.password = r.requireString("password");
    u.subject = r.stringOr("sub", u.username);
    u.displayName = r.stringOr("name", u.username);
    r.rejectUnknownMembers();
    return u;
}

void parseServer(oauth::JsonObjectReader& r, ServerConfig& s)
{
    s.bind = r.stringOr("bind", s.bind);
    s.port = static_cast<int>(r.intOr("port", s.port, 0, 65535));
    s.maxThreads = static_cast<int>(r.intOr("max_threads", s.maxThreads, 4, 4096));
    s.maxQueued = static_cast<int>(r.intOr("max_queued", s.maxQueued, 1, 65536));
    s.keepAliveTimeoutSeconds = static_cast<int>(r.intOr("keep_alive_timeout_seconds", s.keepAliveTimeoutSeconds, 1, 3600));
    s.maxKeepAliveRequests = static_cast<int>(r.intOr("max_keep_alive_requests", s.maxKeepAliveRequests, 1, 1000000));
    s.maxBodyBytes = r.intOr("max_body_bytes", s.maxBodyBytes, 1024, 64 * 1024 * 1024);
    s.trafficCapacity = static_cast<std::size_t>(r.intOr("traffic_capacity", static_cast<std::int64_t>(s.trafficCapacity), 0, 1000000));
    r.rejectUnknownMembers();
}

void parseTls(oauth::JsonObjectReader& r, TlsConfig& t)
{
    rejectUnknown(r, {"mode", "certificate", "key", "directory"});
    std::string mode = r.enumOr("mode", {"off", "files", "self-signed"}, "off");
    t.mode = mode == "files" ? TlsConfig::Mode::Files : mode == "self-signed" ? TlsConfig::Mode::SelfSigned : TlsConfig::Mode::Off;
    t.certificateFile = r.stringOr("certificate", "");
    t.keyFile = r.stringOr("key", "");
    t.selfSignedDirectory = r.stringOr("directory", "");
    if (t.mode == TlsConfig::Mode::Files && (t.certificateFile.empty() || t.keyFile.empty()))
        r.fail("mode \"files\" needs both \"certificate\" and \"key\" (PEM file paths)",
               t.certificateFile.empty() ? "certificate" : "key");
    r.rejectUnknownMembers();
}

void parseLifetimes(oauth::JsonObjectReader& r, Lifetimes& l)
{
    const std::int64_t year = 366LL * 86400;
    l.authorizationCode = r.intOr("authorization_code", l.authorizationCode, 1, 86400);
    l.accessToken = r.intOr("access_token", l.accessToken, 1, year);
    l.refreshToken = r.intOr("refresh_token", l.refreshToken, 1, 10 * year);
    l.refreshTokenIdle = r.intOr("refresh_token_idle", l.refreshTokenIdle, 0, 10 * year);
    l.loginTransaction = r.intOr("login_transaction", l.loginTransaction, 10, 86400);
    l.evictionGrace = r.intOr("eviction_grace", l.evictionGrace, 0, 86400);
    r.rejectUnknownMembers();
}

void parseTokens(oauth::JsonObjectReader& r, TokenConfig& t)
{
    t.jwtAccessTokens = r.enumOr("format", {"opaque", "jwt"}, "opaque") == "jwt";
    t.signingAlgorithm = r.enumOr("signing_alg", {"ES256", "RS256"}, t.signingAlgorithm);
    t.signingKeyFile = r.stringOr("signing_key_file", "");
    t.audience = r.stringOr("audience", "");
    r.rejectUnknownMembers();
}

void parsePolicies(oauth::JsonObjectReader& r, Policies& p)
{
    p.bearerInQuery = r.boolOr("bearer_in_query", p.bearerInQuery);
    p.requirePkceForConfidential = r.boolOr("require_pkce_for_confidential", p.requirePkceForConfidential);
    r.rejectUnknownMembers();
}

void parseControl(oauth::JsonObjectReader& r, ControlConfig& c)
{
    c.enabled = r.boolOr("enabled", c.enabled);
    c.adminToken = r.stringOr("admin_token", "");
    r.rejectUnknownMembers();
}

void checkIssuer(const oauth::JsonObjectReader& r, const std::string& issuer)
{
    if (issuer.empty())
        return;
    if (issuer.rfind("https://", 0) != 0 && issuer.rfind("http://", 0) != 0)
        r.fail("must be an http(s) URL", "issuer");
    if (issuer.find_first_of("?#") != std::string::npos)
        r.fail("must not contain a query or fragment (RFC 8414 section 2)", "issuer");
    if (issuer.back() == '/')
        r.fail("must not end with '/' (endpoint URLs are built by appending paths)", "issuer");
}

template <typename Item, typename Parse>
std::vector<Item> parseArray(oauth::JsonObjectReader& r, const std::string& member, Parse parse)
{
    std::vector<Item> out;
    const rapidjson::Value* v = r.member(member);
    if (!v)
        return out;
    if (!v->IsArray())
        r.fail("expected an array, got " + oauth::jsonTypeName(*v), member);
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i)
    {
        oauth::JsonObjectReader item((*v)[i], r.source(), elementPath(r, member, i));
        out.push_back(parse(item));
    }
    return out;
}

} // namespace

bool ClientConfig::allowsGrant(const std::string& grantType) const
{
    return contains(grantTypes, grantType);
}

bool ClientConfig::allowsAuthMethod(const std::string& method) const
{
    return contains(authMethods, method);
}

const ClientConfig* MockConfig::findClient(const std::string& clientId) const
{
    for (const auto& c : clients)
        if (c.clientId == clientId)
            return &c;
    return nullptr;
}

const UserConfig* MockConfig::findUser(const std::string& username) const
{
    for (const auto& u : users)
        if (u.username == username)
            return &u;
    return nullptr;
}

ClientConfig parseClient(oauth::JsonObjectReader& r, const std::vector<std::string>& knownScopes, const Policies& policies)
{
    rejectUnknown(r, {"client_id", "type", "client_secret", "grant_types", "redirect_uris", "scopes", "default_scopes",
                      "token_endpoint_auth_methods", "pkce_required", "allow_plain_pkce", "auto_approve",
                      "auto_approve_user", "resource_server"});
    ClientConfig c;
    c.clientId = r.requireString("client_id");
    if (c.clientId.empty())
        r.fail("must not be empty", "client_id");
    c.confidential = r.enumOr("type", {"public", "confidential"}, "public") == "confidential";
    c.clientSecret = r.stringOr("client_secret", "");
    if (c.confidential && c.clientSecret.empty())
        r.fail("a confidential client needs a non-empty client_secret", "client_secret");
    if (!c.confidential && !c.clientSecret.empty())
        r.fail("a public client has no secret (RFC 6749 section 2.1); use \"type\": \"confidential\"", "client_secret");

    std::vector<std::string> defaultGrants = {"authorization_code", "refresh_token"};
    c.grantTypes = r.stringArrayOr("grant_types", defaultGrants);
    for (std::size_t i = 0; i < c.grantTypes.size(); ++i)
    {
        if (!contains(kGrantTypes, c.grantTypes[i]))
            throw ConfigError(r.source(), elementPath(r, "grant_types", i),
                              "unknown grant type \"" + c.grantTypes[i] +
                                  "\"; expected authorization_code, refresh_token or client_credentials");
        if (!c.confidential && c.grantTypes[i] == "client_credentials")
            throw ConfigError(r.source(), elementPath(r, "grant_types", i),
                              "client_credentials needs a confidential client (RFC 6749 section 4.4)");
    }

    c.redirectUris = r.stringArrayOr("redirect_uris", {});
    for (std::size_t i = 0; i < c.redirectUris.size(); ++i)
    {
        std::string problem = redirectUriProblem(c.redirectUris[i]);
        if (!problem.empty())
            throw ConfigError(r.source(), elementPath(r, "redirect_uris", i), problem);
    }
    if (c.redirectUris.empty() && c.allowsGrant("authorization_code"))
        r.fail("a client with the authorization_code grant needs at least one redirect URI", "redirect_uris");

    c.allowedScopes = readScopes(r, "scopes", knownScopes, knownScopes);
    c.defaultScopes = readScopes(r, "default_scopes", std::vector<std::string>(c.allowedScopes.tokens().begin(),
                                                                               c.allowedScopes.tokens().end()),
                                 knownScopes);
    if (!c.defaultScopes.isSubsetOf(c.allowedScopes))
        r.fail("default_scopes must be a subset of the client's scopes", "default_scopes");

    std::vector<std::string> defaultMethods = c.confidential ? kSecretMethods : std::vector<std::string>{"none"};
    c.authMethods = r.stringArrayOr("token_endpoint_auth_methods", defaultMethods);
    for (std::size_t i = 0; i < c.authMethods.size(); ++i)
    {
        const std::string& m = c.authMethods[i];
        bool fits = c.confidential ? contains(kSecretMethods, m) : m == "none";
        if (!fits)
            throw ConfigError(r.source(), elementPath(r, "token_endpoint_auth_methods", i),
                              c.confidential ? "expected client_secret_basic or client_secret_post"
                                             : "a public client authenticates with \"none\" only");
    }
    if (c.authMethods.empty())
        r.fail("must list at least one method", "token_endpoint_auth_methods");

    c.pkceRequired = r.boolOr("pkce_required", c.confidential ? policies.requirePkceForConfidential : true);
    c.allowPlainPkce = r.boolOr("allow_plain_pkce", false);
    c.autoApprove = r.boolOr("auto_approve", false);
    c.autoApproveUser = r.stringOr("auto_approve_user", "");
    c.resourceServer = r.boolOr("resource_server", false);
    if (c.resourceServer && !c.confidential)
        r.fail("a resource server must be a confidential client (it authenticates at /introspect)", "resource_server");
    r.rejectUnknownMembers();
    return c;
}

MockConfig parseConfig(const std::string& jsonText, const std::string& source)
{
    rapidjson::Document doc;
    oauth::parseJsonDocument(doc, jsonText, source);
    oauth::JsonObjectReader root(doc, source, "$");
    MockConfig cfg;

    // "$schema" and "description" are allowed and ignored.
    rejectUnknown(root, {"$schema", "description", "issuer", "server", "tls", "control", "lifetimes", "tokens",
                         "policies", "scopes", "users", "clients", "quirks"});
    cfg.issuer = root.stringOr("issuer", "");
    checkIssuer(root, cfg.issuer);
    if (auto r = root.optionalObject("server")) parseServer(*r, cfg.server);
    if (auto r = root.optionalObject("tls")) parseTls(*r, cfg.tls);
    if (auto r = root.optionalObject("control")) parseControl(*r, cfg.control);
    if (auto r = root.optionalObject("lifetimes")) parseLifetimes(*r, cfg.lifetimes);
    if (auto r = root.optionalObject("tokens")) parseTokens(*r, cfg.tokens);
    if (auto r = root.optionalObject("policies")) parsePolicies(*r, cfg.policies);

    cfg.scopes = root.stringArrayOr("scopes", {});
    for (std::size_t i = 0; i < cfg.scopes.size(); ++i)
    {
        if (!oauth::ScopeSet::isValidToken(cfg.scopes[i]))
            throw ConfigError(source, elementPath(root, "scopes", i), "not a valid scope-token (RFC 6749 section 3.3)");
        if (std::find(cfg.scopes.begin(), cfg.scopes.begin() + static_cast<std::ptrdiff_t>(i), cfg.scopes[i]) !=
            cfg.scopes.begin() + static_cast<std::ptrdiff_t>(i))
            throw ConfigError(source, elementPath(root, "scopes", i), "listed twice");
    }

    cfg.users = parseArray<UserConfig>(root, "users", parseUser);
    for (std::size_t i = 0; i < cfg.users.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (cfg.users[i].username == cfg.users[j].username)
                throw ConfigError(source, elementPath(root, "users", i) + ".username",
                                  "duplicate username \"" + cfg.users[i].username + "\"");

    cfg.clients = parseArray<ClientConfig>(root, "clients", [&](oauth::JsonObjectReader& r) {
        return parseClient(r, cfg.scopes, cfg.policies);
    });
    for (std::size_t i = 0; i < cfg.clients.size(); ++i)
    {
        std::string at = elementPath(root, "clients", i);
        for (std::size_t j = 0; j < i; ++j)
            if (cfg.clients[i].clientId == cfg.clients[j].clientId)
                throw ConfigError(source, at + ".client_id", "duplicate client_id \"" + cfg.clients[i].clientId + "\"");
        const auto& user = cfg.clients[i].autoApproveUser;
        if (!user.empty() && !cfg.findUser(user))
            throw ConfigError(source, at + ".auto_approve_user", "no user \"" + user + "\" in $.users");
    }

    std::vector<std::string> quirkNames = root.stringArrayOr("quirks", {});
    for (std::size_t i = 0; i < quirkNames.size(); ++i)
    {
        auto q = quirkByName(quirkNames[i]);
        if (!q)
            throw ConfigError(source, elementPath(root, "quirks", i),
                              "unknown quirk \"" + quirkNames[i] + "\" (oauth-mock-server --list-quirks names them all)");
        cfg.quirks.push_back(*q);
    }
    root.rejectUnknownMembers();
    return cfg;
}

MockConfig loadConfigFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ConfigError(path, "$", "cannot open the configuration file");
    std::ostringstream text;
    text << in.rdbuf();
    return parseConfig(text.str(), path);
}

} // namespace mock
