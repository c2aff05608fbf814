#include "mock_server/ControlApi.h"

#include <oauth/Crypto.h>
#include <oauth/JsonReader.h>
#include <oauth/OAuthError.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace mock {
namespace {

const char* kBodySource = "control request body";

MockResponse problem(int status, const std::string& error, const std::string& detail)
{
    return MockResponse::json(status, "{\"error\":\"" + oauth::jsonEscape(error) + "\",\"detail\":\"" +
                                          oauth::jsonEscape(detail) + "\"}");
}

MockResponse notAllowed(const std::string& allow)
{
    MockResponse r = problem(405, "method_not_allowed", "allowed: " + allow);
    r.headers.set("Allow", allow);
    return r;
}

/// Parses the request body as a JSON object; an empty body counts as {}.
void parseBody(const MockRequest& request, rapidjson::Document& doc)
{
    oauth::parseJsonDocument(doc, request.body.empty() ? "{}" : request.body, kBodySource);
}

std::string clockJson(MockState& state)
{
    return "{\"now\":" + std::to_string(state.clock().now()) + ",\"offset\":" + std::to_string(state.clock().offset()) + "}";
}

} // namespace

MockResponse ControlApi::handle(const MockRequest& request)
{
    if (!_state.config().control.enabled)
        return problem(404, "not_found", "the control API is disabled in the configuration");
    if (!request.peerIsLoopback)
        return problem(403, "forbidden", "the control API answers loopback peers only");
    const std::string& token = _state.config().control.adminToken;
    if (!token.empty() && !oauth::constantTimeEquals(request.headers.get("X-Mock-Admin-Token"), token))
        return problem(401, "unauthorized", "X-Mock-Admin-Token is missing or wrong");

    const std::string path = request.path.substr(std::string("/_mock").size());
    try
    {
        if (path == "/reset")
        {
            if (request.method != "POST")
                return notAllowed("POST");
            _state.reset();
            if (_onReset)
                _onReset();
            return MockResponse::json(200, "{\"reset\":true," + clockJson(_state).substr(1));
        }
        if (path == "/clock")
            return clock(request);
        if (path == "/quirks" || path.rfind("/quirks/", 0) == 0)
            return quirks(request, path.size() > 8 ? path.substr(8) : "");
        if (path == "/faults")
            return faults(request);
        if (path == "/traffic")
            return traffic(request);
        if (path == "/clients")
            return clients(request);
        if (path == "/stats")
            return stats();
        if (path.empty() || path == "/")
            return MockResponse::json(200, "{\"endpoints\":[\"POST /_mock/reset\",\"GET|POST /_mock/clock\","
                                           "\"GET|POST /_mock/quirks\",\"PUT|DELETE /_mock/quirks/{name}\","
                                           "\"GET|POST|DELETE /_mock/faults\",\"GET|DELETE /_mock/traffic\","
                                           "\"GET|POST /_mock/clients\",\"GET /_mock/stats\"]}");
        return problem(404, "not_found", "no control endpoint " + request.path);
    }
    catch (const oauth::JsonInputError& e)
    {
        return problem(400, "invalid_body", e.what());
    }
}

MockResponse ControlApi::clock(const MockRequest& request)
{
    if (request.method == "GET")
        return MockResponse::json(200, clockJson(_state));
    if (request.method != "POST")
        return notAllowed("GET, POST");
    rapidjson::Document doc;
    parseBody(request, doc);
    oauth::JsonObjectReader r(doc, kBodySource, "$");
    const std::int64_t tenYears = 10LL * 366 * 86400;
    bool advance = r.has("advance"), set = r.has("set");
    if (advance == set)
        r.fail("give exactly one of \"advance\" (seconds) or \"set\" (epoch seconds)");
    if (advance)
        _state.clock().advance(r.requireInt("advance", -tenYears, tenYears));
    else
        _state.clock().set(r.requireInt("set", 0, 32503680000LL));
    r.rejectUnknownMembers();
    return MockResponse::json(200, clockJson(_state));
}

MockResponse ControlApi::quirks(const MockRequest& request, const std::string& name)
{
    if (!name.empty())
    {
        auto quirk = quirkByName(name);
        if (!quirk)
            return problem(404, "unknown_quirk", "no quirk named \"" + name + "\"; GET /_mock/quirks lists them");
        if (request.method == "PUT")
            _state.quirks().enable(*quirk);
        else if (request.method == "DELETE")
            _state.quirks().disable(*quirk);
        else if (request.method != "GET")
            return notAllowed("GET, PUT, DELETE");
        return MockResponse::json(200, std::string("{\"name\":\"") + name + "\",\"enabled\":" +
                                           (_state.quirk(*quirk) ? "true" : "false") + "}");
    }
    if (request.method == "POST")
    {
        rapidjson::Document doc;
        parseBody(request, doc);
        oauth::JsonObjectReader r(doc, kBodySource, "$");
        auto resolve = [&](const std::string& member) {
            std::vector<Quirk> out;
            auto names = r.stringArrayOr(member, {});
            for (std::size_t i = 0; i < names.size(); ++i)
            {
                auto q = quirkByName(names[i]);
                if (!q)
                    throw oauth::JsonInputError(kBodySource, r.memberPath(member) + "[" + std::to_string(i) + "]",
                                                "unknown quirk \"" + names[i] + "\"");
                out.push_back(*q);
            }
            return out;
        };
        bool exclusive = r.boolOr("exclusive", false);
        auto enable = resolve("enable");
        auto disable = resolve("disable");
        r.rejectUnknownMembers();
        if (exclusive)
            _state.quirks().set({});
        for (Quirk q : disable)
            _state.quirks().disable(q);
        for (Quirk q : enable)
            _state.quirks().enable(q);
    }
    else if (request.method != "GET")
        return notAllowed("GET, POST");

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const auto& info : allQuirks())
    {
        w.StartObject();
        w.Key("name");
        w.String(info.name);
        w.Key("enabled");
        w.Bool(_state.quirk(info.quirk));
        w.Key("effect");
        w.String(info.effect);
        w.Key("breaks");
        w.String(info.breaks);
        w.EndObject();
    }
    w.EndArray();
    return MockResponse::json(200, std::string(buffer.GetString(), buffer.GetSize()));
}

MockResponse ControlApi::faults(const MockRequest& request)
{
    static const std::vector<std::string> kEndpoints = {"metadata", "authorize", "login", "token", "revoke",
                                                        "introspect", "jwks", "api"};
    if (request.method == "DELETE")
    {
        _state.faults().clear();
        return MockResponse::json(200, "{\"faults\":[]}");
    }
    if (request.method == "POST")
    {
        rapidjson::Document doc;
        parseBody(request, doc);
        oauth::JsonObjectReader r(doc, kBodySource, "$");
        Fault f;
        f.endpoint = r.enumOr("endpoint", kEndpoints, "");
        if (f.endpoint.empty())
            r.fail("required string member is missing", "endpoint");
        f.status = static_cast<int>(r.intOr("status", 0, 0, 599));
        if (f.status != 0 && f.status < 100)
            r.fail("expected an HTTP status 100-599 (or 0 for a normal answer)", "status");
        f.body = r.stringOr("body", "");
        f.contentType = r.stringOr("content_type", f.contentType);
        f.delayMs = static_cast<int>(r.intOr("delay_ms", 0, 0, 60000));
        f.dropConnection = r.boolOr("drop_connection", false);
        int count = static_cast<int>(r.intOr("count", 1, 1, 1000));
        r.rejectUnknownMembers();
        for (int i = 0; i < count; ++i)
            _state.faults().push(f);
    }
    else if (request.method != "GET")
        return notAllowed("GET, POST, DELETE");

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("faults");
    w.StartArray();
    for (const auto& f : _state.faults().pending())
    {
        w.StartObject();
        w.Key("endpoint");
        w.String(f.endpoint.c_str());
        w.Key("status");
        w.Int(f.status);
        w.Key("delay_ms");
        w.Int(f.delayMs);
        w.Key("drop_connection");
        w.Bool(f.dropConnection);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return MockResponse::json(request.method == "POST" ? 201 : 200, std::string(buffer.GetString(), buffer.GetSize()));
}

MockResponse ControlApi::traffic(const MockRequest& request)
{
    if (request.method == "DELETE")
    {
        _state.traffic().clear();
        return MockResponse::json(200, "[]");
    }
    if (request.method != "GET")
        return notAllowed("GET, DELETE");
    std::uint64_t after = 0;
    oauth::FormData query;
    try
    {
        query = request.query();
    }
    catch (const oauth::FormDecodeError& e)
    {
        return problem(400, "invalid_parameter", e.what());
    }
    if (auto value = query.get("after"))
    {
        if (value->empty() || value->size() > 19 || value->find_first_not_of("0123456789") != std::string::npos)
            return problem(400, "invalid_parameter", "after must be a sequence number");
        after = std::stoull(*value);
    }
    return MockResponse::json(200, _state.traffic().toJson(after));
}

MockResponse ControlApi::clients(const MockRequest& request)
{
    if (request.method == "POST")
    {
        rapidjson::Document doc;
        parseBody(request, doc);
        oauth::JsonObjectReader r(doc, kBodySource, "$");
        ClientConfig client = parseClient(r, _state.config().scopes, _state.config().policies);
        if (!client.autoApproveUser.empty() && !_state.config().findUser(client.autoApproveUser))
            r.fail("no user \"" + client.autoApproveUser + "\" in the configuration's users", "auto_approve_user");
        if (!_state.clients().registerClient(client))
            return problem(409, "conflict", "client_id \"" + client.clientId + "\" is configured and cannot be replaced");
        return MockResponse::json(201, "{\"client_id\":\"" + oauth::jsonEscape(client.clientId) + "\"}");
    }
    if (request.method != "GET")
        return notAllowed("GET, POST");
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const auto& c : _state.clients().all())
    {
        w.StartObject();
        w.Key("client_id");
        w.String(c->clientId.c_str());
        w.Key("type");
        w.String(c->confidential ? "confidential" : "public");
        w.Key("redirect_uris");
        w.StartArray();
        for (const auto& uri : c->redirectUris)
            w.String(uri.c_str());
        w.EndArray();
        w.Key("scopes");
        w.String(c->allowedScopes.toString().c_str());
        w.EndObject();
    }
    w.EndArray();
    return MockResponse::json(200, std::string(buffer.GetString(), buffer.GetSize()));
}

MockResponse ControlApi::stats() const
{
    StoreSizes s = _state.grants().sizes();
    return MockResponse::json(200, "{\"grants\":" + std::to_string(s.grants) + ",\"codes\":" + std::to_string(s.codes) +
                                       ",\"access_tokens\":" + std::to_string(s.accessTokens) +
                                       ",\"refresh_tokens\":" + std::to_string(s.refreshTokens) +
                                       ",\"pending_logins\":" + std::to_string(_state.pendingAuthorizations().size()) +
                                       ",\"traffic\":" + std::to_string(_state.traffic().size()) + "}");
}

} // namespace mock
