#include "conformance/Checks.h"

namespace conformance {

const std::map<std::string, NamedCheck>& namedChecks()
{
    static const std::map<std::string, NamedCheck> registry = {
        {"error-response", checks::errorResponse},   {"token-response", checks::tokenResponse},
        {"no-tokens", checks::noTokens},             {"no-store", checks::noStore},
        {"pragma-no-cache", checks::pragmaNoCache},  {"expires-in", checks::expiresIn},
        {"token-syntax", checks::tokenSyntax},       {"token-entropy", checks::tokenEntropy},
        {"bearer-challenge", checks::bearerChallenge}, {"metadata-document", checks::metadataDocument},
        {"iss-form", checks::issForm},               {"error-redirect", checks::errorRedirect},
        {"frame-protection", checks::frameProtection},
    };
    return registry;
}

std::pair<std::string, Level> parseCheckReference(const std::string& reference, Level caseLevel)
{
    auto at = reference.find('@');
    if (at == std::string::npos)
        return {reference, caseLevel};
    auto level = parseLevel(reference.substr(at + 1));
    return {reference.substr(0, at), level.value_or(caseLevel)};
}

} // namespace conformance
