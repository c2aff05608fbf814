// Named checks on token-endpoint style responses (RFC 6749 §5.1, §5.2, App. A).
#include "conformance/Checks.h"

#include <oauth/OAuthError.h>

#include <cmath>
#include <set>

namespace conformance::checks {
namespace {

CheckResult make(const CheckInput& in, const std::string& name, bool passed, std::string expected, std::string actual,
                 std::string detail = "")
{
    CheckResult r;
    r.name = "check:" + name;
    r.step = in.step;
    r.level = in.level;
    r.passed = passed;
    r.expected = std::move(expected);
    r.actual = std::move(actual);
    r.detail = std::move(detail);
    return r;
}

bool isVsChars(const std::string& s)
{
    for (unsigned char c : s)
        if (c < 0x20 || c > 0x7e)
            return false;
    return !s.empty();
}

/// Bits of entropy a value of this length could carry over the character classes it uses
/// (an upper bound: a structured value carries less).
double estimatedBits(const std::string& s)
{
    bool lower = false, upper = false, digit = false, other = false;
    std::set<char> others;
    for (char c : s)
    {
        if (std::islower(static_cast<unsigned char>(c))) lower = true;
        else if (std::isupper(static_cast<unsigned char>(c))) upper = true;
        else if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
        else other = true, others.insert(c);
    }
    double alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? static_cast<double>(others.size()) : 0);
    // A hex string looks like lower+digit: 16 symbols, not 36.
    bool hex = !upper && !other && s.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (hex)
        alphabet = 16;
    return alphabet < 2 ? 0 : static_cast<double>(s.size()) * std::log2(alphabet);
}

} // namespace

std::vector<CheckResult> errorResponse(const CheckInput& in)
{
    static const std::set<std::string> codes = {"invalid_request", "invalid_client", "invalid_grant",
                                                "unauthorized_client", "unsupported_grant_type", "invalid_scope",
                                                "unsupported_token_type", "invalid_token", "server_error",
                                                "temporarily_unavailable", "access_denied"};
    const Observation& o = in.observation;
    std::vector<CheckResult> out;
    int status = o.exchange.status;
    std::string error = o.value("json.error").type == ObservedValue::Type::String ? o.value("json.error").text : "";
    bool statusOk = status == 400 || (status == 401 && error == "invalid_client");
    out.push_back(make(in, "error-response.status", statusOk, "400 (401 for invalid_client)", std::to_string(status)));
    std::string type = o.value("content_type").present() ? o.value("content_type").text : "(none)";
    out.push_back(make(in, "error-response.content-type", type == "application/json", "application/json", type));
    const rapidjson::Document* doc = o.json();
    bool object = doc && doc->IsObject();
    out.push_back(make(in, "error-response.json", object, "a JSON object", object ? "a JSON object" : "not a JSON object"));
    if (!object)
        return out;
    ObservedValue e = o.value("json.error");
    out.push_back(make(in, "error-response.code", e.type == ObservedValue::Type::String && codes.count(e.text) > 0,
                       "a registered error code (RFC 6749 §5.2)", e.describe()));
    for (const char* member : {"error", "error_description"})
    {
        ObservedValue v = o.value(std::string("json.") + member);
        if (!v.present())
            continue;
        bool ok = v.type == ObservedValue::Type::String && oauth::isValidErrorText(v.text);
        out.push_back(make(in, std::string("error-response.") + member + "-charset", ok,
                           "only %x20-21 / %x23-5B / %x5D-7E (RFC 6749 App. A.7, A.8)", v.describe()));
    }
    ObservedValue uri = o.value("json.error_uri");
    if (uri.present())
    {
        bool ok = uri.type == ObservedValue::Type::String && uri.text.find_first_of(" \"<>\\^`{|}") == std::string::npos;
        out.push_back(make(in, "error-response.error_uri", ok, "a URI-reference (RFC 6749 App. A.9)", uri.describe()));
    }
    return out;
}

std::vector<CheckResult> tokenResponse(const CheckInput& in)
{
    const Observation& o = in.observation;
    std::vector<CheckResult> out;
    out.push_back(make(in, "token-response.status", o.exchange.status == 200, "200", std::to_string(o.exchange.status)));
    std::string type = o.value("content_type").present() ? o.value("content_type").text : "(none)";
    out.push_back(make(in, "token-response.content-type", type == "application/json", "application/json", type));
    ObservedValue at = o.value("json.access_token");
    out.push_back(make(in, "token-response.access_token", at.type == ObservedValue::Type::String && !at.text.empty(),
                       "a non-empty string", at.present() ? at.typeName() : "(absent)"));
    ObservedValue tt = o.value("json.token_type");
    std::string lowered = tt.text;
    for (auto& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(make(in, "token-response.token_type",
                       tt.type == ObservedValue::Type::String && (lowered == "bearer" || lowered == "dpop"),
                       "Bearer or DPoP (case-insensitive, RFC 6749 §7.1)", tt.describe()));
    return out;
}

std::vector<CheckResult> noTokens(const CheckInput& in)
{
    std::vector<CheckResult> out;
    for (const char* member : {"access_token", "refresh_token"})
    {
        ObservedValue v = in.observation.value(std::string("json.") + member);
        out.push_back(make(in, std::string("no-tokens.") + member, !v.present(), "no " + std::string(member),
                           v.present() ? "issued" : "(absent)"));
    }
    return out;
}

std::vector<CheckResult> noStore(const CheckInput& in)
{
    ObservedValue v = in.observation.value("header.Cache-Control");
    std::string lowered = v.text;
    for (auto& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return {make(in, "no-store", v.present() && lowered.find("no-store") != std::string::npos,
                 "Cache-Control containing no-store", v.describe())};
}

std::vector<CheckResult> pragmaNoCache(const CheckInput& in)
{
    ObservedValue v = in.observation.value("header.Pragma");
    std::string lowered = v.text;
    for (auto& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return {make(in, "pragma-no-cache", v.present() && lowered.find("no-cache") != std::string::npos,
                 "Pragma: no-cache", v.describe())};
}

std::vector<CheckResult> expiresIn(const CheckInput& in)
{
    ObservedValue v = in.observation.value("json.expires_in");
    bool ok = v.type == ObservedValue::Type::Integer && v.integer > 0;
    return {make(in, "expires-in", ok, "a positive integer (1*DIGIT)", v.describe() + (v.present() ? " (" + v.typeName() + ")" : ""))};
}

std::vector<CheckResult> tokenSyntax(const CheckInput& in)
{
    std::vector<CheckResult> out;
    for (const char* member : {"access_token", "refresh_token"})
    {
        ObservedValue v = in.observation.value(std::string("json.") + member);
        if (!v.present() && std::string(member) == "refresh_token")
            continue;
        bool ok = v.type == ObservedValue::Type::String && isVsChars(v.text);
        out.push_back(make(in, std::string("token-syntax.") + member, ok, "1*VSCHAR (%x20-7E)",
                           ok ? "ok (" + std::to_string(v.length) + " characters)" : v.present() ? "characters outside %x20-7E" : "(absent)"));
    }
    return out;
}

std::vector<CheckResult> tokenEntropy(const CheckInput& in)
{
    std::vector<CheckResult> out;
    for (const char* member : {"access_token", "refresh_token"})
    {
        ObservedValue v = in.observation.value(std::string("json.") + member);
        if (v.type != ObservedValue::Type::String)
            continue;
        std::string value = v.text;
        // A JWT's randomness is in its jti and signature; judge the signature part.
        if (std::count(value.begin(), value.end(), '.') == 2)
            value = value.substr(value.rfind('.') + 1);
        double bits = estimatedBits(value);
        out.push_back(make(in, std::string("token-entropy.") + member, bits >= 128, ">= 128 bits (RFC 6749 §10.10)",
                           "about " + std::to_string(static_cast<int>(bits)) + " bits",
                           "estimated as length x log2(alphabet); an upper bound"));
    }
    if (out.empty())
        out.push_back(make(in, "token-entropy", false, "tokens to judge", "no tokens in the response"));
    return out;
}

} // namespace conformance::checks
