#pragma once

#include <map>
#include <string>

namespace conformance {

/// The parts of a client's redirect URI that scenarios use to spell variants of it (RFC 9700
/// §4.1.3: only the exact string may match). For "https://Client.example:8443/app/cb?x=1":
/// scheme "https", host "Client.example", host_upper "CLIENT.EXAMPLE", port ":8443", path
/// "/app/cb?x=1", path_encoded "/app/%63b?x=1" (the last segment's first character
/// percent-encoded; "" when the path has no segment), loopback "true"/"false".
/// An unparsable URI gives an empty map.
std::map<std::string, std::string> redirectUriParts(const std::string& uri);

} // namespace conformance
