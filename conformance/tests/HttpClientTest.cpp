#define BOOST_TEST_MODULE HttpClientTest
#include <boost/test/unit_test.hpp>

#include "conformance/HttpClient.h"

#include "MockTestSupport.h"
#include "mock_server/TlsCertificates.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

using conformance::HttpClient;
using conformance::HttpClientOptions;
using conformance::HttpExchange;
using conformance::HttpRequestSpec;

namespace {

/// The HTTPS mock every test here shares (started once).
mocktest::TestServer& httpsMock()
{
    static mocktest::TestServer server(true);
    return server;
}

HttpClientOptions mockOptions()
{
    HttpClientOptions options;
    options.caFile = httpsMock().server().caCertificateFile();
    return options;
}

/// A raw TCP server on 127.0.0.1:0 whose behaviour per accepted connection is a function;
/// the destructor stops the thread and closes the socket.
class RawServer
{
public:
    using Behaviour = std::function<void(Poco::Net::StreamSocket&, const std::atomic<bool>& stop)>;

    explicit RawServer(Behaviour behaviour) : _socket(Poco::Net::SocketAddress("127.0.0.1", 0))
    {
        _thread = std::thread([this, behaviour] {
            while (!_stop)
            {
                try
                {
                    if (!_socket.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ))
                        continue;
                    Poco::Net::StreamSocket connection = _socket.acceptConnection();
                    connection.setSendTimeout(Poco::Timespan(2, 0));
                    connection.setReceiveTimeout(Poco::Timespan(2, 0));
                    behaviour(connection, _stop);
                }
                catch (...)
                {
                }
            }
        });
    }

    ~RawServer()
    {
        _stop = true;
        _thread.join();
        _socket.close();
    }

    std::string url(const std::string& path = "/") const
    {
        return "http://127.0.0.1:" + std::to_string(_socket.address().port()) + path;
    }

private:
    Poco::Net::ServerSocket _socket;
    std::atomic<bool> _stop{false};
    std::thread _thread;
};

/// Reads the request head (until the blank line), bounded.
void readRequestHead(Poco::Net::StreamSocket& s)
{
    std::string head;
    char buffer[1024];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 64 * 1024)
    {
        int n = s.receiveBytes(buffer, sizeof buffer);
        if (n <= 0)
            break;
        head.append(buffer, static_cast<std::size_t>(n));
    }
}

void holdUntilStopped(const std::atomic<bool>& stop)
{
    while (!stop)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

HttpClientOptions fastOptions()
{
    HttpClientOptions options;
    options.connectTimeoutMs = 300;
    options.receiveTimeoutMs = 300;
    options.totalTimeoutMs = 600;
    return options;
}

bool startsWith(const std::string& s, const std::string& prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(get_over_https_with_the_mock_ca)
{
    HttpClient client(mockOptions());
    HttpRequestSpec request;
    request.url = httpsMock().issuer() + "/.well-known/oauth-authorization-server";
    HttpExchange ex = client.send(request);
    BOOST_TEST(ex.error == "");
    BOOST_TEST(ex.status == 200);
    BOOST_TEST(ex.method == "GET");
    BOOST_TEST(ex.url == request.url);
    BOOST_TEST(conformance::headerValue(ex.responseHeaders, "content-type").find("application/json") == 0u);
    BOOST_TEST(ex.responseBody.find("\"issuer\"") != std::string::npos);
    BOOST_TEST(!ex.bodyTruncated);
    BOOST_TEST(ex.durationMs > 0.0);
    BOOST_TEST(conformance::headerValue(ex.requestHeaders, "User-Agent") == "oauth-conformance");
    BOOST_TEST(conformance::headerValue(ex.requestHeaders, "Host") ==
               "127.0.0.1:" + std::to_string(httpsMock().server().port()));
    BOOST_TEST(conformance::headerCount(ex.requestHeaders, "Content-Length") == 0u);
}

BOOST_AUTO_TEST_CASE(post_form_over_https)
{
    httpsMock().reset();
    HttpClient client(mockOptions());
    HttpRequestSpec request;
    request.method = "POST";
    request.url = httpsMock().issuer() + "/token";
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Authorization", mocktest::basicAuth("backend", "backend-secret")},
                       {"User-Agent", "custom-agent/1"}};
    request.body = "grant_type=client_credentials&scope=read%3Abuildings";
    HttpExchange ex = client.send(request);
    BOOST_TEST(ex.error == "");
    BOOST_TEST(ex.status == 200);
    BOOST_TEST(ex.responseBody.find("access_token") != std::string::npos);
    BOOST_TEST(conformance::headerValue(ex.responseHeaders, "Cache-Control") == "no-store");
    BOOST_TEST(conformance::headerValue(ex.requestHeaders, "Content-Length") == std::to_string(request.body.size()));
    BOOST_TEST(conformance::headerCount(ex.requestHeaders, "User-Agent") == 1u);
    BOOST_TEST(conformance::headerValue(ex.requestHeaders, "User-Agent") == "custom-agent/1");

    // An empty POST still says Content-Length: 0 (the mock answers 400, not 411).
    HttpRequestSpec empty;
    empty.method = "POST";
    empty.url = httpsMock().issuer() + "/token";
    HttpExchange ex2 = client.send(empty);
    BOOST_TEST(ex2.error == "");
    BOOST_TEST(conformance::headerValue(ex2.requestHeaders, "Content-Length") == "0");
    BOOST_TEST(ex2.status >= 400);
    BOOST_TEST(ex2.status < 500);
}

BOOST_AUTO_TEST_CASE(redirects_are_not_followed)
{
    httpsMock().reset();
    HttpClient client(mockOptions());
    HttpRequestSpec request;
    request.url = httpsMock().issuer() +
                  "/authorize?client_id=public-auto&response_type=code&redirect_uri=https%3A%2F%2Fauto.example.test%2Fcb"
                  "&state=s1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    HttpExchange ex = client.send(request);
    BOOST_TEST(ex.error == "");
    BOOST_TEST((ex.status == 302 || ex.status == 303));
    BOOST_TEST(startsWith(conformance::headerValue(ex.responseHeaders, "Location"), "https://auto.example.test/cb?code="));
}

BOOST_AUTO_TEST_CASE(tls_verification_failure_with_another_ca)
{
    Poco::TemporaryFile dir;
    mock::TlsFiles files = mock::writeTlsMaterial(mock::generateTlsMaterial(), dir.path());
    HttpClientOptions options = fastOptions();
    options.connectTimeoutMs = 3000;
    options.totalTimeoutMs = 5000;
    options.caFile = files.caCertificateFile;
    HttpClient client(options);
    HttpRequestSpec request;
    request.url = httpsMock().issuer() + "/.well-known/oauth-authorization-server";
    HttpExchange ex = client.send(request);
    BOOST_TEST_MESSAGE("TLS failure: " << ex.error);
    BOOST_TEST(startsWith(ex.error, "TLS: "), ex.error);
    BOOST_TEST(ex.status == 0);

    // With verification off (only when a profile says so) the same server is reachable.
    options.verifyTls = false;
    HttpExchange ex2 = HttpClient(options).send(request);
    BOOST_TEST(ex2.error == "");
    BOOST_TEST(ex2.status == 200);
}

BOOST_AUTO_TEST_CASE(plain_http_to_a_tls_port_is_an_error_value)
{
    HttpClient client(fastOptions());
    HttpRequestSpec request;
    request.url = "http://127.0.0.1:" + std::to_string(httpsMock().server().port()) + "/";
    HttpExchange ex = client.send(request);
    BOOST_TEST_MESSAGE("http to a TLS port: " << ex.error);
    BOOST_TEST(!ex.error.empty());
}

BOOST_AUTO_TEST_CASE(connection_refused)
{
    int port = 0;
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        port = socket.address().port();
        socket.close();
    }
    HttpClient client(fastOptions());
    HttpRequestSpec request;
    request.url = "http://127.0.0.1:" + std::to_string(port) + "/token";
    HttpExchange ex = client.send(request);
    BOOST_TEST(startsWith(ex.error, "connection refused: "), ex.error);
    BOOST_TEST(ex.error.find(std::to_string(port)) != std::string::npos);
    BOOST_TEST(ex.status == 0);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_times_out)
{
    RawServer server([](Poco::Net::StreamSocket&, const std::atomic<bool>& stop) { holdUntilStopped(stop); });
    HttpClient client(fastOptions());
    HttpRequestSpec request;
    request.url = server.url("/slow");
    auto start = std::chrono::steady_clock::now();
    HttpExchange ex = client.send(request);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE("silent server: " << ex.error << " after " << took << " ms");
    BOOST_TEST(startsWith(ex.error, "timeout after "), ex.error);
    BOOST_TEST(ex.status == 0);
    BOOST_TEST(took >= 250);
    BOOST_TEST(took < 2000);
}

BOOST_AUTO_TEST_CASE(a_tls_handshake_that_never_completes_times_out)
{
    RawServer server([](Poco::Net::StreamSocket&, const std::atomic<bool>& stop) { holdUntilStopped(stop); });
    std::string url = server.url("/");
    url.replace(0, 4, "https");
    auto start = std::chrono::steady_clock::now();
    HttpExchange ex = HttpClient(fastOptions()).send(HttpRequestSpec{"GET", url, {}, ""});
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE("silent TLS server: " << ex.error << " after " << took << " ms");
    BOOST_TEST(!ex.error.empty());
    BOOST_TEST(ex.error.find("timeout") != std::string::npos, ex.error);
    BOOST_TEST(took < 2000);
}

BOOST_AUTO_TEST_CASE(a_server_that_trickles_hits_the_total_deadline)
{
    // Headers one byte at a time, each well within the receive timeout: only the total deadline stops it.
    RawServer server([](Poco::Net::StreamSocket& s, const std::atomic<bool>& stop) {
        readRequestHead(s);
        const std::string head = "HTTP/1.1 200 OK\r\nX-Slow: ";
        s.sendBytes(head.data(), static_cast<int>(head.size()));
        while (!stop)
        {
            s.sendBytes("a", 1);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    HttpClient client(fastOptions());
    HttpRequestSpec request;
    request.url = server.url();
    auto start = std::chrono::steady_clock::now();
    HttpExchange ex = client.send(request);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST(startsWith(ex.error, "timeout after 600 ms"), ex.error);
    BOOST_TEST(took < 2000);
}

BOOST_AUTO_TEST_CASE(a_huge_body_is_truncated_at_the_limit)
{
    for (bool withLength : {true, false})
    {
        RawServer server([withLength](Poco::Net::StreamSocket& s, const std::atomic<bool>& stop) {
            readRequestHead(s);
            const std::size_t size = 5 * 1024 * 1024;
            std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
            head += withLength ? "Content-Length: " + std::to_string(size) + "\r\n\r\n" : "Connection: close\r\n\r\n";
            s.sendBytes(head.data(), static_cast<int>(head.size()));
            std::string chunk(64 * 1024, 'x');
            for (std::size_t sent = 0; sent < size && !stop; sent += chunk.size())
                s.sendBytes(chunk.data(), static_cast<int>(chunk.size())); // throws once the client has gone
        });
        HttpClientOptions options = fastOptions();
        options.totalTimeoutMs = 3000;
        options.maxBodyBytes = 10000;
        HttpClient client(options);
        HttpRequestSpec request;
        request.url = server.url("/big");
        HttpExchange ex = client.send(request);
        BOOST_TEST(ex.error == "", ex.error);
        BOOST_TEST(ex.status == 200);
        BOOST_TEST(ex.bodyTruncated);
        BOOST_TEST(ex.responseBody.size() == 10000u);
    }
}

BOOST_AUTO_TEST_CASE(a_body_at_exactly_the_limit_is_not_truncated)
{
    RawServer server([](Poco::Net::StreamSocket& s, const std::atomic<bool>&) {
        readRequestHead(s);
        const std::string response = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n0123456789";
        s.sendBytes(response.data(), static_cast<int>(response.size()));
        s.shutdownSend();
    });
    HttpClientOptions options = fastOptions();
    options.maxBodyBytes = 10;
    HttpExchange ex = HttpClient(options).send(HttpRequestSpec{"GET", server.url(), {}, ""});
    BOOST_TEST(ex.error == "", ex.error);
    BOOST_TEST(ex.responseBody == "0123456789");
    BOOST_TEST(!ex.bodyTruncated);
}

BOOST_AUTO_TEST_CASE(garbage_instead_of_http_is_a_malformed_response)
{
    for (std::string garbage : {"this is not http at all\r\n\r\n", "HTTP/1.1 abc Oops\r\n\r\n", "\x16\x03\x01\x02garbage"})
    {
        RawServer server([garbage](Poco::Net::StreamSocket& s, const std::atomic<bool>&) {
            readRequestHead(s);
            s.sendBytes(garbage.data(), static_cast<int>(garbage.size()));
            s.shutdownSend();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        });
        HttpExchange ex = HttpClient(fastOptions()).send(HttpRequestSpec{"GET", server.url(), {}, ""});
        BOOST_TEST_MESSAGE("garbage: " << ex.error);
        BOOST_TEST(startsWith(ex.error, "malformed response: "), ex.error);
        BOOST_TEST(ex.status == 0);
    }
}

BOOST_AUTO_TEST_CASE(a_server_that_closes_gives_no_response)
{
    RawServer server([](Poco::Net::StreamSocket& s, const std::atomic<bool>&) {
        readRequestHead(s);
        s.close();
    });
    HttpExchange ex = HttpClient(fastOptions()).send(HttpRequestSpec{"GET", server.url(), {}, ""});
    BOOST_TEST(ex.error == "no response (connection closed)");
    BOOST_TEST(ex.status == 0);
}

BOOST_AUTO_TEST_CASE(a_reset_connection)
{
    RawServer server([](Poco::Net::StreamSocket& s, const std::atomic<bool>&) {
        readRequestHead(s);
        s.setLinger(true, 0);
        s.close();
    });
    HttpExchange ex = HttpClient(fastOptions()).send(HttpRequestSpec{"GET", server.url(), {}, ""});
    BOOST_TEST(ex.error == "connection reset");
}

BOOST_AUTO_TEST_CASE(headers_keep_repeats)
{
    RawServer server([](Poco::Net::StreamSocket& s, const std::atomic<bool>&) {
        readRequestHead(s);
        const std::string response = "HTTP/1.1 302 Found\r\nLocation: /next\r\nSet-Cookie: a=1\r\nX-One: 1\r\n"
                                     "Set-Cookie: b=2; Path=/\r\nContent-Length: 0\r\n\r\n";
        s.sendBytes(response.data(), static_cast<int>(response.size()));
    });
    HttpExchange ex = HttpClient(fastOptions()).send(HttpRequestSpec{"GET", server.url(), {}, ""});
    BOOST_TEST(ex.error == "");
    BOOST_TEST(ex.status == 302);
    BOOST_TEST(conformance::headerCount(ex.responseHeaders, "set-cookie") == 2u);
    BOOST_TEST(conformance::headerValue(ex.responseHeaders, "Location") == "/next");
    BOOST_REQUIRE(ex.responseHeaders.size() >= 4u);
    BOOST_TEST(ex.responseHeaders.front().first == "Location");
}

BOOST_AUTO_TEST_CASE(the_request_goes_out_as_recorded)
{
    auto captured = std::make_shared<std::string>();
    HttpRequestSpec request;
    HttpExchange ex;
    {
        RawServer server([captured](Poco::Net::StreamSocket& s, const std::atomic<bool>&) {
            std::string data;
            char buffer[1024];
            while (data.find("\r\n\r\n") == std::string::npos || data.size() < data.find("\r\n\r\n") + 4 + 7)
            {
                int n = s.receiveBytes(buffer, sizeof buffer);
                if (n <= 0)
                    break;
                data.append(buffer, static_cast<std::size_t>(n));
            }
            *captured = data;
            const std::string response = "HTTP/1.1 204 No Content\r\n\r\n";
            s.sendBytes(response.data(), static_cast<int>(response.size()));
        });
        request = {"POST", server.url("/a%2Fb/c?x=%20y&z#frag"), {{"X-Test", "1"}, {"X-Test", "2"}}, "a=1&b=2"};
        ex = HttpClient(fastOptions()).send(request);
    } // the server thread is joined: `captured` is complete
    BOOST_TEST(ex.error == "");
    BOOST_TEST(ex.status == 204);
    std::string expected = "POST /a%2Fb/c?x=%20y&z HTTP/1.1\r\n"; // path and query exactly, no fragment
    for (const auto& [name, value] : ex.requestHeaders)
        expected += name + ": " + value + "\r\n";
    expected += "\r\na=1&b=2";
    BOOST_TEST(*captured == expected);
    // X-Test twice, Host, User-Agent, Content-Length, Connection: Close (one request per connection)
    BOOST_TEST(ex.requestHeaders.size() == 6u);
    BOOST_TEST(conformance::headerValue(ex.requestHeaders, "Connection") == "Close");
}

BOOST_AUTO_TEST_CASE(invalid_urls)
{
    HttpClient client(fastOptions());
    for (std::string url : {"ftp://127.0.0.1/x", "not a url", "", "http:///path", "https://[::1/x"})
    {
        HttpExchange ex = client.send(HttpRequestSpec{"GET", url, {}, ""});
        BOOST_TEST(startsWith(ex.error, "invalid URL: "), url << " -> " << ex.error);
    }
}

BOOST_AUTO_TEST_CASE(redaction_hides_secrets)
{
    HttpExchange ex;
    ex.method = "POST";
    ex.url = "https://as.example/token?code=SECRETCODE&x=1";
    ex.requestHeaders = {{"Authorization", "Basic YmFja2VuZDpiYWNrZW5kLXNlY3JldA=="},
                         {"Content-Type", "application/x-www-form-urlencoded"},
                         {"Cookie", "session=SESSIONVALUE"}};
    ex.requestBody = "grant_type=authorization_code&code=SECRETCODE&code_verifier=VERIFIERVALUE&client_id=app";
    ex.responseHeaders = {{"Content-Type", "application/json"},
                          {"Set-Cookie", "sid=SETCOOKIEVALUE; Path=/"},
                          {"Location", "https://app.example/cb?code=LOCATIONCODE&state=st#access_token=FRAGTOKEN"}};
    ex.responseBody = R"({"access_token":"ACCESSTOKEN","refresh_token":"REFRESHTOKEN","token_type":"Bearer"})";
    HttpExchange r = conformance::redactExchange(ex);
    std::string all = r.url + r.requestBody + r.responseBody;
    for (const auto& h : r.requestHeaders)
        all += h.second;
    for (const auto& h : r.responseHeaders)
        all += h.second;
    for (std::string secret : {"SECRETCODE", "YmFja2VuZDpiYWNrZW5kLXNlY3JldA", "SESSIONVALUE", "VERIFIERVALUE",
                               "SETCOOKIEVALUE", "LOCATIONCODE", "FRAGTOKEN", "ACCESSTOKEN", "REFRESHTOKEN"})
        BOOST_TEST(all.find(secret) == std::string::npos, secret);
    BOOST_TEST(startsWith(conformance::headerValue(r.requestHeaders, "Authorization"), "Basic "));
    BOOST_TEST(r.requestBody.find("client_id=app") != std::string::npos);
    BOOST_TEST(r.responseBody.find("Bearer") != std::string::npos);
    BOOST_TEST(conformance::headerValue(r.responseHeaders, "Location").find("state=st") != std::string::npos);
    BOOST_TEST(r.method == "POST");

    // A token response mislabelled as text/plain is still redacted as JSON.
    HttpExchange mislabelled;
    mislabelled.responseHeaders = {{"Content-Type", "text/plain"}};
    mislabelled.responseBody = R"({"access_token":"PLAINTOKEN"})";
    BOOST_TEST(conformance::redactExchange(mislabelled).responseBody.find("PLAINTOKEN") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(resolve_url_rfc3986_examples)
{
    // RFC 3986 §5.4.1 and §5.4.2, base "http://a/b/c/d;p?q".
    const std::string base = "http://a/b/c/d;p?q";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y#s"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"http:g", "http:g"},
    };
    for (const auto& [reference, expected] : cases)
        BOOST_TEST(conformance::resolveUrl(base, reference) == expected, "reference \"" << reference << "\"");

    // The cases a browser meets: a Location or a form action against a page URL; encoding kept as is.
    BOOST_TEST(conformance::resolveUrl("https://127.0.0.1:8443/authorize?x=1", "login") == "https://127.0.0.1:8443/login");
    BOOST_TEST(conformance::resolveUrl("https://as.example", "login") == "https://as.example/login");
    BOOST_TEST(conformance::resolveUrl("https://as.example/a/b", "https://app.example/cb?code=a%2Fb") ==
               "https://app.example/cb?code=a%2Fb");
    BOOST_TEST(conformance::resolveUrl("https://as.example/a/b", "/c%2Fd?e=%20") == "https://as.example/c%2Fd?e=%20");
}
