#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <mutex>
#include <set>

namespace mock {

class HttpConnection;

/// Makes the connections of the mock's TCPServer: Poco's HTTPServerConnection with one change.
/// Poco 1.11 waits for the next request on a keep-alive connection with Socket::poll, which makes
/// an epoll instance per call (epoll_create, epoll_ctl, epoll_wait, close: about 5 µs here, a tenth
/// of a whole token request with its client). These connections wait with one poll(2) call
/// (about 0.6 µs); a TLS connection keeps Poco's wait, which also sees what OpenSSL has buffered.
/// Requests, responses and the session are Poco's own classes, as in HTTPServer.
class HttpConnectionFactory : public Poco::Net::TCPServerConnectionFactory
{
public:
    HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers)
        : _params(std::move(params)), _handlers(std::move(handlers))
    {
    }

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

    /// Ends every open connection and any opened later: its socket is shut down, so a blocked read
    /// or wait returns at once (HTTPServer::stopAll(true) does the same).
    void stopAll();

private:
    friend class HttpConnection;
    void opened(HttpConnection* connection);
    void closed(HttpConnection* connection);

    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _handlers;
    std::mutex _mutex;
    std::set<HttpConnection*> _open;
    bool _stopped = false;
};

} // namespace mock
