#include "MockTestSupport.h"

#include <oauth/Encoding.h>

#include <boost/test/unit_test.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mocktest {

const rapidjson::Document& HttpResult::json() const
{
    if (!_json)
    {
        _json = std::make_shared<rapidjson::Document>();
        _json->Parse(body.c_str(), body.size());
        if (_json->HasParseError())
            throw std::runtime_error("response body is not JSON: " + body);
    }
    return *_json;
}

std::string HttpResult::jsonString(const char* member) const
{
    const auto& doc = json();
    if (!doc.IsObject() || !doc.HasMember(member) || !doc[member].IsString())
        return "";
    return doc[member].GetString();
}

bool HttpResult::hasJsonMember(const char* member) const
{
    const auto& doc = json();
    return doc.IsObject() && doc.HasMember(member);
}

TestClient::TestClient(std::string host, int port, std::string caFile)
    : _host(std::move(host)), _port(port), _caFile(std::move(caFile))
{
}

HttpResult TestClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::string& contentType,
                               const std::vector<std::pair<std::string, std::string>>& headers) const
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_caFile.empty())
        session = std::make_unique<Poco::Net::HTTPClientSession>(_host, static_cast<Poco::UInt16>(_port));
    else
    {
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", _caFile,
                                                                 Poco::Net::Context::VERIFY_STRICT);
        session = std::make_unique<Poco::Net::HTTPSClientSession>(_host, static_cast<Poco::UInt16>(_port), context);
    }
    session->setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest req(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers)
        req.add(name, value);
    if (!contentType.empty())
        req.setContentType(contentType);
    if (!body.empty() || method == "POST" || method == "PUT")
        req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    HttpResult result;
    try
    {
        session->sendRequest(req) << body;
        Poco::Net::HTTPResponse resp;
        std::istream& in = session->receiveResponse(resp);
        result.status = resp.getStatus();
        for (const auto& [name, value] : resp)
            result.headers.add(name, value);
        std::ostringstream out;
        Poco::StreamCopier::copyStream(in, out);
        result.body = out.str();
    }
    catch (const Poco::Net::NoMessageException&)
    {
        result.dropped = true;
    }
    catch (const Poco::Net::ConnectionResetException&)
    {
        result.dropped = true;
    }
    return result;
}

HttpResult TestClient::get(const std::string& target, const std::vector<std::pair<std::string, std::string>>& headers) const
{
    return request("GET", target, "", "", headers);
}

HttpResult TestClient::postForm(const std::string& target, const std::string& body,
                                const std::vector<std::pair<std::string, std::string>>& headers) const
{
    return request("POST", target, body, "application/x-www-form-urlencoded", headers);
}

HttpResult TestClient::postForm(const std::string& target, const oauth::FormData& form,
                                const std::vector<std::pair<std::string, std::string>>& headers) const
{
    return postForm(target, form.encode(), headers);
}

HttpResult TestClient::postJson(const std::string& target, const std::string& json,
                                const std::vector<std::pair<std::string, std::string>>& headers) const
{
    return request("POST", target, json, "application/json", headers);
}

std::string basicAuth(const std::string& clientId, const std::string& secret)
{
    return "Basic " + oauth::base64Encode(oauth::formUrlEncode(clientId) + ":" + oauth::formUrlEncode(secret));
}

std::string bearer(const std::string& token)
{
    return "Bearer " + token;
}

oauth::FormData queryOf(const std::string& url)
{
    auto q = url.find('?');
    if (q == std::string::npos)
        return {};
    return oauth::FormData::parse(url.substr(q + 1, url.find('#') == std::string::npos ? std::string::npos
                                                                                     : url.find('#') - q - 1));
}

std::string TestServer::testConfigJson()
{
    std::ifstream in(MOCK_TEST_CONFIG);
    if (!in)
        throw std::runtime_error(std::string("cannot read ") + MOCK_TEST_CONFIG);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TestServer::TestServer(bool tls, const std::string& configJson)
{
    mock::MockConfig config = mock::parseConfig(configJson.empty() ? testConfigJson() : configJson, "test config");
    config.server.port = 0;
    config.server.bind = "127.0.0.1";
    if (tls)
        config.tls.mode = mock::TlsConfig::Mode::SelfSigned;
    else if (config.tls.mode == mock::TlsConfig::Mode::SelfSigned)
        config.tls.mode = mock::TlsConfig::Mode::Off;
    _server = std::make_unique<mock::MockServer>(config);
    _server->start();
    _client = std::make_unique<TestClient>("127.0.0.1", _server->port(), _server->caCertificateFile());
}

TestServer::~TestServer() = default;

TestServer& TestServer::shared()
{
    static TestServer instance;
    return instance;
}

void TestServer::reset()
{
    state().reset();
}

std::string TestServer::redirectUriOf(const std::string& clientId)
{
    static const std::map<std::string, std::string> uris = {
        {"public-app", "https://app.example.test/cb"},   {"public-auto", "https://auto.example.test/cb"},
        {"single-uri", "https://single.example.test/cb"}, {"native-app", "http://127.0.0.1/callback"},
        {"plain-ok", "https://plain.example.test/cb"},    {"backend", "https://backend.example.test/cb"},
        {"backend-2", "https://backend2.example.test/cb"}, {"basic-only", "https://basic.example.test/cb"}};
    auto it = uris.find(clientId);
    return it == uris.end() ? "" : it->second;
}

std::string TestServer::secretOf(const std::string& clientId) const
{
    auto client = _server->state().clients().find(clientId);
    return client ? client->clientSecret : "";
}

oauth::FormData TestServer::codeRequest(const std::string& clientId, const oauth::PkcePair& pkce,
                                        const std::string& redirectUri, const std::string& scope,
                                        const std::string& state) const
{
    oauth::FormData p;
    p.add("response_type", "code");
    p.add("client_id", clientId);
    p.add("redirect_uri", redirectUri.empty() ? redirectUriOf(clientId) : redirectUri);
    if (!scope.empty())
        p.add("scope", scope);
    if (!state.empty())
        p.add("state", state);
    p.add("code_challenge", pkce.challenge);
    p.add("code_challenge_method", oauth::pkceMethodName(pkce.method));
    return p;
}

AuthorizationOutcome TestServer::authorize(const oauth::FormData& params, const std::string& user,
                                           const std::string& password, bool approve) const
{
    AuthorizationOutcome outcome;
    outcome.response = _client->get("/authorize?" + params.encode());
    if (outcome.response.status == 200 && outcome.response.body.find("name=\"transaction\"") != std::string::npos)
    {
        const std::string marker = "name=\"transaction\" value=\"";
        auto start = outcome.response.body.find(marker) + marker.size();
        std::string transaction = outcome.response.body.substr(start, outcome.response.body.find('"', start) - start);
        oauth::FormData login;
        login.add("transaction", transaction);
        login.add("username", user);
        const mock::UserConfig* u = _server->state().config().findUser(user);
        login.add("password", !password.empty() ? password : u ? u->password : "");
        login.add("decision", approve ? "approve" : "deny");
        outcome.response = _client->postForm("/login", login);
    }
    outcome.location = outcome.response.header("Location");
    if (!outcome.location.empty())
        outcome.params = queryOf(outcome.location);
    return outcome;
}

std::string TestServer::obtainCode(const std::string& clientId, const oauth::PkcePair& pkce, const std::string& scope) const
{
    AuthorizationOutcome outcome = authorize(codeRequest(clientId, pkce, "", scope));
    BOOST_REQUIRE_MESSAGE(!outcome.code().empty(), "no code; status " << outcome.response.status << ", location "
                                                                      << outcome.location << ", body "
                                                                      << outcome.response.body.substr(0, 300));
    return outcome.code();
}

std::vector<std::pair<std::string, std::string>> TestServer::clientAuthHeaders(const std::string& clientId) const
{
    std::string secret = secretOf(clientId);
    if (secret.empty())
        return {};
    return {{"Authorization", basicAuth(clientId, secret)}};
}

oauth::FormData TestServer::clientForm(const std::string& clientId) const
{
    oauth::FormData f;
    if (secretOf(clientId).empty())
        f.add("client_id", clientId);
    return f;
}

HttpResult TestServer::exchangeCode(const std::string& clientId, const std::string& code, const std::string& verifier,
                                    const std::string& redirectUri) const
{
    oauth::FormData form = clientForm(clientId);
    form.add("grant_type", "authorization_code");
    form.add("code", code);
    form.add("redirect_uri", redirectUri.empty() ? redirectUriOf(clientId) : redirectUri);
    if (!verifier.empty())
        form.add("code_verifier", verifier);
    return _client->postForm("/token", form, clientAuthHeaders(clientId));
}

TokenSet TestServer::obtainTokens(const std::string& clientId, const std::string& scope) const
{
    oauth::PkcePair pkce = oauth::generatePkcePair();
    std::string code = obtainCode(clientId, pkce, scope);
    TokenSet tokens;
    tokens.response = exchangeCode(clientId, code, pkce.verifier);
    BOOST_REQUIRE_MESSAGE(tokens.response.status == 200, "token exchange failed: " << tokens.response.status << " "
                                                                                   << tokens.response.body);
    tokens.accessToken = tokens.response.jsonString("access_token");
    tokens.refreshToken = tokens.response.jsonString("refresh_token");
    tokens.scope = tokens.response.jsonString("scope");
    return tokens;
}

HttpResult TestServer::refresh(const std::string& clientId, const std::string& refreshToken, const std::string& scope) const
{
    oauth::FormData form = clientForm(clientId);
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", refreshToken);
    if (!scope.empty())
        form.add("scope", scope);
    return _client->postForm("/token", form, clientAuthHeaders(clientId));
}

HttpResult TestServer::callApi(const std::string& accessToken, const std::string& path) const
{
    return _client->get(path, {{"Authorization", bearer(accessToken)}});
}

} // namespace mocktest
