#define BOOST_TEST_MODULE ScenarioLoaderTest
#include <boost/test/unit_test.hpp>

// The scenario loader (scenarios/README.md; design §5): a valid file loads into Scenarios, a
// malformed one is an oauth::JsonInputError naming the file, the case id and the JSON path.

#include <conformance/Scenario.h>

#include <mock_server/Quirks.h>

#include <oauth/JsonReader.h>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <fstream>
#include <regex>
#include <set>
#include <string>

using namespace conformance;

namespace {

/// A file with one case whose members are `caseBody` (inside the case object, without braces).
std::string fileWith(const std::string& caseBody)
{
    return R"({"area": "test", "cases": [{)" + caseBody + "}]}";
}

const char* kHeader = R"("id": "rfc7636-4.6/sample", "catalogue": "PKCE-02", "title": "t", "level": "MUST",
                         "requirements": ["RFC7636-4.6"], )";

/// A case with the standard header and these steps (a JSON array text).
std::string caseWithSteps(const std::string& steps)
{
    return fileWith(std::string(kHeader) + R"("steps": )" + steps);
}

/// Loads `text` and returns the JsonInputError's message ("" if it loaded).
std::string loadError(const std::string& text, const std::string& source = "sample.json")
{
    try
    {
        Catalogue::loadText(text, source);
    }
    catch (const oauth::JsonInputError& e)
    {
        return e.what();
    }
    return "";
}

/// Checks that loading fails with a message naming the source, the case (if given) and the path.
void expectError(const std::string& text, const std::string& caseId, const std::string& path,
                 const std::string& messagePart = "")
{
    std::string message = loadError(text);
    BOOST_TEST_INFO("message: " << message);
    BOOST_TEST(!message.empty());
    BOOST_TEST(message.find("sample.json") != std::string::npos);
    if (!caseId.empty())
        BOOST_TEST(message.find("(case " + caseId + ")") != std::string::npos);
    BOOST_TEST(message.find(": " + path + ": ") != std::string::npos);
    if (!messagePart.empty())
        BOOST_TEST(message.find(messagePart) != std::string::npos);
}

const std::string kId = "rfc7636-4.6/sample";

/// A fresh temporary directory, removed at the end of the scope.
struct TempDir
{
    TempDir() : path(Poco::TemporaryFile::tempName())
    {
        Poco::File(path).createDirectories();
    }
    ~TempDir()
    {
        try
        {
            Poco::File(path).remove(true);
        }
        catch (...)
        {
        }
    }
    void write(const std::string& name, const std::string& text) const
    {
        std::ofstream(Poco::Path(path, name).toString()) << text;
    }
    std::string path;
};

} // namespace

// --- a valid file ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(minimal_case_loads)
{
    Catalogue c = Catalogue::loadText(fileWith(R"("id": "rfc6749-4.1.2/minimal", "catalogue": "CODE-01",
        "title": "Minimal", "level": "SHOULD", "requirements": ["RFC6749-4.1.2"], "steps": [{"discover": {}}])"),
                                      "min.json");
    BOOST_TEST_REQUIRE(c.scenarios().size() == 1u);
    const Scenario& s = c.scenarios()[0];
    BOOST_TEST(s.id == "rfc6749-4.1.2/minimal");
    BOOST_TEST(s.catalogue == "CODE-01");
    BOOST_TEST(s.title == "Minimal");
    BOOST_TEST(s.description.empty());
    BOOST_TEST(s.defaultLevel == Level::Should);
    BOOST_TEST(s.levelFor("bcp9700") == Level::Should);
    BOOST_TEST(s.requirements == (std::vector<std::string>{"RFC6749-4.1.2"}));
    BOOST_TEST(s.needs.empty());
    BOOST_TEST(s.profiles.empty());
    BOOST_TEST(s.failsWith.empty());
    BOOST_TEST(s.file == "min.json");
    BOOST_TEST(s.jsonPath == "$.cases[0]");
    BOOST_TEST_REQUIRE(s.steps.size() == 1u);
    BOOST_TEST(s.steps[0].kind == "discover");
    BOOST_TEST(s.steps[0].params != nullptr);
    BOOST_TEST(s.steps[0].repeat == 1);
    BOOST_TEST(s.steps[0].parallel == 0);
    BOOST_TEST(s.steps[0].jsonPath == "$.cases[0].steps[0]");
    BOOST_TEST(s.document != nullptr);
}

BOOST_AUTO_TEST_CASE(full_case_loads_every_member)
{
    const std::string text = R"({
      "area": "PKCE", "description": "the area", "$schema": "x",
      "cases": [{
        "id": "rfc7636-4.6/wrong-verifier-rejected", "catalogue": "PKCE-02",
        "title": "Wrong verifier", "description": "why",
        "level": {"default": "SHOULD", "oauth21": "MUST", "rfc6749": "MAY"},
        "requirements": ["RFC7636-4.6", "OAUTH21-D15-4.1.3"],
        "needs": ["pkce", "refresh_token"], "profiles": ["bcp9700", "oauth21"],
        "fails_with": ["accept-wrong-verifier"],
        "steps": [
          {"authorize": {"client": "public", "pkce": "S256"}, "save": {"c1": "redirect.code"}, "note": "n"},
          {"token": {"params": {"code_verifier": "${fresh_verifier}", "x": null, "y": ["a", "b"]}},
           "expect": {"status": 400, "json.error": "invalid_grant",
                      "header.Cache-Control": {"contains": "no-store", "level": "SHOULD", "note": "cache"},
                      "json.access_token": {"absent": true, "precondition": true}},
           "checks": ["error-response", "no-store@SHOULD"], "repeat": 3},
          {"api": {"how": "query"}, "parallel": 4}
        ]}]})";
    Catalogue c = Catalogue::loadText(text, "full.json");
    BOOST_TEST_REQUIRE(c.scenarios().size() == 1u);
    const Scenario& s = c.scenarios()[0];
    BOOST_TEST(s.description == "why");
    BOOST_TEST(s.defaultLevel == Level::Should);
    BOOST_TEST(s.levelFor("bcp9700") == Level::Should);
    BOOST_TEST(s.levelFor("oauth21") == Level::Must);
    BOOST_TEST(s.levelFor("rfc6749") == Level::May);
    BOOST_TEST(s.requirements.size() == 2u);
    BOOST_TEST(s.needs == (std::vector<std::string>{"pkce", "refresh_token"}));
    BOOST_TEST(s.profiles == (std::vector<std::string>{"bcp9700", "oauth21"}));
    BOOST_TEST(s.failsWith == (std::vector<std::string>{"accept-wrong-verifier"}));
    BOOST_TEST_REQUIRE(s.steps.size() == 3u);

    const Step& a = s.steps[0];
    BOOST_TEST(a.kind == "authorize");
    BOOST_TEST((*a.params)["client"].GetString() == std::string("public"));
    BOOST_TEST(a.save.size() == 1u);
    BOOST_TEST(a.save.at("c1") == "redirect.code");
    BOOST_TEST(a.expectations.empty());

    const Step& t = s.steps[1];
    BOOST_TEST(t.kind == "token");
    BOOST_TEST(t.repeat == 3);
    BOOST_TEST(t.parallel == 0);
    BOOST_TEST(t.checks == (std::vector<std::string>{"error-response", "no-store@SHOULD"}));
    BOOST_TEST_REQUIRE(t.expectations.size() == 4u);
    // Document order is kept.
    BOOST_TEST(t.expectations[0].path == "status");
    BOOST_TEST(t.expectations[0].matcher->GetInt() == 400);
    BOOST_TEST(!t.expectations[0].level.has_value());
    BOOST_TEST(!t.expectations[0].precondition);
    BOOST_TEST(t.expectations[1].path == "json.error");
    BOOST_TEST(t.expectations[2].path == "header.Cache-Control");
    BOOST_TEST_REQUIRE(t.expectations[2].level.has_value());
    BOOST_TEST(*t.expectations[2].level == Level::Should);
    BOOST_TEST(t.expectations[2].note == "cache");
    BOOST_TEST(t.expectations[3].precondition);

    const Step& api = s.steps[2];
    BOOST_TEST(api.kind == "api");
    BOOST_TEST(api.parallel == 4);
    BOOST_TEST(api.repeat == 1);
}

BOOST_AUTO_TEST_CASE(every_step_kind_and_its_parameters_load)
{
    Catalogue c = Catalogue::loadText(caseWithSteps(R"([
        {"discover": {}},
        {"authorize": {"client": "confidential", "pkce": "plain", "params": {}, "redirect_uri": "x", "consent": "deny",
                       "method": "POST", "login": "wrong-password"}},
        {"token": {"client": "confidential2", "auth": "basic", "params": {}, "method": "POST", "content_type": "x",
                   "body": "b", "query": {}, "headers": {}}},
        {"refresh": {"client": "loopback", "auth": "post", "params": {}}},
        {"revoke": {"client": "public", "auth": "none", "params": {}, "method": "POST", "content_type": "x", "body": "b"}},
        {"introspect": {"client": "confidential", "auth": "default", "params": {}, "method": "POST"}},
        {"api": {"token": "t", "how": "header", "path": "resource", "method": "GET", "body": "b", "content_type": "x",
                 "headers": {}}},
        {"http": {"method": "GET", "url": "/x", "headers": {}, "body": ""}},
        {"clock": {"advance": 61}}
    ])"),
                                      "kinds.json");
    const auto& steps = c.scenarios()[0].steps;
    BOOST_TEST_REQUIRE(steps.size() == 9u);
    std::vector<std::string> kinds;
    for (const auto& s : steps)
        kinds.push_back(s.kind);
    BOOST_TEST(kinds == (std::vector<std::string>{"discover", "authorize", "token", "refresh", "revoke", "introspect",
                                                  "api", "http", "clock"}));
    std::set<std::string> known(knownStepKinds().begin(), knownStepKinds().end());
    BOOST_TEST(known == std::set<std::string>(kinds.begin(), kinds.end()));
}

BOOST_AUTO_TEST_CASE(every_observation_path_root_loads)
{
    Catalogue c = Catalogue::loadText(caseWithSteps(R"([{"token": {}, "expect": {
        "status": 200, "body": {"present": true}, "body_size": {"max": 10}, "json": {"type": "object"},
        "redirected": false, "error": {"absent": true}, "login_status": 200, "statuses": {"length_min": 1},
        "content_type": "application/json", "location": {"absent": true}, "json.a.b": 1, "header.X": "y",
        "header_count.X": 1, "redirect.state": "${state}", "bearer.error": "invalid_token", "page_header.X": "y",
        "metadata.issuer": "${issuer}", "count_status.200": 1, "var.x": "y"},
        "save": {"a": "json.access_token", "b": "header.Location", "c": "status"}}])"),
                                      "paths.json");
    BOOST_TEST(c.scenarios()[0].steps[0].expectations.size() == 19u);
    BOOST_TEST(c.scenarios()[0].steps[0].save.size() == 3u);
}

BOOST_AUTO_TEST_CASE(every_matcher_operator_loads)
{
    Catalogue c = Catalogue::loadText(caseWithSteps(R"([{"token": {}, "expect": {
        "status": {"equals": 200, "in": [200, 201], "not_in": [500], "min": 200, "max": 299},
        "body": {"contains": "a", "not_contains": "b", "starts_with": "{", "matches": "^\\{", "length_min": 1,
                 "length_max": 100, "type": "string", "present": true},
        "json.x": {"absent": true, "not": {"equals": 1}, "any": [1, {"type": "string"}], "level": "INFO",
                   "precondition": false, "note": "n"}}}])"),
                                      "ops.json");
    BOOST_TEST(c.scenarios()[0].steps[0].expectations.size() == 3u);
}

BOOST_AUTO_TEST_CASE(every_capability_is_accepted_in_needs)
{
    std::string needs;
    for (const auto& cap : knownCapabilities())
        needs += (needs.empty() ? "\"" : ", \"") + cap + "\"";
    Catalogue c = Catalogue::loadText(fileWith(std::string(kHeader) + R"("needs": [)" + needs +
                                               R"(], "steps": [{"discover": {}}])"),
                                      "caps.json");
    BOOST_TEST(c.scenarios()[0].needs.size() == knownCapabilities().size());
}

// --- malformed input ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(invalid_json_names_line_and_column)
{
    std::string message = loadError("{\n  \"cases\": [\n    {\"id\": }\n  ]\n}");
    BOOST_TEST_INFO(message);
    BOOST_TEST(message.find("sample.json") != std::string::npos);
    BOOST_TEST(message.find("line 3, column") != std::string::npos);
    BOOST_TEST(message.find("invalid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(root_must_have_a_cases_array)
{
    expectError(R"({"area": "x"})", "", "$.cases", "array of cases");
    expectError(R"({"cases": {}})", "", "$.cases");
    expectError(R"({"cases": [], "extra": 1})", "", "$.extra", "unknown member");
    expectError(R"([1])", "", "$", "expected an object");
    expectError(R"({"cases": [1]})", "", "$.cases[0]", "expected an object");
}

BOOST_AUTO_TEST_CASE(missing_required_members)
{
    const std::string full = R"("catalogue": "PKCE-02", "title": "t", "level": "MUST", "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}])";
    expectError(fileWith(full), "", "$.cases[0].id", "missing");
    auto without = [&](const std::string& member) {
        std::string body = "\"id\": \"" + kId + "\", " + full;
        std::regex drop(",? *\"" + member + "\": (\"[^\"]*\"|\\[[^\\]]*\\])");
        return fileWith(std::regex_replace(body, drop, ""));
    };
    expectError(without("catalogue"), kId, "$.cases[0].catalogue", "missing");
    expectError(without("title"), kId, "$.cases[0].title", "missing");
    expectError(without("level"), kId, "$.cases[0].level", "missing");
    expectError(without("requirements"), kId, "$.cases[0].requirements", "requirement token");
    expectError(without("steps"), kId, "$.cases[0].steps", "steps");
}

BOOST_AUTO_TEST_CASE(empty_requirements_and_steps)
{
    expectError(fileWith("\"id\": \"" + kId + R"(", "catalogue": "PKCE-02", "title": "t", "level": "MUST",
        "requirements": [], "steps": [{"discover": {}}])"),
                kId, "$.cases[0].requirements");
    expectError(caseWithSteps("[]"), kId, "$.cases[0].steps", "non-empty");
    expectError(caseWithSteps("{}"), kId, "$.cases[0].steps");
}

BOOST_AUTO_TEST_CASE(bad_id_form)
{
    for (const char* id : {"RFC7636-4.6/x", "rfc7636/x", "rfc7636-4.6", "rfc7636-4.6/Upper", "pkce-02/x", "rfc7636-4.6/x y"})
    {
        BOOST_TEST_INFO(id);
        expectError(fileWith(std::string("\"id\": \"") + id + R"(", "catalogue": "PKCE-02", "title": "t",
            "level": "MUST", "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}])"),
                    id, "$.cases[0].id", "<spec>-<section>/<slug>");
    }
    // Non-string id: no case label to give, the path still names it.
    expectError(fileWith(R"("id": 7, "catalogue": "PKCE-02", "title": "t", "level": "MUST",
        "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}])"),
                "", "$.cases[0].id", "expected a string");
}

BOOST_AUTO_TEST_CASE(accepted_id_forms)
{
    for (const char* id : {"rfc6749-4.1.2/a", "oauth21-4.1.2.1/b-c", "bcp9700-2.1/x1", "rfc9700-4.14.2/refresh-reuse"})
    {
        BOOST_TEST_INFO(id);
        BOOST_TEST(loadError(fileWith(std::string("\"id\": \"") + id + R"(", "catalogue": "PKCE-02", "title": "t",
            "level": "MUST", "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}])"))
                       .empty());
    }
}

BOOST_AUTO_TEST_CASE(bad_catalogue_form)
{
    for (const char* row : {"pkce-02", "PKCE-2", "PKCE02", "PKCE-002", ""})
    {
        BOOST_TEST_INFO(row);
        expectError(fileWith("\"id\": \"" + kId + "\", \"catalogue\": \"" + row + R"(", "title": "t", "level": "MUST",
            "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}])"),
                    kId, "$.cases[0].catalogue", "catalogue row");
    }
}

BOOST_AUTO_TEST_CASE(unknown_level)
{
    auto withLevel = [](const std::string& level) {
        return fileWith("\"id\": \"" + kId + R"(", "catalogue": "PKCE-02", "title": "t", "level": )" + level +
                        R"(, "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}])");
    };
    expectError(withLevel("\"MUSTNT\""), kId, "$.cases[0].level", "unknown level \"MUSTNT\"");
    expectError(withLevel("\"must\""), kId, "$.cases[0].level", "unknown level");
    expectError(withLevel("3"), kId, "$.cases[0].level", "expected a level string");
    expectError(withLevel(R"({"default": "MUST", "oauth21": "OFTEN"})"), kId, "$.cases[0].level.oauth21", "unknown level");
    expectError(withLevel(R"({"oauth21": "MUST"})"), kId, "$.cases[0].level", "needs a \"default\"");
    expectError(withLevel(R"({"default": "MUST", "oauth20": "MUST"})"), kId, "$.cases[0].level.oauth20",
                "expected default, rfc6749, bcp9700 or oauth21");
}

BOOST_AUTO_TEST_CASE(unknown_profile)
{
    expectError(fileWith(std::string(kHeader) + R"("profiles": ["bcp9700", "oauth20"], "steps": [{"discover": {}}])"), kId,
                "$.cases[0].profiles[1]", "expected rfc6749, bcp9700 or oauth21");
}

BOOST_AUTO_TEST_CASE(bad_requirement_token)
{
    for (const char* token : {"rfc7636-4.6", "RFC 7636 4.6", "RFC7636", "OAUTH21-4.1", "RFC7636-4.6/x"})
    {
        BOOST_TEST_INFO(token);
        expectError(fileWith("\"id\": \"" + kId + R"(", "catalogue": "PKCE-02", "title": "t", "level": "MUST",
            "requirements": ["RFC7636-4.6", ")" + token + R"("], "steps": [{"discover": {}}])"),
                    kId, "$.cases[0].requirements[1]", "RFC6749-5.2");
    }
}

BOOST_AUTO_TEST_CASE(unknown_capability_in_needs)
{
    expectError(fileWith(std::string(kHeader) + R"("needs": ["pkce", "dpop"], "steps": [{"discover": {}}])"), kId,
                "$.cases[0].needs[1]", "unknown capability \"dpop\"");
}

BOOST_AUTO_TEST_CASE(unknown_case_member)
{
    expectError(fileWith(std::string(kHeader) + R"("stpes": [], "steps": [{"discover": {}}])"), kId, "$.cases[0].stpes",
                "unknown member");
}

BOOST_AUTO_TEST_CASE(unknown_step_kind)
{
    expectError(caseWithSteps(R"([{"discover": {}}, {"authorise": {}}])"), kId, "$.cases[0].steps[1].authorise",
                "unknown step kind");
}

BOOST_AUTO_TEST_CASE(a_step_without_a_kind)
{
    expectError(caseWithSteps(R"([{"expect": {"status": 200}}])"), kId, "$.cases[0].steps[0]", "no kind");
    expectError(caseWithSteps(R"(["token"])"), kId, "$.cases[0].steps[0]", "step object");
}

BOOST_AUTO_TEST_CASE(two_kinds_in_one_step)
{
    expectError(caseWithSteps(R"([{"token": {}, "refresh": {}}])"), kId, "$.cases[0].steps[0].refresh",
                "exactly one kind");
}

BOOST_AUTO_TEST_CASE(kind_parameters_must_be_an_object)
{
    expectError(caseWithSteps(R"([{"token": "x"}])"), kId, "$.cases[0].steps[0].token", "object of parameters");
}

BOOST_AUTO_TEST_CASE(unknown_step_parameter)
{
    expectError(caseWithSteps(R"([{"token": {"parms": {}}}])"), kId, "$.cases[0].steps[0].token.parms",
                "unknown parameter of a token step");
    expectError(caseWithSteps(R"([{"discover": {"url": "x"}}])"), kId, "$.cases[0].steps[0].discover.url",
                "unknown parameter of a discover step");
    // A parameter of another kind is unknown too.
    expectError(caseWithSteps(R"([{"refresh": {"body": "x"}}])"), kId, "$.cases[0].steps[0].refresh.body");
}

BOOST_AUTO_TEST_CASE(step_parameters_with_fixed_choices)
{
    expectError(caseWithSteps(R"([{"authorize": {"pkce": "S512"}}])"), kId, "$.cases[0].steps[0].authorize.pkce",
                "expected one of: S256, none, plain, plain-default");
    expectError(caseWithSteps(R"([{"authorize": {"consent": "refuse"}}])"), kId, "$.cases[0].steps[0].authorize.consent", "approve, deny");
    expectError(caseWithSteps(R"([{"authorize": {"method": "PUT"}}])"), kId, "$.cases[0].steps[0].authorize.method", "GET, POST");
    expectError(caseWithSteps(R"([{"authorize": {"login": "no-password"}}])"), kId, "$.cases[0].steps[0].authorize.login");
    expectError(caseWithSteps(R"([{"token": {"auth": "basci"}}])"), kId, "$.cases[0].steps[0].token.auth", "client_secret_basic");
    expectError(caseWithSteps(R"([{"revoke": {"auth": 1}}])"), kId, "$.cases[0].steps[0].revoke.auth");
    expectError(caseWithSteps(R"([{"api": {"how": "cookie"}}])"), kId, "$.cases[0].steps[0].api.how", "header+query");
    expectError(caseWithSteps(R"([{"api": {"path": "other-scope"}}])"), kId, "$.cases[0].steps[0].api.path", "or a URL");
    // A URL or a variable is a path too.
    for (const char* path : {"/v2/buildings/1", "https://rs.example/x", "${resource.url}"})
    {
        BOOST_TEST_INFO("path " << path);
        BOOST_TEST(loadError(caseWithSteps(std::string(R"([{"api": {"path": ")") + path + R"("}}])")).empty());
    }
}

BOOST_AUTO_TEST_CASE(bad_client_role)
{
    expectError(caseWithSteps(R"([{"token": {"client": "admin"}}])"), kId, "$.cases[0].steps[0].token.client",
                "client role");
    expectError(caseWithSteps(R"([{"authorize": {"client": 1}}])"), kId, "$.cases[0].steps[0].authorize.client",
                "client role");
}

BOOST_AUTO_TEST_CASE(unknown_observation_path_in_expect)
{
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"json.error": "x", "jsn.error": "x"}}])"), kId,
                "$.cases[0].steps[0].expect.jsn.error", "unknown observation path \"jsn.error\"");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"header": "x"}}])"), kId, "$.cases[0].steps[0].expect.header",
                "unknown observation path");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"header.": "x"}}])"), kId, "$.cases[0].steps[0].expect.header.",
                "unknown observation path");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"Status": 200}}])"), kId, "$.cases[0].steps[0].expect.Status");
    expectError(caseWithSteps(R"([{"token": {}, "expect": []}])"), kId, "$.cases[0].steps[0].expect", "expected an object");
}

BOOST_AUTO_TEST_CASE(unknown_observation_path_in_save)
{
    expectError(caseWithSteps(R"([{"authorize": {}, "save": {"c": "redirct.code"}}])"), kId,
                "$.cases[0].steps[0].save.c", "unknown observation path \"redirct.code\"");
    expectError(caseWithSteps(R"([{"authorize": {}, "save": {"c": 1}}])"), kId, "$.cases[0].steps[0].save.c",
                "observation path string");
    expectError(caseWithSteps(R"([{"authorize": {}, "save": ["c"]}])"), kId, "$.cases[0].steps[0].save");
}

BOOST_AUTO_TEST_CASE(unknown_matcher_operator)
{
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"equal": 400}}}])"), kId,
                "$.cases[0].steps[0].expect.status.equal", "unknown matcher operator");
    // Also inside "not" and "any".
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"not": {"equal": 400}}}}])"), kId,
                "$.cases[0].steps[0].expect.status.not.equal", "unknown matcher operator");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"any": [400, {"equal": 401}]}}}])"), kId,
                "$.cases[0].steps[0].expect.status.any[1].equal", "unknown matcher operator");
}

BOOST_AUTO_TEST_CASE(bad_matcher_level_and_precondition)
{
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"equals": 400, "level": "SOMETIMES"}}}])"), kId,
                "$.cases[0].steps[0].expect.status.level", "unknown level");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"equals": 400, "precondition": "yes"}}}])"), kId,
                "$.cases[0].steps[0].expect.status.precondition", "true or false");
}

BOOST_AUTO_TEST_CASE(invalid_regex)
{
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"matches": "(unclosed"}}}])"), kId,
                "$.cases[0].steps[0].expect.body.matches", "invalid regular expression");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"matches": 3}}}])"), kId,
                "$.cases[0].steps[0].expect.body.matches", "regular expression string");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"not": {"matches": "[a-"}}}}])"), kId,
                "$.cases[0].steps[0].expect.body.not.matches", "invalid regular expression");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"any": [{"matches": "*x"}]}}}])"), kId,
                "$.cases[0].steps[0].expect.body.any[0].matches", "invalid regular expression");
    // Matcher patterns run on the breadth-first executor (compileMatcherRegex), which has no back-references.
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"matches": "(a)\\1"}}}])"), kId,
                "$.cases[0].steps[0].expect.body.matches", "invalid regular expression");
    // Numbers libstdc++ would read into a long without an overflow check (UBSan found the first in
    // the fuzz goal campaign, docs/reliability.md); a count above 1000 only builds a huge automaton.
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"matches": "x\\4444444444444444444"}}}])"), kId,
                "$.cases[0].steps[0].expect.body.matches", "back-reference \\4444444444444444444 is out of range");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"matches": "a{4444444444444444444}"}}}])"), kId,
                "$.cases[0].steps[0].expect.body.matches", "repetition count 4444444444444444444 is larger than 1000");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"matches": "a{2,100001}"}}}])"), kId,
                "$.cases[0].steps[0].expect.body.matches", "repetition count 100001 is larger than 1000");
}

BOOST_AUTO_TEST_CASE(regex_numbers_within_limits_and_literal_digits_load)
{
    // Digits that are neither counts nor back-references stay allowed (after an escaped brace, in a
    // class, plain), and so do counts up to the limit.
    for (const char* pattern : {R"(^\\{12345678901\\}$)", R"([{0-9]{1000})", R"(a{0,1000})", R"(\\d{3}-\\d{4})",
                                R"([\\]12345678])", "12345678901234567890"})
    {
        BOOST_TEST_CONTEXT(pattern)
        {
            std::string steps = std::string(R"([{"token": {}, "expect": {"body": {"matches": ")") + pattern + R"("}}}])";
            BOOST_CHECK_NO_THROW(Catalogue::loadText(caseWithSteps(steps), "regex.json"));
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_operator_operands)
{
    // An operand of the wrong type would only show up at run time as "invalid matcher": refuse it at load.
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"in": 400}}}])"), kId,
                "$.cases[0].steps[0].expect.status.in", "array");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"not_in": "400"}}}])"), kId,
                "$.cases[0].steps[0].expect.status.not_in", "array");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"contains": 1}}}])"), kId,
                "$.cases[0].steps[0].expect.body.contains", "string");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"body": {"present": "yes"}}}])"), kId,
                "$.cases[0].steps[0].expect.body.present", "true or false");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"min": "1"}}}])"), kId,
                "$.cases[0].steps[0].expect.status.min", "number");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"type": "int"}}}])"), kId,
                "$.cases[0].steps[0].expect.status.type", "type");
    expectError(caseWithSteps(R"([{"token": {}, "expect": {"status": {"any": 1}}}])"), kId,
                "$.cases[0].steps[0].expect.status.any", "array");
}

BOOST_AUTO_TEST_CASE(unknown_named_check_and_bad_level)
{
    expectError(caseWithSteps(R"([{"token": {}, "checks": ["no-store", "no-stor"]}])"), kId,
                "$.cases[0].steps[0].checks[1]", "unknown named check \"no-stor\"");
    expectError(caseWithSteps(R"([{"token": {}, "checks": ["no-store@OFTEN"]}])"), kId, "$.cases[0].steps[0].checks[0]",
                "no-store@OFTEN");
    expectError(caseWithSteps(R"([{"token": {}, "checks": ["no-store@"]}])"), kId, "$.cases[0].steps[0].checks[0]");
    expectError(caseWithSteps(R"([{"token": {}, "checks": [1]}])"), kId, "$.cases[0].steps[0].checks[0]", "string");
    BOOST_TEST(loadError(caseWithSteps(R"([{"token": {}, "checks": ["no-store@SHOULD", "token-response@INFO"]}])")).empty());
}

BOOST_AUTO_TEST_CASE(repeat_and_parallel)
{
    expectError(caseWithSteps(R"([{"token": {}, "repeat": 2, "parallel": 2}])"), kId, "$.cases[0].steps[0]",
                "either repeat or parallel");
    expectError(caseWithSteps(R"([{"token": {}, "repeat": 51}])"), kId, "$.cases[0].steps[0].repeat", "[1, 50]");
    expectError(caseWithSteps(R"([{"token": {}, "repeat": 0}])"), kId, "$.cases[0].steps[0].repeat", "[1, 50]");
    expectError(caseWithSteps(R"([{"token": {}, "parallel": 17}])"), kId, "$.cases[0].steps[0].parallel", "[0, 16]");
    expectError(caseWithSteps(R"([{"token": {}, "parallel": -1}])"), kId, "$.cases[0].steps[0].parallel");
    expectError(caseWithSteps(R"([{"token": {}, "repeat": "3"}])"), kId, "$.cases[0].steps[0].repeat", "integer");
    BOOST_TEST(loadError(caseWithSteps(R"([{"token": {}, "repeat": 50}, {"token": {}, "parallel": 16}])")).empty());
}

BOOST_AUTO_TEST_CASE(duplicate_id_in_one_file)
{
    const std::string one = "{\"id\": \"" + kId + R"(", "catalogue": "PKCE-02", "title": "t", "level": "MUST",
        "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}]})";
    expectError(R"({"cases": [)" + one + ", " + one + "]}", kId, "$.cases[1].id", "duplicate case id");
}

BOOST_AUTO_TEST_CASE(duplicate_id_across_files)
{
    TempDir dir;
    const std::string body = std::string(kHeader) + R"("steps": [{"discover": {}}])";
    dir.write("a.json", fileWith(body));
    dir.write("b.json", fileWith(body));
    try
    {
        Catalogue::loadDirectory(dir.path);
        BOOST_FAIL("a duplicate id across files must not load");
    }
    catch (const oauth::JsonInputError& e)
    {
        std::string message = e.what();
        BOOST_TEST_INFO(message);
        BOOST_TEST(message.find("b.json (case " + kId + ")") != std::string::npos);
        BOOST_TEST(message.find("$.cases[0].id") != std::string::npos);
        BOOST_TEST(message.find("duplicate case id") != std::string::npos);
        BOOST_TEST(message.find("a.json") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_malformed_file_in_a_directory_names_that_file)
{
    TempDir dir;
    dir.write("a.json", fileWith(std::string(kHeader) + R"("steps": [{"discover": {}}])"));
    dir.write("b.json", "{ nope");
    dir.write("notes.txt", "not a scenario");
    try
    {
        Catalogue::loadDirectory(dir.path);
        BOOST_FAIL("a malformed file must not load");
    }
    catch (const oauth::JsonInputError& e)
    {
        BOOST_TEST(std::string(e.what()).find("b.json") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("line 1") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(directory_loads_files_in_name_order_and_ignores_other_files)
{
    TempDir dir;
    auto body = [](const std::string& id) {
        return fileWith("\"id\": \"" + id + R"(", "catalogue": "PKCE-02", "title": "t", "level": "MUST",
            "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}])");
    };
    dir.write("b.json", body("rfc6749-2.1/second"));
    dir.write("a.json", body("rfc6749-2.1/first"));
    dir.write("README.md", "# not JSON");
    Poco::File(Poco::Path(dir.path, "targets").toString()).createDirectories();
    dir.write("targets/x.json", "{ not a scenario file");
    Catalogue c = Catalogue::loadDirectory(dir.path);
    BOOST_TEST_REQUIRE(c.scenarios().size() == 2u);
    BOOST_TEST(c.scenarios()[0].id == "rfc6749-2.1/first");
    BOOST_TEST(c.scenarios()[1].id == "rfc6749-2.1/second");
    BOOST_TEST(c.scenarios()[0].file.find("a.json") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_directory_without_json_files)
{
    TempDir dir;
    dir.write("README.md", "nothing here");
    try
    {
        Catalogue::loadDirectory(dir.path);
        BOOST_FAIL("an empty scenario directory must not load");
    }
    catch (const oauth::JsonInputError& e)
    {
        BOOST_TEST(std::string(e.what()).find(dir.path) != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("no scenario files") != std::string::npos);
    }
    BOOST_CHECK_THROW(Catalogue::loadDirectory(dir.path + "/does-not-exist"), oauth::JsonInputError);
}

BOOST_AUTO_TEST_CASE(select_by_id_prefix_and_catalogue_row)
{
    auto one = [](const std::string& id, const std::string& row) {
        return "{\"id\": \"" + id + "\", \"catalogue\": \"" + row +
               R"(", "title": "t", "level": "MUST", "requirements": ["RFC7636-4.6"], "steps": [{"discover": {}}]})";
    };
    Catalogue c = Catalogue::loadText("{\"cases\": [" + one("rfc7636-4.6/a", "PKCE-02") + ", " +
                                          one("rfc7636-4.3/b", "PKCE-01") + ", " + one("rfc7009-2.2/c", "REV-01") + ", " +
                                          one("rfc6749-4.1.2/d", "CODE-01") + ", " + one("rfc6749-4.1.2.1/e", "CODE-02") + ", " +
                                          one("rfc6749-1.6/f", "TLS-01") + ", " + one("rfc6749-10.9/g", "TLS-02") + "]}",
                                      "sel.json");
    auto ids = [](const std::vector<const Scenario*>& list) {
        std::vector<std::string> out;
        for (const Scenario* s : list)
            out.push_back(s->id);
        return out;
    };
    BOOST_TEST(c.select({}).size() == 7u);
    BOOST_TEST(ids(c.select({"rfc7636"})) == (std::vector<std::string>{"rfc7636-4.6/a", "rfc7636-4.3/b"}));
    BOOST_TEST(ids(c.select({"rfc7009-2.2"})) == (std::vector<std::string>{"rfc7009-2.2/c"}));
    BOOST_TEST(ids(c.select({"rfc6749-4.1.2"})) == (std::vector<std::string>{"rfc6749-4.1.2/d", "rfc6749-4.1.2.1/e"}));
    BOOST_TEST(ids(c.select({"rfc6749-4.1.2/"})) == (std::vector<std::string>{"rfc6749-4.1.2/d"}));
    BOOST_TEST(ids(c.select({"PKCE-01"})) == (std::vector<std::string>{"rfc7636-4.3/b"}));
    // Several selectors: catalogue order, no duplicates.
    BOOST_TEST(ids(c.select({"REV-01", "rfc7636-4.6", "rfc7636"})) ==
               (std::vector<std::string>{"rfc7636-4.6/a", "rfc7636-4.3/b", "rfc7009-2.2/c"}));
    BOOST_TEST(c.select({"rfc9999"}).empty());
    BOOST_TEST(c.select({"PKCE"}).empty()); // a row must be named whole
    // A prefix ends at a section boundary: section 1 is not section 10, 4.1 is not 4.12.
    BOOST_TEST(ids(c.select({"rfc6749-1"})) == (std::vector<std::string>{"rfc6749-1.6/f"}));
    BOOST_TEST(ids(c.select({"rfc6749-10"})) == (std::vector<std::string>{"rfc6749-10.9/g"}));
    BOOST_TEST(ids(c.select({"rfc6749-1."})) == (std::vector<std::string>{"rfc6749-1.6/f"}));
    BOOST_TEST(c.select({"rfc6749-4.1.2.1/"}).size() == 1u);
    BOOST_TEST(c.select({"rfc700"}).empty());
    BOOST_TEST(ids(c.select({"rfc7636-4.6/"})) == (std::vector<std::string>{"rfc7636-4.6/a"}));
}

// --- the real catalogue ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_real_catalogue_loads)
{
    Catalogue c = Catalogue::loadDirectory(CONFORMANCE_SCENARIOS_DIR);
    BOOST_TEST(!c.scenarios().empty());
    static const std::regex row(R"(^[A-Z]+-\d{2}$)");
    std::set<std::string> ids;
    for (const auto& s : c.scenarios())
    {
        BOOST_TEST_INFO(s.file << ": " << s.id);
        BOOST_TEST(ids.insert(s.id).second);
        BOOST_TEST(std::regex_match(s.catalogue, row));
        BOOST_TEST(!s.requirements.empty());
        BOOST_TEST(!s.steps.empty());
        for (const auto& quirk : s.failsWith)
        {
            BOOST_TEST_INFO("fails_with " << quirk);
            BOOST_TEST(mock::quirkByName(quirk).has_value());
        }
    }
}
