#pragma once

#include "mock_server/Exchange.h"
#include "mock_server/MockState.h"
#include "mock_server/PendingAuthorizations.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mock {

/// The parts of the authorization-code flow shared by /authorize and the login form:
/// matching redirect URIs, issuing codes, building success and error redirects
/// (RFC 6749 §4.1.2, §4.1.2.1, with RFC 9207 iss), and the pages a browser sees.
class AuthorizationFlow
{
public:
    explicit AuthorizationFlow(MockState& state) : _state(state) {}

    /// True if `requested` may be used for the client: byte-identical to a registered URI, or
    /// a loopback http URI that differs only in the port (RFC 8252 §7.3; not with the quirk
    /// loopback-port-exact). The quirk redirect-uri-prefix-match also accepts any extension of a
    /// registered URI, the quirk redirect-uri-unchecked any absolute URI.
    bool redirectUriMatches(const ClientConfig& client, const std::string& requested) const;

    /// Issues a code for the user and returns the success redirect URL (code, state, iss; and
    /// code_challenge with the quirk echo-code-challenge).
    std::string issueCode(const PendingAuthorization& request, const UserConfig& user);

    /// A new random login transaction id.
    static std::string newTransactionId();

    /// The success redirect URL for the user: issueCode, or for a response_type=token request
    /// (the quirk implicit-grant-enabled) an access token in the fragment (RFC 6749 §4.2.2:
    /// access_token, token_type, expires_in, scope, state, and iss).
    std::string successRedirectUrl(const PendingAuthorization& request, const UserConfig& user);

    /// The error redirect URL (error, error_description, state, iss).
    std::string errorRedirectUrl(const std::string& redirectUri, const std::optional<std::string>& state,
                                 const std::string& error, const std::string& description) const;

    /// A 302 to the URL (the user agent follows it; no user interaction needed).
    MockResponse redirect(const std::string& url, int status = 302) const;

    /// An HTML error page shown instead of redirecting (unknown client, bad redirect URI, …).
    MockResponse errorPage(int status, const std::string& title, const std::string& detail) const;

    /// The login and consent page for a pending request; `problem` is shown above the form.
    MockResponse loginPage(const PendingAuthorization& pending, const std::string& problem, int status = 200) const;

    /// Adds the headers every page of the authorization server carries: CSP with
    /// frame-ancestors 'none', X-Frame-Options DENY (RFC 9700 §4.16; not with the quirk
    /// no-frame-protection), Referrer-Policy no-referrer (not with the quirk no-referrer-policy),
    /// Cache-Control no-store.
    void applyPageHeaders(MockResponse& response) const;

private:
    std::string appendParams(const std::string& uri, const std::vector<std::pair<std::string, std::string>>& params) const;
    GrantRecord newGrant(const PendingAuthorization& request, const UserConfig& user);

    MockState& _state;
};

} // namespace mock
