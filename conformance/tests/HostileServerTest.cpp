#define BOOST_TEST_MODULE HostileServerTest
#include <boost/test/unit_test.hpp>

#include "conformance/Runner.h"

#include "MockTestSupport.h"

#include <mock_server/Config.h>
#include <mock_server/TlsCertificates.h>

#include <Poco/File.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/TemporaryFile.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// The whole catalogue against servers that misbehave (issue 3 "Robustness of the runner", issue 7
// "Bad servers for the runner"): every endpoint of one server fails in its own way — a redirect
// loop, a reset in mid-response, a stall, invalid JSON, a 50 MB body with a wrong Content-Type, a
// refused connection — and another server presents a certificate for another host. The runner
// finishes within its per-request limits, records every case with a reason, and never crashes.

using namespace conformance;

namespace {

/// A plain-HTTP server on 127.0.0.1:0 whose answer per request path is chosen by `behave`; one
/// thread per connection, all joined (and stalls released) when it is destroyed.
class HostileServer
{
public:
    using Behaviour = std::function<void(Poco::Net::StreamSocket&, const std::string& path, const std::atomic<bool>& stop)>;

    explicit HostileServer(Behaviour behave) : _socket(Poco::Net::SocketAddress("127.0.0.1", 0)), _behave(std::move(behave))
    {
        _acceptor = std::thread([this] {
            while (!_stop)
            {
                try
                {
                    if (!_socket.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ))
                        continue;
                    auto connection = std::make_shared<Poco::Net::StreamSocket>(_socket.acceptConnection());
                    std::lock_guard<std::mutex> lock(_mutex);
                    _workers.emplace_back([this, connection] { serve(*connection); });
                }
                catch (...)
                {
                }
            }
        });
    }

    ~HostileServer()
    {
        _stop = true;
        _acceptor.join();
        std::lock_guard<std::mutex> lock(_mutex);
        for (auto& worker : _workers)
            worker.join();
    }

    std::string url(const std::string& path = "") const
    {
        return "http://127.0.0.1:" + std::to_string(_socket.address().port()) + path;
    }

private:
    void serve(Poco::Net::StreamSocket& connection)
    {
        try
        {
            connection.setReceiveTimeout(Poco::Timespan(2, 0));
            connection.setSendTimeout(Poco::Timespan(2, 0));
            std::string head;
            char buffer[4096];
            while (head.find("\r\n\r\n") == std::string::npos && head.size() < 64 * 1024)
            {
                const int n = connection.receiveBytes(buffer, sizeof buffer);
                if (n <= 0)
                    return;
                head.append(buffer, static_cast<std::size_t>(n));
            }
            const auto space = head.find(' ');
            const std::string target = head.substr(space + 1, head.find(' ', space + 1) - space - 1);
            _behave(connection, target.substr(0, target.find('?')), _stop);
        }
        catch (...)
        {
            // The client went away: that is its business.
        }
    }

    Poco::Net::ServerSocket _socket;
    Behaviour _behave;
    std::atomic<bool> _stop{false};
    std::thread _acceptor;
    std::mutex _mutex;
    std::vector<std::thread> _workers;
};

void answer(Poco::Net::StreamSocket& s, const std::string& statusLine, const std::string& contentType, const std::string& body,
            const std::string& extraHeaders = "")
{
    const std::string text = "HTTP/1.1 " + statusLine + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
    s.sendBytes(text.data(), static_cast<int>(text.size()));
}

/// A port on 127.0.0.1 where nothing listens.
std::string refusedUrl(const std::string& path)
{
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto port = probe.address().port();
    probe.close();
    return "http://127.0.0.1:" + std::to_string(port) + path;
}

std::string metadataFor(const std::string& base, const std::string& refusedIntrospection)
{
    return R"({"issuer": ")" + base + R"(", "authorization_endpoint": ")" + base + R"(/authorize",
               "token_endpoint": ")" + base + R"(/token", "revocation_endpoint": ")" + base + R"(/revoke",
               "introspection_endpoint": ")" + refusedIntrospection + R"(", "jwks_uri": ")" + base + R"(/jwks",
               "response_types_supported": ["code"], "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
               "code_challenge_methods_supported": ["S256"], "authorization_response_iss_parameter_supported": true,
               "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"]})";
}

/// The behaviour of every endpoint.
void misbehave(Poco::Net::StreamSocket& s, const std::string& path, const std::atomic<bool>& stop, const std::string& metadata)
{
    if (path == "/.well-known/oauth-authorization-server")
        answer(s, "200 OK", "application/json", metadata);
    else if (path == "/authorize") // a redirect loop
        answer(s, "302 Found", "text/plain", "", "Location: /authorize?again=1\r\n");
    else if (path == "/token") // reset in mid-response
    {
        const std::string partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"access_tok";
        s.sendBytes(partial.data(), static_cast<int>(partial.size()));
        s.setLinger(true, 0); // close with RST
        s.close();
    }
    else if (path == "/revoke") // a stall: never answers
    {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!stop && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    else if (path.rfind("/v2/", 0) == 0) // a 50 MB body, labelled HTML
    {
        const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 52428800\r\n\r\n";
        s.sendBytes(head.data(), static_cast<int>(head.size()));
        const std::string chunk(64 * 1024, '<');
        for (int sent = 0; sent < 800 && !stop; ++sent)
            s.sendBytes(chunk.data(), static_cast<int>(chunk.size()));
    }
    else
        answer(s, "200 OK", "application/json", "{not json");
}

Target hostileTarget(const std::string& issuer)
{
    Target t = parseTargetProfile(R"({
      "clients": {
        "public": {"client_id": "p", "redirect_uri": "https://client.example.test/cb", "scope": "read:buildings"},
        "confidential": {"client_id": "c", "client_secret": "c-s3cret", "redirect_uri": "https://client.example.test/cc", "scope": "read:buildings"}
      },
      "user": {"username": "alice", "password": "alice-pw"},
      "resource": {"url": "/v2/buildings", "scope": "read:buildings"}
    })", "hostile-profile.json", issuer);
    t.http.connectTimeoutMs = 500;
    t.http.receiveTimeoutMs = 400;
    t.http.totalTimeoutMs = 800;
    return t;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

const CaseResult& caseNamed(const RunResult& run, const std::string& id)
{
    for (const auto& c : run.cases)
        if (c.id == id)
            return c;
    throw std::runtime_error("no case " + id);
}

} // namespace

BOOST_AUTO_TEST_CASE(every_endpoint_misbehaves)
{
    const std::string refused = refusedUrl("/introspect");
    std::string metadata;
    HostileServer server([&](Poco::Net::StreamSocket& s, const std::string& path, const std::atomic<bool>& stop) {
        misbehave(s, path, stop, metadata);
    });
    metadata = metadataFor(server.url(), refused);
    Catalogue catalogue = Catalogue::loadDirectory(CONFORMANCE_SCENARIOS_DIR);
    Target target = hostileTarget(server.url());
    RunOptions options;
    options.unreachableLimit = 0; // let every case meet the stall and the refusal
    Runner runner(target, options);

    const auto started = std::chrono::steady_clock::now();
    RunResult run = runner.run(catalogue.select({}));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    BOOST_TEST_MESSAGE(run.cases.size() << " cases in " << seconds << " s");

    BOOST_REQUIRE_EQUAL(run.cases.size(), catalogue.scenarios().size());
    std::map<Outcome, int> outcomes;
    for (const auto& c : run.cases)
    {
        BOOST_TEST_CONTEXT(c.id << ": " << c.reason)
        {
            ++outcomes[c.outcome];
            BOOST_TEST(!c.reason.empty());
            for (const auto& e : c.exchanges)
                BOOST_TEST(e.responseBody.size() <= target.http.maxBodyBytes); // the size limit held
            BOOST_TEST(!contains(c.reason, "c-s3cret"));
        }
    }
    // A server this broken passes next to nothing; what it does shows in the reasons.
    BOOST_TEST(outcomes[Outcome::Fail] + outcomes[Outcome::Error] > static_cast<int>(run.cases.size()) / 2);
    BOOST_TEST(contains(caseNamed(run, "rfc6749-4.1.2/code-replay-refused").reason, "stopped after"));  // redirect loop
    BOOST_TEST(contains(caseNamed(run, "rfc6749-5.1/no-store-client-credentials").reason, "connection"));
    const CaseResult& revocation = caseNamed(run, "rfc7009-2.2/unknown-tokens-answer-200");
    BOOST_TEST(contains(revocation.reason + revocation.exchanges.back().error, "timeout"));
    bool hugeBodyCut = false;
    for (const auto& c : run.cases)
        for (const auto& e : c.exchanges)
            hugeBodyCut = hugeBodyCut || (contains(e.url, "/v2/buildings") && (e.bodyTruncated || !e.error.empty()));
    BOOST_TEST(hugeBodyCut);
    // Every request of the run is bounded: no stall may cost more than its exchange limit.
    BOOST_TEST(seconds < 300.0);
}

BOOST_AUTO_TEST_CASE(a_certificate_for_another_host)
{
    // The embedded mock's own server, over HTTPS with a certificate for other.example.test only.
    const std::string dir = Poco::TemporaryFile::tempName();
    mock::TlsFiles files = mock::writeTlsMaterial(mock::generateTlsMaterial({"other.example.test"}), dir);
    mock::MockConfig config = mock::parseConfig(mocktest::TestServer::testConfigJson(), "test-config.json");
    config.tls.mode = mock::TlsConfig::Mode::Files;
    config.tls.certificateFile = files.serverCertificateFile;
    config.tls.keyFile = files.serverKeyFile;
    mock::MockServer server(config);
    server.start();
    Catalogue catalogue = Catalogue::loadDirectory(CONFORMANCE_SCENARIOS_DIR);
    Target target = hostileTarget(server.baseUrl());
    target.http.caFile = files.caCertificateFile;
    Runner runner(target, RunOptions{});
    RunResult run = runner.run(catalogue.select({"rfc7636"}));
    BOOST_REQUIRE(run.cases.size() >= 4u);
    for (std::size_t i = 0; i < run.cases.size(); ++i)
    {
        const CaseResult& c = run.cases[i];
        BOOST_TEST_CONTEXT(c.id << ": " << c.reason)
        {
            BOOST_TEST((c.outcome == Outcome::Error));
            if (i < 3)
                BOOST_TEST(contains(c.reason, "TLS"));
            else
                BOOST_TEST(contains(c.reason, "not run: the server gave no response"));
        }
    }
    server.stop();
    Poco::File(dir).remove(true);
}
