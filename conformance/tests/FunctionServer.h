#pragma once
// Test support: a Poco HTTPServer on 127.0.0.1:0 whose every answer comes from a function, for
// servers that behave in ways the mock does not (other login pages, discovery layouts, ...).

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <functional>
#include <memory>
#include <string>

namespace functionserver {

/// A Poco HTTPServer on 127.0.0.1:0 answering every request with a function.
class FunctionServer
{
public:
    using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

    explicit FunctionServer(Handler handler) : _socket(Poco::Net::SocketAddress("127.0.0.1", 0))
    {
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        params->setKeepAlive(false);
        _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(std::move(handler)), _socket, params);
        _server->start();
    }

    ~FunctionServer() { _server->stopAll(true); }

    std::string url(const std::string& path) const
    {
        return "http://127.0.0.1:" + std::to_string(_socket.address().port()) + path;
    }

private:
    class Handle : public Poco::Net::HTTPRequestHandler
    {
    public:
        explicit Handle(const Handler& handler) : _handler(handler) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
        {
            _handler(request, response);
        }

    private:
        const Handler& _handler;
    };

    class Factory : public Poco::Net::HTTPRequestHandlerFactory
    {
    public:
        explicit Factory(Handler handler) : _handler(std::move(handler)) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
        {
            return new Handle(_handler);
        }

    private:
        Handler _handler;
    };

    Poco::Net::ServerSocket _socket;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
};

inline void send(Poco::Net::HTTPServerResponse& response, int status, const std::string& contentType, const std::string& body)
{
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(contentType);
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    response.send() << body;
}

inline void redirect(Poco::Net::HTTPServerResponse& response, const std::string& location, int status = 302)
{
    response.set("Location", location);
    send(response, status, "text/plain", "");
}

} // namespace functionserver
