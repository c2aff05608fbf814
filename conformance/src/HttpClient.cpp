#include "conformance/HttpClient.h"

#include <oauth/Redaction.h>
#include <oauth/WwwAuthenticate.h>

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <memory>
#include <mutex>
#include <thread>

#include <sys/socket.h>

namespace conformance {
namespace {

using Clock = std::chrono::steady_clock;

/// Poco's SSL library and SIGPIPE: once per process. A peer that closes while we write must be
/// an error value (EPIPE), not a signal that ends the run.
void initializeOnce()
{
    static const bool done = [] {
        Poco::Net::initializeSSL();
        std::signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)done;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool hasHeader(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& name)
{
    return headerCount(headers, name) > 0;
}

/// Stops the exchange at the total deadline: once armed with the connected socket, shuts it
/// down (which wakes a blocked read) when the deadline passes. Joined before the socket closes.
class Watchdog
{
public:
    explicit Watchdog(Clock::time_point deadline)
        : _thread([this, deadline] {
              std::unique_lock<std::mutex> lock(_mutex);
              if (_cv.wait_until(lock, deadline, [this] { return _done; }))
                  return;
              _fired = true;
              if (_fd >= 0)
                  ::shutdown(_fd, SHUT_RDWR);
          })
    {
    }

    ~Watchdog() { stop(); }

    void arm(int fd)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _fd = fd;
        if (_fired && _fd >= 0)
            ::shutdown(_fd, SHUT_RDWR);
    }

    void stop()
    {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _done = true;
        }
        _cv.notify_all();
        if (_thread.joinable())
            _thread.join();
    }

    bool fired()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _fired;
    }

private:
    std::mutex _mutex;
    std::condition_variable _cv;
    bool _done = false;
    bool _fired = false;
    int _fd = -1;
    std::thread _thread; // last: starts after the other members exist
};

enum class Phase { Connect, Receive, Body };

/// Raw request target (path and query exactly as written, no fragment) of an absolute URL.
std::string requestTarget(const std::string& url)
{
    std::string rest = url;
    auto hash = rest.find('#');
    if (hash != std::string::npos)
        rest.erase(hash);
    auto scheme = rest.find("://");
    std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    auto pathStart = rest.find_first_of("/?", start);
    if (pathStart == std::string::npos)
        return "/";
    std::string target = rest.substr(pathStart);
    if (target[0] == '?')
        target.insert(0, "/");
    return target;
}

std::string hostHeader(const std::string& host, unsigned short port, bool https)
{
    std::string value = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != (https ? 443 : 80))
        value += ":" + std::to_string(port);
    return value;
}

} // namespace

HttpClient::HttpClient(HttpClientOptions options) : _options(std::move(options))
{
    initializeOnce();
}

HttpExchange HttpClient::send(const HttpRequestSpec& request) const
{
    const auto started = Clock::now();
    const auto elapsedMs = [&] {
        return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    };
    HttpExchange ex;
    ex.method = request.method;
    ex.url = request.url;
    ex.requestBody = request.body;
    auto finish = [&]() -> HttpExchange {
        ex.durationMs = elapsedMs();
        return ex;
    };

    // The URL.
    Poco::URI uri;
    try
    {
        uri = Poco::URI(request.url);
    }
    catch (const Poco::Exception& e)
    {
        ex.error = "invalid URL: " + e.displayText();
        return finish();
    }
    const std::string scheme = lower(uri.getScheme());
    if (scheme != "http" && scheme != "https")
    {
        ex.error = "invalid URL: scheme must be http or https: " + request.url;
        return finish();
    }
    if (uri.getHost().empty())
    {
        ex.error = "invalid URL: no host: " + request.url;
        return finish();
    }
    const bool https = scheme == "https";
    const std::string host = uri.getHost();
    const unsigned short port = uri.getPort();

    // The request, recorded as sent.
    for (const auto& header : request.headers)
        ex.requestHeaders.push_back(header);
    if (!hasHeader(request.headers, "Host"))
        ex.requestHeaders.emplace_back("Host", hostHeader(host, port, https));
    if (!hasHeader(request.headers, "User-Agent"))
        ex.requestHeaders.emplace_back("User-Agent", "oauth-conformance");
    const std::string method = request.method.empty() ? "GET" : request.method;
    const bool bodyMethod = method == "POST" || method == "PUT" || method == "PATCH";
    if (!hasHeader(request.headers, "Content-Length") && (!request.body.empty() || bodyMethod))
        ex.requestHeaders.emplace_back("Content-Length", std::to_string(request.body.size()));

    Poco::Net::HTTPRequest pocoRequest(method, requestTarget(request.url), Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : ex.requestHeaders)
    {
        if (oauth::equalsIgnoreCase(name, "Content-Length"))
        {
            try
            {
                pocoRequest.setContentLength64(std::stoll(value));
            }
            catch (const std::exception&)
            {
                pocoRequest.add(name, value);
            }
        }
        else
            pocoRequest.add(name, value);
    }

    const int connectMs = std::max(1, _options.connectTimeoutMs);
    const int receiveMs = std::max(1, std::min(_options.receiveTimeoutMs, _options.totalTimeoutMs));
    const int totalMs = std::max(1, _options.totalTimeoutMs);
    const auto ms = [](int v) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(v) * 1000); };

    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    try
    {
        if (https)
        {
            Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_CLIENT_USE, "", "", _options.caFile,
                _options.verifyTls ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_NONE, 9,
                _options.caFile.empty());
            session = std::make_unique<Poco::Net::HTTPSClientSession>(host, port, context);
        }
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(host, port);
        // One request per connection: Poco sends "Connection: Close" (recorded) and, unlike with
        // keep-alive, never retries a failed write on a new connection (a request is sent once).
        session->setKeepAlive(false);
        session->setTimeout(ms(connectMs), ms(receiveMs), ms(receiveMs));
    }
    catch (const Poco::Exception& e)
    {
        ex.error = "TLS: " + e.displayText();
        return finish();
    }

    Watchdog watchdog(started + std::chrono::milliseconds(totalMs));
    Phase phase = Phase::Connect;
    auto describe = [&](const Poco::Exception& e) -> std::string {
        if (watchdog.fired() || elapsedMs() >= totalMs)
            return "timeout after " + std::to_string(totalMs) + " ms (whole exchange)";
        if (dynamic_cast<const Poco::TimeoutException*>(&e))
            return phase == Phase::Connect ? "timeout after " + std::to_string(connectMs) + " ms (connect)"
                                           : "timeout after " + std::to_string(receiveMs) + " ms (waiting for data)";
        if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e))
            return "connection refused: " + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                   std::to_string(port);
        if (dynamic_cast<const Poco::Net::ConnectionResetException*>(&e))
            return "connection reset";
        if (dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&e) && phase != Phase::Connect)
            return phase == Phase::Receive ? "no response (connection closed)" : "connection closed during the body";
        if (dynamic_cast<const Poco::Net::SSLException*>(&e))
            return "TLS: " + e.displayText();
        if (dynamic_cast<const Poco::Net::NoMessageException*>(&e))
            return "no response (connection closed)";
        if (dynamic_cast<const Poco::Net::MessageException*>(&e))
            return "malformed response: " + e.message();
        if (dynamic_cast<const Poco::Net::HostNotFoundException*>(&e) ||
            dynamic_cast<const Poco::Net::NoAddressFoundException*>(&e) ||
            dynamic_cast<const Poco::Net::DNSException*>(&e))
            return "host not found: " + host;
        if (phase == Phase::Receive &&
            (dynamic_cast<const Poco::SyntaxException*>(&e) || dynamic_cast<const Poco::DataFormatException*>(&e)))
            return "malformed response: invalid status line (" + e.displayText() + ")";
        if (phase == Phase::Body &&
            (dynamic_cast<const Poco::SyntaxException*>(&e) || dynamic_cast<const Poco::DataFormatException*>(&e)))
            return "malformed response: invalid body framing (" + e.displayText() + ")";
        if (phase == Phase::Connect)
            return "connection failed: " + e.displayText();
        return "network error: " + e.displayText();
    };
    auto fail = [&](const std::string& message) {
        watchdog.stop();
        ex.error = message;
        return finish();
    };
    auto failWith = [&](const Poco::Exception& e) {
        // A read that failed inside a stream keeps the socket's own exception.
        if (const Poco::Exception* net = session->networkException())
            return fail(describe(*net));
        return fail(describe(e));
    };

    // Connect, send.
    try
    {
        std::ostream& out = session->sendRequest(pocoRequest);
        watchdog.arm(static_cast<int>(session->socket().impl()->sockfd()));
        // Record the header block as written (Poco groups repeated names together).
        ex.requestHeaders.clear();
        for (const auto& [name, value] : pocoRequest)
            ex.requestHeaders.emplace_back(name, value);
        out << request.body;
        out.flush();
    }
    catch (const Poco::Exception& e)
    {
        return failWith(e);
    }
    catch (const std::exception& e)
    {
        return fail(std::string("connection failed: ") + e.what());
    }

    // Status line and headers.
    phase = Phase::Receive;
    Poco::Net::HTTPResponse response;
    std::istream* in = nullptr;
    try
    {
        in = &session->receiveResponse(response);
    }
    catch (const Poco::Exception& e)
    {
        return failWith(e);
    }
    catch (const std::exception& e)
    {
        return fail(std::string("malformed response: ") + e.what());
    }
    if (response.getVersion().rfind("HTTP/", 0) != 0)
        return fail("malformed response: status line does not start with HTTP/ (\"" + response.getVersion() + "\")");
    ex.status = static_cast<int>(response.getStatus());
    if (ex.status < 100 || ex.status > 999)
    {
        ex.status = 0;
        return fail("malformed response: status code out of range");
    }
    std::size_t headerBytes = 0;
    for (const auto& [name, value] : response)
    {
        ex.responseHeaders.emplace_back(name, value);
        headerBytes += name.size() + value.size() + 4;
    }
    if (headerBytes > _options.maxHeaderBytes)
        return fail("malformed response: headers exceed " + std::to_string(_options.maxHeaderBytes) + " bytes");

    // The body, in chunks, bounded in size and time.
    phase = Phase::Body;
    const bool knownLength = response.hasContentLength() && response.getContentLength64() >= 0 &&
                             !response.getChunkedTransferEncoding();
    const std::int64_t contentLength = knownLength ? response.getContentLength64() : -1;
    bool peeking = false;
    try
    {
        in->exceptions(std::ios::badbit);
        std::vector<char> buffer(16 * 1024);
        while (true)
        {
            if (elapsedMs() >= totalMs || watchdog.fired())
                return fail("timeout after " + std::to_string(totalMs) + " ms (whole exchange)");
            const std::size_t room = _options.maxBodyBytes - std::min(_options.maxBodyBytes, ex.responseBody.size());
            if (room == 0)
            {
                if (knownLength)
                    ex.bodyTruncated = contentLength > static_cast<std::int64_t>(ex.responseBody.size());
                else
                {
                    peeking = true; // is there more than the limit? (one byte, bounded by the timeouts)
                    ex.bodyTruncated = in->peek() != std::char_traits<char>::eof();
                }
                break;
            }
            in->read(buffer.data(), static_cast<std::streamsize>(std::min(room, buffer.size())));
            const auto n = in->gcount();
            if (n > 0)
                ex.responseBody.append(buffer.data(), static_cast<std::size_t>(n));
            if (!*in)
                break;
        }
    }
    catch (const Poco::Net::SSLConnectionUnexpectedlyClosedException&)
    {
        // A TLS peer that closes without close_notify: the body ends here.
    }
    catch (const Poco::Exception& e)
    {
        if (!peeking)
            return failWith(e);
        ex.bodyTruncated = true; // the stream past the limit failed: the body was cut anyway
    }
    catch (const std::exception& e)
    {
        if (const Poco::Exception* net = session->networkException())
            return failWith(*net);
        return fail(std::string("network error: ") + e.what());
    }
    if (watchdog.fired())
        return fail("timeout after " + std::to_string(totalMs) + " ms (whole exchange)");
    if (knownLength && !ex.bodyTruncated && static_cast<std::int64_t>(ex.responseBody.size()) < contentLength)
        return fail("malformed response: connection closed after " + std::to_string(ex.responseBody.size()) + " of " +
                    std::to_string(contentLength) + " body bytes");
    watchdog.stop();
    return finish();
}

std::string headerValue(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& name)
{
    for (const auto& [n, v] : headers)
        if (oauth::equalsIgnoreCase(n, name))
            return v;
    return "";
}

std::size_t headerCount(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& name)
{
    return static_cast<std::size_t>(std::count_if(headers.begin(), headers.end(), [&](const auto& header) {
        return oauth::equalsIgnoreCase(header.first, name);
    }));
}

namespace {

std::string redactBody(const std::string& body, const std::string& contentType)
{
    if (body.empty())
        return body;
    const std::string type = lower(contentType);
    if (type.find("application/x-www-form-urlencoded") != std::string::npos)
        return oauth::redactForm(body);
    if (type.find("json") != std::string::npos)
        return oauth::redactJson(body);
    // No or another type: a body that looks like JSON is redacted as JSON (a server that
    // mislabels its token response must not leak the token into a report).
    auto first = body.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (body[first] == '{' || body[first] == '['))
        return oauth::redactJson(body);
    if (type.empty() && body.find('=') != std::string::npos && body.find_first_of(" <>\r\n") == std::string::npos)
        return oauth::redactForm(body);
    return body;
}

void redactHeaders(std::vector<std::pair<std::string, std::string>>& headers)
{
    for (auto& [name, value] : headers)
    {
        if (oauth::equalsIgnoreCase(name, "Location") || oauth::equalsIgnoreCase(name, "Content-Location"))
            value = oauth::redactUrl(value);
        else
            value = oauth::redactHeader(name, value);
    }
}

} // namespace

HttpExchange redactExchange(const HttpExchange& exchange)
{
    HttpExchange out = exchange;
    out.url = oauth::redactUrl(exchange.url);
    redactHeaders(out.requestHeaders);
    redactHeaders(out.responseHeaders);
    out.requestBody = redactBody(exchange.requestBody, headerValue(exchange.requestHeaders, "Content-Type"));
    out.responseBody = redactBody(exchange.responseBody, headerValue(exchange.responseHeaders, "Content-Type"));
    return out;
}

namespace {

/// The five components of a URI reference (RFC 3986 Appendix B), with "defined" flags.
struct UriParts
{
    std::string scheme, authority, path, query, fragment;
    bool hasScheme = false, hasAuthority = false, hasQuery = false, hasFragment = false;
};

UriParts splitUri(const std::string& s)
{
    UriParts p;
    std::size_t i = 0;
    // scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" before any of "/?#"
    auto colon = s.find(':');
    auto firstDelim = s.find_first_of("/?#");
    if (colon != std::string::npos && colon > 0 && (firstDelim == std::string::npos || colon < firstDelim) &&
        std::isalpha(static_cast<unsigned char>(s[0])))
    {
        bool ok = std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon), [](unsigned char c) {
            return std::isalnum(c) || c == '+' || c == '-' || c == '.';
        });
        if (ok)
        {
            p.hasScheme = true;
            p.scheme = s.substr(0, colon);
            i = colon + 1;
        }
    }
    if (s.compare(i, 2, "//") == 0)
    {
        p.hasAuthority = true;
        auto end = s.find_first_of("/?#", i + 2);
        if (end == std::string::npos)
            end = s.size();
        p.authority = s.substr(i + 2, end - i - 2);
        i = end;
    }
    auto pathEnd = s.find_first_of("?#", i);
    if (pathEnd == std::string::npos)
        pathEnd = s.size();
    p.path = s.substr(i, pathEnd - i);
    i = pathEnd;
    if (i < s.size() && s[i] == '?')
    {
        p.hasQuery = true;
        auto end = s.find('#', i);
        if (end == std::string::npos)
            end = s.size();
        p.query = s.substr(i + 1, end - i - 1);
        i = end;
    }
    if (i < s.size() && s[i] == '#')
    {
        p.hasFragment = true;
        p.fragment = s.substr(i + 1);
    }
    return p;
}

/// RFC 3986 §5.2.4.
std::string removeDotSegments(std::string in)
{
    std::string out;
    while (!in.empty())
    {
        if (in.compare(0, 3, "../") == 0)
            in.erase(0, 3);
        else if (in.compare(0, 2, "./") == 0)
            in.erase(0, 2);
        else if (in.compare(0, 3, "/./") == 0)
            in.erase(0, 2);
        else if (in == "/.")
            in = "/";
        else if (in.compare(0, 4, "/../") == 0 || in == "/..")
        {
            in = in.size() == 3 ? "/" : in.substr(3);
            auto slash = out.rfind('/');
            out.erase(slash == std::string::npos ? 0 : slash);
        }
        else if (in == "." || in == "..")
            in.clear();
        else
        {
            auto next = in.find('/', in[0] == '/' ? 1 : 0);
            if (next == std::string::npos)
                next = in.size();
            out += in.substr(0, next);
            in.erase(0, next);
        }
    }
    return out;
}

std::string recompose(const UriParts& p)
{
    std::string out;
    if (p.hasScheme)
        out += p.scheme + ":";
    if (p.hasAuthority)
        out += "//" + p.authority;
    out += p.path;
    if (p.hasQuery)
        out += "?" + p.query;
    if (p.hasFragment)
        out += "#" + p.fragment;
    return out;
}

} // namespace

std::string resolveUrl(const std::string& base, const std::string& reference)
{
    // RFC 3986 §5.2.2 (strict: a reference with a scheme is absolute), exact on the
    // characters: nothing is decoded or re-encoded.
    const UriParts r = splitUri(reference);
    const UriParts b = splitUri(base);
    UriParts t;
    if (r.hasScheme)
    {
        t = r;
        t.path = removeDotSegments(r.path);
    }
    else
    {
        if (r.hasAuthority)
        {
            t.authority = r.authority;
            t.hasAuthority = true;
            t.path = removeDotSegments(r.path);
            t.query = r.query;
            t.hasQuery = r.hasQuery;
        }
        else
        {
            if (r.path.empty())
            {
                t.path = b.path;
                t.query = r.hasQuery ? r.query : b.query;
                t.hasQuery = r.hasQuery || b.hasQuery;
            }
            else
            {
                if (r.path[0] == '/')
                    t.path = removeDotSegments(r.path);
                else
                {
                    // §5.2.3 merge
                    std::string merged;
                    if (b.hasAuthority && b.path.empty())
                        merged = "/" + r.path;
                    else
                    {
                        auto slash = b.path.rfind('/');
                        merged = (slash == std::string::npos ? std::string() : b.path.substr(0, slash + 1)) + r.path;
                    }
                    t.path = removeDotSegments(merged);
                }
                t.query = r.query;
                t.hasQuery = r.hasQuery;
            }
            t.authority = b.authority;
            t.hasAuthority = b.hasAuthority;
        }
        t.scheme = b.scheme;
        t.hasScheme = b.hasScheme;
    }
    t.fragment = r.fragment;
    t.hasFragment = r.hasFragment;
    return recompose(t);
}

} // namespace conformance
