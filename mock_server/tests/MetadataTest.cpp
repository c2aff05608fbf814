#define BOOST_TEST_MODULE MetadataTest
#include <boost/test/unit_test.hpp>

#include "MockTestSupport.h"

#include <oauth/Encoding.h>

#include <Poco/Exception.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>

// Authorization server metadata (RFC 8414 §2, §3), the JWKS (RFC 7517 §5) and JWT access
// tokens (RFC 9068 §2) signed with its key.

namespace {

const char* const kPaths[] = {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"};

std::vector<std::string> stringArray(const rapidjson::Value& doc, const char* member)
{
    std::vector<std::string> out;
    BOOST_TEST_REQUIRE(doc.HasMember(member), member);
    BOOST_TEST_REQUIRE(doc[member].IsArray(), member);
    for (const auto& v : doc[member].GetArray())
    {
        BOOST_TEST_REQUIRE(v.IsString());
        out.emplace_back(v.GetString());
    }
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

/// The test configuration without one client (none if ""), with extra top-level members appended.
std::string testConfigWithout(const std::string& droppedClient, const std::string& extraMembers)
{
    rapidjson::Document doc;
    std::string text = mocktest::TestServer::testConfigJson();
    doc.Parse(text.c_str(), text.size());
    BOOST_TEST_REQUIRE(!doc.HasParseError());
    auto& clients = doc["clients"];
    for (auto it = clients.Begin(); it != clients.End();)
        it = std::string((*it)["client_id"].GetString()) == droppedClient ? clients.Erase(it) : it + 1;
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    doc.Accept(w);
    std::string out(buffer.GetString(), buffer.GetSize());
    return extraMembers.empty() ? out : out.substr(0, out.size() - 1) + "," + extraMembers + "}";
}

/// Decodes one base64url JWT segment as a JSON object.
rapidjson::Document jwtPart(const std::string& token, int index)
{
    std::size_t start = 0;
    for (int i = 0; i < index; ++i)
        start = token.find('.', start) + 1;
    std::string segment = token.substr(start, token.find('.', start) - start);
    auto decoded = oauth::base64UrlDecode(segment);
    BOOST_TEST_REQUIRE(decoded.has_value(), "segment " << index << " is not base64url");
    rapidjson::Document doc;
    doc.Parse(decoded->c_str(), decoded->size());
    BOOST_TEST_REQUIRE((!doc.HasParseError() && doc.IsObject()), *decoded);
    return doc;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(metadata, mocktest::FreshServer)

BOOST_AUTO_TEST_CASE(both_paths_serve_the_document)
{
    for (const char* path : kPaths)
    {
        BOOST_TEST_CONTEXT(path)
        {
            auto r = mock.client().get(path);
            BOOST_TEST_REQUIRE(r.status == 200);
            BOOST_TEST(r.header("Content-Type").rfind("application/json", 0) == 0u, r.header("Content-Type"));
            const auto& doc = r.json();
            BOOST_TEST_REQUIRE(doc.IsObject());
            BOOST_TEST(r.jsonString("issuer") == mock.issuer());
            BOOST_TEST(mock.issuer().find_first_of("?#") == std::string::npos);
            BOOST_TEST(r.jsonString("authorization_endpoint") == mock.issuer() + "/authorize");
            BOOST_TEST(r.jsonString("token_endpoint") == mock.issuer() + "/token");
            for (const char* member : {"authorization_endpoint", "token_endpoint", "revocation_endpoint",
                                       "introspection_endpoint", "jwks_uri"})
                BOOST_TEST(r.jsonString(member).rfind(mock.issuer() + "/", 0) == 0u, member << ": " << r.jsonString(member));
            BOOST_TEST(stringArray(doc, "response_types_supported") == std::vector<std::string>{"code"});
            auto grants = stringArray(doc, "grant_types_supported");
            for (const char* g : {"authorization_code", "refresh_token", "client_credentials"})
                BOOST_TEST(contains(grants, g), g);
            BOOST_TEST(!contains(grants, "password"));
            BOOST_TEST(!contains(grants, "implicit"));
            auto methods = stringArray(doc, "token_endpoint_auth_methods_supported");
            for (const char* m : {"client_secret_basic", "client_secret_post", "none"})
                BOOST_TEST(contains(methods, m), m);
            auto scopes = stringArray(doc, "scopes_supported");
            BOOST_TEST(contains(scopes, "read:buildings"));
            BOOST_TEST(contains(scopes, "write:addresses"));
            BOOST_TEST_REQUIRE(doc.HasMember("authorization_response_iss_parameter_supported"));
            BOOST_TEST(doc["authorization_response_iss_parameter_supported"].IsTrue());
            // S256 is listed first; the shared test config has a client that allows plain, which is listed too.
            auto pkce = stringArray(doc, "code_challenge_methods_supported");
            BOOST_TEST_REQUIRE(!pkce.empty());
            BOOST_TEST(pkce.front() == "S256");
        }
    }
}

BOOST_AUTO_TEST_CASE(endpoints_listed_are_served)
{
    auto doc = mock.client().get(kPaths[0]);
    auto jwks = mock.client().get(doc.jsonString("jwks_uri").substr(mock.issuer().size()));
    BOOST_TEST(jwks.status == 200);
    auto token = mock.client().postForm(doc.jsonString("token_endpoint").substr(mock.issuer().size()), "grant_type=foo&client_id=public-app");
    BOOST_TEST(token.status == 400);
    BOOST_TEST(token.jsonString("error") == "unsupported_grant_type");
}

BOOST_AUTO_TEST_CASE(every_advertised_url_is_served)
{
    // RFC 8414 §2 / META-06: what the document points to exists (no 404 behind a listed URL).
    auto r = mock.client().get(kPaths[0]);
    const auto& doc = r.json();
    int urls = 0;
    for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it)
    {
        std::string name = it->name.GetString();
        if (!it->value.IsString() || name == "issuer")
            continue;
        std::string url = it->value.GetString();
        if (url.rfind("http", 0) != 0)
            continue;
        BOOST_TEST_CONTEXT(name << " = " << url)
        {
            BOOST_TEST_REQUIRE(url.rfind(mock.issuer() + "/", 0) == 0u);
            auto answer = mock.client().get(url.substr(mock.issuer().size()));
            BOOST_TEST(answer.status != 404);
            ++urls;
        }
    }
    BOOST_TEST(urls >= 5);
}

BOOST_AUTO_TEST_CASE(post_is_method_not_allowed)
{
    for (const char* path : kPaths)
    {
        BOOST_TEST_CONTEXT(path)
        {
            auto r = mock.client().postForm(path, "x=1");
            BOOST_TEST(r.status == 405);
            BOOST_TEST(r.header("Allow").find("GET") != std::string::npos);
        }
    }
    BOOST_TEST(mock.client().postForm("/jwks", "x=1").status == 405);
}

BOOST_AUTO_TEST_CASE(metadata_issuer_mismatch)
{
    BOOST_TEST(mock.client().get(kPaths[0]).jsonString("issuer") == mock.issuer());

    mock.enable(mock::Quirk::MetadataIssuerMismatch);
    for (const char* path : kPaths)
    {
        auto issuer = mock.client().get(path).jsonString("issuer");
        BOOST_TEST(!issuer.empty());
        BOOST_TEST(issuer != mock.issuer(), path);
    }
}

BOOST_AUTO_TEST_CASE(jwks_has_one_public_signing_key)
{
    auto r = mock.client().get("/jwks");
    BOOST_TEST_REQUIRE(r.status == 200);
    BOOST_TEST(r.header("Content-Type").find("json") != std::string::npos);
    const auto& doc = r.json();
    BOOST_TEST_REQUIRE(doc.HasMember("keys"));
    BOOST_TEST_REQUIRE(doc["keys"].IsArray());
    BOOST_TEST_REQUIRE(doc["keys"].Size() == 1u);
    const auto& key = doc["keys"][0];
    for (const char* member : {"kty", "kid", "alg"})
    {
        BOOST_TEST_REQUIRE(key.HasMember(member), member);
        BOOST_TEST(key[member].IsString());
        BOOST_TEST(key[member].GetStringLength() > 0u);
    }
    BOOST_TEST(!key.HasMember("d")); // never the private part
    BOOST_TEST(!key.HasMember("p"));
}

BOOST_AUTO_TEST_CASE(quirk_metadata_wrong_content_type)
{
    BOOST_TEST(mock.client().get(kPaths[0]).header("Content-Type").rfind("application/json", 0) == 0u);

    mock.enable(mock::Quirk::MetadataWrongContentType);
    for (const char* path : kPaths)
    {
        auto r = mock.client().get(path);
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.header("Content-Type").rfind("text/plain", 0) == 0u, path << ": " << r.header("Content-Type"));
        BOOST_TEST(r.jsonString("issuer") == mock.issuer()); // the body is still the document
    }
}

BOOST_AUTO_TEST_CASE(quirk_metadata_malformed)
{
    BOOST_TEST(mock.client().get(kPaths[0]).json()["response_types_supported"].IsArray());

    mock.enable(mock::Quirk::MetadataMalformed);
    auto r = mock.client().get(kPaths[0]);
    BOOST_TEST_REQUIRE(r.json().HasMember("response_types_supported"));
    BOOST_TEST(r.jsonString("response_types_supported") == "code");
}

BOOST_AUTO_TEST_CASE(quirk_metadata_dead_endpoint)
{
    auto strict = mock.client().get(kPaths[0]);
    BOOST_TEST(strict.jsonString("token_endpoint") == mock.issuer() + "/token");
    BOOST_TEST(mock.client().postForm(mock::kDeadTokenEndpointPath, std::string("grant_type=x")).status == 404);

    mock.enable(mock::Quirk::MetadataDeadEndpoint);
    auto doc = mock.client().get(kPaths[0]);
    const std::string token = doc.jsonString("token_endpoint");
    BOOST_TEST_REQUIRE(token.rfind(mock.issuer() + "/", 0) == 0u);
    BOOST_TEST(token != mock.issuer() + "/token");
    BOOST_TEST(mock.client().postForm(token.substr(mock.issuer().size()), std::string("grant_type=x")).status == 503);
    BOOST_TEST(mock.client().postForm("/token", std::string("grant_type=foo&client_id=public-app")).status == 400);
}

BOOST_AUTO_TEST_CASE(quirk_metadata_dead_jwks_uri)
{
    auto strict = mock.client().get(kPaths[0]).jsonString("jwks_uri");
    BOOST_TEST(mock.client().get(strict.substr(mock.issuer().size())).status == 200);

    mock.enable(mock::Quirk::MetadataDeadJwksUri);
    auto jwks = mock.client().get(kPaths[0]).jsonString("jwks_uri");
    BOOST_TEST_REQUIRE(jwks.rfind(mock.issuer() + "/", 0) == 0u);
    BOOST_TEST(mock.client().get(jwks.substr(mock.issuer().size())).status == 404);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(only_s256_advertised_when_no_client_allows_plain)
{
    mocktest::TestServer server(false, testConfigWithout("plain-ok", ""));
    auto r = server.client().get(kPaths[0]);
    BOOST_TEST_REQUIRE(r.status == 200);
    BOOST_TEST(stringArray(r.json(), "code_challenge_methods_supported") == std::vector<std::string>{"S256"});
}

BOOST_AUTO_TEST_CASE(jwt_access_token_is_signed_with_the_jwks_key)
{
    mocktest::TestServer server(false, testConfigWithout("", R"("tokens":{"format":"jwt"})"));
    auto tokens = server.obtainTokens("public-app", "read:buildings");
    const std::string& at = tokens.accessToken;
    BOOST_TEST_REQUIRE(std::count(at.begin(), at.end(), '.') == 2);

    auto header = jwtPart(at, 0);
    auto claims = jwtPart(at, 1);
    auto jwks = server.client().get("/jwks");
    const auto& key = jwks.json()["keys"][0];
    BOOST_TEST(std::string(header["typ"].GetString()) == "at+jwt");
    BOOST_TEST(std::string(header["kid"].GetString()) == key["kid"].GetString());
    BOOST_TEST(std::string(header["alg"].GetString()) == key["alg"].GetString());
    BOOST_TEST(std::string(header["alg"].GetString()) != "none");

    // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; plus scope (§2.2.3).
    for (const char* claim : {"iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope"})
        BOOST_TEST(claims.HasMember(claim), claim);
    BOOST_TEST(std::string(claims["iss"].GetString()) == server.issuer());
    BOOST_TEST(std::string(claims["sub"].GetString()) == "alice");
    BOOST_TEST(std::string(claims["client_id"].GetString()) == "public-app");
    BOOST_TEST(std::string(claims["scope"].GetString()) == "read:buildings");
    BOOST_TEST((claims["aud"].IsString() || claims["aud"].IsArray()));
    BOOST_TEST_REQUIRE((claims["exp"].IsInt64() && claims["iat"].IsInt64()));
    BOOST_TEST(claims["exp"].GetInt64() - claims["iat"].GetInt64() == 600); // lifetimes.access_token
    BOOST_TEST(claims["jti"].GetStringLength() > 0u);

    BOOST_TEST(server.callApi(at).status == 200);

    // A changed signature, or a changed payload under the old signature, is not accepted.
    std::string badSignature = at;
    std::size_t sig = at.rfind('.') + 10;
    badSignature[sig] = badSignature[sig] == 'A' ? 'B' : 'A';
    std::string payload = oauth::base64UrlEncode(
        R"({"iss":")" + server.issuer() + R"(","sub":"alice","client_id":"public-app","scope":"read:buildings write:addresses","exp":)" +
        std::to_string(claims["exp"].GetInt64()) + "}");
    std::string badPayload = at.substr(0, at.find('.') + 1) + payload + at.substr(at.rfind('.'));
    for (const auto& forged : {badSignature, badPayload})
    {
        auto r = server.callApi(forged);
        BOOST_TEST(r.status == 401);
        BOOST_TEST(r.header("WWW-Authenticate").find("error=\"invalid_token\"") != std::string::npos,
                   r.header("WWW-Authenticate"));
    }
}

BOOST_AUTO_TEST_CASE(issuer_with_path_inserts_the_well_known_segment)
{
    // RFC 8414 §3.1: /.well-known/oauth-authorization-server is inserted between host and path;
    // the OpenID alias appends its suffix to the issuer.
    mocktest::TestServer server;
    const std::string root = server.issuer();
    const std::string issuer = root + "/tenant";
    server.state().setIssuer(issuer);
    for (const char* path : {"/.well-known/oauth-authorization-server/tenant", "/tenant/.well-known/openid-configuration"})
    {
        BOOST_TEST_CONTEXT(path)
        {
            auto r = server.client().get(path);
            BOOST_TEST_REQUIRE(r.status == 200);
            BOOST_TEST(r.jsonString("issuer") == issuer);
            BOOST_TEST(r.jsonString("authorization_endpoint") == issuer + "/authorize");
        }
    }
    BOOST_TEST(server.client().get("/.well-known/oauth-authorization-server").status == 404);
    BOOST_TEST(server.client().get("/authorize").status == 404);

    auto outcome = server.authorize(server.codeRequest("public-auto", oauth::generatePkcePair()));
    BOOST_TEST(outcome.response.status == 404); // /authorize is now under /tenant
    oauth::FormData p = server.codeRequest("public-auto", oauth::generatePkcePair());
    auto response = server.client().get("/tenant/authorize?" + p.encode());
    BOOST_TEST(response.status == 302);
    auto params = mocktest::queryOf(response.header("Location"));
    BOOST_TEST(!params.get("code").value_or("").empty());
    BOOST_TEST(params.get("iss").value_or("") == issuer);
}

BOOST_AUTO_TEST_CASE(quirk_metadata_advertises_plain)
{
    mocktest::TestServer server(false, testConfigWithout("plain-ok", ""));
    BOOST_TEST(stringArray(server.client().get(kPaths[0]).json(), "code_challenge_methods_supported") ==
               std::vector<std::string>{"S256"});

    server.enable(mock::Quirk::MetadataAdvertisesPlain);
    auto methods = stringArray(server.client().get(kPaths[0]).json(), "code_challenge_methods_supported");
    BOOST_TEST(methods == (std::vector<std::string>{"S256", "plain"}));
}

BOOST_AUTO_TEST_CASE(quirk_metadata_http_endpoint)
{
    mocktest::TestServer server;
    server.state().setIssuer("https://as.example.test");
    BOOST_TEST(server.client().get(kPaths[0]).jsonString("revocation_endpoint") == "https://as.example.test/revoke");

    server.enable(mock::Quirk::MetadataHttpEndpoint);
    auto r = server.client().get(kPaths[0]);
    BOOST_TEST(r.jsonString("revocation_endpoint") == "http://as.example.test/revoke");
    BOOST_TEST(r.jsonString("token_endpoint") == "https://as.example.test/token");
}

// The generated certificate covers 127.0.0.1, localhost and ::1; "127.1" reaches the same server
// but is none of them, so a verifying client refuses the jwks_uri.
BOOST_AUTO_TEST_CASE(quirk_endpoint_uncovered_host)
{
    mocktest::TestServer server(true);
    const std::string ca = server.server().caCertificateFile();
    const std::string port = std::to_string(server.server().port());
    BOOST_TEST(server.client().get(kPaths[0]).jsonString("jwks_uri") == "https://127.0.0.1:" + port + "/jwks");

    server.enable(mock::Quirk::EndpointUncoveredHost);
    BOOST_TEST(server.client().get(kPaths[0]).jsonString("jwks_uri") == "https://127.1:" + port + "/jwks");
    BOOST_CHECK_THROW(mocktest::TestClient("127.1", server.server().port(), ca).get("/jwks"), Poco::Exception);
    BOOST_TEST(server.client().get("/jwks").status == 200); // the right name still verifies
}

BOOST_FIXTURE_TEST_CASE(quirk_iss_not_advertised, mocktest::FreshServer)
{
    BOOST_TEST(mock.client().get(kPaths[0]).json()["authorization_response_iss_parameter_supported"].GetBool());

    mock.enable(mock::Quirk::IssNotAdvertised);
    for (const char* path : kPaths)
        BOOST_TEST_CONTEXT(path) { BOOST_TEST(!mock.client().get(path).hasJsonMember("authorization_response_iss_parameter_supported")); }
    // The redirects still carry iss: that mismatch is what the quirk is for.
    auto outcome = mock.authorize(mock.codeRequest("public-auto", oauth::generatePkcePair()));
    BOOST_TEST(!outcome.code().empty());
    BOOST_TEST(outcome.params.get("iss").value_or("") == mock.issuer());
}
