#include "conformance/UserAgent.h"

#include <oauth/WwwAuthenticate.h>

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>

namespace conformance {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::string trim(const std::string& s)
{
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return "";
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

bool startsWith(const std::string& s, const std::string& prefix)
{
    return !prefix.empty() && s.compare(0, prefix.size(), prefix) == 0;
}

/// Scheme, host and port of an http(s) URL; nullopt for anything else.
struct Origin
{
    std::string scheme;
    std::string host; ///< lower case, no brackets
    unsigned short port = 0;

    std::string toString() const
    {
        std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        bool defaultPort = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
        return scheme + "://" + h + (defaultPort ? "" : ":" + std::to_string(port));
    }
};

std::optional<Origin> originOf(const std::string& url)
{
    try
    {
        Poco::URI uri(url);
        Origin o;
        o.scheme = lower(uri.getScheme());
        if (o.scheme != "http" && o.scheme != "https")
            return std::nullopt;
        o.host = lower(uri.getHost());
        o.port = uri.getPort();
        if (o.host.empty())
            return std::nullopt;
        return o;
    }
    catch (const Poco::Exception&)
    {
        return std::nullopt;
    }
}

/// The query component of a URL (between '?' and '#'), "" if none.
std::string queryOf(const std::string& url)
{
    auto hash = url.find('#');
    std::string noFragment = url.substr(0, hash);
    auto q = noFragment.find('?');
    return q == std::string::npos ? "" : noFragment.substr(q + 1);
}

/// The URL without query and fragment.
std::string withoutQuery(const std::string& url)
{
    return url.substr(0, url.find_first_of("?#"));
}

/// The href of the first <a> whose href contains `needle`, or "".
std::string findLink(const std::string& html, const std::string& needle)
{
    for (const auto& href : parseLinks(html))
        if (href.find(needle) != std::string::npos)
            return href;
    return "";
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isHtml(const HttpExchange& ex)
{
    const std::string type = lower(headerValue(ex.responseHeaders, "Content-Type"));
    if (type.find("text/html") != std::string::npos || type.find("application/xhtml+xml") != std::string::npos)
        return true;
    if (!type.empty())
        return false;
    const std::string body = lower(ex.responseBody.substr(0, 64 * 1024));
    return body.find("<form") != std::string::npos || body.find("<html") != std::string::npos;
}

const FormControl* findButton(const HtmlForm& form, const std::string& name, const std::string& value)
{
    for (const auto& c : form.controls)
        if ((c.tag == "button" || c.tag == "input") && c.type == "submit" && c.name == name && c.value == value)
            return &c;
    return nullptr;
}

/// The form's successful controls without its submit buttons, in document order.
oauth::FormData fieldsOf(const HtmlForm& form)
{
    oauth::FormData data;
    for (const auto& c : form.controls)
        if (!c.name.empty() && !((c.tag == "button" || c.tag == "input") && c.type == "submit"))
            data.add(c.name, c.value);
    return data;
}

void setField(oauth::FormData& data, const std::string& name, const std::string& value)
{
    if (!name.empty())
        data.set(name, value);
}

} // namespace

std::string UserAgent::cookieHeader(const std::string& host) const
{
    auto it = _cookies.find(lower(host));
    if (it == _cookies.end())
        return "";
    std::string out;
    for (const auto& [name, value] : it->second)
    {
        if (!out.empty())
            out += "; ";
        out += name + "=" + value;
    }
    return out;
}

void UserAgent::storeCookies(const std::string& host, const HttpExchange& exchange)
{
    // RFC 6265 §5.2, loosely: name=value, Max-Age and Expires may delete; Path and Domain are
    // not enforced (the cookie goes back to the host that set it, on every path).
    for (const auto& [headerName, header] : exchange.responseHeaders)
    {
        if (!oauth::equalsIgnoreCase(headerName, "Set-Cookie"))
            continue;
        auto semi = header.find(';');
        std::string pair = header.substr(0, semi);
        auto eq = pair.find('=');
        if (eq == std::string::npos)
            continue;
        std::string name = trim(pair.substr(0, eq));
        std::string value = trim(pair.substr(eq + 1));
        if (name.empty())
            continue;
        bool expired = false;
        std::string attrs = semi == std::string::npos ? "" : header.substr(semi + 1);
        std::size_t start = 0;
        while (start <= attrs.size())
        {
            auto end = attrs.find(';', start);
            if (end == std::string::npos)
                end = attrs.size();
            std::string attr = trim(attrs.substr(start, end - start));
            start = end + 1;
            auto aeq = attr.find('=');
            std::string aname = lower(trim(attr.substr(0, aeq)));
            std::string avalue = aeq == std::string::npos ? "" : trim(attr.substr(aeq + 1));
            if (aname == "max-age")
            {
                try
                {
                    expired = std::stoll(avalue) <= 0;
                }
                catch (const std::exception&)
                {
                }
            }
            else if (aname == "expires")
            {
                Poco::DateTime when;
                int tzd = 0;
                if (Poco::DateTimeParser::tryParse(avalue, when, tzd))
                {
                    when.makeUTC(tzd);
                    expired = when < Poco::DateTime();
                }
            }
        }
        auto& jar = _cookies[lower(host)];
        if (expired)
            jar.erase(name);
        else
            jar[name] = value;
    }
}

AuthorizationResult UserAgent::authorize(const std::string& authorizationUrl, const std::string& redirectUriPrefix,
                                         bool approve, const std::string& method)
{
    AuthorizationResult result;
    HttpRequestSpec request;
    if (upper(method) == "POST")
    {
        // RFC 6749 §3.1: the parameters as a form body instead of the query.
        request.method = "POST";
        request.url = withoutQuery(authorizationUrl);
        request.body = queryOf(authorizationUrl);
        request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    else
    {
        request.method = "GET";
        request.url = authorizationUrl;
    }

    auto reachedRedirectUri = [&](const std::string& url, const oauth::FormData* formFields) {
        result.redirected = true;
        result.location = url;
        try
        {
            result.params = oauth::FormData::parse(queryOf(url));
            // Implicit-style responses (and their errors) travel in the fragment (RFC 6749 §4.2.2).
            auto hash = url.find('#');
            if (hash != std::string::npos)
            {
                const oauth::FormData fragment = oauth::FormData::parse(url.substr(hash + 1));
                for (const auto& [name, value] : fragment.pairs())
                    result.params.add(name, value);
            }
        }
        catch (const oauth::FormDecodeError& e)
        {
            result.error = std::string("the redirect URI's query or fragment is not valid form encoding: ") + e.what();
        }
        if (formFields)
            for (const auto& [name, value] : formFields->pairs())
                result.params.add(name, value);
        return result;
    };

    const auto serverOrigin = originOf(request.url);
    auto mayFollow = [&](const Origin& o) {
        bool sameOrigin = serverOrigin && o.scheme == serverOrigin->scheme && o.host == serverOrigin->host &&
                          o.port == serverOrigin->port;
        return sameOrigin || std::find(_recipe.followHosts.begin(), _recipe.followHosts.end(), o.host) != _recipe.followHosts.end();
    };

    const std::string& usernameField = _recipe.usernameField;
    const std::string& passwordField = _recipe.passwordField;
    const std::string& choiceName = approve ? _recipe.approveName : _recipe.denyName;
    const std::string& choiceValue = approve ? _recipe.approveValue : _recipe.denyValue;
    const int maxSteps = std::max(1, _recipe.maxSteps);
    bool sawHtml = false;
    bool passwordSent = false;
    bool requestCarriesPassword = false;

    for (int step = 0; step < maxSteps; ++step)
    {
        const auto origin = originOf(request.url);
        const std::string host = origin ? origin->host : "";
        request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                             [](const auto& h) { return oauth::equalsIgnoreCase(h.first, "Cookie"); }),
                              request.headers.end());
        const std::string cookies = cookieHeader(host);
        if (!cookies.empty())
            request.headers.emplace_back("Cookie", cookies);
        const bool carriesPassword = requestCarriesPassword;
        requestCarriesPassword = false;

        HttpExchange ex = _client.send(request);
        result.exchanges.push_back(ex);
        result.finalStatus = ex.status;
        result.finalBody = ex.responseBody;
        if (!ex.error.empty())
        {
            result.error = ex.error;
            return result;
        }
        storeCookies(host, ex);
        if (carriesPassword && result.loginResponseStatus == 0)
            result.loginResponseStatus = ex.status;

        if (isRedirect(ex.status))
        {
            const std::string location = trim(headerValue(ex.responseHeaders, "Location"));
            if (location.empty())
                return result; // a redirect without Location: the server's problem, recorded as is
            const std::string target = resolveUrl(request.url, location);
            if (startsWith(target, redirectUriPrefix))
                return reachedRedirectUri(target, nullptr);
            const auto targetOrigin = originOf(target);
            if (!targetOrigin)
            {
                result.location = target; // somewhere a browser cannot follow (another scheme)
                return result;
            }
            if (!mayFollow(*targetOrigin))
            {
                // Off the authorization server to a host nobody vouched for (e.g. a redirect URI the
                // server should have refused): record where it pointed, never request it.
                result.location = target;
                result.leftServer = true;
                return result;
            }
            request = HttpRequestSpec();
            request.method = "GET";
            request.url = target;
            continue;
        }

        if (ex.status != 200 || !isHtml(ex))
            return result; // an error page, JSON, …: the server's answer, for the checks to judge

        if (!sawHtml)
        {
            result.loginPageHeaders = ex.responseHeaders;
            sawHtml = true;
        }
        const std::vector<HtmlForm> forms = parseForms(ex.responseBody);

        // Form post response mode: a self-submitting form to the redirect URI.
        for (const auto& form : forms)
        {
            const std::string action = resolveUrl(request.url, form.action);
            if (startsWith(action, redirectUriPrefix))
            {
                oauth::FormData fields = fieldsOf(form);
                return reachedRedirectUri(action, &fields);
            }
        }

        const HtmlForm* chosen = nullptr;
        bool isLogin = false;
        for (const auto& form : forms)
            if (form.hasControl(usernameField) || form.hasControl(passwordField))
            {
                chosen = &form;
                isLogin = true;
                break;
            }
        // Some consent pages deny with a link, not a button (e.g. oidc-provider's "Cancel"); then no
        // button is a denial (an unnamed button would match an empty deny name and approve instead).
        const bool denyByLink = !approve && !_recipe.denyLink.empty();
        if (!chosen && !denyByLink)
            for (const auto& form : forms)
                if (findButton(form, choiceName, choiceValue))
                {
                    chosen = &form;
                    break;
                }
        if (!chosen && denyByLink)
        {
            const std::string href = findLink(ex.responseBody, _recipe.denyLink);
            if (href.empty())
            {
                result.error = "HTML page without a deny link (no <a href> containing \"" + _recipe.denyLink + "\")";
                return result;
            }
            request = HttpRequestSpec();
            request.method = "GET";
            request.url = resolveUrl(ex.url, href);
            const auto linkOrigin = originOf(request.url);
            if (!linkOrigin || !mayFollow(*linkOrigin))
            {
                result.error = "the deny link points off the authorization server: " + request.url;
                return result;
            }
            continue;
        }
        if (!chosen)
        {
            result.error = forms.empty() ? "HTML page without a form (expected a login or consent page)"
                                         : "HTML page without a usable form: no field \"" + usernameField +
                                               "\" and no button " + choiceName + "=" + choiceValue;
            return result;
        }

        oauth::FormData fields = fieldsOf(*chosen);
        if (isLogin)
        {
            result.sawLoginPage = true;
            if (passwordSent && chosen->hasControl(passwordField))
                return result; // the login page again: the credentials were refused
            if (chosen->hasControl(usernameField) && !_recipe.username.empty())
                setField(fields, usernameField, _recipe.username);
            if (chosen->hasControl(passwordField))
            {
                setField(fields, passwordField, _recipe.password);
                passwordSent = true;
                requestCarriesPassword = true;
            }
        }
        for (const auto& [name, value] : _recipe.extraFields)
            setField(fields, name, value);
        const FormControl* button = findButton(*chosen, choiceName, choiceValue);
        if (!button && isLogin)
        {
            auto buttons = chosen->submitButtons();
            if (!buttons.empty())
                button = &*std::find_if(chosen->controls.begin(), chosen->controls.end(), [](const FormControl& c) {
                    return (c.tag == "button" || c.tag == "input") && c.type == "submit";
                });
        }
        if (button && !button->name.empty())
            fields.add(button->name, button->value);

        const std::string action = resolveUrl(request.url, chosen->action);
        const std::string pageOrigin = origin ? origin->toString() : "";
        HttpRequestSpec next;
        if (chosen->method == "POST")
        {
            next.method = "POST";
            next.url = action.substr(0, action.find('#'));
            next.body = fields.encode();
            next.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        }
        else
        {
            next.method = "GET";
            next.url = withoutQuery(action) + "?" + fields.encode();
        }
        if (!pageOrigin.empty() && next.method == "POST")
            next.headers.emplace_back("Origin", pageOrigin);
        const auto actionOrigin = originOf(next.url);
        if (!actionOrigin)
        {
            result.error = "the form's action is not an http(s) URL: " + next.url;
            return result;
        }
        if (!mayFollow(*actionOrigin))
        {
            result.location = next.url;
            result.leftServer = true;
            result.error = "the login form posts to another host (" + actionOrigin->toString() +
                           "); list it in the target profile's login.follow_hosts";
            return result;
        }
        request = next;
    }

    result.error = "stopped after " + std::to_string(maxSteps) +
                   " requests without reaching the redirect URI (a redirect or form loop?)";
    return result;
}

} // namespace conformance
