#pragma once

#include "conformance/HtmlForms.h"
#include "conformance/HttpClient.h"

#include <oauth/FormData.h>

#include <map>
#include <string>
#include <vector>

namespace conformance {

/// How to get through the authorization server's login and consent pages: which fields to
/// fill and which submit button means consent (target profile "login").
struct LoginRecipe
{
    std::string username;
    std::string password;
    std::string usernameField = "username";
    std::string passwordField = "password";
    std::string approveName = "decision";   ///< submit button that grants consent
    std::string approveValue = "approve";
    std::string denyName = "decision";      ///< submit button that denies
    std::string denyValue = "deny";
    std::string denyLink;                   ///< deny by following the <a href> containing this text (no deny button)
    std::map<std::string, std::string> extraFields; ///< other fields to set (e.g. a tenant)
    int maxSteps = 10;                      ///< page loads and redirects before giving up
    std::vector<std::string> followHosts;   ///< other hosts the login may pass through (lower case)
};

/// Where the browser ended up after an authorization request.
struct AuthorizationResult
{
    bool redirected = false;         ///< reached the client's redirect URI
    std::string location;            ///< that URL (never requested)
    oauth::FormData params;          ///< its query parameters, then its fragment's (code, state, iss, error, …)
    std::vector<HttpExchange> exchanges;
    int finalStatus = 0;             ///< status of the last response when not redirected
    std::string finalBody;           ///< body of the last response when not redirected
    int loginResponseStatus = 0;     ///< status of the answer to the credential POST (RFC 9700 §4.12), 0 if none
    std::vector<std::pair<std::string, std::string>> loginPageHeaders; ///< headers of the first HTML page
    bool sawLoginPage = false;
    bool leftServer = false;         ///< the server redirected off its own origin to a host not in followHosts
                                     ///< (location says where; the browser did not go there)
    std::string error;               ///< harness-level problem (transport error, loop, no form), else ""
};

/// Plays the user's browser: loads the authorization URL, follows redirects within the
/// authorization server's origin (and the recipe's followHosts), fills and submits the login and
/// consent forms per the recipe with a cookie jar, and stops at the first redirect to
/// `redirectUriPrefix` without requesting it. It never requests any other host.
class UserAgent
{
public:
    UserAgent(const HttpClient& client, LoginRecipe recipe) : _client(client), _recipe(std::move(recipe)) {}

    /// Runs the front-channel part of the flow. `approve` picks the consent or the deny button.
    /// `method` "POST" sends the authorization request as a form POST (RFC 6749 §3.1).
    AuthorizationResult authorize(const std::string& authorizationUrl, const std::string& redirectUriPrefix,
                                  bool approve = true, const std::string& method = "GET");

    /// Cookies currently held, "name=value; …" for a host.
    std::string cookieHeader(const std::string& host) const;

private:
    void storeCookies(const std::string& host, const HttpExchange& exchange);

    const HttpClient& _client;
    LoginRecipe _recipe;
    std::map<std::string, std::map<std::string, std::string>> _cookies; ///< host → name → value
};

} // namespace conformance
