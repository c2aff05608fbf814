#define BOOST_TEST_MODULE BadInputTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

#include <oauth/Pkce.h>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <string>
#include <vector>

// Malformed and hostile requests, sent as raw bytes: each gets the right 4xx and a clear error
// (an OAuth error code, a problem document or an error page saying what was wrong); none crashes
// the server, hangs it or corrupts its state: it serves the next request, and a whole flow still
// works after all of them. Requests broken below HTTP (request line, header syntax and sizes)
// are refused by Poco's parser with a bare 400 Bad Request before any endpoint sees them (a
// Content-Length that is not a number makes Poco close the connection without an answer, and a
// chunk size that is not hexadecimal ends Poco's chunked body there, without an error).

using mocktest::TestServer;

namespace {

struct RawAnswer
{
    int status = 0;   ///< 0: no status line came back
    std::string text; ///< status line, headers and body as received
};

/// Sends `bytes` on a fresh connection, half-closes it and reads the answer to the end (5 s limit).
RawAnswer sendRaw(TestServer& mock, const std::string& bytes)
{
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(mock.server().port())),
                   Poco::Timespan(5, 0));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    socket.setSendTimeout(Poco::Timespan(5, 0));
    std::size_t sent = 0;
    while (sent < bytes.size())
        sent += static_cast<std::size_t>(socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
    socket.shutdownSend();
    RawAnswer answer;
    char buffer[8192];
    try
    {
        for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;)
            answer.text.append(buffer, static_cast<std::size_t>(n));
    }
    catch (const Poco::Exception&)
    {
        // A reset after the answer (the server closed with unread input): keep what arrived.
    }
    if (answer.text.rfind("HTTP/1.", 0) == 0 && answer.text.size() > 12)
        answer.status = std::stoi(answer.text.substr(9, 3));
    return answer;
}

/// The headers of an answer (up to the blank line).
std::string headerBlock(const RawAnswer& answer)
{
    return answer.text.substr(0, answer.text.find("\r\n\r\n"));
}

std::string request(const std::string& method, const std::string& target, const std::vector<std::string>& headers = {},
                    const std::string& body = "", bool contentLength = true)
{
    std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& h : headers)
        text += h + "\r\n";
    if (contentLength && !body.empty())
        text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return text + "\r\n" + body;
}

const std::string kForm = "Content-Type: application/x-www-form-urlencoded";

/// A POST of a form body to `target` as the confidential client "backend" (Basic).
std::string backendPost(TestServer& mock, const std::string& target, const std::string& body,
                        const std::string& contentType = kForm)
{
    return request("POST", target, {contentType, "Authorization: " + mocktest::basicAuth("backend", mock.secretOf("backend"))}, body);
}

/// The query of a valid authorization request of the auto-approving public client, plus `extra`.
std::string authorizeQuery(TestServer& mock, const std::string& extra, const std::string& state = "st")
{
    oauth::FormData params = mock.codeRequest("public-auto", oauth::generatePkcePair(), "", "", state);
    return "/authorize?" + params.encode() + extra;
}

/// An access token of the confidential client "backend" (client_credentials grant).
std::string clientCredentialsToken(TestServer& mock, const std::string& scope)
{
    oauth::FormData form;
    form.add("grant_type", "client_credentials");
    form.add("scope", scope);
    mocktest::HttpResult r = mock.client().postForm("/token", form, mock.clientAuthHeaders("backend"));
    BOOST_REQUIRE_EQUAL(r.status, 200);
    return r.jsonString("access_token");
}

std::string replaceFirst(std::string text, const std::string& from, const std::string& to)
{
    return text.replace(text.find(from), from.size(), to);
}

struct BadRequest
{
    std::string name;
    std::string bytes;
    std::vector<int> statuses; ///< any of these
    std::string mustContain;   ///< in the answer (headers or body): the clear error
};

std::vector<BadRequest> badRequests(TestServer& mock)
{
    const std::string basic = "Authorization: " + mocktest::basicAuth("backend", mock.secretOf("backend"));
    const std::string bearerUnknown = "Authorization: Bearer not-a-token";
    const std::string bearerValid = "Authorization: Bearer " + clientCredentialsToken(mock, "read:buildings write:addresses");
    const std::string longToken(5000, 'A');
    const std::string oversized(static_cast<std::size_t>(mock.server().maxBodyBytes()) + 10, 'a');
    const std::string ccForm = "grant_type=client_credentials";
    const std::string validAuthorize = authorizeQuery(mock, "");
    return {
        // --- the token endpoint: content types, bodies, encodings, parameters -----------------
        {"token: no content type", request("POST", "/token", {basic}, ccForm), {400}, "invalid_request"},
        {"token: JSON body", backendPost(mock, "/token", R"({"grant_type":"client_credentials"})", "Content-Type: application/json"), {400}, "invalid_request"},
        {"token: text/plain body", backendPost(mock, "/token", ccForm, "Content-Type: text/plain"), {400}, "invalid_request"},
        {"token: multipart body", backendPost(mock, "/token", "--x\r\n\r\n--x--", "Content-Type: multipart/form-data; boundary=x"), {400}, "invalid_request"},
        {"token: empty body", request("POST", "/token", {kForm, basic, "Content-Length: 0"}), {400}, "invalid_request"},
        {"token: truncated body", request("POST", "/token", {kForm, basic, "Content-Length: 200"}, ccForm, false), {400}, "29 of 200 bytes"},
        {"token: oversized body", backendPost(mock, "/token", "grant_type=client_credentials&pad=" + oversized), {413}, "larger than"},
        {"token: invalid percent-encoding", backendPost(mock, "/token", "grant_type=client%ZZcredentials"), {400}, "invalid_request"},
        {"token: truncated percent-encoding", backendPost(mock, "/token", "grant_type=client_credentials&scope=read%2"), {400}, "invalid_request"},
        {"token: invalid UTF-8", backendPost(mock, "/token", "grant_type=client_credentials&scope=%FF%FE"), {400}, "invalid_"},
        {"token: NUL in a value", backendPost(mock, "/token", "grant_type=client_credentials%00"), {400}, "error"},
        {"token: repeated grant_type", backendPost(mock, "/token", ccForm + "&" + ccForm), {400}, "invalid_request"},
        {"token: empty grant_type", backendPost(mock, "/token", "grant_type="), {400}, "invalid_request"},
        {"token: missing grant_type", backendPost(mock, "/token", "scope=read%3Abuildings"), {400}, "invalid_request"},
        {"token: unknown grant_type", backendPost(mock, "/token", "grant_type=magic"), {400}, "unsupported_grant_type"},
        {"token: only separators", backendPost(mock, "/token", "&&&&=&="), {400}, "invalid_request"},
        {"token: absurdly long code", backendPost(mock, "/token", "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fbackend.example.test%2Fcb&code=" + std::string(60000, 'c')), {400}, "invalid_grant"},
        {"token: 129-character verifier", backendPost(mock, "/token", "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fbackend.example.test%2Fcb&code=abc&code_verifier=" + std::string(129, 'v')), {400}, "invalid_"},
        {"token: 20 KB verifier", backendPost(mock, "/token", "grant_type=authorization_code&code=abc&code_verifier=" + std::string(20000, 'v')), {400}, "invalid_"},
        {"token: absurdly long refresh token", backendPost(mock, "/token", "grant_type=refresh_token&refresh_token=" + std::string(60000, 'r')), {400}, "invalid_grant"},
        {"token: Basic not base64", request("POST", "/token", {kForm, "Authorization: Basic !!!***"}, ccForm), {400, 401}, "invalid_client"},
        {"token: Basic without colon", request("POST", "/token", {kForm, "Authorization: Basic YmFja2VuZA=="}, ccForm), {400, 401}, "invalid_client"},
        {"token: Basic with bad percent-encoding", request("POST", "/token", {kForm, "Authorization: Basic YmFjayUlZW5kOng="}, ccForm), {400, 401}, "invalid_client"},
        {"token: unknown auth scheme", request("POST", "/token", {kForm, "Authorization: Digest x=1"}, ccForm), {400, 401}, "invalid_"},
        {"token: PUT", replaceFirst(backendPost(mock, "/token", ccForm), "POST", "PUT"), {405}, "Allow: POST"},
        {"token: DELETE", request("DELETE", "/token", {basic}), {405}, "Allow: POST"},
        {"token: unknown method", request("BREW", "/token", {basic}), {405}, "Allow: POST"},
        // --- the authorization endpoint: encodings, CRLF, repeats, lengths --------------------
        {"authorize: empty query", request("GET", "/authorize"), {400}, "id=\"error\""},
        {"authorize: invalid percent-encoding", request("GET", "/authorize?client_id=%ZZ&response_type=code"), {400}, "id=\"error\""},
        {"authorize: CRLF in client_id", request("GET", "/authorize?response_type=code&client_id=public-auto%0D%0ASet-Cookie:%20x=1"), {400}, "id=\"error\""},
        {"authorize: CRLF in redirect_uri", request("GET", "/authorize?response_type=code&client_id=public-auto&redirect_uri=https%3A%2F%2Fauto.example.test%2Fcb%0D%0ASet-Cookie:x=1"), {400}, "id=\"error\""},
        {"authorize: repeated client_id", request("GET", authorizeQuery(mock, "&client_id=public-app")), {400}, "id=\"error\""},
        {"authorize: repeated state", request("GET", authorizeQuery(mock, "&state=again")), {302, 303}, "error=invalid_request"},
        {"authorize: empty response_type", request("GET", replaceFirst(validAuthorize, "response_type=code", "response_type=")), {302, 303}, "error="},
        {"authorize: 42-character challenge", request("GET", "/authorize?response_type=code&client_id=public-auto&redirect_uri=https%3A%2F%2Fauto.example.test%2Fcb&code_challenge_method=S256&code_challenge=" + std::string(42, 'c')), {302, 303}, "error=invalid_request"},
        {"authorize: 2000-character challenge", request("GET", "/authorize?response_type=code&client_id=public-auto&redirect_uri=https%3A%2F%2Fauto.example.test%2Fcb&code_challenge_method=S256&code_challenge=" + std::string(2000, 'c')), {302, 303}, "error=invalid_request"},
        {"authorize: unknown challenge method", request("GET", replaceFirst(validAuthorize, "S256", "S512")), {302, 303}, "error=invalid_request"},
        {"authorize: POST with a JSON body", request("POST", "/authorize", {"Content-Type: application/json"}, "{}"), {400}, "id=\"error\""},
        {"authorize: DELETE", request("DELETE", "/authorize"), {405}, "Method not allowed"},
        {"login: GET of the form target", request("GET", "/login"), {405}, "Method not allowed"},
        {"login: unknown transaction", request("POST", "/login", {kForm}, "transaction=nope&username=alice&password=alice-pw&decision=approve"), {400}, "id=\"error\""},
        {"login: invalid percent-encoding", request("POST", "/login", {kForm}, "transaction=%G0"), {400}, "id=\"error\""},
        // --- revocation and introspection -------------------------------------------------------
        {"revoke: no token parameter", backendPost(mock, "/revoke", "token_type_hint=access_token"), {400}, "invalid_request"},
        {"revoke: repeated token", backendPost(mock, "/revoke", "token=a&token=b"), {400}, "invalid_request"},
        {"revoke: GET", request("GET", "/revoke?token=a", {basic}), {405}, "Allow: POST"},
        {"introspect: no client authentication", request("POST", "/introspect", {kForm}, "token=a"), {401}, "invalid_client"},
        {"introspect: repeated token", backendPost(mock, "/introspect", "token=a&token=b"), {400}, "invalid_request"},
        {"introspect: invalid percent-encoding", backendPost(mock, "/introspect", "token=%"), {400}, "invalid_request"},
        // --- the demo API (RFC 6750) ------------------------------------------------------------
        {"api: empty bearer", request("GET", "/v2/buildings", {"Authorization: Bearer "}), {400, 401}, "Bearer"},
        {"api: bearer with a space inside", request("GET", "/v2/buildings", {"Authorization: Bearer a b"}), {400, 401}, "Bearer"},
        {"api: 5000-character token", request("GET", "/v2/buildings", {"Authorization: Bearer " + longToken}), {401}, "invalid_token"},
        {"api: token in header and query", request("GET", "/v2/buildings?access_token=x", {bearerUnknown}), {400}, "invalid_request"},
        {"api: unknown token", request("GET", "/v2/buildings", {bearerUnknown}), {401}, "invalid_token"},
        {"api: invalid JSON for addresses", request("POST", "/v2/addresses", {bearerValid, "Content-Type: application/json"}, "{"), {400}, "error"},
        {"api: a JSON array for addresses", request("POST", "/v2/addresses", {bearerValid, "Content-Type: application/json"}, "[1,2]"), {400}, "error"},
        {"api: a form body for addresses", request("POST", "/v2/addresses", {bearerValid, kForm}, "street=x"), {400, 415}, "error"},
        {"api: unknown building id", request("GET", "/v2/buildings/%ZZ", {bearerValid}), {400, 404}, "error"},
        {"api: unknown method", request("PATCH", "/v2/buildings", {bearerValid}), {405}, "Allow: GET"},
        // --- metadata, control API, routing ----------------------------------------------------
        {"metadata: POST", request("POST", "/.well-known/oauth-authorization-server", {kForm}, "a=b"), {405}, "Allow: GET"},
        {"control: clock with invalid JSON", request("POST", "/_mock/clock", {"Content-Type: application/json"}, "{\"advance\": "), {400}, "JSON"},
        {"control: unknown quirk", request("PUT", "/_mock/quirks/no-such-quirk"), {400, 404}, "no-such-quirk"},
        {"routing: path traversal", request("GET", "/../../etc/passwd"), {400, 404}, ""},
        // --- below HTTP: Poco's parser answers a bare 400 --------------------------------------
        {"http: garbage request line", "GARBAGE\r\n\r\n", {400}, "400"},
        {"http: header without colon", "GET /nowhere HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", {400, 404}, "40"},
        {"http: 10 KB header value", request("GET", "/v2/buildings", {"X-Big: " + std::string(10000, 'h')}), {400}, "400"},
        {"http: 200 headers", request("GET", "/v2/buildings", std::vector<std::string>(200, "X-Many: 1")), {400}, "400"},
        {"http: 20 KB request target", request("GET", "/authorize?state=" + std::string(20000, 's')), {400, 414}, ""},
        // Poco fails to build the request object before any handler runs and closes the connection.
        {"http: invalid Content-Length", request("POST", "/token", {kForm, basic, "Content-Length: abc"}, ccForm, false), {0}, ""},
        {"http: negative Content-Length", request("POST", "/token", {kForm, basic, "Content-Length: -5"}, ccForm, false), {400}, "Content-Length is not a number"},
        {"http: invalid chunk size", request("POST", "/token", {kForm, basic, "Transfer-Encoding: chunked"}, "zz\r\nabc\r\n0\r\n\r\n", false), {400}, "invalid_request"},
    };
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(bad_input, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(each_bad_request_gets_its_4xx_and_the_server_keeps_serving)
{
    const std::vector<BadRequest> table = badRequests(mock);
    BOOST_TEST(table.size() >= 50u);
    for (const auto& row : table)
    {
        BOOST_TEST_CONTEXT(row.name)
        {
            RawAnswer answer = sendRaw(mock, row.bytes);
            BOOST_TEST_INFO("answer: " << answer.text.substr(0, 600));
            BOOST_TEST_MESSAGE(row.name << " -> " << answer.text.substr(answer.text.find("\r\n\r\n") == std::string::npos ? 0 : answer.text.find("\r\n\r\n") + 4, 200));
            BOOST_TEST((std::find(row.statuses.begin(), row.statuses.end(), answer.status) != row.statuses.end()));
            if (!row.mustContain.empty())
                BOOST_TEST(answer.text.find(row.mustContain) != std::string::npos);
            // Nothing from the request became a header of its own (CRLF injection).
            BOOST_TEST(headerBlock(answer).find("Set-Cookie: x=1") == std::string::npos);
            BOOST_TEST(headerBlock(answer).find("Set-Cookie:x=1") == std::string::npos);
            // And the server still answers.
            BOOST_TEST(mock.client().get("/.well-known/oauth-authorization-server").status == 200);
        }
    }
}

BOOST_AUTO_TEST_CASE(crlf_in_state_stays_inside_the_location)
{
    RawAnswer answer = sendRaw(mock, request("GET", authorizeQuery(mock, "", "a\r\nSet-Cookie: x=1\r\n")));
    BOOST_TEST(answer.status == 302);
    const std::string headers = headerBlock(answer);
    BOOST_TEST(headers.find("\r\nSet-Cookie") == std::string::npos);
    BOOST_TEST(headers.find("state=a%0D%0ASet-Cookie%3A") != std::string::npos, headers);
}

BOOST_AUTO_TEST_CASE(a_whole_flow_works_after_the_bad_requests)
{
    for (const auto& row : badRequests(mock))
        sendRaw(mock, row.bytes);
    mocktest::TokenSet tokens = mock.obtainTokens("public-app", "read:buildings");
    BOOST_TEST(mock.callApi(tokens.accessToken).status == 200);
    mocktest::HttpResult refreshed = mock.refresh("public-app", tokens.refreshToken);
    BOOST_TEST(refreshed.status == 200);
    BOOST_TEST(mock.callApi(refreshed.jsonString("access_token")).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
