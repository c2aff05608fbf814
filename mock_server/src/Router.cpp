#include "mock_server/Router.h"

#include <oauth/OAuthError.h>

#include <chrono>
#include <thread>

namespace mock {
namespace {

/// The path part of the issuer ("" for https://host:port), so a tenant-style issuer works.
std::string issuerPath(const std::string& issuer)
{
    auto scheme = issuer.find("://");
    if (scheme == std::string::npos)
        return "";
    auto slash = issuer.find('/', scheme + 3);
    return slash == std::string::npos ? "" : issuer.substr(slash);
}

/// The endpoints scripts call directly; the quirk cors-on-authorize adds the authorization endpoint.
bool allowsCors(const MockState& state, const std::string& route)
{
    return route == "token" || route == "revoke" || route == "introspect" || route == "metadata" ||
           route == "jwks" || route == "api" || (route == "authorize" && state.quirk(Quirk::CorsOnAuthorize));
}

} // namespace

Router::Router(MockState& state)
    : _state(state),
      _metadata(state),
      _jwks(state),
      _authorize(state),
      _login(state),
      _token(state),
      _revoke(state),
      _introspect(state),
      _api(state),
      _control(state, [this] { _api.reset(); })
{
}

std::string Router::routeName(const std::string& path) const
{
    if (path == "/_mock" || path.rfind("/_mock/", 0) == 0)
        return "control";
    if (path == "/v2" || path.rfind("/v2/", 0) == 0)
        return "api";
    const std::string base = issuerPath(_state.issuer());
    if (path == "/.well-known/oauth-authorization-server" + base || path == base + "/.well-known/openid-configuration")
        return "metadata";
    if (path.compare(0, base.size(), base) != 0)
        return "none";
    const std::string local = path.substr(base.size());
    for (const char* name : {"authorize", "login", "token", "revoke", "introspect", "jwks"})
        if (local == std::string("/") + name)
            return name;
    if (local == kDeadTokenEndpointPath && _state.quirk(Quirk::MetadataDeadEndpoint))
        return "dead";
    return "none";
}

Endpoint* Router::endpointFor(const std::string& name)
{
    if (name == "metadata") return &_metadata;
    if (name == "jwks") return &_jwks;
    if (name == "authorize") return &_authorize;
    if (name == "login") return &_login;
    if (name == "token") return &_token;
    if (name == "revoke") return &_revoke;
    if (name == "introspect") return &_introspect;
    if (name == "api") return &_api;
    if (name == "control") return &_control;
    return nullptr;
}

MockResponse Router::preflight(const std::string& name) const
{
    MockResponse r = MockResponse::empty(204);
    r.headers.set("Access-Control-Allow-Origin", "*");
    const bool getOnly = name == "metadata" || name == "jwks";
    r.headers.set("Access-Control-Allow-Methods", name == "api" || name == "authorize" ? "GET, POST" : getOnly ? "GET" : "POST");
    r.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type, DPoP");
    r.headers.set("Access-Control-Max-Age", "600");
    return r;
}

RouteOutcome Router::dispatch(const MockRequest& request)
{
    const auto started = std::chrono::steady_clock::now();
    RouteOutcome outcome;
    outcome.endpoint = routeName(request.path);
    Endpoint* endpoint = endpointFor(outcome.endpoint);

    // A CORS preflight is the browser's, not the client's call: it must not use up a fault.
    const bool preflightRequest = request.method == "OPTIONS" && allowsCors(_state, outcome.endpoint);
    std::optional<Fault> fault = endpoint && outcome.endpoint != "control" && !preflightRequest
                                     ? _state.faults().take(outcome.endpoint)
                                     : std::nullopt;
    if (fault && fault->delayMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(fault->delayMs, 60000)));

    if (fault && fault->dropConnection)
    {
        outcome.dropConnection = true;
        outcome.response = MockResponse::empty(0);
    }
    else if (fault && fault->status != 0)
    {
        outcome.response.status = fault->status;
        outcome.response.body = fault->body;
        if (!fault->contentType.empty())
            outcome.response.headers.set("Content-Type", fault->contentType);
    }
    else if (outcome.endpoint == "dead")
    {
        // The quirk metadata-dead-endpoint: the advertised token endpoint is a back end that is down.
        outcome.response = MockResponse::json(503, "{\"error\":\"temporarily_unavailable\"}");
    }
    else if (!endpoint)
    {
        outcome.response = MockResponse::json(404, "{\"error\":\"not_found\",\"error_description\":\"nothing is served at this path\"}");
    }
    else if (preflightRequest)
    {
        outcome.response = preflight(outcome.endpoint);
    }
    else
    {
        try
        {
            outcome.response = endpoint->handle(request);
        }
        catch (const std::exception& e)
        {
            oauth::OAuthError error{oauth::errc::ServerError, oauth::sanitizeErrorText(e.what()), ""};
            outcome.response = MockResponse::json(500, error.toJson());
        }
    }
    if (allowsCors(_state, outcome.endpoint) && request.headers.has("Origin"))
        outcome.response.headers.set("Access-Control-Allow-Origin", "*");
    if (_state.quirk(Quirk::HstsMalformed))
        outcome.response.headers.set("Strict-Transport-Security", "includeSubDomains"); // no max-age (RFC 6797 section 6.1.1)

    if (outcome.endpoint != "control")
    {
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        _state.traffic().record(outcome.endpoint, request, outcome.response, _state.clock().now(), ms);
    }
    return outcome;
}

} // namespace mock
