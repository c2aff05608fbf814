#include "mock_server/MetadataEndpoint.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <vector>

namespace mock {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void stringMember(Writer& w, const char* key, const std::string& value)
{
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void arrayMember(Writer& w, const char* key, const std::vector<std::string>& values)
{
    w.Key(key);
    w.StartArray();
    for (const auto& v : values)
        w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
    w.EndArray();
}

/// The URL with its host replaced (port, path and query kept).
std::string withHost(const std::string& url, const std::string& host)
{
    const auto scheme = url.find("://");
    if (scheme == std::string::npos)
        return url;
    const auto start = scheme + 3;
    const auto end = url.compare(start, 1, "[") == 0 ? url.find(']', start) + 1 : url.find_first_of(":/?#", start);
    return url.substr(0, start) + host + (end == std::string::npos || end == 0 ? "" : url.substr(end));
}

/// The URL with https:// turned into http://.
std::string withHttp(const std::string& url)
{
    return url.rfind("https://", 0) == 0 ? "http://" + url.substr(8) : url;
}

} // namespace

MockResponse MetadataEndpoint::handle(const MockRequest& request)
{
    if (request.method != "GET" && request.method != "HEAD")
    {
        MockResponse r = MockResponse::json(405, "{\"error\":\"invalid_request\",\"error_description\":\"use GET\"}");
        r.headers.set("Allow", "GET, HEAD");
        return r;
    }
    const std::string issuer = _state.issuer();
    std::vector<std::string> pkceMethods = {"S256"};
    bool plainAllowed = _state.quirk(Quirk::MetadataAdvertisesPlain);
    for (const auto& client : _state.clients().all())
        plainAllowed = plainAllowed || client->allowPlainPkce;
    if (plainAllowed)
        pkceMethods.push_back("plain");
    const std::vector<std::string> authMethods = {"client_secret_basic", "client_secret_post", "none"};

    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    stringMember(w, "issuer", _state.quirk(Quirk::MetadataIssuerMismatch) ? issuer + "/" : issuer);
    stringMember(w, "authorization_endpoint", issuer + "/authorize");
    stringMember(w, "token_endpoint", issuer + (_state.quirk(Quirk::MetadataDeadEndpoint) ? kDeadTokenEndpointPath : "/token"));
    const std::string revocation = issuer + "/revoke";
    stringMember(w, "revocation_endpoint", _state.quirk(Quirk::MetadataHttpEndpoint) ? withHttp(revocation) : revocation);
    stringMember(w, "introspection_endpoint", issuer + "/introspect");
    std::string jwksUri = issuer + (_state.quirk(Quirk::MetadataDeadJwksUri) ? "/.well-known/jwks.json" : "/jwks");
    if (_state.quirk(Quirk::EndpointUncoveredHost))
        jwksUri = withHost(jwksUri, "127.1"); // 127.0.0.1 to the resolver, a name the certificate does not list
    stringMember(w, "jwks_uri", jwksUri);
    arrayMember(w, "scopes_supported", _state.config().scopes);
    if (_state.quirk(Quirk::MetadataMalformed))
        stringMember(w, "response_types_supported", "code");
    else
        arrayMember(w, "response_types_supported", {"code"});
    arrayMember(w, "response_modes_supported", {"query"});
    arrayMember(w, "grant_types_supported", {"authorization_code", "refresh_token", "client_credentials"});
    arrayMember(w, "token_endpoint_auth_methods_supported", authMethods);
    arrayMember(w, "revocation_endpoint_auth_methods_supported", authMethods);
    arrayMember(w, "introspection_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"});
    arrayMember(w, "code_challenge_methods_supported", pkceMethods);
    if (!_state.quirk(Quirk::IssNotAdvertised))
    {
        w.Key("authorization_response_iss_parameter_supported");
        w.Bool(true);
    }
    w.EndObject();

    MockResponse r = MockResponse::json(200, std::string(buffer.GetString(), buffer.GetSize()));
    if (_state.quirk(Quirk::MetadataWrongContentType))
        r.headers.set("Content-Type", "text/plain; charset=utf-8");
    r.headers.set("Cache-Control", "no-cache");
    return r;
}

MockResponse JwksEndpoint::handle(const MockRequest& request)
{
    if (request.method != "GET" && request.method != "HEAD")
    {
        MockResponse r = MockResponse::json(405, "{\"error\":\"invalid_request\",\"error_description\":\"use GET\"}");
        r.headers.set("Allow", "GET, HEAD");
        return r;
    }
    MockResponse r = MockResponse::json(200, "{\"keys\":[" + _state.signingKey().publicJwk() + "]}");
    r.headers.set("Content-Type", "application/jwk-set+json");
    r.headers.set("Cache-Control", "no-cache");
    return r;
}

} // namespace mock
