#include "mock_server/AuthorizationFlow.h"

#include "mock_server/TokenService.h"

#include <oauth/Crypto.h>
#include <oauth/Encoding.h>
#include <oauth/Html.h>

#include <cctype>
#include <sstream>

namespace mock {
namespace {

/// Splits a loopback http URI into host and the rest, dropping a valid port; nullopt if not loopback.
std::optional<std::pair<std::string, std::string>> loopbackWithoutPort(const std::string& uri)
{
    const std::string prefix = "http://";
    if (uri.compare(0, prefix.size(), prefix) != 0)
        return std::nullopt;
    std::string rest = uri.substr(prefix.size());
    std::string host;
    if (rest.rfind("127.0.0.1", 0) == 0)
        host = "127.0.0.1";
    else if (rest.rfind("[::1]", 0) == 0)
        host = "[::1]";
    else
        return std::nullopt;
    rest = rest.substr(host.size());
    if (!rest.empty() && rest[0] == ':')
    {
        // A port is 1-65535 in decimal; anything else is not a loopback redirect URI.
        std::size_t end = 1;
        while (end < rest.size() && end <= 6 && std::isdigit(static_cast<unsigned char>(rest[end])))
            ++end;
        if (end == 1 || end > 6)
            return std::nullopt;
        const long port = std::stol(rest.substr(1, end - 1));
        if (port < 1 || port > 65535)
            return std::nullopt;
        rest = rest.substr(end);
    }
    if (!rest.empty() && rest[0] != '/' && rest[0] != '?')
        return std::nullopt;
    return std::make_pair(host, rest);
}

const char* kPageStyle =
    "body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d2330}"
    "h1{font-size:1.4rem}.box{border:1px solid #ccd;border-radius:8px;padding:1rem 1.25rem}"
    ".problem{background:#fde8e8;border:1px solid #e0a0a0;padding:.5rem .75rem;border-radius:6px}"
    "label{display:block;margin:.6rem 0 .2rem}input[type=text],input[type=password],select{width:100%;padding:.4rem;box-sizing:border-box}"
    "button{margin:1rem .5rem 0 0;padding:.5rem 1.2rem}code{background:#eef;padding:0 .2rem}";

/// RFC 3986 §4.3 absolute-URI: scheme ":" hier-part [ "?" query ], no fragment (the quirk
/// redirect-uri-unchecked accepts any of them).
bool isAbsoluteUri(const std::string& uri)
{
    const auto colon = uri.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == uri.size() || uri.find('#') != std::string::npos ||
        !std::isalpha(static_cast<unsigned char>(uri[0])))
        return false;
    for (std::size_t i = 1; i < colon; ++i)
        if (!std::isalnum(static_cast<unsigned char>(uri[i])) && uri[i] != '+' && uri[i] != '-' && uri[i] != '.')
            return false;
    return true;
}

} // namespace

bool AuthorizationFlow::redirectUriMatches(const ClientConfig& client, const std::string& requested) const
{
    if (_state.quirk(Quirk::RedirectUriUnchecked) && isAbsoluteUri(requested))
        return true;
    const bool anyLoopbackPort = !_state.quirk(Quirk::LoopbackPortExact);
    for (const auto& registered : client.redirectUris)
    {
        if (registered == requested)
            return true;
        auto a = loopbackWithoutPort(registered);
        auto b = loopbackWithoutPort(requested);
        if (anyLoopbackPort && a && b && *a == *b)
            return true;
        if (_state.quirk(Quirk::RedirectUriPrefixMatch) && requested.compare(0, registered.size(), registered) == 0)
            return true;
    }
    return false;
}

std::string AuthorizationFlow::appendParams(const std::string& uri,
                                            const std::vector<std::pair<std::string, std::string>>& params) const
{
    std::string out = uri;
    char sep = uri.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [name, value] : params)
    {
        out += sep;
        out += oauth::formUrlEncode(name) + "=" + oauth::formUrlEncode(value);
        sep = '&';
    }
    return out;
}

GrantRecord AuthorizationFlow::newGrant(const PendingAuthorization& request, const UserConfig& user)
{
    const std::int64_t now = _state.clock().now();
    GrantRecord grant;
    grant.id = newRecordId();
    grant.clientId = request.clientId;
    grant.subject = user.subject;
    grant.username = user.username;
    grant.scope = request.scope;
    grant.createdAt = now;
    grant.refreshExpiresAt = now + _state.config().lifetimes.refreshToken;
    _state.grants().addGrant(grant);
    return grant;
}

std::string AuthorizationFlow::issueCode(const PendingAuthorization& request, const UserConfig& user)
{
    const std::int64_t now = _state.clock().now();
    const Lifetimes& lifetimes = _state.config().lifetimes;
    const GrantRecord grant = newGrant(request, user);

    CodeRecord code;
    code.code = oauth::randomToken(32);
    code.grantId = grant.id;
    code.clientId = request.clientId;
    code.redirectUri = request.redirectUri;
    code.redirectUriInRequest = request.redirectUriInRequest;
    code.scope = request.scope;
    code.subject = user.subject;
    code.username = user.username;
    code.codeChallenge = request.codeChallenge;
    code.challengeMethod = request.challengeMethod;
    code.expiresAt = now + (_state.quirk(Quirk::CodeLongLived) ? 86400 : lifetimes.authorizationCode);
    _state.grants().addCode(code);

    std::vector<std::pair<std::string, std::string>> params = {{"code", code.code}};
    if (request.state && !_state.quirk(Quirk::NoStateEcho))
        params.emplace_back("state", *request.state);
    if (!request.codeChallenge.empty() && _state.quirk(Quirk::EchoCodeChallenge))
        params.emplace_back("code_challenge", request.codeChallenge);
    if (!_state.quirk(Quirk::NoIss))
        params.emplace_back("iss", _state.issuer());
    return appendParams(request.redirectUri, params);
}

std::string AuthorizationFlow::newTransactionId()
{
    return oauth::randomToken(24);
}

std::string AuthorizationFlow::successRedirectUrl(const PendingAuthorization& request, const UserConfig& user)
{
    if (request.responseType != "token" || !_state.quirk(Quirk::ImplicitGrantEnabled))
        return issueCode(request, user);
    const AccessTokenRecord access = TokenService(_state).mintAccessToken(newGrant(request, user), request.scope);
    oauth::FormData fragment;
    fragment.add("access_token", access.token);
    fragment.add("token_type", "Bearer");
    fragment.add("expires_in", std::to_string(access.expiresAt - access.issuedAt));
    fragment.add("scope", access.scope.toString());
    if (request.state && !_state.quirk(Quirk::NoStateEcho))
        fragment.add("state", *request.state);
    if (!_state.quirk(Quirk::NoIss))
        fragment.add("iss", _state.issuer());
    return request.redirectUri + "#" + fragment.encode();
}

std::string AuthorizationFlow::errorRedirectUrl(const std::string& redirectUri, const std::optional<std::string>& state,
                                                const std::string& error, const std::string& description) const
{
    std::vector<std::pair<std::string, std::string>> params = {{"error", error}};
    if (!description.empty())
        params.emplace_back("error_description", description);
    if (state && !_state.quirk(Quirk::NoStateEcho))
        params.emplace_back("state", *state);
    if (!_state.quirk(Quirk::NoIss))
        params.emplace_back("iss", _state.issuer());
    return appendParams(redirectUri, params);
}

MockResponse AuthorizationFlow::redirect(const std::string& url, int status) const
{
    MockResponse r = MockResponse::redirect(status, url);
    r.headers.set("Cache-Control", "no-store");
    if (!_state.quirk(Quirk::NoReferrerPolicy))
        r.headers.set("Referrer-Policy", "no-referrer");
    return r;
}

void AuthorizationFlow::applyPageHeaders(MockResponse& response) const
{
    if (!_state.quirk(Quirk::NoFrameProtection))
    {
        response.headers.set("Content-Security-Policy",
                             "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
        response.headers.set("X-Frame-Options", "DENY");
    }
    if (!_state.quirk(Quirk::NoReferrerPolicy))
        response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("X-Content-Type-Options", "nosniff");
    response.headers.set("Cache-Control", "no-store");
}

MockResponse AuthorizationFlow::errorPage(int status, const std::string& title, const std::string& detail) const
{
    std::ostringstream html;
    html << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << oauth::htmlEscape(title)
         << "</title><style>" << kPageStyle << "</style></head><body><h1>" << oauth::htmlEscape(title)
         << "</h1><p class=\"problem\" id=\"error\">" << oauth::htmlEscape(detail)
         << "</p><p>The application that sent you here is misconfigured; you were not redirected back to it.</p>"
            "</body></html>";
    MockResponse r = MockResponse::html(status, html.str());
    applyPageHeaders(r);
    return r;
}

MockResponse AuthorizationFlow::loginPage(const PendingAuthorization& pending, const std::string& problem, int status) const
{
    std::ostringstream html;
    html << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in - oauth-mock-server</title>"
         << "<style>" << kPageStyle << "</style></head><body><h1>Sign in to continue</h1><div class=\"box\">"
         << "<p>The application <code id=\"client\">" << oauth::htmlEscape(pending.clientId)
         << "</code> asks for access to:</p><ul id=\"scopes\">";
    for (const auto& scope : pending.scope.tokens())
        html << "<li><code>" << oauth::htmlEscape(scope) << "</code></li>";
    html << "</ul>";
    if (!problem.empty())
        html << "<p class=\"problem\" id=\"problem\" role=\"alert\">" << oauth::htmlEscape(problem) << "</p>";
    html << "<form method=\"post\" action=\"login\" id=\"login\">"
         << "<input type=\"hidden\" name=\"transaction\" value=\"" << oauth::htmlEscape(pending.id) << "\">"
         << "<label for=\"username\">User</label><input type=\"text\" id=\"username\" name=\"username\" "
         << "autocomplete=\"username\" list=\"users\" value=\"" << oauth::htmlEscape(pending.loginHint) << "\">"
         << "<datalist id=\"users\">";
    for (const auto& user : _state.config().users)
        html << "<option value=\"" << oauth::htmlEscape(user.username) << "\">" << oauth::htmlEscape(user.displayName)
             << "</option>";
    html << "</datalist><label for=\"password\">Password</label>"
         << "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">"
         << "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Sign in and allow</button>"
         << "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\" formnovalidate>Deny</button>"
         << "</form></div><p><small>oauth-mock-server: a mock authorization server for development and tests."
         << "</small></p></body></html>";
    MockResponse r = MockResponse::html(status, html.str());
    applyPageHeaders(r);
    return r;
}

} // namespace mock
