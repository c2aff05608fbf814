// bench-ceiling: the fastest a Poco-based endpoint of this project can be, as the benchmark's
// ceiling. A Poco HTTPServer sized like oauth-mock-server (same thread pool, accept queue,
// keep-alive and backlog; see mock_server/src/MockServer.cpp) that answers every request with
// the same small fixed JSON body (200, application/json, Cache-Control: no-store). It reads the
// request body (if any), does no routing, no parsing, no logging.
//
//   bench-ceiling [--port N]      prints "bench-ceiling listening on http://127.0.0.1:PORT"; stops on SIGINT/SIGTERM
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/NullStream.h>
#include <Poco/ThreadPool.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace {

// The size of oauth-mock-server's GET /v2/buildings answer is of the same order (a few hundred bytes).
const std::string kBody = R"({"buildings":[{"id":"b-1","name":"Demo building","address":"1 Example Street"}]})";

class FixedHandler : public Poco::Net::HTTPRequestHandler
{
public:
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        if (request.hasContentLength() && request.getContentLength64() > 0)
        {
            Poco::NullOutputStream sink;
            Poco::StreamCopier::copyStream(request.stream(), sink);
        }
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
        response.setContentType("application/json");
        response.set("Cache-Control", "no-store");
        response.setContentLength64(static_cast<Poco::Int64>(kBody.size()));
        response.send().write(kBody.data(), static_cast<std::streamsize>(kBody.size()));
    }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new FixedHandler;
    }
};

} // namespace

int main(int argc, char** argv)
{
    int port = 0;
    for (int i = 1; i < argc; ++i)
    {
        if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = std::atoi(argv[++i]);
        else
        {
            std::cerr << "usage: bench-ceiling [--port N]\n";
            return 64;
        }
    }
    // Block the stop signals in every thread (the pool's threads inherit the mask), then wait for one.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    // Sizing as oauth-mock-server's defaults (server.max_threads 320, server.max_queued 512, keep-alive 10 s / 1000).
    const int maxThreads = 320, maxQueued = 512;
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), 1024);
    auto params = Poco::Net::HTTPServerParams::Ptr(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(maxThreads);
    params->setMaxQueued(maxQueued);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(10, 0));
    params->setMaxKeepAliveRequests(1000);
    params->setTimeout(Poco::Timespan(30, 0));
    params->setThreadIdleTime(Poco::Timespan(1, 0));
    params->setServerName("bench-ceiling");
    Poco::ThreadPool pool(2, maxThreads + 4, 60);
    Poco::Net::HTTPServer server(new Factory, pool, socket, params);
    server.start();
    std::cout << "bench-ceiling listening on http://127.0.0.1:" << socket.address().port() << std::endl;
    int signal = 0;
    sigwait(&stopSignals, &signal);
    server.stopAll(true);
    pool.joinAll();
    return 0;
}
