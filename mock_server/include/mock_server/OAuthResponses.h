#pragma once

#include "mock_server/Exchange.h"
#include "mock_server/MockState.h"

#include <string>

namespace mock {

/// Adds Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1), unless the quirk
/// no-cache-headers is on.
void applyNoStore(MockResponse& response, const MockState& state);

/// An RFC 6749 §5.2 error response for the token-style endpoints (/token, /revoke,
/// /introspect): JSON body, no-store headers, `description` sanitized to the characters of
/// App. A.8. `basicChallenge` adds WWW-Authenticate: Basic (a failed Basic login). Quirks:
/// wrong-error-codes (every code invalid_request), error-description-unsanitized (the
/// description as is), error-not-json (a text/plain 400).
MockResponse tokenEndpointError(const MockState& state, int status, const std::string& error,
                                const std::string& description, bool basicChallenge = false);

/// 405 with Allow, in the endpoint's error format.
MockResponse methodNotAllowed(const MockState& state, const std::string& allow);

} // namespace mock
