// Named checks on the resource server's challenges, the metadata document and redirects
// (RFC 6750 §3, RFC 8414 §2, RFC 9207 §2, RFC 6749 §4.1.2.1).
#include "conformance/Checks.h"

#include <oauth/OAuthError.h>
#include <oauth/WwwAuthenticate.h>

#include <set>

namespace conformance::checks {
namespace {

CheckResult make(const CheckInput& in, const std::string& name, bool passed, std::string expected, std::string actual)
{
    CheckResult r;
    r.name = "check:" + name;
    r.step = in.step;
    r.level = in.level;
    r.passed = passed;
    r.expected = std::move(expected);
    r.actual = std::move(actual);
    return r;
}

/// Why `url` is not an https URL without query and fragment, or "".
std::string httpsIdentifierProblem(const std::string& url)
{
    if (url.rfind("https://", 0) != 0)
        return "not https";
    if (url.find('?') != std::string::npos)
        return "has a query";
    if (url.find('#') != std::string::npos)
        return "has a fragment";
    return "";
}

} // namespace

std::vector<CheckResult> bearerChallenge(const CheckInput& in)
{
    // Challenges may come in several WWW-Authenticate headers (RFC 9110 §11.6.1): read them all.
    std::vector<oauth::AuthChallenge> challenges;
    std::string seen;
    for (const auto& [name, value] : in.observation.exchange.responseHeaders)
    {
        if (!oauth::equalsIgnoreCase(name, "WWW-Authenticate"))
            continue;
        seen += (seen.empty() ? "" : ", ") + value;
        auto parsed = oauth::parseWwwAuthenticate(value);
        if (!parsed)
            return {make(in, "bearer-challenge", false, "a WWW-Authenticate value following RFC 9110 §11.6.1",
                         ObservedValue::ofString(value).describe())};
        challenges.insert(challenges.end(), parsed->begin(), parsed->end());
    }
    if (seen.empty())
        return {make(in, "bearer-challenge", false, "a WWW-Authenticate header with a Bearer challenge", "(absent)")};
    ObservedValue header = ObservedValue::ofString(seen);
    for (const auto& c : challenges)
    {
        if (!oauth::equalsIgnoreCase(c.scheme, "Bearer"))
            continue;
        std::set<std::string> seen;
        std::string repeated;
        for (const auto& [name, _] : c.params)
        {
            std::string lowered = name;
            for (auto& ch : lowered)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (!seen.insert(lowered).second)
                repeated = name;
        }
        return {make(in, "bearer-challenge", repeated.empty(), "a Bearer challenge, no attribute repeated (RFC 6750 §3)",
                     repeated.empty() ? header.describe() : "attribute " + repeated + " repeated")};
    }
    return {make(in, "bearer-challenge", false, "a Bearer challenge", header.describe())};
}

std::vector<CheckResult> metadataDocument(const CheckInput& in)
{
    const Observation& o = in.observation;
    std::vector<CheckResult> out;
    const rapidjson::Document* doc = o.json();
    bool object = doc && doc->IsObject();
    out.push_back(make(in, "metadata.json-object", object, "a JSON object", object ? "a JSON object" : "not a JSON object"));
    if (!object)
        return out;
    for (const char* member : {"issuer", "authorization_endpoint", "token_endpoint"})
    {
        ObservedValue v = o.value(std::string("json.") + member);
        out.push_back(make(in, std::string("metadata.") + member, v.type == ObservedValue::Type::String && !v.text.empty(),
                           "a string (RFC 8414 §2)", v.describe()));
    }
    ObservedValue rts = o.value("json.response_types_supported");
    out.push_back(make(in, "metadata.response_types_supported", rts.type == ObservedValue::Type::Array,
                       "an array (RFC 8414 §2)", rts.describe()));
    for (const char* member : {"scopes_supported", "grant_types_supported", "token_endpoint_auth_methods_supported",
                               "code_challenge_methods_supported", "response_modes_supported",
                               "revocation_endpoint_auth_methods_supported"})
    {
        ObservedValue v = o.value(std::string("json.") + member);
        if (v.present())
            out.push_back(make(in, std::string("metadata.") + member, v.type == ObservedValue::Type::Array,
                               "an array when present (RFC 8414 §2)", v.typeName()));
    }
    return out;
}

std::vector<CheckResult> issForm(const CheckInput& in)
{
    ObservedValue iss = in.observation.value("redirect.iss");
    if (!iss.present())
        return {make(in, "iss-form", false, "an iss parameter (RFC 9207 §2)", "(absent)")};
    std::string problem = httpsIdentifierProblem(iss.text);
    std::string issuer = in.observation.target ? in.observation.target->issuer : "";
    bool same = iss.text == issuer;
    std::vector<CheckResult> out;
    out.push_back(make(in, "iss-form.url", problem.empty(), "an https URL without query or fragment", problem.empty() ? iss.describe() : problem));
    out.push_back(make(in, "iss-form.issuer", same, "\"" + issuer + "\" (the issuer, byte for byte)", iss.describe()));
    return out;
}

std::vector<CheckResult> errorRedirect(const CheckInput& in)
{
    std::vector<CheckResult> out;
    for (const char* param : {"error", "error_description"})
    {
        ObservedValue v = in.observation.value(std::string("redirect.") + param);
        if (!v.present() && std::string(param) == "error_description")
            continue;
        bool ok = v.present() && oauth::isValidErrorText(v.text);
        out.push_back(make(in, std::string("error-redirect.") + param, ok,
                           "present, only %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §4.1.2.1)", v.describe()));
    }
    return out;
}

} // namespace conformance::checks
