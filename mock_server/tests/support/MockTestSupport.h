#pragma once

// Shared helpers for the mock server's in-process HTTP tests: a server on 127.0.0.1:0 (one per
// test executable, reset between cases), a small HTTP client, and the steps of the code flow.

#include "mock_server/MockServer.h"

#include <oauth/FormData.h>
#include <oauth/Pkce.h>

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mocktest {

/// One HTTP response as the test client saw it.
struct HttpResult
{
    int status = 0;
    mock::Headers headers;
    std::string body;
    bool dropped = false; ///< the connection closed without a response

    std::string header(const std::string& name) const { return headers.get(name); }
    /// The body parsed as JSON (an exception with the body in its message if it is not JSON).
    const rapidjson::Document& json() const;
    /// A string member of the JSON body, "" if absent.
    std::string jsonString(const char* member) const;
    bool hasJsonMember(const char* member) const;

private:
    mutable std::shared_ptr<rapidjson::Document> _json;
};

/// A plain HTTP/1.1 client for the test server (a fresh connection per request unless
/// reused explicitly); no redirects are followed.
class TestClient
{
public:
    TestClient(std::string host, int port, std::string caFile = "");

    HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                       const std::string& contentType = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
    HttpResult get(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
    HttpResult postForm(const std::string& target, const std::string& body,
                        const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
    HttpResult postForm(const std::string& target, const oauth::FormData& form,
                        const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
    HttpResult postJson(const std::string& target, const std::string& json,
                        const std::vector<std::pair<std::string, std::string>>& headers = {}) const;

private:
    std::string _host;
    int _port;
    std::string _caFile;
};

/// "Basic base64(urlencode(id):urlencode(secret))" (RFC 6749 §2.3.1).
std::string basicAuth(const std::string& clientId, const std::string& secret);

/// "Bearer <token>".
std::string bearer(const std::string& token);

/// Query or form parameters of a URL's query component ("" if none), decoded.
oauth::FormData queryOf(const std::string& url);

/// What an authorization request ended in.
struct AuthorizationOutcome
{
    HttpResult response;       ///< the last response (302/303 redirect, or an error page)
    std::string location;      ///< Location of the redirect, "" if none
    oauth::FormData params;    ///< its query parameters (code, state, iss, error, …)
    std::string code() const { return params.get("code").value_or(""); }
    std::string error() const { return params.get("error").value_or(""); }
    bool redirected() const { return !location.empty(); }
};

/// Tokens from a successful token response.
struct TokenSet
{
    HttpResult response;
    std::string accessToken;
    std::string refreshToken;
    std::string scope;
};

/// The in-process server every test in an executable shares (starting one costs ~250 ms to stop).
class TestServer
{
public:
    /// Starts on 127.0.0.1:0 with tests/support/test-config.json (plain HTTP; `tls` for HTTPS).
    explicit TestServer(bool tls = false, const std::string& configJson = "");
    ~TestServer();

    /// The executable-wide instance (plain HTTP), created on first use.
    static TestServer& shared();

    /// The test configuration's JSON text.
    static std::string testConfigJson();

    mock::MockServer& server() { return *_server; }
    mock::MockState& state() { return _server->state(); }
    std::string issuer() { return state().issuer(); }
    const TestClient& client() const { return *_client; }

    /// Back to a fresh state (stores, quirks, clock, faults, traffic).
    void reset();

    /// Enables one quirk (until the next reset).
    void enable(mock::Quirk quirk) { state().quirks().enable(quirk); }

    /// GET /authorize with `params`; when the login page appears, signs in as `user` and
    /// approves (or denies). Returns where the browser was sent.
    AuthorizationOutcome authorize(const oauth::FormData& params, const std::string& user = "alice",
                                   const std::string& password = "", bool approve = true) const;

    /// Parameters of a valid S256 request for `clientId` (redirect URI, scope, state, challenge).
    oauth::FormData codeRequest(const std::string& clientId, const oauth::PkcePair& pkce,
                                const std::string& redirectUri = "", const std::string& scope = "",
                                const std::string& state = "st-1") const;

    /// The registered redirect URI the helpers use for a client.
    static std::string redirectUriOf(const std::string& clientId);

    /// Runs authorize (S256) and returns the code; BOOST_REQUIREs success.
    std::string obtainCode(const std::string& clientId, const oauth::PkcePair& pkce, const std::string& scope = "") const;

    /// POST /token, grant_type=authorization_code, authenticated as the client would be
    /// (public: client_id; confidential: Basic with the configured secret).
    HttpResult exchangeCode(const std::string& clientId, const std::string& code, const std::string& verifier,
                            const std::string& redirectUri = "") const;

    /// A full code flow for the client; BOOST_REQUIREs a 200 with tokens.
    TokenSet obtainTokens(const std::string& clientId, const std::string& scope = "") const;

    /// POST /token, grant_type=refresh_token, authenticated as the client would be.
    HttpResult refresh(const std::string& clientId, const std::string& refreshToken, const std::string& scope = "") const;

    /// Headers that authenticate the client at /token, /revoke, /introspect (none for public).
    std::vector<std::pair<std::string, std::string>> clientAuthHeaders(const std::string& clientId) const;

    /// Form parameters that identify the client (client_id for public clients, none for confidential).
    oauth::FormData clientForm(const std::string& clientId) const;

    /// GET /v2/buildings with the token in the Authorization header.
    HttpResult callApi(const std::string& accessToken, const std::string& path = "/v2/buildings") const;

    /// The configured secret of a confidential client ("" for public ones).
    std::string secretOf(const std::string& clientId) const;

private:
    std::unique_ptr<mock::MockServer> _server;
    std::unique_ptr<TestClient> _client;
};

/// Boost.Test fixture: resets the shared server before each test case.
struct FreshServer
{
    FreshServer() { TestServer::shared().reset(); }
    TestServer& mock = TestServer::shared();
};

} // namespace mocktest
