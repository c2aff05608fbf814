#define BOOST_TEST_MODULE ServerRobustnessTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <memory>
#include <sstream>

// The server as a whole: body limits (413), malformed input (400), unknown paths (404), CORS
// (RFC 9700 §2.6: never on /authorize), hundreds of keep-alive connections, idle peers, and
// store eviction under load.

using mocktest::HttpResult;
using mocktest::TestServer;

namespace {

const char* kMetadataPath = "/.well-known/oauth-authorization-server";

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(TestServer& mock, int timeoutSeconds = 5)
{
    auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", static_cast<Poco::UInt16>(mock.server().port()));
    session->setKeepAlive(true);
    session->setTimeout(Poco::Timespan(timeoutSeconds, 0));
    return session;
}

/// One request on an existing session; returns the status (the body is read to the end).
int requestOn(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& target,
              const std::string& body = "", const std::string& basic = "")
{
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!basic.empty())
        request.set("Authorization", basic);
    if (!body.empty())
    {
        request.setContentType("application/x-www-form-urlencoded");
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::ostringstream sink;
    Poco::StreamCopier::copyStream(in, sink);
    return response.getStatus();
}

/// A fresh connection with a 5 s receive timeout gets the metadata; returns the elapsed milliseconds.
long freshClientAnswers(TestServer& mock)
{
    auto started = std::chrono::steady_clock::now();
    auto session = openSession(mock, 5);
    BOOST_TEST(requestOn(*session, "GET", kMetadataPath) == 200);
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
}

std::string oversizedForm(TestServer& mock, std::size_t extra = 0)
{
    return "grant_type=client_credentials&pad=" +
           std::string(static_cast<std::size_t>(mock.server().maxBodyBytes()) + extra, 'a');
}

struct ChunkedAnswer
{
    int status = 0;
    std::string body;
    bool keepAlive = true;
};

/// POST with Transfer-Encoding: chunked (4 KiB chunks), authenticated as "backend".
ChunkedAnswer postChunked(TestServer& mock, const std::string& target, const std::string& body)
{
    auto session = openSession(mock);
    Poco::Net::HTTPRequest request("POST", target, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setChunkedTransferEncoding(true);
    request.setContentType("application/x-www-form-urlencoded");
    request.set("Authorization", mocktest::basicAuth("backend", mock.secretOf("backend")));
    std::ostream& out = session->sendRequest(request);
    for (std::size_t i = 0; i < body.size(); i += 4096)
        out << body.substr(i, 4096);
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    std::ostringstream text;
    Poco::StreamCopier::copyStream(in, text);
    return {response.getStatus(), text.str(), response.getKeepAlive()};
}

std::uint64_t storeSize(const TestServer& mock, const char* member)
{
    HttpResult r = mock.client().get("/_mock/stats");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    return r.json()[member].GetUint64();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(robustness, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(body_over_the_limit_with_content_length_is_413)
{
    BOOST_REQUIRE_EQUAL(mock.server().maxBodyBytes(), 64 * 1024);
    // 1 MiB more than the socket buffers hold: the client must still read the 413, not a reset.
    for (std::size_t extra : {std::size_t(0), std::size_t(1024 * 1024)})
    {
        HttpResult r = mock.client().postForm("/token", oversizedForm(mock, extra), mock.clientAuthHeaders("backend"));
        BOOST_TEST(r.status == 413, "extra " << extra);
        BOOST_TEST(r.jsonString("error") == "invalid_request");
    }
    BOOST_TEST(freshClientAnswers(mock) < 5000);
}

BOOST_AUTO_TEST_CASE(body_over_the_limit_chunked_is_413)
{
    for (std::size_t extra : {std::size_t(0), std::size_t(1024 * 1024)})
    {
        ChunkedAnswer answer = postChunked(mock, "/token", oversizedForm(mock, extra));
        BOOST_TEST(answer.status == 413, "extra " << extra);
        BOOST_TEST(answer.body.find("invalid_request") != std::string::npos);
        BOOST_TEST(!answer.keepAlive);
    }
    ChunkedAnswer small = postChunked(mock, "/token", "grant_type=client_credentials");
    BOOST_TEST(small.status == 200);
}

BOOST_AUTO_TEST_CASE(body_under_the_limit_is_served)
{
    std::string form = "grant_type=client_credentials&pad=" + std::string(60 * 1024, 'a');
    HttpResult r = mock.client().postForm("/token", form, mock.clientAuthHeaders("backend"));
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.jsonString("access_token").empty());
}

BOOST_AUTO_TEST_CASE(malformed_form_is_invalid_request_naming_the_parameter)
{
    auto auth = mock.clientAuthHeaders("backend");
    for (const char* path : {"/token", "/revoke", "/introspect"})
    {
        HttpResult r = mock.client().postForm(path, std::string("grant_type=client_credentials&token=abc&scope=%zz"), auth);
        BOOST_TEST(r.status == 400, path);
        BOOST_TEST(r.jsonString("error") == "invalid_request", path);
        BOOST_TEST(r.jsonString("error_description").find("scope") != std::string::npos, path << ": " << r.body);
    }
    HttpResult name = mock.client().postForm("/token", std::string("grant_type=client_credentials&sc%G0pe=x"), auth);
    BOOST_TEST(name.status == 400);
    BOOST_TEST(name.jsonString("error") == "invalid_request");

    HttpResult api = mock.client().postForm("/v2/addresses", std::string("access_token=%"));
    BOOST_TEST(api.status == 400);
    BOOST_TEST(api.header("WWW-Authenticate").find("invalid_request") != std::string::npos);
}

// RFC 9112 §6.3: no Content-Length and no chunked coding means no body; the server must not
// wait for the peer to close.
BOOST_AUTO_TEST_CASE(request_without_length_has_no_body)
{
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(mock.server().port())));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    const std::string head = "POST /revoke HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/x-www-form-urlencoded\r\n\r\n";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    char buffer[1024];
    int n = socket.receiveBytes(buffer, sizeof buffer); // throws TimeoutException if the server waits
    std::string answer(buffer, static_cast<std::size_t>(std::max(n, 0)));
    BOOST_TEST(answer.rfind("HTTP/1.1 401", 0) == 0u, answer.substr(0, 40));
    socket.close();
}

BOOST_AUTO_TEST_CASE(unknown_paths_are_404)
{
    for (const char* path : {"/", "/nothing", "/token/extra", "/tokens", "/v3/buildings", "/.well-known/unknown"})
    {
        HttpResult r = mock.client().get(path);
        BOOST_TEST(r.status == 404, path);
        BOOST_TEST(r.jsonString("error") == "not_found", path);
    }
    BOOST_TEST(mock.client().postForm("/nothing", std::string("a=b")).status == 404);
}

// Browsers call /token, /revoke, /introspect, metadata, jwks and the API directly; never /authorize.
BOOST_AUTO_TEST_CASE(cors)
{
    HttpResult preflight = mock.client().request("OPTIONS", "/token", "", "",
                                                 {{"Origin", "https://app.example.test"},
                                                  {"Access-Control-Request-Method", "POST"},
                                                  {"Access-Control-Request-Headers", "authorization, content-type"}});
    BOOST_TEST(preflight.status == 204);
    BOOST_TEST(preflight.header("Access-Control-Allow-Origin") == "*");
    BOOST_TEST(preflight.header("Access-Control-Allow-Methods").find("POST") != std::string::npos);
    BOOST_TEST(preflight.header("Access-Control-Allow-Headers").find("Authorization") != std::string::npos);
    BOOST_TEST(preflight.header("Access-Control-Allow-Headers").find("Content-Type") != std::string::npos);

    HttpResult api = mock.client().request("OPTIONS", "/v2/buildings", "", "", {{"Origin", "https://app.example.test"}});
    BOOST_TEST(api.status == 204);
    BOOST_TEST(api.header("Access-Control-Allow-Methods").find("GET") != std::string::npos);

    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    HttpResult token = mock.client().postForm("/token", form,
                                              {{"Origin", "https://app.example.test"},
                                               {"Authorization", mocktest::basicAuth("backend", mock.secretOf("backend"))}});
    BOOST_TEST(token.status == 200);
    BOOST_TEST(token.header("Access-Control-Allow-Origin") == "*");
    HttpResult error = mock.client().postForm("/token", std::string("grant_type=nope&client_id=public-app"),
                                              {{"Origin", "https://app.example.test"}});
    BOOST_TEST(error.status == 400);
    BOOST_TEST(error.header("Access-Control-Allow-Origin") == "*"); // so a browser client can read the error
    BOOST_TEST(!mock.client().get(kMetadataPath).headers.has("Access-Control-Allow-Origin")); // only with Origin

    oauth::PkcePair pkce = oauth::generatePkcePair();
    const std::string target = "/authorize?" + mock.codeRequest("public-auto", pkce).encode();
    HttpResult authorize = mock.client().get(target, {{"Origin", "https://evil.example.test"}});
    BOOST_TEST(authorize.status / 100 == 3);
    BOOST_TEST(!authorize.headers.has("Access-Control-Allow-Origin"));
    HttpResult authorizePreflight = mock.client().request("OPTIONS", "/authorize", "", "",
                                                          {{"Origin", "https://evil.example.test"},
                                                           {"Access-Control-Request-Method", "GET"}});
    BOOST_TEST(authorizePreflight.status != 204);
    BOOST_TEST(!authorizePreflight.headers.has("Access-Control-Allow-Origin"));
    BOOST_TEST(!authorizePreflight.headers.has("Access-Control-Allow-Methods"));
}

// A browser's preflight must not use up a fault meant for the client's own call.
BOOST_AUTO_TEST_CASE(preflight_does_not_consume_a_fault)
{
    BOOST_REQUIRE_EQUAL(
        mock.client().postJson("/_mock/faults", "{\"endpoint\":\"token\",\"status\":503}").status, 201);
    HttpResult preflight = mock.client().request("OPTIONS", "/token", "", "", {{"Origin", "https://app.example.test"}});
    BOOST_TEST(preflight.status == 204);
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    BOOST_TEST(mock.client().postForm("/token", form, mock.clientAuthHeaders("backend")).status == 503);
}

// Poco's pool is sized so that 256 open keep-alive connections leave room for a new client.
BOOST_AUTO_TEST_CASE(many_keep_alive_connections_do_not_starve_a_new_client)
{
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
    int ok = 0;
    for (int i = 0; i < 256; ++i)
    {
        sessions.push_back(openSession(mock));
        ok += requestOn(*sessions.back(), "GET", kMetadataPath) == 200;
    }
    BOOST_TEST(ok == 256);

    BOOST_TEST(freshClientAnswers(mock) < 5000);
    // The held connections are still alive and served.
    int again = 0;
    for (std::size_t i = 0; i < sessions.size(); i += 32)
        again += requestOn(*sessions[i], "GET", kMetadataPath) == 200;
    BOOST_TEST(again == 8);

    for (auto& s : sessions)
        s->reset();
    sessions.clear();
    BOOST_TEST(freshClientAnswers(mock) < 5000);
}

BOOST_AUTO_TEST_CASE(idle_and_half_sent_connections_do_not_block_others)
{
    Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(mock.server().port()));
    Poco::Net::StreamSocket silent(address);
    Poco::Net::StreamSocket partial(address);
    const std::string head = "GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    partial.sendBytes(head.data(), static_cast<int>(head.size()));

    BOOST_TEST(freshClientAnswers(mock) < 5000);
    BOOST_TEST(freshClientAnswers(mock) < 5000);
    silent.close();
    partial.close();
}

// The stores evict expired entries, so sustained load keeps memory bounded.
BOOST_AUTO_TEST_CASE(stores_evict_expired_entries_under_load)
{
    const int issued = 2000;
    auto session = openSession(mock);
    const std::string basic = mocktest::basicAuth("backend", mock.secretOf("backend"));
    int ok = 0;
    for (int i = 0; i < issued; ++i)
        ok += requestOn(*session, "POST", "/token", "grant_type=client_credentials", basic) == 200;
    BOOST_REQUIRE_EQUAL(ok, issued);
    BOOST_TEST(storeSize(mock, "access_tokens") == static_cast<std::uint64_t>(issued));
    // A client_credentials token is its own family: no grant record is kept for it.
    BOOST_TEST(storeSize(mock, "grants") == 0u);

    // Past the token lifetime and the grace period, the next insert evicts.
    mock.state().clock().advance(mock.state().config().lifetimes.accessToken + mock.state().grants().evictionGrace() + 1);
    BOOST_TEST(requestOn(*session, "POST", "/token", "grant_type=client_credentials", basic) == 200);
    BOOST_TEST(storeSize(mock, "access_tokens") == 1u);

    mock.state().clock().advance(mock.state().config().lifetimes.accessToken + mock.state().grants().evictionGrace() + 1);
    mock.state().grants().evictExpired();
    BOOST_TEST(storeSize(mock, "access_tokens") == 0u);
    BOOST_TEST(storeSize(mock, "grants") == 0u);
    BOOST_TEST(storeSize(mock, "refresh_tokens") == 0u);
}

BOOST_AUTO_TEST_CASE(quirk_hsts_malformed)
{
    BOOST_TEST(!mock.client().get(kMetadataPath).headers.has("Strict-Transport-Security"));

    mock.enable(mock::Quirk::HstsMalformed);
    HttpResult login = mock.client().get("/authorize?" + mock.codeRequest("public-app", oauth::generatePkcePair()).encode());
    for (const HttpResult& r : {mock.client().get(kMetadataPath), mock.client().postForm("/token", std::string("x=1")),
                                login, mock.client().get("/nowhere")})
    {
        BOOST_TEST(r.headers.count("Strict-Transport-Security") == 1u, "status " << r.status);
        BOOST_TEST(r.header("Strict-Transport-Security").find("max-age") == std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
