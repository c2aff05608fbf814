#define BOOST_TEST_MODULE ChecksTest
#include <boost/test/unit_test.hpp>

#include <conformance/Checks.h>

#include <memory>

using namespace conformance;

namespace {

/// An observation of one HTTP response.
Observation response(int status, const std::string& body, std::vector<std::pair<std::string, std::string>> headers = {})
{
    Observation o;
    o.exchange.status = status;
    o.exchange.responseBody = body;
    o.exchange.responseHeaders = std::move(headers);
    return o;
}

const std::vector<std::pair<std::string, std::string>> kJson = {{"Content-Type", "application/json; charset=utf-8"}};

std::vector<CheckResult> run(const std::string& name, const Observation& o, Level level = Level::Must)
{
    return namedChecks().at(name)({o, level, "step 1 (token)"});
}

bool allPassed(const std::vector<CheckResult>& results)
{
    for (const auto& r : results)
        if (!r.passed)
            return false;
    return !results.empty();
}

std::string firstFailure(const std::vector<CheckResult>& results)
{
    for (const auto& r : results)
        if (!r.passed)
            return r.name;
    return "";
}

} // namespace

BOOST_AUTO_TEST_CASE(registry_names_and_level_references)
{
    for (const char* name : {"error-response", "token-response", "no-tokens", "no-store", "pragma-no-cache", "expires-in",
                             "token-syntax", "token-entropy", "bearer-challenge", "metadata-document", "iss-form",
                             "error-redirect"})
        BOOST_TEST(namedChecks().count(name) == 1u, name);
    auto [name, level] = parseCheckReference("no-store@SHOULD", Level::Must);
    BOOST_TEST(name == "no-store");
    BOOST_TEST(level == Level::Should);
    BOOST_TEST(parseCheckReference("no-store", Level::May).second == Level::May);
}

BOOST_AUTO_TEST_CASE(error_response)
{
    BOOST_TEST(allPassed(run("error-response", response(400, R"({"error":"invalid_grant","error_description":"bad code"})", kJson))));
    BOOST_TEST(allPassed(run("error-response", response(401, R"({"error":"invalid_client"})", kJson))));
    BOOST_TEST(firstFailure(run("error-response", response(401, R"({"error":"invalid_grant"})", kJson))) ==
               "check:error-response.status");
    BOOST_TEST(firstFailure(run("error-response", response(400, R"({"error":"invalid_grant"})", {{"Content-Type", "text/html"}}))) ==
               "check:error-response.content-type");
    BOOST_TEST(firstFailure(run("error-response", response(400, "<html>oops</html>", kJson))) == "check:error-response.json");
    BOOST_TEST(firstFailure(run("error-response", response(400, R"({"error":"bad_thing"})", kJson))) == "check:error-response.code");
    BOOST_TEST(firstFailure(run("error-response", response(400, R"({"error":"invalid_grant","error_description":"a\"b"})", kJson))) ==
               "check:error-response.error_description-charset");
    BOOST_TEST(firstFailure(run("error-response", response(400, R"({"error":"invalid_grant","error_description":"line\nbreak"})", kJson))) ==
               "check:error-response.error_description-charset");
    BOOST_TEST(firstFailure(run("error-response", response(400, R"({"error":"invalid_grant","error_uri":"has space"})", kJson))) ==
               "check:error-response.error_uri");
}

BOOST_AUTO_TEST_CASE(token_response)
{
    BOOST_TEST(allPassed(run("token-response", response(200, R"({"access_token":"abc","token_type":"bearer"})", kJson))));
    BOOST_TEST(allPassed(run("token-response", response(200, R"({"access_token":"abc","token_type":"DPoP"})", kJson))));
    BOOST_TEST(firstFailure(run("token-response", response(201, R"({"access_token":"abc","token_type":"Bearer"})", kJson))) ==
               "check:token-response.status");
    BOOST_TEST(firstFailure(run("token-response", response(200, R"({"access_token":42,"token_type":"Bearer"})", kJson))) ==
               "check:token-response.access_token");
    BOOST_TEST(firstFailure(run("token-response", response(200, R"({"access_token":"abc","token_type":"mac"})", kJson))) ==
               "check:token-response.token_type");
    BOOST_TEST(firstFailure(run("token-response", response(200, R"({"access_token":"abc"})", kJson))) ==
               "check:token-response.token_type");
}

BOOST_AUTO_TEST_CASE(no_tokens_and_cache_headers)
{
    BOOST_TEST(allPassed(run("no-tokens", response(400, R"({"error":"invalid_grant"})", kJson))));
    BOOST_TEST(firstFailure(run("no-tokens", response(400, R"({"refresh_token":"x"})", kJson))) == "check:no-tokens.refresh_token");
    BOOST_TEST(allPassed(run("no-store", response(200, "{}", {{"cache-control", "private, No-Store"}}))));
    BOOST_TEST(!allPassed(run("no-store", response(200, "{}", {{"Cache-Control", "no-cache"}}))));
    BOOST_TEST(!allPassed(run("no-store", response(200, "{}"))));
    BOOST_TEST(allPassed(run("pragma-no-cache", response(200, "{}", {{"Pragma", "no-cache"}}))));
    BOOST_TEST(!allPassed(run("pragma-no-cache", response(200, "{}"))));
}

BOOST_AUTO_TEST_CASE(expires_in_and_token_syntax)
{
    BOOST_TEST(allPassed(run("expires-in", response(200, R"({"expires_in":3600})", kJson))));
    BOOST_TEST(!allPassed(run("expires-in", response(200, R"({"expires_in":"3600"})", kJson))));
    BOOST_TEST(!allPassed(run("expires-in", response(200, R"({"expires_in":0})", kJson))));
    BOOST_TEST(!allPassed(run("expires-in", response(200, R"({"expires_in":1.5})", kJson))));
    BOOST_TEST(!allPassed(run("expires-in", response(200, "{}", kJson))));
    BOOST_TEST(allPassed(run("token-syntax", response(200, R"({"access_token":"a b~","refresh_token":"r"})", kJson))));
    BOOST_TEST(allPassed(run("token-syntax", response(200, R"({"access_token":"only-access"})", kJson))));
    BOOST_TEST(firstFailure(run("token-syntax", response(200, R"({"access_token":"tab\there"})", kJson))) ==
               "check:token-syntax.access_token");
    BOOST_TEST(firstFailure(run("token-syntax", response(200, R"({"access_token":"ok","refresh_token":"\u00e9"})", kJson))) ==
               "check:token-syntax.refresh_token");
}

BOOST_AUTO_TEST_CASE(token_entropy)
{
    // 43 base64url characters of 32 random bytes: about 256 bits.
    BOOST_TEST(allPassed(run("token-entropy",
                             response(200, R"({"access_token":"Xq3vT9bP0cLm2ZkR8sYw1NfJ4aHdGe6UoIiKyVtBxQA"})", kJson))));
    BOOST_TEST(!allPassed(run("token-entropy", response(200, R"({"access_token":"1234567890"})", kJson))));
    // 32 hex characters: 128 bits exactly (hex counts as 16 symbols, not 36).
    BOOST_TEST(allPassed(run("token-entropy", response(200, R"({"access_token":"0123456789abcdef0123456789abcdef"})", kJson))));
    BOOST_TEST(!allPassed(run("token-entropy", response(200, R"({"access_token":"0123456789abcdef0123456789abcde"})", kJson))));
    BOOST_TEST(!allPassed(run("token-entropy", response(400, R"({"error":"x"})", kJson))));
}

BOOST_AUTO_TEST_CASE(bearer_challenge)
{
    BOOST_TEST(allPassed(run("bearer-challenge", response(401, "", {{"WWW-Authenticate", "Bearer realm=\"x\", error=\"invalid_token\""}}))));
    BOOST_TEST(allPassed(run("bearer-challenge", response(401, "", {{"WWW-Authenticate", "Basic realm=\"a\", Bearer realm=\"b\""}}))));
    BOOST_TEST(!allPassed(run("bearer-challenge", response(401, ""))));
    BOOST_TEST(!allPassed(run("bearer-challenge", response(401, "", {{"WWW-Authenticate", "Basic realm=\"a\""}}))));
    BOOST_TEST(!allPassed(run("bearer-challenge",
                              response(401, "", {{"WWW-Authenticate", "Bearer error=\"invalid_token\", error=\"invalid_request\""}}))));
    BOOST_TEST(!allPassed(run("bearer-challenge", response(401, "", {{"WWW-Authenticate", "Bearer realm=\"unterminated"}}))));
}

BOOST_AUTO_TEST_CASE(metadata_document)
{
    const std::string good = R"({"issuer":"https://as","authorization_endpoint":"https://as/a","token_endpoint":"https://as/t",
                                 "response_types_supported":["code"],"grant_types_supported":["authorization_code"]})";
    BOOST_TEST(allPassed(run("metadata-document", response(200, good, kJson))));
    BOOST_TEST(firstFailure(run("metadata-document", response(200, R"({"authorization_endpoint":"a","token_endpoint":"t","response_types_supported":["code"]})", kJson))) ==
               "check:metadata.issuer");
    BOOST_TEST(firstFailure(run("metadata-document", response(200, R"({"issuer":"i","authorization_endpoint":"a","token_endpoint":"t","response_types_supported":"code"})", kJson))) ==
               "check:metadata.response_types_supported");
    BOOST_TEST(firstFailure(run("metadata-document", response(200, R"({"issuer":"i","authorization_endpoint":"a","token_endpoint":"t","response_types_supported":["code"],"scopes_supported":"read"})", kJson))) ==
               "check:metadata.scopes_supported");
    BOOST_TEST(firstFailure(run("metadata-document", response(200, "[]", kJson))) == "check:metadata.json-object");
}

BOOST_AUTO_TEST_CASE(iss_form_and_error_redirect)
{
    Target target;
    target.issuer = "https://as.example.test";
    auto redirect = [&](const std::string& query) {
        Observation o;
        o.target = &target;
        AuthorizationResult a;
        a.redirected = true;
        a.location = "https://client/cb?" + query;
        a.params = oauth::FormData::parse(query);
        o.authorization = a;
        return o;
    };
    BOOST_TEST(allPassed(run("iss-form", redirect("code=c&iss=https%3A%2F%2Fas.example.test"))));
    BOOST_TEST(firstFailure(run("iss-form", redirect("code=c&iss=https%3A%2F%2Fas.example.test%2F"))) == "check:iss-form.issuer");
    BOOST_TEST(firstFailure(run("iss-form", redirect("code=c&iss=http%3A%2F%2Fas.example.test"))) == "check:iss-form.url");
    BOOST_TEST(firstFailure(run("iss-form", redirect("code=c&iss=https%3A%2F%2Fas.example.test%3Fx%3D1"))) == "check:iss-form.url");
    BOOST_TEST(!allPassed(run("iss-form", redirect("code=c"))));
    BOOST_TEST(allPassed(run("error-redirect", redirect("error=invalid_request&error_description=missing+thing"))));
    BOOST_TEST(!allPassed(run("error-redirect", redirect("error=invalid_request&error_description=quote%22here"))));
    BOOST_TEST(!allPassed(run("error-redirect", redirect("code=c"))));
}

BOOST_AUTO_TEST_CASE(checks_carry_step_and_level)
{
    auto results = run("no-store", response(200, "{}"), Level::Should);
    BOOST_REQUIRE_EQUAL(results.size(), 1u);
    BOOST_TEST(results[0].level == Level::Should);
    BOOST_TEST(results[0].step == "step 1 (token)");
    BOOST_TEST(!results[0].expected.empty());
    BOOST_TEST(results[0].actual == "(absent)");
}
