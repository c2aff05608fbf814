#include "conformance/RedirectUriParts.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace conformance {

std::map<std::string, std::string> redirectUriParts(const std::string& uri)
{
    const auto schemeEnd = uri.find("://");
    if (schemeEnd == std::string::npos || schemeEnd == 0)
        return {};
    const auto authorityStart = schemeEnd + 3;
    const auto pathStart = std::min(uri.find_first_of("/?#", authorityStart), uri.size());
    const std::string authority = uri.substr(authorityStart, pathStart - authorityStart);
    if (authority.empty() || authority.find('@') != std::string::npos)
        return {};
    // The port follows the last ':' outside an IPv6 literal's brackets.
    const auto colon = authority.rfind(':');
    const bool hasPort = colon != std::string::npos && authority.find(']', colon) == std::string::npos;
    const std::string host = hasPort ? authority.substr(0, colon) : authority;
    std::string path = uri.substr(pathStart);
    path = path.substr(0, path.find('#'));

    std::map<std::string, std::string> parts;
    parts["scheme"] = uri.substr(0, schemeEnd);
    parts["host"] = host;
    std::string upper = host;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    parts["host_upper"] = upper;
    parts["port"] = hasPort ? authority.substr(colon) : "";
    parts["path"] = path;
    const std::string pathOnly = path.substr(0, path.find('?'));
    const auto lastSlash = pathOnly.rfind('/');
    std::string encoded;
    if (lastSlash != std::string::npos && lastSlash + 1 < pathOnly.size())
    {
        char escape[4];
        std::snprintf(escape, sizeof escape, "%%%02X", static_cast<unsigned char>(pathOnly[lastSlash + 1]));
        encoded = path.substr(0, lastSlash + 1) + escape + path.substr(lastSlash + 2);
    }
    parts["path_encoded"] = encoded;
    std::string lowerHost = host;
    std::transform(lowerHost.begin(), lowerHost.end(), lowerHost.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool loopback = lowerHost == "localhost" || lowerHost.rfind("127.", 0) == 0 || lowerHost == "[::1]";
    parts["loopback"] = loopback ? "true" : "false";
    return parts;
}

} // namespace conformance
