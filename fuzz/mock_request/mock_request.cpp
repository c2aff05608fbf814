// Fuzz target: whole HTTP requests through the mock server's request handling, in memory.
// The bytes are read as the server reads them (Poco::Net::HTTPRequest::read for the request line
// and headers, then a Content-Length body, the framing checks of MockServer.cpp), then dispatched
// by mock::Router to every endpoint: authorize, login, token, revoke, introspect, metadata, JWKS,
// the demo API and the control API. Up to 8 pipelined requests per input share one state, so a
// control call (quirks, clock, faults) changes what the next request sees; the state is reset
// after each input. No sockets. A fault's delay is dropped (the fault itself is kept).
#include "../common/MockFixture.h"

#include <mock_server/Router.h>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

/// Reads the next request from `in` into `mr`; false when the stream holds no (valid) request.
bool readRequest(std::istream& in, mock::MockRequest& mr, std::int64_t maxBody)
{
    Poco::Net::HTTPRequest request;
    try
    {
        request.read(in);
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
    mr.method = request.getMethod();
    const std::string& uri = request.getURI();
    const auto q = uri.find('?');
    mr.path = uri.substr(0, q);
    mr.rawQuery = q == std::string::npos ? "" : uri.substr(q + 1);
    for (const auto& [name, value] : request)
        mr.headers.add(name, value);
    mr.peerAddress = "127.0.0.1:40000";
    mr.peerIsLoopback = true;
    if (request.has("Content-Length"))
    {
        // As MockServer::readBodyInto: digits only, at most 18 of them, within the limit.
        const std::string& text = request.get("Content-Length");
        if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
            return false;
        const std::int64_t declared = std::stoll(text);
        if (declared > maxBody) // the server answers 413 without dispatching
            return false;
        mr.body.resize(static_cast<std::size_t>(declared));
        in.read(mr.body.data(), declared);
        mr.body.resize(static_cast<std::size_t>(in.gcount()));
        if (static_cast<std::int64_t>(mr.body.size()) < declared)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    mock::MockState& state = fuzz::mockState();
    mock::Router router(state);
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    for (int i = 0; i < 8 && in.good() && in.peek() != EOF; ++i)
    {
        mock::MockRequest request;
        if (!readRequest(in, request, state.config().server.maxBodyBytes))
            break;
        const std::size_t faultsBefore = state.faults().pending().size();
        const mock::RouteOutcome outcome = router.dispatch(request);
        // An endpoint that throws is answered 500 server_error by the Router: for a request a client
        // sent, that is a bug (it deserves a 4xx naming the problem), unless a queued fault asked for it.
        if (outcome.response.status == 500 && state.faults().pending().size() == faultsBefore &&
            outcome.response.body.rfind("{\"error\":\"server_error\"", 0) == 0)
        {
            std::fprintf(stderr, "mock_request: %s %s?%s answered 500: %s\n", request.method.c_str(),
                         request.path.c_str(), request.rawQuery.c_str(), outcome.response.body.c_str());
            std::abort();
        }
        fuzz::dropFaultDelays(state);
    }
    state.reset();
    return 0;
}
