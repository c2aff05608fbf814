// Named checks on the authorization server's pages (RFC 9700 §4.16, RFC 6749 §10.13).
#include "conformance/Checks.h"

#include <optional>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace conformance::checks {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return "";
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// The sources of the CSP directive `frame-ancestors`, or nullopt if no directive has that name
/// (CSP level 2 §4.2.2 / CSP 3 §6.4.2). A policy is a `;`-separated list of directives.
std::optional<std::vector<std::string>> frameAncestors(const std::string& policy)
{
    std::stringstream directives(policy);
    std::string directive;
    while (std::getline(directives, directive, ';'))
    {
        std::stringstream tokens(trim(directive));
        std::string name;
        tokens >> name;
        if (lower(name) != "frame-ancestors")
            continue;
        std::vector<std::string> sources;
        for (std::string source; tokens >> source;)
            sources.push_back(lower(source));
        return sources;
    }
    return std::nullopt;
}

/// Sources that let any site frame the page: no protection.
bool permitsAnyFramer(const std::vector<std::string>& sources)
{
    if (sources.empty())
        return true; // an empty source list is not 'none' in CSP 2; treat it as no restriction
    for (const auto& s : sources)
        if (s == "*" || s == "https:" || s == "http:" || s == "https://*" || s == "http://*")
            return true;
    return false;
}

} // namespace

std::vector<CheckResult> frameProtection(const CheckInput& in)
{
    const Observation& o = in.observation;
    // An authorize step: the first HTML page (login or consent); any other step: its response.
    const std::string prefix = o.authorization ? "page_header." : "header.";
    ObservedValue xfo = o.value(prefix + "X-Frame-Options");
    ObservedValue csp = o.value(prefix + "Content-Security-Policy");

    const std::string xfoValue = lower(trim(xfo.text));
    const bool xfoOk = xfo.present() && (xfoValue == "deny" || xfoValue == "sameorigin");
    auto sources = csp.present() ? frameAncestors(csp.text) : std::nullopt;
    const bool cspOk = sources && !permitsAnyFramer(*sources);

    CheckResult r;
    r.name = "check:frame-protection";
    r.step = in.step;
    r.level = in.level;
    r.passed = xfoOk || cspOk;
    r.expected = "X-Frame-Options DENY or SAMEORIGIN, or a CSP frame-ancestors directive that does not admit every "
                 "origin (RFC 9700 §4.16)";
    std::string cspText = !csp.present() ? "(absent)" : !sources ? "no frame-ancestors directive" : csp.describe();
    r.actual = "X-Frame-Options " + xfo.describe() + "; Content-Security-Policy " + cspText;
    if (o.authorization && !o.authorization->sawLoginPage)
        r.detail = "no HTML page was shown (auto-approval?): the headers are those of the last response";
    return {r};
}

} // namespace conformance::checks
