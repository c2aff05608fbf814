#pragma once

#include "mock_server/ClientAuthenticator.h"
#include "mock_server/Endpoint.h"
#include "mock_server/MockState.h"
#include "mock_server/TokenService.h"

#include <optional>

namespace mock {

/// The token endpoint, RFC 6749 §3.2: authorization_code (§4.1.3, with RFC 7636 §4.6
/// verification), refresh_token (§6, rotated with reuse detection per RFC 9700 §4.14.2) and
/// client_credentials (§4.4). Every response carries Cache-Control: no-store (§5.1).
class TokenEndpoint : public Endpoint
{
public:
    explicit TokenEndpoint(MockState& state) : _state(state), _tokens(state) {}
    MockResponse handle(const MockRequest& request) override;

private:
    /// The request's parameters: a POST form body (strict), or what a quirk lets through.
    std::optional<MockResponse> readForm(const MockRequest& request, oauth::FormData& form);
    MockResponse authorizationCode(const ClientConfig& client, const oauth::FormData& form);
    MockResponse refreshToken(const ClientConfig& client, const oauth::FormData& form);
    MockResponse clientCredentials(const ClientConfig& client, const oauth::FormData& form);
    MockResponse password(const ClientConfig& client, const oauth::FormData& form);
    MockResponse success(const AccessTokenRecord& access, const std::string* refreshToken);
    MockResponse error(int status, const std::string& code, const std::string& description);
    /// invalid_request for a missing required parameter (invalid_grant with missing-param-invalid-grant).
    MockResponse missing(const std::string& parameter, const std::string& why = "");

    MockState& _state;
    TokenService _tokens;
};

} // namespace mock
