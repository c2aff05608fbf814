#pragma once

#include "mock_server/Exchange.h"
#include "mock_server/MockState.h"

#include <oauth/FormData.h>

#include <memory>
#include <optional>
#include <string>

namespace mock {

/// Outcome of client authentication at /token, /revoke or /introspect.
struct ClientAuthentication
{
    std::shared_ptr<const ClientConfig> client;
    std::string method;                 ///< client_secret_basic | client_secret_post | none
    std::optional<MockResponse> error;  ///< set when authentication failed: send it as is
    bool ok() const { return !error.has_value(); }
};

/// Authenticates the client of a token-style request (RFC 6749 §2.3, §3.2.1):
/// HTTP Basic with form-encoded id and secret (§2.3.1), or client_id + client_secret in the body,
/// or client_id alone for public clients. Using two methods at once, a secret in the query,
/// or a repeated credential parameter is invalid_request; bad credentials are 401 invalid_client,
/// with WWW-Authenticate: Basic when the Authorization header was used (§5.2).
ClientAuthentication authenticateClient(MockState& state, const MockRequest& request,
                                        const oauth::FormData& form);

/// Reads a POST with a form body as /revoke and /introspect take it: method, Content-Type,
/// strict decoding, no repeated parameter, then (if `authenticate`) client authentication.
/// Returns the error response to send, or nullopt with `form` and `auth` filled.
std::optional<MockResponse> readTokenStyleRequest(MockState& state, const MockRequest& request, oauth::FormData& form,
                                                  ClientAuthentication& auth, bool authenticate = true);

} // namespace mock
