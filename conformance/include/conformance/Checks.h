#pragma once

#include "conformance/Observation.h"
#include "conformance/Result.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace conformance {

/// What a named check sees: the step's observation and the level it is judged at.
struct CheckInput
{
    const Observation& observation;
    Level level;
    std::string step; ///< "2: token"
};

/// A named check: logic a scenario's data cannot express (design §5). Returns at least one
/// CheckResult; each says what was expected and what was seen.
using NamedCheck = std::function<std::vector<CheckResult>(const CheckInput&)>;

/// Every named check, by name (documented in scenarios/README.md).
const std::map<std::string, NamedCheck>& namedChecks();

/// "name" or "name@LEVEL" → (name, level or the case level).
std::pair<std::string, Level> parseCheckReference(const std::string& reference, Level caseLevel);

namespace checks {
/// RFC 6749 §5.2 error body: 400 (401 for invalid_client), JSON object, a registered error code,
/// error / error_description within %x20-21 / %x23-5B / %x5D-7E, error_uri a URI.
std::vector<CheckResult> errorResponse(const CheckInput& in);
/// RFC 6749 §5.1 / §7.1: 200, JSON, string access_token, token_type Bearer or DPoP (case-insensitive).
std::vector<CheckResult> tokenResponse(const CheckInput& in);
/// No access_token or refresh_token in the body.
std::vector<CheckResult> noTokens(const CheckInput& in);
/// Cache-Control contains no-store (RFC 6749 §5.1).
std::vector<CheckResult> noStore(const CheckInput& in);
/// Pragma: no-cache (RFC 6749 §5.1).
std::vector<CheckResult> pragmaNoCache(const CheckInput& in);
/// expires_in present, a positive JSON integer (RFC 6749 §5.1, App. A.14).
std::vector<CheckResult> expiresIn(const CheckInput& in);
/// access_token / refresh_token are 1*VSCHAR (RFC 6749 App. A.12, A.17).
std::vector<CheckResult> tokenSyntax(const CheckInput& in);
/// Estimated entropy of the access and refresh tokens ≥ 128 bits (RFC 6749 §10.10).
std::vector<CheckResult> tokenEntropy(const CheckInput& in);
/// WWW-Authenticate parses, has a Bearer challenge, no attribute repeated (RFC 6750 §3).
std::vector<CheckResult> bearerChallenge(const CheckInput& in);
/// RFC 8414 §2 metadata document shape: issuer, response_types_supported, endpoints, array types.
std::vector<CheckResult> metadataDocument(const CheckInput& in);
/// RFC 9207 §2 / RFC 8414 §2 form of the redirect's iss: https, no query or fragment, = issuer.
std::vector<CheckResult> issForm(const CheckInput& in);
/// The error redirect's error / error_description characters (RFC 6749 §4.1.2.1).
std::vector<CheckResult> errorRedirect(const CheckInput& in);
/// Clickjacking protection of an AS page (RFC 9700 §4.16): X-Frame-Options DENY/SAMEORIGIN, or CSP
/// frame-ancestors without a wildcard. On an authorize step it reads the first HTML page's headers.
std::vector<CheckResult> frameProtection(const CheckInput& in);
} // namespace checks

} // namespace conformance
