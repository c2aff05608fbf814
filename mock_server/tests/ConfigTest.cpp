#define BOOST_TEST_MODULE ConfigTest
#include <boost/test/unit_test.hpp>

#include "mock_server/Config.h"
#include "mock_server/GrantStore.h"

#include <cstdio>
#include <fstream>
#include <functional>

#include <unistd.h>

// The configuration loader: every error names the source, the JSON path and what was expected,
// and the shipped configurations load.

namespace {

/// A valid configuration with `clients` (JSON array text) and extra top-level members.
std::string configWith(const std::string& clients, const std::string& extra = "")
{
    return R"({"scopes":["read:buildings","write:addresses"],)"
           R"("users":[{"username":"alice","password":"a"},{"username":"bob","password":"b"}],)"
           R"("clients":)" + clients + (extra.empty() ? "" : "," + extra) + "}";
}

const std::string kPublic = R"({"client_id":"web","redirect_uris":["https://app.example.test/cb"]})";

/// Expects parseConfig to throw for `path` with a message containing `expected`.
void expectError(const std::string& json, const std::string& path, const std::string& expected)
{
    try
    {
        mock::parseConfig(json, "my.json");
        BOOST_ERROR("no error for " << json);
    }
    catch (const mock::ConfigError& e)
    {
        BOOST_TEST(e.source() == "my.json");
        BOOST_TEST(e.path() == path, "message: " << e.what());
        BOOST_TEST(e.detail().find(expected) != std::string::npos, "message: " << e.what());
        BOOST_TEST(std::string(e.what()).find("my.json: " + path + ": ") == 0u, e.what());
    }
}

std::string sourceDir()
{
    std::string support = MOCK_TEST_CONFIG; // .../mock_server/tests/support/test-config.json
    return support.substr(0, support.rfind("/tests/support/"));
}

} // namespace

BOOST_AUTO_TEST_SUITE(valid)

BOOST_AUTO_TEST_CASE(minimal_client_gets_strict_defaults)
{
    auto cfg = mock::parseConfig(configWith("[" + kPublic + R"(,{"client_id":"srv","type":"confidential",)"
                                                             R"("client_secret":"s","redirect_uris":["https://s.example.test/cb"]}])"),
                                 "my.json");
    BOOST_TEST_REQUIRE(cfg.clients.size() == 2u);
    const auto& web = cfg.clients[0];
    BOOST_TEST(!web.confidential);
    BOOST_TEST(web.pkceRequired);
    BOOST_TEST(!web.allowPlainPkce);
    BOOST_TEST(!web.autoApprove);
    BOOST_TEST(web.authMethods == std::vector<std::string>{"none"});
    BOOST_TEST(web.allowsGrant("authorization_code"));
    BOOST_TEST(!web.allowsGrant("client_credentials"));
    BOOST_TEST(web.allowedScopes.toString() == "read:buildings write:addresses");
    const auto& srv = cfg.clients[1];
    BOOST_TEST(srv.confidential);
    BOOST_TEST(srv.allowsAuthMethod("client_secret_basic"));
    BOOST_TEST(srv.allowsAuthMethod("client_secret_post"));
    BOOST_TEST(!srv.pkceRequired); // policies.require_pkce_for_confidential defaults to false
    BOOST_TEST(cfg.lifetimes.loginTransaction == 600);
    BOOST_TEST(cfg.lifetimes.authorizationCode == 60);
    BOOST_TEST(!cfg.tokens.jwtAccessTokens);
    BOOST_TEST(cfg.server.bind == "127.0.0.1");
    BOOST_TEST(cfg.findUser("bob") != nullptr);
    BOOST_TEST(cfg.findClient("srv") == &cfg.clients[1]);
}

BOOST_AUTO_TEST_CASE(accepted_redirect_uri_forms)
{
    auto cfg = mock::parseConfig(
        configWith(R"([{"client_id":"n","redirect_uris":["http://127.0.0.1/cb","http://[::1]:8080/cb",)"
                   R"("http://localhost:3000/cb","com.example.app:/oauth2redirect","https://a.example.test/cb?x=1"]}])"),
        "my.json");
    BOOST_TEST(cfg.clients[0].redirectUris.size() == 5u);
}

BOOST_AUTO_TEST_CASE(default_config_loads)
{
    auto cfg = mock::defaultConfig();
    BOOST_TEST(cfg.clients.size() == 2u);
    BOOST_TEST(cfg.scopes.size() == 2u);
}

BOOST_AUTO_TEST_CASE(connectbase_example_loads)
{
    auto cfg = mock::loadConfigFile(sourceDir() + "/examples/connectbase.json");
    BOOST_TEST(cfg.scopes == (std::vector<std::string>{"read:buildings", "write:addresses"}));
    BOOST_TEST(cfg.users.size() == 2u);
    const auto* web = cfg.findClient("connectbase-web");
    const auto* backend = cfg.findClient("connectbase-backend");
    BOOST_TEST_REQUIRE(web != nullptr);
    BOOST_TEST_REQUIRE(backend != nullptr);
    BOOST_TEST(!web->confidential);
    BOOST_TEST(web->pkceRequired);
    BOOST_TEST(web->allowedScopes.toString() == "read:buildings write:addresses");
    BOOST_TEST(backend->confidential);
    BOOST_TEST(!backend->clientSecret.empty());
    BOOST_TEST(backend->allowsGrant("client_credentials"));
    BOOST_TEST(backend->allowedScopes.toString() == "read:buildings write:addresses");
}

BOOST_AUTO_TEST_CASE(test_config_loads)
{
    auto cfg = mock::loadConfigFile(MOCK_TEST_CONFIG);
    BOOST_TEST(cfg.findClient("single-uri") != nullptr);
    BOOST_TEST(cfg.findClient("native-app") != nullptr);
}

BOOST_AUTO_TEST_CASE(quirks_and_lifetimes_are_read)
{
    auto cfg = mock::parseConfig(configWith("[" + kPublic + "]", R"("quirks":["no-iss","code-reuse"],)"
                                                                 R"("lifetimes":{"login_transaction":30,"eviction_grace":45},)"
                                                                 R"("tokens":{"format":"jwt","signing_alg":"RS256"})"),
                                 "my.json");
    BOOST_TEST(cfg.quirks.size() == 2u);
    BOOST_TEST((cfg.quirks[0] == mock::Quirk::NoIss));
    BOOST_TEST(cfg.lifetimes.loginTransaction == 30);
    BOOST_TEST(cfg.lifetimes.evictionGrace == 45);
    BOOST_TEST(mock::parseConfig(configWith("[" + kPublic + "]"), "d.json").lifetimes.evictionGrace ==
               mock::GrantStore::kDefaultEvictionGrace);
    BOOST_TEST(cfg.tokens.jwtAccessTokens);
    BOOST_TEST(cfg.tokens.signingAlgorithm == "RS256");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(invalid_json_names_line_and_column)
{
    expectError("{\n  \"scopes\": [\"a\",]\n}", "line 2, column 18", "invalid JSON");
    expectError("", "line 1, column 1", "invalid JSON");
    expectError("[]", "$", "expected an object");
}

BOOST_AUTO_TEST_CASE(unknown_top_level_member)
{
    expectError(configWith("[" + kPublic + "]", R"("isuer":"https://x.example.test")"), "$.isuer", "unknown member");
    // A typo is reported as such, not as the problem it causes later ("scope" for "scopes").
    expectError(R"({"scope":["read:buildings"],"clients":[{"client_id":"web","scopes":["read:buildings"],)"
                R"("redirect_uris":["https://app.example.test/cb"]}]})",
                "$.scope", "unknown member");
}

BOOST_AUTO_TEST_CASE(unknown_client_member)
{
    expectError(configWith(R"([{"client_id":"web","redirect_uri":["https://app.example.test/cb"]}])"),
                "$.clients[0].redirect_uri", "unknown member");
    expectError(configWith("[" + kPublic + R"(,{"client_id":"x","redirect_uris":["https://x.example.test/cb"],"secret":"s"}])"),
                "$.clients[1].secret", "unknown member");
}

BOOST_AUTO_TEST_CASE(unknown_user_member)
{
    expectError(R"({"users":[{"username":"alice","passwrd":"a"}]})", "$.users[0].passwrd", "unknown member");
}

BOOST_AUTO_TEST_CASE(confidential_client_without_secret)
{
    expectError(configWith(R"([{"client_id":"srv","type":"confidential","redirect_uris":["https://s.example.test/cb"]}])"),
                "$.clients[0].client_secret", "confidential client needs");
}

BOOST_AUTO_TEST_CASE(public_client_with_secret)
{
    expectError(configWith(R"([{"client_id":"web","client_secret":"s","redirect_uris":["https://a.example.test/cb"]}])"),
                "$.clients[0].client_secret", "public client has no secret");
}

BOOST_AUTO_TEST_CASE(bad_client_type)
{
    expectError(configWith(R"([{"client_id":"web","type":"private","redirect_uris":["https://a.example.test/cb"]}])"),
                "$.clients[0].type", "\"public\", \"confidential\"");
}

BOOST_AUTO_TEST_CASE(http_redirect_uri_for_non_loopback_host)
{
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://a.example.test/cb","http://a.example.test/cb"]}])"),
                "$.clients[0].redirect_uris[1]", "loopback");
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["http://127.0.0.1.evil.test/cb"]}])"),
                "$.clients[0].redirect_uris[0]", "loopback");
}

BOOST_AUTO_TEST_CASE(redirect_uri_with_fragment_wildcard_or_no_host)
{
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://a.example.test/cb#x"]}])"),
                "$.clients[0].redirect_uris[0]", "fragment");
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://*.example.test/cb"]}])"),
                "$.clients[0].redirect_uris[0]", "wildcard");
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["/cb"]}])"), "$.clients[0].redirect_uris[0]",
                "absolute");
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https:///cb"]}])"), "$.clients[0].redirect_uris[0]",
                "malformed");
    expectError(configWith(R"J([{"client_id":"web","redirect_uris":["javascript:alert(1)"]}])J"),
                "$.clients[0].redirect_uris[0]", "scheme");
}

BOOST_AUTO_TEST_CASE(code_client_without_redirect_uri)
{
    expectError(configWith(R"([{"client_id":"web"}])"), "$.clients[0].redirect_uris", "at least one redirect URI");
}

BOOST_AUTO_TEST_CASE(scope_not_in_scopes)
{
    expectError(configWith("[" + kPublic + R"(,{"client_id":"x","redirect_uris":["https://x.example.test/cb"],)"
                                           R"("scopes":["admin"]}])"),
                "$.clients[1].scopes[0]", "not listed in $.scopes");
    expectError(configWith(R"([{"client_id":"x","redirect_uris":["https://x.example.test/cb"],)"
                           R"("scopes":["read:buildings"],"default_scopes":["write:addresses"]}])"),
                "$.clients[0].default_scopes", "subset");
    expectError(R"({"scopes":["read buildings"]})", "$.scopes[0]", "scope-token");
    expectError(R"({"scopes":["a","a"]})", "$.scopes[1]", "twice");
}

BOOST_AUTO_TEST_CASE(unknown_grant_type)
{
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://a.example.test/cb"],)"
                           R"("grant_types":["authorization_code","password"]}])"),
                "$.clients[0].grant_types[1]", "unknown grant type");
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://a.example.test/cb"],)"
                           R"("grant_types":["client_credentials"]}])"),
                "$.clients[0].grant_types[0]", "confidential");
}

BOOST_AUTO_TEST_CASE(auth_method_not_fitting_the_client_type)
{
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://a.example.test/cb"],)"
                           R"("token_endpoint_auth_methods":["client_secret_basic"]}])"),
                "$.clients[0].token_endpoint_auth_methods[0]", "\"none\"");
}

BOOST_AUTO_TEST_CASE(duplicate_client_id)
{
    expectError(configWith("[" + kPublic + "," + kPublic + "]"), "$.clients[1].client_id", "duplicate client_id");
}

BOOST_AUTO_TEST_CASE(duplicate_username)
{
    expectError(R"({"users":[{"username":"a","password":"1"},{"username":"a","password":"2"}]})",
                "$.users[1].username", "duplicate");
}

BOOST_AUTO_TEST_CASE(unknown_quirk)
{
    expectError(configWith("[" + kPublic + "]", R"("quirks":["no-iss","no-such-quirk"])"), "$.quirks[1]",
                "unknown quirk \"no-such-quirk\"");
}

BOOST_AUTO_TEST_CASE(out_of_range_or_mistyped_lifetime)
{
    expectError(configWith("[" + kPublic + "]", R"("lifetimes":{"login_transaction":5})"),
                "$.lifetimes.login_transaction", "[10, 86400]");
    expectError(configWith("[" + kPublic + "]", R"("lifetimes":{"authorization_code":0})"),
                "$.lifetimes.authorization_code", "expected an integer in");
    expectError(configWith("[" + kPublic + "]", R"("lifetimes":{"access_token":"1h"})"), "$.lifetimes.access_token",
                "expected an integer, got string");
    expectError(configWith("[" + kPublic + "]", R"("server":{"port":70000})"), "$.server.port", "[0, 65535]");
}

BOOST_AUTO_TEST_CASE(auto_approve_user_naming_no_user)
{
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://a.example.test/cb"],)"
                           R"("auto_approve":true,"auto_approve_user":"carol"}])"),
                "$.clients[0].auto_approve_user", "no user \"carol\"");
}

BOOST_AUTO_TEST_CASE(tls_files_mode_without_key)
{
    expectError(configWith("[" + kPublic + "]", R"("tls":{"mode":"files","certificate":"cert.pem"})"), "$.tls.key",
                "mode \"files\"");
    expectError(configWith("[" + kPublic + "]", R"("tls":{"mode":"files","key":"key.pem"})"), "$.tls.certificate",
                "mode \"files\"");
    expectError(configWith("[" + kPublic + "]", R"("tls":{"mode":"on"})"), "$.tls.mode", "\"self-signed\"");
}

BOOST_AUTO_TEST_CASE(bad_issuer)
{
    expectError(configWith("[" + kPublic + "]", R"("issuer":"https://as.example.test/")"), "$.issuer", "'/'");
    expectError(configWith("[" + kPublic + "]", R"("issuer":"https://as.example.test?x=1")"), "$.issuer", "query");
    expectError(configWith("[" + kPublic + "]", R"("issuer":"as.example.test")"), "$.issuer", "http(s) URL");
}

BOOST_AUTO_TEST_CASE(wrong_json_types)
{
    expectError(R"({"clients":{"client_id":"web"}})", "$.clients", "expected an array");
    expectError(R"({"clients":["web"]})", "$.clients[0]", "expected an object, got string");
    expectError(configWith(R"([{"client_id":"web","redirect_uris":"https://a.example.test/cb"}])"),
                "$.clients[0].redirect_uris", "expected an array of strings");
    expectError(configWith(R"([{"client_id":"web","redirect_uris":["https://a.example.test/cb"],"auto_approve":"yes"}])"),
                "$.clients[0].auto_approve", "expected true or false");
    expectError(configWith(R"([{"redirect_uris":["https://a.example.test/cb"]}])"), "$.clients[0].client_id",
                "missing");
}

BOOST_AUTO_TEST_CASE(file_errors_name_the_file)
{
    const std::string path = "/tmp/mock-config-test-" + std::to_string(::getpid()) + ".json";
    {
        std::ofstream out(path);
        out << "{\n  \"clients\": [\n    {\"client_id\": \"web\", \"redirect_uris\": [\"http://evil.test/cb\"]}\n  ]\n}\n";
    }
    try
    {
        mock::loadConfigFile(path);
        BOOST_ERROR("no error");
    }
    catch (const mock::ConfigError& e)
    {
        BOOST_TEST(e.source() == path);
        BOOST_TEST(e.path() == "$.clients[0].redirect_uris[0]");
    }
    std::remove(path.c_str());
    BOOST_CHECK_EXCEPTION(mock::loadConfigFile("/nonexistent/mock.json"), mock::ConfigError, [](const mock::ConfigError& e) {
        return e.source() == "/nonexistent/mock.json" && e.detail().find("cannot open") != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
