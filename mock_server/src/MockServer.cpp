#include "mock_server/MockServer.h"

#include "mock_server/HttpConnection.h"
#include "mock_server/TlsCertificates.h"

#include <oauth/OAuthError.h>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace mock {
namespace {

/// Reads at most `limit` + 1 bytes of the body, so an oversized chunked body is detected
/// without reading it all.
std::string readBody(std::istream& in, std::int64_t limit)
{
    std::string body;
    char buffer[8192];
    while (in && static_cast<std::int64_t>(body.size()) <= limit)
    {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    return body;
}

/// Reads and discards what is left of an oversized body (at most `limit` bytes), so that closing
/// the connection after the 413 does not reset it before the client has read the answer.
void discardBody(std::istream& in, std::int64_t limit)
{
    char buffer[8192];
    std::int64_t discarded = 0;
    while (in && discarded < limit)
    {
        in.read(buffer, sizeof buffer);
        discarded += in.gcount();
    }
}

/// Bodies up to this size are read away after a 413; larger ones are cut off.
constexpr std::int64_t kDiscardLimit = 16 * 1024 * 1024;

class RequestHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit RequestHandler(MockServer& server) : _server(server) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        const auto started = std::chrono::steady_clock::now();
        MockRequest mr;
        mr.method = request.getMethod();
        const std::string& uri = request.getURI();
        auto q = uri.find('?');
        mr.path = uri.substr(0, q);
        mr.rawQuery = q == std::string::npos ? "" : uri.substr(q + 1);
        for (const auto& [name, value] : request)
            mr.headers.add(name, value);
        if (_server.logging()) // only the request log shows it; formatting it per request is not free
            mr.peerAddress = request.clientAddress().toString();
        mr.peerIsLoopback = request.clientAddress().host().isLoopback();
        mr.secure = request.secure();

        const std::int64_t limit = _server.maxBodyBytes();
        RouteOutcome outcome;
        bool oversized = false;
        const std::string framingError = readBodyInto(request, mr, limit, oversized);
        if (oversized || !framingError.empty())
        {
            outcome.endpoint = _server.router().routeName(mr.path);
            outcome.response = oversized ? tooLarge(limit) : malformedBody(framingError);
            response.setKeepAlive(false); // an unread or misframed body must not be parsed as the next request
        }
        else
            outcome = _server.router().dispatch(mr);

        if (outcome.dropConnection)
        {
            response.setKeepAlive(false);
            try
            {
                static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
            }
            catch (const Poco::Exception&)
            {
            }
            log(mr, "DROP", started);
            return;
        }
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(outcome.response.status));
        for (const auto& [name, value] : outcome.response.headers.items())
            response.add(name, value);
        response.setContentLength64(static_cast<Poco::Int64>(outcome.response.body.size()));
        std::ostream& out = response.send();
        if (mr.method != "HEAD")
            out.write(outcome.response.body.data(), static_cast<std::streamsize>(outcome.response.body.size()));
        if (oversized)
        {
            out.flush();
            discardBody(request.stream(), kDiscardLimit);
        }
        log(mr, std::to_string(outcome.response.status), started);
    }

private:
    /// Reads the body into `mr.body` unless it is over `limit` (then `oversized`). Returns what is
    /// wrong with the message framing (Content-Length, chunked coding, a body cut short), or "".
    static std::string readBodyInto(Poco::Net::HTTPServerRequest& request, MockRequest& mr, std::int64_t limit,
                                    bool& oversized)
    {
        std::int64_t declared = -1;
        if (request.has("Content-Length"))
        {
            const std::string& text = request.get("Content-Length");
            if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
                return "Content-Length is not a number";
            declared = std::stoll(text);
        }
        if (declared > limit)
        {
            oversized = true;
            return "";
        }
        // Without Content-Length or chunked coding a request has no body (RFC 9112 section 6.3);
        // Poco would read until the peer closes (a browser's OPTIONS preflight would hang).
        if (declared < 0 && !request.getChunkedTransferEncoding())
            return "";
        std::istream& in = request.stream();
        try
        {
            mr.body = readBody(in, limit);
        }
        catch (const Poco::Exception&)
        {
            in.setstate(std::ios::badbit);
        }
        if (in.bad()) // the stream turns the chunked decoder's exceptions into badbit
            return request.getChunkedTransferEncoding() ? "malformed chunked body" : "the request body could not be read";
        if (static_cast<std::int64_t>(mr.body.size()) > limit)
            oversized = true;
        else if (declared >= 0 && static_cast<std::int64_t>(mr.body.size()) < declared)
            return "the body ended after " + std::to_string(mr.body.size()) + " of " + std::to_string(declared) +
                   " bytes announced by Content-Length";
        return "";
    }

    static MockResponse malformedBody(const std::string& what)
    {
        return MockResponse::json(400, oauth::OAuthError{oauth::errc::InvalidRequest, oauth::sanitizeErrorText(what), ""}.toJson());
    }

    static MockResponse tooLarge(std::int64_t limit)
    {
        return MockResponse::json(413, "{\"error\":\"invalid_request\",\"error_description\":\"request body larger than " +
                                           std::to_string(limit) + " bytes\"}");
    }

    void log(const MockRequest& request, const std::string& status, std::chrono::steady_clock::time_point started)
    {
        if (!_server.logging()) // --quiet: do not format a line nobody reads
            return;
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        std::ostringstream line;
        // The path only: the query can carry codes and tokens.
        line << request.peerAddress << ' ' << request.method << ' ' << request.path << ' ' << status << ' '
             << std::fixed << std::setprecision(1) << ms << "ms";
        _server.logRequest(line.str());
    }

    MockServer& _server;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit HandlerFactory(MockServer& server) : _server(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new RequestHandler(_server);
    }

private:
    MockServer& _server;
};

Poco::Net::Context::Ptr serverContext(const std::string& certFile, const std::string& keyFile)
{
    // Checked first: Poco says no more than "SSL context exception", and it accepts a key that
    // does not match the certificate (every handshake would then fail).
    TlsFileProblem problem = checkTlsFiles(certFile, keyFile);
    if (problem.file != TlsFileProblem::File::None)
        throw std::runtime_error("TLS certificate '" + certFile + "' and key '" + keyFile + "': " + problem.reason);
    Poco::Net::Context::Ptr context;
    try
    {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, keyFile, certFile, "",
                                         Poco::Net::Context::VERIFY_NONE, 9, false, "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES");
    }
    catch (const Poco::Exception& e)
    {
        throw std::runtime_error("TLS certificate '" + certFile + "' and key '" + keyFile + "': " + e.displayText());
    }
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return context;
}

std::string hostForUrl(const std::string& bind)
{
    if (bind == "0.0.0.0")
        return "127.0.0.1";
    if (bind == "::")
        return "[::1]";
    return bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
}

} // namespace

MockServer::MockServer(MockConfig config)
{
    Poco::Net::initializeSSL();
    _state = std::make_unique<MockState>(std::move(config));
    _router = std::make_unique<Router>(*_state);
}

MockServer::~MockServer()
{
    stop();
    Poco::Net::uninitializeSSL();
}

void MockServer::start()
{
    const MockConfig& cfg = _state->config();
    const ServerConfig& sc = cfg.server;
    Poco::Net::SocketAddress address(sc.bind, static_cast<Poco::UInt16>(sc.port));

    std::unique_ptr<Poco::Net::ServerSocket> socket;
    _secure = cfg.tls.mode != TlsConfig::Mode::Off;
    if (_secure)
    {
        std::string certFile = cfg.tls.certificateFile, keyFile = cfg.tls.keyFile;
        if (cfg.tls.mode == TlsConfig::Mode::SelfSigned)
        {
            std::string dir = cfg.tls.selfSignedDirectory;
            if (dir.empty())
                dir = Poco::Path(Poco::Path::temp()).append("oauth-mock-server-tls-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count())).toString();
            TlsFiles files = writeTlsMaterial(generateTlsMaterial(), dir);
            certFile = files.serverCertificateFile;
            keyFile = files.serverKeyFile;
            _caFile = files.caCertificateFile;
        }
        socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 1024, serverContext(certFile, keyFile));
    }
    else
        socket = std::make_unique<Poco::Net::ServerSocket>(address, 1024);
    _port = socket->address().port();
    if (_state->issuer().empty())
        _state->setIssuer(baseUrl());

    auto params = Poco::Net::HTTPServerParams::Ptr(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(sc.maxThreads);
    params->setMaxQueued(sc.maxQueued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(sc.keepAliveTimeoutSeconds, 0));
    params->setMaxKeepAliveRequests(sc.maxKeepAliveRequests);
    params->setTimeout(Poco::Timespan(30, 0));
    // Idle dispatcher threads must notice stop() quickly (Poco waits out the idle time otherwise).
    params->setThreadIdleTime(Poco::Timespan(1, 0));
    params->setServerName("oauth-mock-server");
    params->setSoftwareVersion("oauth-mock-server");
    _pool = std::make_unique<Poco::ThreadPool>(2, sc.maxThreads + 4, 60);
    _connections = new HttpConnectionFactory(params, new HandlerFactory(*this));
    _connectionFactory = Poco::Net::TCPServerConnectionFactory::Ptr(_connections);
    _server = std::make_unique<Poco::Net::TCPServer>(_connectionFactory, *_pool, *socket, params);
    _server->start();
}

void MockServer::stop()
{
    if (!_server)
        return;
    _server->stop();
    _connections->stopAll();
    _server.reset();
    _pool->joinAll();
    _pool.reset();
    _connectionFactory = nullptr;
    _connections = nullptr;
}

std::string MockServer::baseUrl() const
{
    return std::string(_secure ? "https://" : "http://") + hostForUrl(_state->config().server.bind) + ":" +
           std::to_string(_port);
}

void MockServer::logRequest(const std::string& line)
{
    if (!_log)
        return;
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::lock_guard<std::mutex> lock(_logMutex);
    (*_log) << std::put_time(&utc, "%Y-%m-%dT%H:%M:%SZ") << ' ' << line << std::endl;
}

} // namespace mock
