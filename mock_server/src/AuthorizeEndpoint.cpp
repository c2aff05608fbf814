#include "mock_server/AuthorizeEndpoint.h"

#include <oauth/Crypto.h>
#include <oauth/OAuthError.h>

namespace mock {

namespace errc = oauth::errc;

namespace {

/// RFC 7636 §4.2: a plain challenge has the verifier's syntax (43*128unreserved); an S256 one is
/// BASE64URL(SHA-256), exactly 43 characters of the base64url alphabet.
bool isWellFormedChallenge(const std::string& challenge, oauth::PkceMethod method)
{
    if (method == oauth::PkceMethod::Plain)
        return oauth::isValidCodeVerifier(challenge);
    if (challenge.size() != 43)
        return false;
    for (char c : challenge)
        if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' && c != '_')
            return false;
    return true;
}

} // namespace

MockResponse AuthorizeEndpoint::handle(const MockRequest& request)
{
    if (request.method != "GET" && request.method != "POST")
        return _flow.errorPage(405, "Method not allowed", "The authorization endpoint accepts GET and POST.");
    oauth::FormData params;
    try
    {
        params = request.method == "GET" ? request.query() : request.form();
    }
    catch (const oauth::FormDecodeError& e)
    {
        return _flow.errorPage(400, "Malformed authorization request", e.what());
    }
    const bool strictRepeats = !_state.quirk(Quirk::RepeatedParamsAccepted);
    for (const char* name : {"client_id", "redirect_uri"})
        if (params.count(name) > 1 && strictRepeats)
            return _flow.errorPage(400, "Malformed authorization request",
                                   std::string("The parameter ") + name + " is repeated (RFC 6749 section 3.1).");

    auto clientId = params.getNonEmpty("client_id");
    if (!clientId)
        return _flow.errorPage(400, "Unknown application", "The request has no client_id.");
    auto client = _state.clients().find(*clientId);
    if (!client)
    {
        auto given = params.getNonEmpty("redirect_uri");
        if (given && _state.quirk(Quirk::UnknownClientRedirected))
            return _flow.redirect(_flow.errorRedirectUrl(*given, params.getNonEmpty("state"), errc::UnauthorizedClient,
                                                         "unknown client_id"));
        return _flow.errorPage(400, "Unknown application", "No client is registered as \"" + *clientId + "\".");
    }

    auto requestedRedirect = params.getNonEmpty("redirect_uri");
    std::string redirectUri;
    if (requestedRedirect)
    {
        if (!_flow.redirectUriMatches(*client, *requestedRedirect))
            return _flow.errorPage(400, "Invalid redirect URI",
                                   "The redirect_uri \"" + *requestedRedirect + "\" is not registered for this client.");
        redirectUri = *requestedRedirect;
    }
    else if (_state.quirk(Quirk::RedirectUriMissingServerError))
        return _flow.errorPage(500, "Internal server error", "Something went wrong.");
    else if (client->redirectUris.size() == 1 ||
             (!client->redirectUris.empty() && _state.quirk(Quirk::RedirectUriDefaultFirst)))
        redirectUri = client->redirectUris.front();
    else
        return _flow.errorPage(400, "Invalid redirect URI",
                               "redirect_uri is required: this client has several registered (RFC 6749 section 3.1.2.3).");

    // From here on the redirect URI is trusted: errors go back to the client.
    auto state = params.getNonEmpty("state");
    auto fail = [&](const std::string& code, const std::string& why) {
        return _flow.redirect(_flow.errorRedirectUrl(redirectUri, state, code, why));
    };
    auto repeated = params.repeatedNames();
    if (!repeated.empty() && strictRepeats)
        return fail(errc::InvalidRequest, "parameter '" + repeated.front() + "' is repeated (RFC 6749 section 3.1)");
    if (!state && _state.quirk(Quirk::StateRequired))
        return fail(errc::InvalidRequest, "state is required");

    auto responseType = params.getNonEmpty("response_type");
    if (!responseType)
        return fail(errc::InvalidRequest, "response_type is required");
    const bool implicit = *responseType == "token" && _state.quirk(Quirk::ImplicitGrantEnabled);
    if (*responseType != "code" && !implicit)
        return fail(errc::UnsupportedResponseType, "only response_type=code is supported");
    if (!implicit && !client->allowsGrant("authorization_code"))
        return fail(errc::UnauthorizedClient, "this client may not use the authorization code grant");

    oauth::ScopeSet scope = client->defaultScopes;
    if (auto requested = params.getNonEmpty("scope"))
    {
        auto parsed = oauth::ScopeSet::parse(*requested);
        if (!parsed)
            return fail(errc::InvalidScope, "scope is not a space-delimited list of scope-tokens");
        auto unknown = parsed->minus(client->allowedScopes);
        if (!unknown.empty())
            return fail(errc::InvalidScope, "scope not allowed for this client: " + unknown.toString());
        scope = *parsed;
    }
    if (scope.empty())
        return fail(errc::InvalidScope, "scope is required: this client has no default scope");

    PendingAuthorization pending;
    pending.clientId = client->clientId;
    pending.redirectUri = redirectUri;
    pending.redirectUriInRequest = requestedRedirect.has_value();
    pending.scope = scope;
    pending.state = state;
    pending.loginHint = params.getNonEmpty("login_hint").value_or("");
    pending.responseType = implicit ? "token" : "code";
    pending.id = AuthorizationFlow::newTransactionId();

    auto challenge = params.getNonEmpty("code_challenge");
    auto methodName = params.getNonEmpty("code_challenge_method");
    if (!challenge)
    {
        if (methodName)
            return fail(errc::InvalidRequest, "code_challenge_method without code_challenge");
        if (client->pkceRequired && !implicit && !_state.quirk(Quirk::PkceNotRequired))
            return fail(errc::InvalidRequest, "code_challenge is required (PKCE, RFC 7636 section 4.4.1)");
    }
    else
    {
        auto method = methodName ? oauth::parsePkceMethod(*methodName) : oauth::PkceMethod::Plain;
        const bool unknownAsPlain = !method && _state.quirk(Quirk::UnknownPkceMethodAccepted);
        if (unknownAsPlain)
            method = oauth::PkceMethod::Plain;
        if (!method)
            return fail(errc::InvalidRequest, "unsupported code_challenge_method; use S256");
        if (*method == oauth::PkceMethod::Plain && !client->allowPlainPkce && !_state.quirk(Quirk::AcceptPlainPkce) &&
            !unknownAsPlain)
            return fail(errc::InvalidRequest, "code_challenge_method plain is not allowed; use S256 (RFC 7636 section 7.2)");
        if (!isWellFormedChallenge(*challenge, *method))
            return fail(errc::InvalidRequest, "code_challenge is malformed (RFC 7636 section 4.2)");
        pending.codeChallenge = *challenge;
        pending.challengeMethod = *method;
    }

    const std::string prompt = params.getNonEmpty("prompt").value_or("");
    if (client->autoApprove)
    {
        std::string username = client->autoApproveUser;
        if (username.empty() && _state.config().findUser(pending.loginHint))
            username = pending.loginHint;
        const UserConfig* user = username.empty() ? (_state.config().users.empty() ? nullptr : &_state.config().users.front())
                                                  : _state.config().findUser(username);
        if (!user)
            return fail(errc::AccessDenied, "auto-approve is on, but no user is configured");
        return _flow.redirect(_flow.successRedirectUrl(pending, *user));
    }
    if (prompt == "none")
        return fail(errc::LoginRequired, "prompt=none, and the user must log in");

    const std::int64_t now = _state.clock().now();
    pending.expiresAt = now + _state.config().lifetimes.loginTransaction;
    _state.pendingAuthorizations().add(pending, now);
    return _flow.loginPage(pending, "");
}

MockResponse LoginEndpoint::handle(const MockRequest& request)
{
    if (request.method != "POST")
        return _flow.errorPage(405, "Method not allowed", "The login form is submitted with POST.");
    oauth::FormData form;
    try
    {
        form = request.form();
    }
    catch (const oauth::FormDecodeError& e)
    {
        return _flow.errorPage(400, "Malformed login form", e.what());
    }
    const std::int64_t now = _state.clock().now();
    const std::string transaction = form.get("transaction").value_or("");
    auto pending = _state.pendingAuthorizations().peek(transaction, now);
    if (!pending)
        return _flow.errorPage(400, "Sign-in expired",
                               "This sign-in page is unknown, expired or already used. Start again from the application.");

    const int redirectStatus = _state.quirk(Quirk::Login307) ? 307 : 303;
    if (form.get("decision").value_or("") == "deny")
    {
        if (!_state.pendingAuthorizations().take(transaction, now))
            return _flow.errorPage(400, "Sign-in expired", "This sign-in page was already used.");
        return _flow.redirect(_flow.errorRedirectUrl(pending->redirectUri, pending->state, errc::AccessDenied,
                                                     "the user denied the request"),
                              redirectStatus);
    }
    const UserConfig* user = _state.config().findUser(form.get("username").value_or(""));
    // The form again, with the problem shown: 200, since a 401 would need WWW-Authenticate (RFC 9110 section 15.5.2).
    if (!user || !oauth::constantTimeEquals(form.get("password").value_or(""), user->password))
        return _flow.loginPage(*pending, "Wrong user name or password.");
    if (!_state.pendingAuthorizations().take(transaction, now))
        return _flow.errorPage(400, "Sign-in expired", "This sign-in page was already used.");
    return _flow.redirect(_flow.successRedirectUrl(*pending, *user), redirectStatus);
}

} // namespace mock
