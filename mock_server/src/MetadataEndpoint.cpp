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
    for (const auto& client : _state.clients().all())
        if (client->allowPlainPkce)
        {
            pkceMethods.push_back("plain");
            break;
        }
    const std::vector<std::string> authMethods = {"client_secret_basic", "client_secret_post", "none"};

    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    stringMember(w, "issuer", _state.quirk(Quirk::MetadataIssuerMismatch) ? issuer + "/" : issuer);
    stringMember(w, "authorization_endpoint", issuer + "/authorize");
    stringMember(w, "token_endpoint", issuer + "/token");
    stringMember(w, "revocation_endpoint", issuer + "/revoke");
    stringMember(w, "introspection_endpoint", issuer + "/introspect");
    stringMember(w, "jwks_uri", issuer + "/jwks");
    arrayMember(w, "scopes_supported", _state.config().scopes);
    arrayMember(w, "response_types_supported", {"code"});
    arrayMember(w, "response_modes_supported", {"query"});
    arrayMember(w, "grant_types_supported", {"authorization_code", "refresh_token", "client_credentials"});
    arrayMember(w, "token_endpoint_auth_methods_supported", authMethods);
    arrayMember(w, "revocation_endpoint_auth_methods_supported", authMethods);
    arrayMember(w, "introspection_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"});
    arrayMember(w, "code_challenge_methods_supported", pkceMethods);
    w.Key("authorization_response_iss_parameter_supported");
    w.Bool(true);
    w.EndObject();

    MockResponse r = MockResponse::json(200, std::string(buffer.GetString(), buffer.GetSize()));
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
