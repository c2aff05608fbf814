#include "mock_server/DemoApi.h"

#include <oauth/Crypto.h>
#include <oauth/JsonReader.h>
#include <oauth/OAuthError.h>
#include <oauth/WwwAuthenticate.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>

namespace mock {

namespace errc = oauth::errc;

namespace {

const char* kRealm = "oauth-mock-server";

struct Building
{
    const char* id;
    const char* name;
    const char* address;
    int floors;
};

const Building kBuildings[] = {
    {"bld-001", "Harbour Point", "1 Quay Street, Auckland", 12},
    {"bld-002", "Market Hall", "22 Market Square, Leeds", 4},
    {"bld-003", "Riverside Lofts", "5 River Road, Portland", 7},
};

std::string buildingJson(const Building& b)
{
    return std::string("{\"id\":\"") + b.id + "\",\"name\":\"" + b.name + "\",\"address\":\"" + b.address +
           "\",\"floors\":" + std::to_string(b.floors) + "}";
}

/// b64token of RFC 6750 §2.1: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isB64Token(const std::string& token)
{
    std::size_t i = 0;
    while (i < token.size() && (std::isalnum(static_cast<unsigned char>(token[i])) ||
                                std::string("-._~+/").find(token[i]) != std::string::npos))
        ++i;
    if (i == 0)
        return false;
    while (i < token.size() && token[i] == '=')
        ++i;
    return i == token.size();
}

/// Where the request carried a bearer token.
struct PresentedToken
{
    int methods = 0;                  ///< how many of header, body, query were used
    std::optional<std::string> value; ///< the token to check (query only if accepted)
    bool malformed = false;
    std::string problem;
    bool fromQuery = false;
};

} // namespace

MockResponse DemoApi::bearerError(int status, const std::string& error, const std::string& description,
                                  const std::string& scope) const
{
    oauth::OAuthError body{error.empty() ? "unauthorized" : error, oauth::sanitizeErrorText(description), ""};
    MockResponse r = MockResponse::json(status, body.toJson());
    if (status != 401 || !_state.quirk(Quirk::ApiChallengeMalformed))
        r.headers.set("WWW-Authenticate",
                      oauth::bearerChallenge(kRealm, error, oauth::sanitizeErrorText(description), scope).toString());
    return r;
}

MockResponse DemoApi::handle(const MockRequest& request)
{
    PresentedToken presented;
    if (request.headers.count("Authorization") > 1)
        return bearerError(400, errc::InvalidRequest, "more than one Authorization header");
    const std::string authorization = request.headers.get("Authorization");
    const std::string scheme = authorization.substr(0, 6);
    const bool bearerScheme = _state.quirk(Quirk::BearerSchemeCaseSensitive) ? scheme == "Bearer"
                                                                             : oauth::equalsIgnoreCase(scheme, "Bearer");
    if (bearerScheme && (authorization.size() == 6 || authorization[6] == ' '))
    {
        ++presented.methods;
        const auto start = authorization.find_first_not_of(' ', 6); // "Bearer" 1*SP b64token
        std::string token = start == std::string::npos ? "" : authorization.substr(start);
        if (token.empty() || !isB64Token(token))
        {
            presented.malformed = true;
            presented.problem = "the Bearer credentials are not a b64token (RFC 6750 section 2.1)";
        }
        presented.value = token;
    }
    oauth::FormData query, form;
    try
    {
        query = request.query();
        if (request.method == "POST" && request.hasFormBody())
            form = request.form();
    }
    catch (const oauth::FormDecodeError& e)
    {
        return bearerError(400, errc::InvalidRequest, e.what());
    }
    if (auto bodyToken = form.get("access_token"))
    {
        ++presented.methods;
        presented.value = *bodyToken;
    }
    if (auto queryToken = query.get("access_token"))
    {
        ++presented.methods;
        if (_state.config().policies.bearerInQuery || _state.quirk(Quirk::BearerInQueryAccepted) ||
            _state.quirk(Quirk::QueryTokenNotPrivate))
        {
            presented.value = *queryToken;
            presented.fromQuery = true;
        }
    }
    if (presented.methods > 1 && !_state.quirk(Quirk::ApiMultipleTokenMethodsAccepted))
        return bearerError(400, errc::InvalidRequest, "the access token was sent in more than one way (RFC 6750 section 3.1)");
    if (!presented.value) // no error code when no credentials were sent (RFC 6750 section 3.1)
        return bearerError(401, _state.quirk(Quirk::ApiChallengeMalformed) ? errc::InvalidToken : "", "");
    if (presented.malformed)
        return bearerError(401, errc::InvalidToken, presented.problem);

    AccessTokenCheck check = _tokens.checkAccessToken(*presented.value);
    if (!check.valid())
        return bearerError(401, errc::InvalidToken, check.describe());

    // Route: /v2/buildings, /v2/buildings/{id}, /v2/addresses
    const std::string& path = request.path;
    const std::string needed = path.rfind("/v2/addresses", 0) == 0 ? "write:addresses" : "read:buildings";
    const bool scopeCovered = check.record->scope.contains(needed) || _state.quirk(Quirk::ApiScopeUnchecked);
    MockResponse response;
    if (path == "/v2/buildings" || path.rfind("/v2/buildings/", 0) == 0)
    {
        if (request.method != "GET" && request.method != "HEAD")
            response = MockResponse::json(405, "{\"error\":\"method_not_allowed\"}"), response.headers.set("Allow", "GET");
        else if (!scopeCovered)
            return bearerError(403, errc::InsufficientScope, "this call needs the scope " + needed, needed);
        else
            response = path == "/v2/buildings" ? listBuildings() : building(path.substr(14));
    }
    else if (path == "/v2/addresses")
    {
        if (request.method != "POST" && request.method != "GET")
            response = MockResponse::json(405, "{\"error\":\"method_not_allowed\"}"), response.headers.set("Allow", "GET, POST");
        else if (!scopeCovered)
            return bearerError(403, errc::InsufficientScope, "this call needs the scope " + needed, needed);
        else if (request.method == "POST")
            response = createAddress(request);
        else
        {
            std::lock_guard<std::mutex> lock(_mutex);
            std::string list = "{\"addresses\":[";
            for (std::size_t i = 0; i < _addresses.size(); ++i)
                list += (i ? "," : "") + _addresses[i];
            response = MockResponse::json(200, list + "]}");
        }
    }
    else
        response = MockResponse::json(404, "{\"error\":\"not_found\"}");

    if (presented.fromQuery && response.status < 300 && !_state.quirk(Quirk::QueryTokenNotPrivate))
        response.headers.set("Cache-Control", "private"); // RFC 6750 section 2.3
    return response;
}

MockResponse DemoApi::listBuildings() const
{
    // kBuildings is constant: its JSON is built once.
    static const std::string body = [] {
        std::string text = "{\"buildings\":[";
        bool first = true;
        for (const auto& b : kBuildings)
        {
            text += (first ? "" : ",") + buildingJson(b);
            first = false;
        }
        return text + "]}";
    }();
    return MockResponse::json(200, body);
}

MockResponse DemoApi::building(const std::string& id) const
{
    for (const auto& b : kBuildings)
        if (id == b.id)
            return MockResponse::json(200, buildingJson(b));
    return MockResponse::json(404, "{\"error\":\"not_found\",\"error_description\":\"no such building\"}");
}

MockResponse DemoApi::createAddress(const MockRequest& request)
{
    auto invalid = [](const std::string& path, const std::string& message) {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
        w.StartObject();
        w.Key("error");
        w.String("invalid_body");
        w.Key("path");
        w.String(path.c_str());
        w.Key("message");
        w.String(message.c_str());
        w.EndObject();
        return MockResponse::json(400, std::string(buffer.GetString(), buffer.GetSize()));
    };
    if (!request.hasJsonBody())
        return invalid("$", "Content-Type must be application/json");
    rapidjson::Document doc;
    oauth::parseJsonBounded(doc, request.body);
    if (doc.HasParseError())
        return invalid("$", "the body is not valid JSON");
    if (!doc.IsObject())
        return invalid("$", "expected a JSON object");
    for (const char* field : {"street", "city", "country"})
    {
        auto it = doc.FindMember(field);
        if (it == doc.MemberEnd())
            return invalid(std::string("$.") + field, "required");
        if (!it->value.IsString() || it->value.GetStringLength() == 0 || it->value.GetStringLength() > 200)
            return invalid(std::string("$.") + field, "expected a non-empty string of at most 200 characters");
    }
    const std::string country = doc["country"].GetString();
    if (country.size() != 2 || !std::isupper(static_cast<unsigned char>(country[0])) ||
        !std::isupper(static_cast<unsigned char>(country[1])))
        return invalid("$.country", "expected an ISO 3166-1 alpha-2 code such as \"GB\"");
    auto postal = doc.FindMember("postal_code");
    if (postal != doc.MemberEnd() && (!postal->value.IsString() || postal->value.GetStringLength() > 20))
        return invalid("$.postal_code", "expected a string of at most 20 characters");
    for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it)
    {
        std::string name = it->name.GetString();
        if (name != "street" && name != "city" && name != "country" && name != "postal_code")
            return invalid("$." + name, "unknown member");
    }

    std::string id = "addr-" + oauth::randomToken(6);
    doc.AddMember("id", rapidjson::Value(id.c_str(), doc.GetAllocator()), doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    doc.Accept(w);
    std::string created(buffer.GetString(), buffer.GetSize());
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_addresses.size() < 10000)
            _addresses.push_back(created);
    }
    MockResponse r = MockResponse::json(201, created);
    r.headers.set("Location", "/v2/addresses/" + id);
    return r;
}

void DemoApi::reset()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _addresses.clear();
}

} // namespace mock
