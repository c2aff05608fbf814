#include "conformance/CaseExecution.h"

#include "conformance/Checks.h"
#include "conformance/Matcher.h"
#include "conformance/RedirectUriParts.h"

#include <oauth/Crypto.h>
#include <oauth/Encoding.h>
#include <oauth/JsonReader.h>
#include <oauth/Pkce.h>
#include <oauth/Redaction.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

namespace conformance {
namespace {

std::string str(const rapidjson::Value& p, const char* name, const std::string& fallback = "")
{
    auto it = p.FindMember(name);
    return it != p.MemberEnd() && it->value.IsString() ? it->value.GetString() : fallback;
}

const rapidjson::Value* member(const rapidjson::Value& p, const char* name)
{
    auto it = p.FindMember(name);
    return it == p.MemberEnd() ? nullptr : &it->value;
}

bool isSecretVariable(const std::string& name)
{
    return name.find("token") != std::string::npos || name.find("code") != std::string::npos ||
           name.find("verifier") != std::string::npos || name.find("secret") != std::string::npos ||
           name.find("challenge") != std::string::npos;
}

/// Keeps report lines readable; applied only after scrub() so no secret survives half-cut.
std::string shorten(const std::string& text, std::size_t limit = 300)
{
    return text.size() > limit ? text.substr(0, limit) + "…" : text;
}

std::string stripQuery(const std::string& url)
{
    return url.substr(0, url.find_first_of("?#"));
}

} // namespace

CaseExecution::CaseExecution(Target& target, const HttpClient& http, const Scenario& scenario, Level level,
                             std::vector<std::string> mockQuirks)
    : _target(target),
      _http(http),
      _scenario(scenario),
      _level(level),
      _mockQuirks(std::move(mockQuirks)),
      _browser(http, target.login)
{
    _vars["issuer"] = target.issuer;
    for (const auto& [name, c] : target.clients)
    {
        _vars["client." + name + ".id"] = c.clientId;
        _vars["client." + name + ".secret"] = c.clientSecret;
        _vars["client." + name + ".redirect_uri"] = c.redirectUri;
        _vars["client." + name + ".scope"] = c.scope;
        for (const auto& [part, value] : redirectUriParts(c.redirectUri))
            _vars["client." + name + ".redirect_uri." + part] = value;
        remember(c.clientSecret);
    }
    _vars["resource.url"] = target.resource.url;
    _vars["resource.scope"] = target.resource.scope;
    _vars["resource.other_scope"] = target.resource.otherScope;
    _vars["timing.code_lifetime_seconds"] = std::to_string(target.codeLifetimeSeconds);
    _vars["timing.access_token_lifetime_seconds"] = std::to_string(target.accessTokenLifetimeSeconds);
    if (target.refreshIdleSeconds > 0)
        _vars["timing.refresh_idle_seconds"] = std::to_string(target.refreshIdleSeconds);
    _vars["user.username"] = target.login.username;
    _vars["user.password"] = target.login.password; // remembered below, so it is redacted wherever it shows
    remember(target.login.password);
    remember(target.adminToken);
}

void CaseExecution::remember(const std::string& secret)
{
    if (secret.size() >= 4)
        _secrets.insert(secret);
}

std::string CaseExecution::scrub(const std::string& text) const
{
    // Longest first, so a secret that is a prefix of another cannot leave part of it readable.
    std::vector<std::string> secrets(_secrets.begin(), _secrets.end());
    std::sort(secrets.begin(), secrets.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    std::string out = text;
    for (const auto& secret : secrets)
        for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at))
        {
            std::string replacement = oauth::redactValue(secret);
            out.replace(at, secret.size(), replacement);
            at += replacement.size();
        }
    return out;
}

std::vector<HttpExchange> CaseExecution::exchanges() const
{
    std::vector<HttpExchange> out;
    for (const auto& e : _exchanges)
    {
        HttpExchange r = redactExchange(e);
        r.url = scrub(r.url);
        r.requestBody = scrub(r.requestBody);
        r.responseBody = scrub(r.responseBody);
        for (auto& h : r.requestHeaders)
            h.second = scrub(h.second);
        for (auto& h : r.responseHeaders)
            h.second = scrub(h.second);
        out.push_back(std::move(r));
    }
    return out;
}

std::string CaseExecution::prepare()
{
    if (!_target.controlUrl.empty())
    {
        std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
        if (!_target.adminToken.empty())
            headers.emplace_back("X-Mock-Admin-Token", _target.adminToken);
        HttpExchange reset = _http.send({"POST", _target.controlUrl + "/reset", headers, "{}"});
        if (reset.status != 200)
        {
            _exchanges.push_back(reset);
            return "cannot reset the mock through its control API: " + (reset.error.empty() ? "status " + std::to_string(reset.status) : reset.error);
        }
        if (!_mockQuirks.empty())
        {
            std::string body = "{\"enable\":[";
            for (std::size_t i = 0; i < _mockQuirks.size(); ++i)
                body += (i ? ",\"" : "\"") + _mockQuirks[i] + "\"";
            HttpExchange q = _http.send({"POST", _target.controlUrl + "/quirks", headers, body + "]}"});
            if (q.status != 200)
            {
                _exchanges.push_back(q);
                return "cannot enable the mock quirks: " + (q.error.empty() ? q.responseBody : q.error);
            }
        }
        _target.metadata.reset(); // quirks may change the metadata: discover again
    }
    if (!_target.metadata)
    {
        HttpExchange ex = _target.discover(_http);
        if (!_target.metadata)
        {
            _exchanges.push_back(ex); // the report shows what the failed discovery got
            return "RFC 8414 discovery failed at " + _target.metadataUrl + ": " + _target.metadataError;
        }
    }
    return "";
}

std::string CaseExecution::substitute(const std::string& text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size())
    {
        std::size_t start = text.find("${", i);
        if (start == std::string::npos)
        {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, start - i);
        std::size_t end = text.find('}', start);
        if (end == std::string::npos)
            throw UnresolvedVariable("unterminated ${ in \"" + text + "\"");
        std::string name = text.substr(start + 2, end - start - 2);
        if (name == "fresh_verifier")
            out += oauth::generatePkcePair().verifier;
        else if (name == "random")
            out += oauth::randomToken(16);
        else if (name.rfind("random:", 0) == 0)
        {
            // N random bytes; anything but 1..65536 digits-only is a scenario error, not a crash (std::stoi throws).
            const std::string digits = name.substr(7);
            if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos ||
                std::stoi(digits) < 1 || std::stoi(digits) > 65536)
                throw UnresolvedVariable("${" + name + "}: expected ${random} or ${random:N} with N from 1 to 65536");
            out += oauth::randomToken(std::stoi(digits));
        }
        else if (name.rfind("metadata.", 0) == 0)
            out += _target.metadataString(name.substr(9));
        else
        {
            auto it = _vars.find(name);
            if (it == _vars.end())
                throw UnresolvedVariable("variable ${" + name + "} is not set (no earlier step captured it)");
            out += it->second;
        }
        i = end + 1;
    }
    return out;
}

void CaseExecution::applyParams(oauth::FormData& form, const rapidjson::Value& params)
{
    for (auto it = params.MemberBegin(); it != params.MemberEnd(); ++it)
    {
        std::string name = it->name.GetString();
        if (it->value.IsNull())
            form.remove(name);
        else if (it->value.IsArray())
        {
            form.remove(name);
            for (const auto& v : it->value.GetArray())
                form.add(name, v.IsString() ? substitute(v.GetString()) : "");
        }
        else if (it->value.IsString())
            form.set(name, substitute(it->value.GetString()));
        else if (it->value.IsInt64())
            form.set(name, std::to_string(it->value.GetInt64()));
    }
}

const ClientRole& CaseExecution::role(const rapidjson::Value& params, const std::string& fallback)
{
    std::string name = str(params, "client", fallback);
    const ClientRole* c = _target.client(name);
    if (!c)
        throw UnresolvedVariable("the target profile has no client for the role \"" + name + "\"");
    return *c;
}

std::string CaseExecution::endpoint(const std::string& memberName)
{
    std::string url = _target.metadataString(memberName);
    if (url.empty())
        throw UnresolvedVariable("the metadata has no " + memberName);
    return url;
}

void CaseExecution::applyClientAuth(const ClientRole& client, const std::string& mode, oauth::FormData& form,
                                    HttpRequestSpec& request)
{
    std::string how = mode.empty() || mode == "default" ? client.authMethod : mode;
    std::string secret = client.clientSecret;
    if (how.rfind("wrong-secret", 0) == 0)
    {
        secret += "-wrong";
        how = how == "wrong-secret" ? (client.authMethod == "none" ? "client_secret_basic" : client.authMethod)
                                    : how == "wrong-secret-post" ? "client_secret_post" : "client_secret_basic";
    }
    auto basic = [&] {
        request.headers.emplace_back("Authorization", "Basic " + oauth::base64Encode(oauth::formUrlEncode(client.clientId) +
                                                                                    ":" + oauth::formUrlEncode(secret)));
    };
    if (how == "client_secret_basic" || how == "basic")
        basic();
    else if (how == "client_secret_post" || how == "post")
    {
        form.set("client_id", client.clientId);
        form.set("client_secret", secret);
    }
    else if (how == "none")
        form.set("client_id", client.clientId);
    else if (how == "basic+post")
    {
        basic();
        form.set("client_secret", secret);
    }
    else if (how == "query-secret")
        request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + std::string("client_id=") +
                       oauth::formUrlEncode(client.clientId) + "&client_secret=" + oauth::formUrlEncode(secret);
    else if (how != "omit")
        throw UnresolvedVariable("unknown auth mode \"" + how + "\"");
}

Observation CaseExecution::send(const Step& step, const HttpRequestSpec& request)
{
    Observation o;
    if (step.parallel > 0)
    {
        std::vector<std::future<HttpExchange>> futures;
        for (int i = 0; i < step.parallel; ++i)
            futures.push_back(std::async(std::launch::async, [&] { return _http.send(request); }));
        for (auto& f : futures)
        {
            o.exchanges.push_back(f.get());
            o.statuses.push_back(o.exchanges.back().status);
        }
    }
    else
        for (int i = 0; i < step.repeat; ++i)
        {
            o.exchanges.push_back(_http.send(request));
            o.statuses.push_back(o.exchanges.back().status);
        }
    o.exchange = o.exchanges.back();
    // For parallel requests the interesting one is a success if any: it carries the tokens.
    for (const auto& e : o.exchanges)
        if (step.parallel > 0 && e.status == 200)
            o.exchange = e;
    return o;
}

Observation CaseExecution::authorize(const rapidjson::Value& p)
{
    const ClientRole& client = role(p, "public");
    std::string pkce = str(p, "pkce", "S256");
    oauth::PkcePair pair = oauth::generatePkcePair(pkce == "plain" || pkce == "plain-default" ? oauth::PkceMethod::Plain
                                                                                             : oauth::PkceMethod::S256);
    std::string state = oauth::randomToken(32);
    oauth::FormData q;
    q.add("response_type", "code");
    q.add("client_id", client.clientId);
    std::string redirectUri = p.HasMember("redirect_uri") ? substitute(str(p, "redirect_uri")) : client.redirectUri;
    if (!redirectUri.empty())
        q.add("redirect_uri", redirectUri);
    if (!client.scope.empty())
        q.add("scope", client.scope);
    q.add("state", state);
    if (pkce != "none")
    {
        q.add("code_challenge", pair.challenge);
        if (pkce != "plain-default")
            q.add("code_challenge_method", oauth::pkceMethodName(pair.method));
    }
    if (const rapidjson::Value* params = member(p, "params"))
        applyParams(q, *params);

    _vars["state"] = q.get("state").value_or("");
    _vars["redirect_uri"] = q.get("redirect_uri").value_or(client.redirectUri);
    _vars.erase("code_verifier");
    _vars.erase("code"); // set again by autoSave if this redirect carries one
    if (pkce != "none")
    {
        _vars["code_verifier"] = pair.verifier;
        _vars["code_challenge"] = pair.challenge;
        remember(pair.verifier);
        remember(pair.challenge);
    }

    std::string base = endpoint("authorization_endpoint");
    std::string method = str(p, "method", "GET");
    std::string url = method == "POST" ? base : base + (base.find('?') == std::string::npos ? "?" : "&") + q.encode();
    if (method == "POST")
        url += "?" + q.encode(); // the UserAgent moves the query into the form body for POST

    LoginRecipe recipe = _target.login;
    if (str(p, "login") == "wrong-password")
        recipe.password += "-wrong";
    UserAgent browser(_http, recipe);
    // The harness listens nowhere: reaching the requested (or registered) redirect URI ends the flow.
    std::string prefix = stripQuery(p.HasMember("redirect_uri") ? redirectUri : client.redirectUri);
    Observation o;
    o.authorization = browser.authorize(url, prefix, str(p, "consent", "approve") != "deny", method);
    o.exchanges = o.authorization->exchanges;
    if (!o.exchanges.empty())
        o.exchange = o.exchanges.back();
    return o;
}

Observation CaseExecution::tokenStyle(const Step& step, const std::string& endpointMember, oauth::FormData defaults)
{
    const rapidjson::Value& p = *step.params;
    const ClientRole& client = role(p, "public");
    HttpRequestSpec request;
    request.method = str(p, "method", "POST");
    request.url = endpoint(endpointMember);
    if (const rapidjson::Value* params = member(p, "params"))
        applyParams(defaults, *params);
    applyClientAuth(client, str(p, "auth", "default"), defaults, request);
    if (const rapidjson::Value* query = member(p, "query"))
    {
        oauth::FormData extra;
        applyParams(extra, *query);
        request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + extra.encode();
    }
    if (const rapidjson::Value* headers = member(p, "headers"))
        for (auto it = headers->MemberBegin(); it != headers->MemberEnd(); ++it)
            if (it->value.IsString())
                request.headers.emplace_back(it->name.GetString(), substitute(it->value.GetString()));
    std::string contentType = str(p, "content_type", "application/x-www-form-urlencoded");
    if (p.HasMember("body"))
        request.body = substitute(str(p, "body"));
    else if (request.method == "GET")
        request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + defaults.encode();
    else if (contentType == "application/json")
    {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
        w.StartObject();
        for (const auto& [name, value] : defaults.pairs())
        {
            w.Key(name.c_str());
            w.String(value.c_str());
        }
        w.EndObject();
        request.body = buffer.GetString();
    }
    else
        request.body = defaults.encode();
    if (request.method != "GET" && !contentType.empty())
        request.headers.emplace_back("Content-Type", contentType);
    return send(step, request);
}

Observation CaseExecution::api(const Step& step)
{
    const rapidjson::Value& p = *step.params;
    std::string how = str(p, "how", "header");
    std::string token = how == "none" ? "" : substitute(str(p, "token", "${access_token}"));
    std::string path = str(p, "path", "resource");
    HttpRequestSpec request;
    request.url = path == "resource" ? _target.resource.url
                  : path == "other_scope" ? _target.resource.otherScopeUrl
                  : path == "write" ? _target.resource.writeUrl
                  : resolveUrl(_target.resource.url, substitute(path));
    if (request.url.empty())
        throw UnresolvedVariable("the target profile names no resource URL for \"" + path + "\"");
    bool bodyToken = how == "body" || how == "header+body";
    request.method = str(p, "method", bodyToken ? "POST" : "GET");
    if (how == "header" || how == "header+query" || how == "header+body")
        request.headers.emplace_back("Authorization", "Bearer " + token);
    else if (how == "header-lowercase")
        request.headers.emplace_back("Authorization", "bearer " + token);
    if (how == "query" || how == "header+query")
        request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + std::string("access_token=") +
                       oauth::formUrlEncode(token);
    if (bodyToken)
    {
        request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        request.body = "access_token=" + oauth::formUrlEncode(token);
    }
    else if (p.HasMember("body"))
    {
        request.headers.emplace_back("Content-Type", str(p, "content_type", "application/json"));
        request.body = substitute(str(p, "body"));
    }
    if (const rapidjson::Value* headers = member(p, "headers"))
        for (auto it = headers->MemberBegin(); it != headers->MemberEnd(); ++it)
            if (it->value.IsString())
                request.headers.emplace_back(it->name.GetString(), substitute(it->value.GetString()));
    return send(step, request);
}

Observation CaseExecution::rawHttp(const Step& step)
{
    const rapidjson::Value& p = *step.params;
    HttpRequestSpec request;
    request.method = str(p, "method", "GET");
    request.url = resolveUrl(_target.issuer + "/", substitute(str(p, "url", _target.metadataUrl)));
    if (const rapidjson::Value* headers = member(p, "headers"))
        for (auto it = headers->MemberBegin(); it != headers->MemberEnd(); ++it)
            if (it->value.IsString())
                request.headers.emplace_back(it->name.GetString(), substitute(it->value.GetString()));
    request.body = substitute(str(p, "body"));
    return send(step, request);
}

Observation CaseExecution::advanceClock(const rapidjson::Value& p)
{
    std::int64_t seconds = 0;
    if (p.HasMember("advance") && p["advance"].IsInt64())
        seconds = p["advance"].GetInt64();
    else if (p.HasMember("advance") && p["advance"].IsString())
    {
        // "${expires_in}", "${expires_in}+5" or "${timing.refresh_idle_seconds}-30": a value plus or
        // minus an optional constant.
        std::string text = substitute(p["advance"].GetString());
        std::size_t sign = text.find_first_of("+-", 1);
        try
        {
            std::size_t used = 0;
            seconds = std::stoll(text.substr(0, sign), &used);
            if (used != text.substr(0, sign).size())
                throw std::invalid_argument(text);
            if (sign != std::string::npos)
            {
                std::string rest = text.substr(sign + 1);
                std::int64_t constant = std::stoll(rest, &used);
                if (used != rest.size() || !std::isdigit(static_cast<unsigned char>(rest[0])))
                    throw std::invalid_argument(text);
                seconds += text[sign] == '+' ? constant : -constant;
            }
        }
        catch (const std::exception&)
        {
            throw UnresolvedVariable("clock.advance: \"" + text + "\" is not a number of seconds (N, N+M or N-M)");
        }
    }
    Observation o;
    if (!_target.controlUrl.empty())
    {
        std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
        if (!_target.adminToken.empty())
            headers.emplace_back("X-Mock-Admin-Token", _target.adminToken);
        o.exchange = _http.send({"POST", _target.controlUrl + "/clock", headers,
                                 "{\"advance\":" + std::to_string(seconds) + "}"});
        o.exchanges = {o.exchange};
        if (o.exchange.status != 200)
            throw UnresolvedVariable("the mock's clock could not be advanced: " +
                                     (o.exchange.error.empty() ? "status " + std::to_string(o.exchange.status) : o.exchange.error));
        return o;
    }
    // A foreign server: only where the target profile allows waiting for real (the "clock" capability).
    if (seconds > _target.maxRealWaitSeconds)
        throw SkipCase("the case would wait " + std::to_string(seconds) + " s, more than timing.max_real_wait_seconds (" +
                       std::to_string(_target.maxRealWaitSeconds) + " s)");
    std::this_thread::sleep_for(std::chrono::seconds(std::max<std::int64_t>(0, seconds)));
    return o;
}

Observation CaseExecution::discover()
{
    Observation o;
    o.exchange = _http.send({"GET", metadataUrlFor(_target.issuer), {{"Accept", "application/json"}}, ""});
    o.exchanges = {o.exchange};
    o.statuses = {o.exchange.status};
    return o;
}

Observation CaseExecution::execute(const Step& step, const std::string& label)
{
    (void)label;
    const rapidjson::Value& p = *step.params;
    if (step.kind == "authorize")
        return authorize(p);
    if (step.kind == "token")
    {
        oauth::FormData defaults;
        const rapidjson::Value* params = member(p, "params");
        if (!params || !params->HasMember("grant_type"))
        {
            defaults.add("grant_type", "authorization_code");
            if (_vars.count("code"))
                defaults.add("code", _vars["code"]);
            if (_vars.count("redirect_uri") && !_vars["redirect_uri"].empty())
                defaults.add("redirect_uri", _vars["redirect_uri"]);
            if (_vars.count("code_verifier"))
                defaults.add("code_verifier", _vars["code_verifier"]);
        }
        return tokenStyle(step, "token_endpoint", defaults);
    }
    if (step.kind == "refresh")
    {
        oauth::FormData defaults;
        defaults.add("grant_type", "refresh_token");
        const rapidjson::Value* params = member(p, "params");
        if (!params || !params->HasMember("refresh_token"))
            defaults.add("refresh_token", substitute("${refresh_token}"));
        return tokenStyle(step, "token_endpoint", defaults);
    }
    if (step.kind == "revoke")
        return tokenStyle(step, "revocation_endpoint", {});
    if (step.kind == "introspect")
        return tokenStyle(step, "introspection_endpoint", {});
    if (step.kind == "api")
        return api(step);
    if (step.kind == "http")
        return rawHttp(step);
    if (step.kind == "clock")
        return advanceClock(p);
    return discover();
}

void CaseExecution::autoSave(const Observation& o)
{
    if (o.authorization)
    {
        if (auto code = o.authorization->params.get("code"))
        {
            _vars["code"] = *code;
            remember(*code);
        }
        return;
    }
    for (const auto& e : o.exchanges)
    {
        rapidjson::Document doc;
        oauth::parseJsonBounded(doc, e.responseBody);
        if (doc.HasParseError() || !doc.IsObject())
            continue;
        for (const char* name : {"access_token", "refresh_token", "id_token"})
            if (doc.HasMember(name) && doc[name].IsString())
                remember(doc[name].GetString());
    }
    if (o.exchange.status != 200)
        return;
    for (const char* name : {"access_token", "refresh_token"})
    {
        ObservedValue v = o.value(std::string("json.") + name);
        if (v.type == ObservedValue::Type::String && !v.text.empty())
            _vars[name] = v.text;
    }
}

void CaseExecution::judgeStep(const Step& step, const std::string& label, const Observation& o, StepVerdict& verdict)
{
    Substitute sub = [this](const std::string& s) { return substitute(s); };
    std::vector<CheckResult> judged;
    std::string unmetPrecondition;
    for (const auto& ex : step.expectations)
    {
        ObservedValue observed = o.value(ex.path);
        bool ci = ex.path.rfind("header.", 0) == 0 || ex.path.rfind("page_header.", 0) == 0;
        MatchResult m = matchValue(observed, *ex.matcher, sub, ci);
        CheckResult c;
        c.name = ex.path;
        c.step = label;
        c.level = ex.level.value_or(_level);
        c.passed = m.matched;
        c.expected = shorten(scrub(m.expected));
        c.actual = shorten(scrub(observed.describe()));
        c.detail = ex.note;
        if (!c.passed && ex.precondition)
        {
            // What follows the precondition depends on it and is not judged; what came before is.
            unmetPrecondition = ex.path + " expected " + c.expected + ", got " + c.actual;
            break;
        }
        judged.push_back(std::move(c));
    }
    for (const auto& reference : step.checks)
    {
        if (!unmetPrecondition.empty())
            break;
        auto [name, level] = parseCheckReference(reference, _level);
        for (auto c : namedChecks().at(name)({o, level, label}))
        {
            c.expected = shorten(scrub(c.expected));
            c.actual = shorten(scrub(c.actual));
            c.detail = shorten(scrub(c.detail));
            judged.push_back(std::move(c));
        }
    }
    bool anyFailed = std::any_of(judged.begin(), judged.end(), [](const CheckResult& c) { return !c.passed; });
    _checks.insert(_checks.end(), judged.begin(), judged.end());
    if (unmetPrecondition.empty())
        return;
    // A failed check listed before the precondition is a verdict in itself: the unmet precondition
    // then only stops the case (later steps depend on it). With no such failure the case is SKIP.
    verdict.halt = true;
    if (!anyFailed)
    {
        verdict.outcome = Outcome::Skip;
        verdict.reason = "precondition not met at " + label + ": " + unmetPrecondition;
    }
}

StepVerdict CaseExecution::run()
{
    StepVerdict verdict;
    for (std::size_t i = 0; i < _scenario.steps.size(); ++i)
    {
        const Step& step = _scenario.steps[i];
        const std::string label = "step " + std::to_string(i + 1) + " (" + step.kind + ")";
        Observation o;
        try
        {
            o = execute(step, label);
        }
        catch (const UnresolvedVariable& e)
        {
            return {Outcome::Error, label + ": " + e.what()};
        }
        catch (const SkipCase& e)
        {
            return {Outcome::Skip, label + ": " + e.what()};
        }
        o.kind = step.kind;
        o.target = &_target;
        o.variables = &_vars;
        _exchanges.insert(_exchanges.end(), o.exchanges.begin(), o.exchanges.end());
        autoSave(o);

        std::string transportError = o.authorization ? o.authorization->error : o.exchange.error;
        bool expectsError = false;
        for (const auto& ex : step.expectations)
            expectsError = expectsError || ex.path == "error";
        if (!transportError.empty() && !expectsError)
            return {Outcome::Error, scrub(label + ": " + transportError)};

        try
        {
            judgeStep(step, label, o, verdict);
        }
        catch (const UnresolvedVariable& e)
        {
            return {Outcome::Error, label + ": " + e.what()};
        }
        if (verdict.outcome || verdict.halt)
            return verdict;
        for (const auto& [name, path] : step.save)
        {
            ObservedValue v = o.value(path);
            if (v.present())
            {
                _vars[name] = v.type == ObservedValue::Type::String ? v.text : v.text;
                if (isSecretVariable(name))
                    remember(v.text);
            }
            else
                _vars.erase(name);
        }
    }
    return verdict;
}

} // namespace conformance
