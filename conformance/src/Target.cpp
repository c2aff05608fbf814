#include "conformance/Target.h"

#include "conformance/Scenario.h"

#include <oauth/JsonReader.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace conformance {
namespace {

using oauth::JsonObjectReader;

ClientRole parseClientRole(JsonObjectReader& r)
{
    ClientRole c;
    c.clientId = r.requireString("client_id");
    c.clientSecret = r.stringOr("client_secret", "");
    c.authMethod = r.enumOr("auth_method", {"client_secret_basic", "client_secret_post", "none"},
                            c.clientSecret.empty() ? "none" : "client_secret_basic");
    if (c.authMethod != "none" && c.clientSecret.empty())
        r.fail("auth_method " + c.authMethod + " needs a client_secret", "auth_method");
    c.redirectUri = r.stringOr("redirect_uri", "");
    c.scope = r.stringOr("scope", "");
    r.rejectUnknownMembers();
    return c;
}

} // namespace

std::string metadataUrlFor(const std::string& issuer)
{
    auto scheme = issuer.find("://");
    if (scheme == std::string::npos)
        return issuer + "/.well-known/oauth-authorization-server";
    auto slash = issuer.find('/', scheme + 3);
    if (slash == std::string::npos)
        return issuer + "/.well-known/oauth-authorization-server";
    std::string path = issuer.substr(slash);
    if (path == "/")
        path = "";
    return issuer.substr(0, slash) + "/.well-known/oauth-authorization-server" + path;
}

std::string Target::metadataString(const std::string& member) const
{
    if (!metadata || !metadata->IsObject())
        return "";
    auto it = metadata->FindMember(member.c_str());
    return it != metadata->MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

bool Target::metadataListContains(const std::string& member, const std::string& value) const
{
    if (!metadata || !metadata->IsObject())
        return false;
    auto it = metadata->FindMember(member.c_str());
    if (it == metadata->MemberEnd() || !it->value.IsArray())
        return false;
    for (const auto& v : it->value.GetArray())
        if (v.IsString() && value == v.GetString())
            return true;
    return false;
}

const ClientRole* Target::client(const std::string& role) const
{
    auto it = clients.find(role);
    return it == clients.end() ? nullptr : &it->second;
}

std::set<std::string> Target::capabilities() const
{
    std::set<std::string> caps;
    auto grants = [&](const std::string& g) {
        // RFC 8414 §2: an absent grant_types_supported means ["authorization_code", "implicit"].
        if (metadata && metadata->IsObject() && !metadata->HasMember("grant_types_supported"))
            return g == "authorization_code";
        return metadataListContains("grant_types_supported", g);
    };
    if (metadataListContains("code_challenge_methods_supported", "S256"))
        caps.insert("pkce");
    if (grants("refresh_token"))
        caps.insert("refresh_token");
    if (grants("client_credentials") && client("confidential"))
        caps.insert("client_credentials");
    if (!metadataString("revocation_endpoint").empty())
        caps.insert("revocation");
    if (!metadataString("introspection_endpoint").empty() && client("confidential"))
        caps.insert("introspection");
    if (metadata && metadata->IsObject() && metadata->HasMember("authorization_response_iss_parameter_supported") &&
        (*metadata)["authorization_response_iss_parameter_supported"].IsBool() &&
        (*metadata)["authorization_response_iss_parameter_supported"].GetBool())
        caps.insert("iss_parameter");
    if (client("confidential"))
        caps.insert("confidential_client");
    if (client("confidential2"))
        caps.insert("second_client");
    if (client("loopback"))
        caps.insert("loopback_client");
    if (!resource.url.empty())
        caps.insert("resource");
    if (!controlUrl.empty())
    {
        caps.insert("clock");
        caps.insert("control_api");
    }
    else if (allowRealWait)
        caps.insert("clock");
    if (!login.username.empty())
        caps.insert("login_form");
    if (refreshIdleSeconds > 0)
        caps.insert("refresh_idle_limit");
    for (const auto& [name, on] : capabilityOverrides)
        on ? (void)caps.insert(name) : (void)caps.erase(name);
    return caps;
}

std::string Target::missingReason(const std::string& capability) const
{
    auto overridden = capabilityOverrides.find(capability);
    if (overridden != capabilityOverrides.end() && !overridden->second)
        return "the target profile turns off the capability " + capability;
    if (capability == "pkce") return "the metadata does not list S256 in code_challenge_methods_supported";
    if (capability == "refresh_token") return "the metadata does not list refresh_token in grant_types_supported";
    if (capability == "client_credentials") return "no client_credentials grant in the metadata, or no confidential client";
    if (capability == "revocation") return "no revocation_endpoint in the metadata";
    if (capability == "introspection") return "no introspection_endpoint in the metadata, or no confidential client";
    if (capability == "iss_parameter") return "the metadata does not set authorization_response_iss_parameter_supported";
    if (capability == "confidential_client") return "the target profile has no confidential client";
    if (capability == "second_client") return "the target profile has no second confidential client (confidential2)";
    if (capability == "loopback_client") return "the target profile has no loopback (native) client";
    if (capability == "resource") return "the target profile names no protected resource";
    if (capability == "clock") return "time cannot be advanced: no mock control API, and the profile does not allow real waiting";
    if (capability == "control_api") return "the target is not the mock server (no control API)";
    if (capability == "login_form") return "the target profile has no user credentials for the login page";
    if (capability == "refresh_idle_limit") return "the target profile gives no refresh-token idle limit (timing.refresh_idle_seconds)";
    return "capability " + capability + " is not available";
}

HttpExchange Target::discover(const HttpClient& httpClient)
{
    metadataUrl = metadataUrlFor(issuer);
    HttpExchange ex = httpClient.send({"GET", metadataUrl, {{"Accept", "application/json"}}, ""});
    if (ex.error.empty() && ex.status == 404)
    {
        // RFC 8414 §5: servers that only publish OpenID Connect discovery are read from there;
        // the RFC 8414 cases still judge the missing document.
        std::string oidc = issuer + (issuer.back() == '/' ? "" : "/") + ".well-known/openid-configuration";
        HttpExchange alt = httpClient.send({"GET", oidc, {{"Accept", "application/json"}}, ""});
        if (alt.error.empty() && alt.status == 200)
        {
            metadataUrl = oidc;
            ex = alt;
        }
    }
    metadata.reset();
    if (!ex.error.empty())
    {
        metadataError = ex.error;
        return ex;
    }
    auto doc = std::make_shared<rapidjson::Document>();
    oauth::parseJsonBounded(*doc, ex.responseBody);
    if (ex.status != 200)
        metadataError = "metadata request answered " + std::to_string(ex.status);
    else if (doc->HasParseError() || !doc->IsObject())
        metadataError = "the metadata is not a JSON object";
    else
    {
        metadataError.clear();
        metadata = doc;
    }
    return ex;
}

Target parseTargetProfile(const std::string& text, const std::string& source, const std::string& issuerOverride)
{
    rapidjson::Document doc;
    oauth::parseJsonDocument(doc, text, source);
    JsonObjectReader r(doc, source, "$");
    Target t;
    r.member("$schema");
    r.stringOr("description", "");
    t.issuer = issuerOverride.empty() ? r.stringOr("issuer", "") : (r.member("issuer"), issuerOverride);
    if (t.issuer.empty())
        r.fail("no issuer: give one here or with --target", "issuer");
    if (auto clients = r.optionalObject("clients"))
    {
        for (const char* role : {"public", "confidential", "confidential2", "loopback"})
            if (auto c = clients->optionalObject(role))
                t.clients[role] = parseClientRole(*c);
        clients->rejectUnknownMembers();
    }
    if (!t.client("public") && !t.client("confidential"))
        r.fail("at least a \"public\" or a \"confidential\" client is needed", "clients");
    if (auto user = r.optionalObject("user"))
    {
        t.login.username = user->requireString("username");
        t.login.password = user->requireString("password");
        user->rejectUnknownMembers();
    }
    if (auto login = r.optionalObject("login"))
    {
        t.login.usernameField = login->stringOr("username_field", t.login.usernameField);
        t.login.passwordField = login->stringOr("password_field", t.login.passwordField);
        if (auto approve = login->optionalObject("approve"))
        {
            t.login.approveName = approve->requireString("name");
            t.login.approveValue = approve->stringOr("value", "");
            approve->rejectUnknownMembers();
        }
        if (auto deny = login->optionalObject("deny"))
        {
            t.login.denyLink = deny->stringOr("link", "");
            t.login.denyName = t.login.denyLink.empty() ? deny->requireString("name") : deny->stringOr("name", "");
            t.login.denyValue = deny->stringOr("value", "");
            deny->rejectUnknownMembers();
        }
        if (auto extra = login->optionalObject("extra_fields"))
            for (const auto& name : extra->memberNames())
                t.login.extraFields[name] = extra->requireString(name);
        t.login.maxSteps = static_cast<int>(login->intOr("max_steps", t.login.maxSteps, 1, 50));
        for (auto host : login->stringArrayOr("follow_hosts", {}))
        {
            std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
            t.login.followHosts.push_back(host);
        }
        login->rejectUnknownMembers();
    }
    if (auto res = r.optionalObject("resource"))
    {
        t.resource.url = res->requireString("url");
        t.resource.scope = res->stringOr("scope", "");
        t.resource.otherScopeUrl = res->stringOr("other_scope_url", "");
        t.resource.otherScope = res->stringOr("other_scope", "");
        t.resource.writeUrl = res->stringOr("write_url", "");
        res->rejectUnknownMembers();
    }
    if (auto waits = r.optionalObject("timing"))
    {
        t.allowRealWait = waits->boolOr("allow_real_wait", false);
        t.maxRealWaitSeconds = waits->intOr("max_real_wait_seconds", t.maxRealWaitSeconds, 1, 3600);
        t.codeLifetimeSeconds = waits->intOr("code_lifetime_seconds", t.codeLifetimeSeconds, 1, 86400);
        t.accessTokenLifetimeSeconds = waits->intOr("access_token_lifetime_seconds", t.accessTokenLifetimeSeconds, 1, 86400 * 30);
        // At least a minute: the idle case refreshes 30 s before the limit and again 30 s past it.
        t.refreshIdleSeconds = waits->intOr("refresh_idle_seconds", t.refreshIdleSeconds, 60, 86400LL * 366 * 10);
        waits->rejectUnknownMembers();
    }
    if (auto tls = r.optionalObject("tls"))
    {
        t.http.caFile = tls->stringOr("ca_file", "");
        t.http.verifyTls = tls->boolOr("verify", true);
        tls->rejectUnknownMembers();
    }
    if (auto limits = r.optionalObject("http"))
    {
        t.http.connectTimeoutMs = static_cast<int>(limits->intOr("connect_timeout_ms", t.http.connectTimeoutMs, 100, 120000));
        t.http.receiveTimeoutMs = static_cast<int>(limits->intOr("receive_timeout_ms", t.http.receiveTimeoutMs, 100, 120000));
        t.http.totalTimeoutMs = static_cast<int>(limits->intOr("total_timeout_ms", t.http.totalTimeoutMs, 100, 300000));
        t.http.maxBodyBytes = static_cast<std::size_t>(limits->intOr("max_body_bytes", static_cast<std::int64_t>(t.http.maxBodyBytes), 1024, 64 * 1024 * 1024));
        limits->rejectUnknownMembers();
    }
    if (auto caps = r.optionalObject("capabilities"))
    {
        for (const auto& name : caps->memberNames())
        {
            const auto& known = knownCapabilities();
            if (std::find(known.begin(), known.end(), name) == known.end())
                caps->fail("unknown capability (see scenarios/README.md)", name);
            t.capabilityOverrides[name] = caps->boolOr(name, true);
        }
    }
    if (auto control = r.optionalObject("control"))
    {
        t.controlUrl = control->stringOr("url", "");
        t.adminToken = control->stringOr("admin_token", "");
        control->rejectUnknownMembers();
    }
    r.rejectUnknownMembers();
    // Resource URLs may be written relative to the issuer ("/v2/buildings").
    for (std::string* url : {&t.resource.url, &t.resource.otherScopeUrl, &t.resource.writeUrl})
        if (!url->empty() && (*url)[0] == '/')
            *url = resolveUrl(t.issuer, *url);
    return t;
}

Target loadTargetProfile(const std::string& path, const std::string& issuerOverride)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw oauth::JsonInputError(path, "$", "cannot open the target profile");
    std::ostringstream text;
    text << in.rdbuf();
    return parseTargetProfile(text.str(), path, issuerOverride);
}

} // namespace conformance
