#pragma once

#include "mock_server/Config.h"
#include "mock_server/MockState.h"
#include "mock_server/Router.h"

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <mutex>
#include <ostream>
#include <string>

namespace mock {

class HttpConnectionFactory;

/// Serves the mock over HTTP or HTTPS with Poco's TCPServer and HTTP classes (HttpConnection.h:
/// HTTPServer's connections with a cheaper keep-alive wait). The thread pool, maxThreads and
/// maxQueued follow the configuration so that hundreds of idle keep-alive connections do not
/// starve a new client; bodies above the limit get 413 and are read away, never kept.
class MockServer
{
public:
    explicit MockServer(MockConfig config);
    ~MockServer();

    /// Binds (port 0 picks one), fixes the issuer if the configuration left it empty, starts
    /// serving. Throws std::runtime_error (bind failure, bad certificate files, …).
    void start();

    /// Stops accepting and waits for the workers (about 250 ms).
    void stop();

    /// The bound port (after start()).
    int port() const { return _port; }

    /// "https://127.0.0.1:PORT" or "http://…" (after start()).
    std::string baseUrl() const;

    /// The CA certificate file that clients should trust (self-signed TLS only), else "".
    const std::string& caCertificateFile() const { return _caFile; }

    MockState& state() { return *_state; }

    /// One line per request goes here (nullptr: silent). Not owned.
    void setLog(std::ostream* log) { _log = log; }
    bool logging() const { return _log != nullptr; }

    /// Writes one access-log line (thread-safe): peer, method, path, status, duration.
    void logRequest(const std::string& line);

    /// The router (used by the Poco request handler).
    Router& router() { return *_router; }

    std::int64_t maxBodyBytes() const { return _state->config().server.maxBodyBytes; }

private:
    std::unique_ptr<MockState> _state;
    std::unique_ptr<Router> _router;
    std::unique_ptr<Poco::ThreadPool> _pool;
    std::unique_ptr<Poco::Net::TCPServer> _server;
    Poco::Net::TCPServerConnectionFactory::Ptr _connectionFactory; ///< shared with _server's dispatcher
    HttpConnectionFactory* _connections = nullptr;                  ///< the same object, to stop its connections
    int _port = 0;
    bool _secure = false;
    std::string _caFile;
    std::ostream* _log = nullptr;
    std::mutex _logMutex;
};

} // namespace mock
