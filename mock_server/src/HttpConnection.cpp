#include "mock_server/HttpConnection.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <cerrno>
#include <memory>

#include <poll.h>

namespace mock {

/// HTTPServerSession with the one thing the wait needs: whether a request is already buffered.
class ServerSession : public Poco::Net::HTTPServerSession
{
public:
    using HTTPServerSession::HTTPServerSession;
    bool hasBufferedInput() const { return buffered() > 0; }
};

/// One client connection: Poco 1.11's HTTPServerConnection::run with the wait of awaitRequest().
class HttpConnection : public Poco::Net::TCPServerConnection
{
public:
    HttpConnection(const Poco::Net::StreamSocket& socket, HttpConnectionFactory& factory)
        : TCPServerConnection(socket), _factory(factory)
    {
        _factory.opened(this);
    }
    ~HttpConnection() override { _factory.closed(this); }

    void run() override;

    void stop()
    {
        _stopped = true;
        try
        {
            socket().shutdown();
        }
        catch (...) // already closed by the peer: nothing left to stop
        {
        }
    }

private:
    /// True when the next request can be read: data is buffered or arrives within `timeout`.
    bool awaitRequest(ServerSession& session, const Poco::Timespan& timeout);
    static void sendError(ServerSession& session, Poco::Net::HTTPResponse::HTTPStatus status);

    HttpConnectionFactory& _factory;
    std::atomic<bool> _stopped{false};
};

bool HttpConnection::awaitRequest(ServerSession& session, const Poco::Timespan& timeout)
{
    if (session.hasBufferedInput())
        return true;
    if (socket().secure())
        return socket().poll(timeout, Poco::Net::Socket::SELECT_READ);
    pollfd wait{socket().impl()->sockfd(), POLLIN, 0};
    int rc;
    do
        rc = ::poll(&wait, 1, static_cast<int>(timeout.totalMilliseconds()));
    while (rc < 0 && errno == EINTR && !_stopped);
    return rc > 0; // readable, or closed or failed: the read that follows tells which
}

void HttpConnection::run()
{
    Poco::Net::HTTPServerParams::Ptr params = _factory._params;
    const std::string server = params->getSoftwareVersion();
    const int maxRequests = params->getMaxKeepAliveRequests(); // 0: no limit
    ServerSession session(socket(), params);
    int served = 0;
    while (!_stopped && awaitRequest(session, served == 0 ? session.getTimeout() : params->getKeepAliveTimeout()))
    {
        const bool mayKeepAlive = maxRequests <= 0 || served + 1 < maxRequests;
        ++served;
        try
        {
            Poco::Net::HTTPServerResponseImpl response(session);
            Poco::Net::HTTPServerRequestImpl request(response, session, params.get());
            response.setDate(Poco::Timestamp());
            response.setVersion(request.getVersion());
            response.setKeepAlive(params->getKeepAlive() && request.getKeepAlive() && mayKeepAlive);
            if (!server.empty())
                response.set("Server", server);
            try
            {
                std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(_factory._handlers->createRequestHandler(request));
                if (!handler)
                {
                    sendError(session, Poco::Net::HTTPResponse::HTTP_NOT_IMPLEMENTED);
                    break;
                }
                if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
                    response.sendContinue();
                handler->handleRequest(request, response);
                session.setKeepAlive(params->getKeepAlive() && response.getKeepAlive() && mayKeepAlive);
            }
            catch (const Poco::Exception&)
            {
                if (!response.sent())
                {
                    try
                    {
                        sendError(session, Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
                    }
                    catch (...) // the peer is gone: nothing to tell it
                    {
                    }
                }
                throw;
            }
        }
        catch (const Poco::Net::NoMessageException&) // the peer closed the connection between requests
        {
            break;
        }
        catch (const Poco::Net::MessageException&) // not HTTP
        {
            sendError(session, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            break;
        }
        catch (const Poco::Exception&)
        {
            if (session.networkException())
                session.networkException()->rethrow();
            throw;
        }
        if (!session.getKeepAlive())
            break;
    }
}

void HttpConnection::sendError(ServerSession& session, Poco::Net::HTTPResponse::HTTPStatus status)
{
    Poco::Net::HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(status);
    response.setKeepAlive(false);
    response.send();
    session.setKeepAlive(false);
}

Poco::Net::TCPServerConnection* HttpConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket)
{
    return new HttpConnection(socket, *this);
}

void HttpConnectionFactory::opened(HttpConnection* connection)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _open.insert(connection);
    if (_stopped)
        connection->stop();
}

void HttpConnectionFactory::closed(HttpConnection* connection)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _open.erase(connection);
}

void HttpConnectionFactory::stopAll()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _stopped = true;
    for (HttpConnection* connection : _open)
        connection->stop();
}

} // namespace mock
