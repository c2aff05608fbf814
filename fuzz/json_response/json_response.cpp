// Fuzz target: the responses of the server under test as the runner reads them — JSON bodies
// (token, error, introspection, metadata), WWW-Authenticate, Location and the other headers —
// through conformance::Observation (every observation path), the scenario matchers (matchValue)
// and every named check (conformance/checks), with the body also used as discovery metadata.
// Input: optional head lines ("Name: value", a first line of digits is the status), a blank
// line, then the body; without a blank line the whole input is a 200 JSON body.
#include <conformance/Checks.h>
#include <conformance/Matcher.h>
#include <conformance/Observation.h>
#include <conformance/Target.h>
#include <oauth/JsonReader.h>

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace {

const char* const kPaths[] = {
    "status", "json", "json.access_token", "json.token_type", "json.expires_in", "json.error",
    "json.error_description", "json.a.b.c", "json.scope", "body", "body_size", "content_type", "location",
    "redirected", "redirect.code", "redirect.state", "redirect.iss", "redirect.error", "error", "login_status",
    "header.Cache-Control", "header_count.WWW-Authenticate", "page_header.X-Frame-Options", "bearer.error",
    "bearer.scope", "bearer.realm", "metadata.issuer", "metadata.token_endpoint", "metadata.a.b", "statuses",
    "count_status.200", "var.state", "json.", "header.", "bearer.",
};

const char* const kMatchers = R"([
  200, "Bearer", [400, 401], {"equals": "invalid_grant"}, {"in": ["a", 1, null]}, {"not_in": [1, 2]},
  {"contains": "no-store"}, {"not_contains": "${state}"}, {"starts_with": "https://"}, {"present": true},
  {"absent": true}, {"matches": "^[A-Za-z0-9._~-]+$"}, {"type": "integer"}, {"min": 1}, {"max": 3600},
  {"length_min": 43}, {"length_max": 128}, {"not": {"type": "string"}}, {"any": [{"type": "null"}, 5]}
])";

std::string substitute(const std::string& name)
{
    return name == "state" ? "xyz" : "value-of-" + name;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static rapidjson::Document matchers = [] {
        rapidjson::Document d;
        d.Parse(kMatchers);
        return d;
    }();
    const std::string input(reinterpret_cast<const char*>(data), size);

    conformance::Observation observation;
    observation.kind = "token";
    conformance::HttpExchange& exchange = observation.exchange;
    exchange.method = "POST";
    exchange.url = "https://as.example.test/token";
    exchange.status = 200;
    const auto blank = input.find("\n\n");
    std::string head = blank == std::string::npos ? "" : input.substr(0, blank);
    exchange.responseBody = blank == std::string::npos ? input : input.substr(blank + 2);
    bool first = true;
    bool contentType = false;
    for (std::size_t pos = 0; pos < head.size();)
    {
        auto end = head.find('\n', pos);
        if (end == std::string::npos)
            end = head.size();
        const std::string line = head.substr(pos, end - pos);
        pos = end + 1;
        if (first && !line.empty() && line.size() <= 3 && line.find_first_not_of("0123456789") == std::string::npos)
            exchange.status = std::stoi(line);
        else if (auto colon = line.find(':'); colon != std::string::npos)
        {
            std::string value = line.substr(colon + 1);
            if (!value.empty() && value[0] == ' ')
                value.erase(0, 1);
            contentType = contentType || line.compare(0, colon, "Content-Type") == 0;
            exchange.responseHeaders.emplace_back(line.substr(0, colon), value);
        }
        first = false;
    }
    if (!contentType)
        exchange.responseHeaders.emplace_back("Content-Type", "application/json");
    observation.exchanges.push_back(exchange);
    observation.statuses = {exchange.status, 200, 400};

    conformance::AuthorizationResult authorization;
    const std::string location = conformance::headerValue(exchange.responseHeaders, "Location");
    authorization.redirected = !location.empty();
    authorization.location = location;
    try
    {
        const auto q = location.find('?');
        if (q != std::string::npos)
            authorization.params = oauth::FormData::parse(location.substr(q + 1, location.find('#', q) - q - 1));
    }
    catch (const oauth::FormDecodeError&)
    {
        authorization.error = "bad query";
    }
    authorization.finalStatus = exchange.status;
    authorization.finalBody = exchange.responseBody;
    authorization.loginPageHeaders = exchange.responseHeaders;
    authorization.exchanges = observation.exchanges;
    if (size % 2)
        observation.authorization = authorization;

    conformance::Target target;
    target.issuer = "https://as.example.test";
    auto metadata = std::make_shared<rapidjson::Document>(); // as Target::discover reads it
    oauth::parseJsonBounded(*metadata, exchange.responseBody);
    if (!metadata->HasParseError() && metadata->IsObject())
        target.metadata = metadata;
    observation.target = &target;
    const std::map<std::string, std::string> variables{{"state", "xyz"}, {"code_verifier", "abc"}};
    observation.variables = &variables;

    (void)target.capabilities();
    (void)target.missingReason("revocation");
    (void)target.metadataString("issuer");
    (void)target.metadataListContains("code_challenge_methods_supported", "S256");

    for (const char* path : kPaths)
    {
        const conformance::ObservedValue value = observation.value(path);
        (void)value.describe();
        for (const auto& matcher : matchers.GetArray())
        {
            (void)conformance::matchValue(value, matcher, substitute, (size & 4) != 0);
        }
    }
    for (const auto& [name, check] : conformance::namedChecks())
    {
        const conformance::CheckInput in{observation, conformance::Level::Must, "1: token"};
        (void)check(in);
    }
    return 0;
}
