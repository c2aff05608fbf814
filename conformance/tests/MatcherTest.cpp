#define BOOST_TEST_MODULE MatcherTest
#include <boost/test/unit_test.hpp>

// Matchers of scenario expectations (scenarios/README.md "Expectations"): literals, one-of
// arrays, operator objects, case-insensitive header comparisons, ${var} substitution and the
// rendered `expected` text.

#include <conformance/Matcher.h>

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string>

using namespace conformance;

namespace {

/// Parses matcher JSON text; the document lives as long as the test needs it.
const rapidjson::Value& m(const std::string& json)
{
    static std::vector<std::unique_ptr<rapidjson::Document>> keep;
    keep.push_back(std::make_unique<rapidjson::Document>());
    keep.back()->Parse(json.c_str());
    BOOST_REQUIRE_MESSAGE(!keep.back()->HasParseError(), "bad test JSON: " + json);
    return *keep.back();
}

const std::map<std::string, std::string> kVars = {{"state", "st-42"}, {"issuer", "https://as.example.test"},
                                                  {"empty", ""}};

std::string sub(const std::string& text)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size())
    {
        std::size_t start = text.find("${", i);
        if (start == std::string::npos)
        {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, start - i);
        std::size_t end = text.find('}', start);
        std::string name = text.substr(start + 2, end - start - 2);
        auto it = kVars.find(name);
        if (it == kVars.end())
            throw std::runtime_error("variable ${" + name + "} is not set");
        out += it->second;
        i = end + 1;
    }
    return out;
}

bool matches(const ObservedValue& o, const std::string& matcher, bool ci = false)
{
    return matchValue(o, m(matcher), sub, ci).matched;
}

std::string expected(const ObservedValue& o, const std::string& matcher, bool ci = false)
{
    return matchValue(o, m(matcher), sub, ci).expected;
}

ObservedValue json(const std::string& text)
{
    return ObservedValue::ofJson(m(text));
}

const ObservedValue kAbsent = ObservedValue::absent();

} // namespace

// --- literals -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(integer_literal_and_status)
{
    ObservedValue status = ObservedValue::ofInteger(400);
    BOOST_TEST(matches(status, "400"));
    BOOST_TEST(!matches(status, "401"));
    BOOST_TEST(matches(status, "\"400\"")); // a string literal matches the status too
    BOOST_TEST(!matches(status, "\"0400\""));
    BOOST_TEST(!matches(kAbsent, "400"));
    BOOST_TEST(!matches(kAbsent, "\"400\""));
    // An integer literal matches a numeric string (a header value, a redirect parameter).
    BOOST_TEST(matches(ObservedValue::ofString("3600"), "3600"));
    BOOST_TEST(!matches(ObservedValue::ofString("3600 "), "3600"));
    BOOST_TEST(!matches(ObservedValue::ofBool(true), "1"));
}

BOOST_AUTO_TEST_CASE(number_literal)
{
    BOOST_TEST(matches(json("1.5"), "1.5"));
    BOOST_TEST(matches(json("2"), "2.0")); // an integer equals the same number
    BOOST_TEST(!matches(json("1.5"), "2.5"));
    BOOST_TEST(!matches(ObservedValue::ofString("1.5"), "1.5"));
}

BOOST_AUTO_TEST_CASE(string_literal)
{
    ObservedValue s = ObservedValue::ofString("invalid_grant");
    BOOST_TEST(matches(s, "\"invalid_grant\""));
    BOOST_TEST(!matches(s, "\"Invalid_Grant\""));
    BOOST_TEST(matches(s, "\"Invalid_Grant\"", true));
    BOOST_TEST(!matches(s, "\"invalid\""));
    BOOST_TEST(!matches(kAbsent, "\"\""));
    BOOST_TEST(matches(ObservedValue::ofString(""), "\"\""));
    BOOST_TEST(!matches(json("null"), "\"null\""));
}

BOOST_AUTO_TEST_CASE(bool_literal)
{
    BOOST_TEST(matches(ObservedValue::ofBool(true), "true"));
    BOOST_TEST(!matches(ObservedValue::ofBool(true), "false"));
    BOOST_TEST(matches(ObservedValue::ofBool(false), "false"));
    BOOST_TEST(!matches(ObservedValue::ofString("true"), "true"));
    BOOST_TEST(!matches(kAbsent, "false"));
}

BOOST_AUTO_TEST_CASE(null_literal)
{
    BOOST_TEST(matches(json("null"), "null"));
    BOOST_TEST(!matches(kAbsent, "null"));
    BOOST_TEST(!matches(ObservedValue::ofString(""), "null"));
}

BOOST_AUTO_TEST_CASE(array_means_one_of)
{
    ObservedValue status = ObservedValue::ofInteger(401);
    BOOST_TEST(matches(status, "[400, 401]"));
    BOOST_TEST(!matches(status, "[400, 403]"));
    BOOST_TEST(matches(ObservedValue::ofString("b"), R"(["a", "b"])"));
    BOOST_TEST(matches(ObservedValue::ofString("B"), R"(["a", "b"])", true));
    BOOST_TEST(!matches(kAbsent, "[400]"));
    BOOST_TEST(!matches(status, "[]"));
    BOOST_TEST(expected(status, "[400, 401]") == "one of [400, 401]");
    BOOST_TEST(expected(status, R"(["a", "${state}"])") == "one of [\"a\", \"st-42\"]");
}

// --- operators ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(equals)
{
    BOOST_TEST(matches(ObservedValue::ofInteger(200), R"({"equals": 200})"));
    BOOST_TEST(!matches(ObservedValue::ofInteger(201), R"({"equals": 200})"));
    BOOST_TEST(matches(ObservedValue::ofString("st-42"), R"({"equals": "${state}"})"));
    BOOST_TEST(!matches(kAbsent, R"({"equals": "x"})"));
    BOOST_TEST(expected(ObservedValue::ofInteger(200), R"({"equals": 200})") == "= 200");
    BOOST_TEST(expected(ObservedValue::ofString(""), R"({"equals": "${state}"})") == "= \"st-42\"");
}

BOOST_AUTO_TEST_CASE(in_and_not_in)
{
    BOOST_TEST(matches(ObservedValue::ofInteger(400), R"({"in": [400, 401]})"));
    BOOST_TEST(!matches(ObservedValue::ofInteger(500), R"({"in": [400, 401]})"));
    BOOST_TEST(matches(ObservedValue::ofInteger(500), R"({"not_in": [400, 401]})"));
    BOOST_TEST(!matches(ObservedValue::ofInteger(400), R"({"not_in": [400, 401]})"));
    BOOST_TEST(!matches(kAbsent, R"({"not_in": [400]})")); // not_in needs a value
    BOOST_TEST(expected(kAbsent, R"({"in": [1, 2]})") == "one of [1, 2]");
    BOOST_TEST(expected(kAbsent, R"({"not_in": [1, 2]})") == "not one of [1, 2]");
}

BOOST_AUTO_TEST_CASE(contains_on_strings)
{
    ObservedValue cc = ObservedValue::ofString("no-cache, no-store");
    BOOST_TEST(matches(cc, R"({"contains": "no-store"})"));
    BOOST_TEST(!matches(cc, R"({"contains": "NO-STORE"})"));
    BOOST_TEST(matches(cc, R"({"contains": "NO-STORE"})", true));
    BOOST_TEST(!matches(cc, R"({"contains": "private"})"));
    BOOST_TEST(!matches(kAbsent, R"({"contains": "x"})"));
    BOOST_TEST(matches(ObservedValue::ofString("state=st-42&x"), R"({"contains": "${state}"})"));
    BOOST_TEST(expected(cc, R"({"contains": "no-store"})") == "contains \"no-store\"");
}

BOOST_AUTO_TEST_CASE(contains_on_arrays)
{
    ObservedValue methods = json(R"(["S256", "plain", 3])");
    BOOST_TEST(matches(methods, R"({"contains": "S256"})"));
    BOOST_TEST(!matches(methods, R"({"contains": "S2"})")); // an element, not a substring
    BOOST_TEST(!matches(methods, R"({"contains": "3"})"));  // only string elements
    BOOST_TEST(matches(methods, R"({"not_contains": "none"})"));
    BOOST_TEST(!matches(methods, R"({"not_contains": "plain"})"));
    BOOST_TEST(!matches(json("[]"), R"({"contains": "S256"})"));
}

BOOST_AUTO_TEST_CASE(not_contains)
{
    ObservedValue s = ObservedValue::ofString("https://app.example.test/cb?code=x");
    BOOST_TEST(matches(s, R"({"not_contains": "error"})"));
    BOOST_TEST(!matches(s, R"({"not_contains": "code="})"));
    BOOST_TEST(!matches(ObservedValue::ofString("Error"), R"({"not_contains": "error"})", true));
    BOOST_TEST(matches(ObservedValue::ofString("Error"), R"({"not_contains": "error"})"));
    BOOST_TEST(expected(s, R"({"not_contains": "${state}"})") == "does not contain \"st-42\"");
}

BOOST_AUTO_TEST_CASE(starts_with)
{
    ObservedValue s = ObservedValue::ofString("Basic realm=\"x\"");
    BOOST_TEST(matches(s, R"({"starts_with": "Basic"})"));
    BOOST_TEST(!matches(s, R"({"starts_with": "realm"})"));
    BOOST_TEST(!matches(kAbsent, R"({"starts_with": ""})"));
    BOOST_TEST(matches(ObservedValue::ofString("https://as.example.test/authorize"), R"({"starts_with": "${issuer}/"})"));
    // Header values compare case-insensitively: the auth scheme "basic" is "Basic" (RFC 9110 §11.1).
    BOOST_TEST(!matches(ObservedValue::ofString("basic realm=x"), R"({"starts_with": "Basic"})"));
    BOOST_TEST(matches(ObservedValue::ofString("basic realm=x"), R"({"starts_with": "Basic"})", true));
    BOOST_TEST(expected(s, R"({"starts_with": "Basic"})") == "starts with \"Basic\"");
}

BOOST_AUTO_TEST_CASE(present_and_absent)
{
    ObservedValue s = ObservedValue::ofString("");
    BOOST_TEST(matches(s, R"({"present": true})"));
    BOOST_TEST(!matches(kAbsent, R"({"present": true})"));
    BOOST_TEST(matches(kAbsent, R"({"present": false})"));
    BOOST_TEST(matches(kAbsent, R"({"absent": true})"));
    BOOST_TEST(!matches(s, R"({"absent": true})"));
    BOOST_TEST(matches(s, R"({"absent": false})"));
    BOOST_TEST(matches(json("null"), R"({"present": true})")); // JSON null is a value
    BOOST_TEST(expected(s, R"({"present": true})") == "present");
    BOOST_TEST(expected(s, R"({"present": false})") == "absent");
    BOOST_TEST(expected(s, R"({"absent": true})") == "absent");
    BOOST_TEST(expected(s, R"({"absent": false})") == "present");
}

BOOST_AUTO_TEST_CASE(matches_regex)
{
    ObservedValue scope = ObservedValue::ofString("read:buildings write:addresses");
    BOOST_TEST(matches(scope, R"x({"matches": "^read:\\S+( |$)"})x"));
    BOOST_TEST(matches(scope, R"({"matches": "write"})")); // a search, not a full match
    BOOST_TEST(!matches(scope, R"({"matches": "^write"})"));
    BOOST_TEST(!matches(kAbsent, R"({"matches": ".*"})"));
    BOOST_TEST(!matches(ObservedValue::ofInteger(400), R"({"matches": "400"})"));
    BOOST_TEST(expected(scope, R"({"matches": "^a+$"})") == "matches /^a+$/");
}

BOOST_AUTO_TEST_CASE(type)
{
    BOOST_TEST(matches(ObservedValue::ofString("x"), R"({"type": "string"})"));
    BOOST_TEST(matches(ObservedValue::ofInteger(3), R"({"type": "integer"})"));
    BOOST_TEST(matches(ObservedValue::ofInteger(3), R"({"type": "number"})")); // integers are numbers
    BOOST_TEST(matches(json("3.5"), R"({"type": "number"})"));
    BOOST_TEST(!matches(json("3.5"), R"({"type": "integer"})"));
    BOOST_TEST(matches(ObservedValue::ofBool(false), R"({"type": "boolean"})"));
    BOOST_TEST(matches(json("null"), R"({"type": "null"})"));
    BOOST_TEST(matches(json("[1]"), R"({"type": "array"})"));
    BOOST_TEST(matches(json(R"({"a": 1})"), R"({"type": "object"})"));
    BOOST_TEST(!matches(ObservedValue::ofString("3"), R"({"type": "integer"})"));
    BOOST_TEST(!matches(kAbsent, R"({"type": "string"})"));
    BOOST_TEST(matches(kAbsent, R"({"type": "absent"})"));
    BOOST_TEST(expected(kAbsent, R"({"type": "string"})") == "of type string");
}

BOOST_AUTO_TEST_CASE(min_and_max)
{
    ObservedValue n = ObservedValue::ofInteger(3600);
    BOOST_TEST(matches(n, R"({"min": 1})"));
    BOOST_TEST(matches(n, R"({"min": 3600})"));
    BOOST_TEST(!matches(n, R"({"min": 3601})"));
    BOOST_TEST(matches(n, R"({"max": 3600})"));
    BOOST_TEST(!matches(n, R"({"max": 3599})"));
    BOOST_TEST(matches(n, R"({"min": 200, "max": 4000})"));
    BOOST_TEST(matches(json("0.5"), R"({"min": 0.25, "max": 0.75})"));
    BOOST_TEST(!matches(ObservedValue::ofString("3600"), R"({"min": 1})")); // not a number
    BOOST_TEST(!matches(kAbsent, R"({"max": 1})"));
    BOOST_TEST(expected(n, R"({"min": 200, "max": 299})") == ">= 200 and <= 299");
}

BOOST_AUTO_TEST_CASE(length_min_and_max)
{
    ObservedValue s = ObservedValue::ofString("abcdef");
    BOOST_TEST(matches(s, R"({"length_min": 6})"));
    BOOST_TEST(!matches(s, R"({"length_min": 7})"));
    BOOST_TEST(matches(s, R"({"length_max": 6})"));
    BOOST_TEST(!matches(s, R"({"length_max": 5})"));
    BOOST_TEST(matches(json("[1, 2, 3]"), R"({"length_min": 3, "length_max": 3})"));
    BOOST_TEST(!matches(ObservedValue::ofInteger(123456), R"({"length_min": 1})"));
    BOOST_TEST(!matches(kAbsent, R"({"length_max": 10})"));
    BOOST_TEST(expected(s, R"({"length_min": 43})") == "length >= 43");
    BOOST_TEST(expected(s, R"({"length_max": 128})") == "length <= 128");
}

BOOST_AUTO_TEST_CASE(not_operator)
{
    ObservedValue s = ObservedValue::ofString("st-42");
    BOOST_TEST(!matches(s, R"({"not": "${state}"})"));
    BOOST_TEST(matches(s, R"({"not": "other"})"));
    BOOST_TEST(matches(s, R"({"not": {"contains": "x"}})"));
    BOOST_TEST(!matches(s, R"({"not": [1, "st-42"]})"));
    BOOST_TEST(matches(kAbsent, R"({"not": {"present": true}})"));
    BOOST_TEST(expected(s, R"({"not": {"contains": "x"}})") == "not (contains \"x\")");
    BOOST_TEST(expected(s, R"({"not": 400})") == "not (= 400)");
}

BOOST_AUTO_TEST_CASE(any_operator)
{
    const std::string matcher = R"({"any": [{"absent": true}, {"equals": "${issuer}"}]})";
    BOOST_TEST(matches(kAbsent, matcher));
    BOOST_TEST(matches(ObservedValue::ofString("https://as.example.test"), matcher));
    BOOST_TEST(!matches(ObservedValue::ofString("https://evil.example"), matcher));
    BOOST_TEST(!matches(kAbsent, R"({"any": []})"));
    BOOST_TEST(matches(ObservedValue::ofInteger(401), R"({"any": [400, [401, 403]]})"));
    BOOST_TEST(expected(kAbsent, matcher) == "(absent or = \"https://as.example.test\")");
}

BOOST_AUTO_TEST_CASE(operators_combine_with_and)
{
    ObservedValue s = ObservedValue::ofString("abc");
    BOOST_TEST(matches(s, R"({"present": true, "starts_with": "a", "length_max": 3})"));
    BOOST_TEST(!matches(s, R"({"present": true, "starts_with": "b", "length_max": 3})"));
    BOOST_TEST(expected(s, R"({"present": true, "starts_with": "a"})") == "present and starts with \"a\"");
}

BOOST_AUTO_TEST_CASE(level_precondition_and_note_are_not_operators)
{
    ObservedValue s = ObservedValue::ofString("x");
    BOOST_TEST(matches(s, R"({"equals": "x", "level": "SHOULD", "precondition": true, "note": "why"})"));
    BOOST_TEST(expected(s, R"({"equals": "x", "level": "SHOULD", "note": "why"})") == "= \"x\"");
    BOOST_TEST(matches(s, R"({"note": "only a note"})"));
    BOOST_TEST(expected(s, R"({"note": "only a note"})") == "(anything)");
}

BOOST_AUTO_TEST_CASE(an_unknown_operator_never_matches)
{
    // The loader refuses it; should one slip through, it must not pass silently.
    MatchResult r = matchValue(ObservedValue::ofString("x"), m(R"({"equal": "x"})"), sub);
    BOOST_TEST(!r.matched);
    BOOST_TEST(r.expected.find("invalid matcher equal") != std::string::npos);
    BOOST_TEST(!matches(ObservedValue::ofString("x"), R"({"in": "x"})"));
}

// --- case-insensitive mode and substitution ------------------------------------------------

BOOST_AUTO_TEST_CASE(case_insensitive_mode_applies_to_string_comparisons)
{
    ObservedValue v = ObservedValue::ofString("No-Store");
    BOOST_TEST(matches(v, "\"no-store\"", true));
    BOOST_TEST(matches(v, R"({"equals": "NO-STORE"})", true));
    BOOST_TEST(matches(v, R"({"in": ["no-store"]})", true));
    BOOST_TEST(!matches(v, R"({"not_in": ["no-store"]})", true));
    BOOST_TEST(matches(v, R"({"contains": "store"})", true));
    BOOST_TEST(matches(v, R"({"starts_with": "no-"})", true));
    BOOST_TEST(!matches(v, "\"no-store\"", false));
}

BOOST_AUTO_TEST_CASE(substitution_in_every_string_operand)
{
    ObservedValue s = ObservedValue::ofString("st-42");
    BOOST_TEST(matches(s, "\"${state}\""));
    BOOST_TEST(matches(s, R"(["x", "${state}"])"));
    BOOST_TEST(matches(s, R"({"in": ["${state}"]})"));
    BOOST_TEST(matches(s, R"({"contains": "${state}"})"));
    BOOST_TEST(matches(s, R"({"starts_with": "${state}"})"));
    BOOST_TEST(matches(ObservedValue::ofString("st-42"), R"({"equals": "${empty}st-42"})"));
    BOOST_TEST(matches(ObservedValue::ofString("pre st-42 post"), R"({"equals": "pre ${state} post"})"));
    // An unknown variable is the substitute's error, not a silent mismatch.
    BOOST_CHECK_THROW(matchValue(s, m(R"({"equals": "${nope}"})"), sub), std::runtime_error);
    BOOST_CHECK_THROW(matchValue(s, m("\"${nope}\""), sub), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(expected_text_renders_json_and_substituted_strings)
{
    ObservedValue o = ObservedValue::ofInteger(1);
    BOOST_TEST(expected(o, "400") == "= 400");
    BOOST_TEST(expected(o, "true") == "= true");
    BOOST_TEST(expected(o, "null") == "= null");
    BOOST_TEST(expected(o, "\"${issuer}\"") == "= \"https://as.example.test\"");
    BOOST_TEST(expected(o, R"({"in": [400, "x"]})") == "one of [400, \"x\"]");
}

// Found with the fuzz targets (docs/reliability.md): std::regex_search recursed once per character, so
// a server sending a 50 000-character issuer or scope crashed the runner on "^https://[^?#]+$".
BOOST_AUTO_TEST_CASE(matches_survives_a_huge_value_from_the_server)
{
    const ObservedValue issuer = ObservedValue::ofString("https://" + std::string(1000000, 'a'));
    BOOST_TEST(matches(issuer, R"({"matches": "^https://[^?#]+$"})"));
    BOOST_TEST(!matches(issuer, R"({"matches": "^http://"})"));
    const ObservedValue scope = ObservedValue::ofString(std::string(500000, ' ') + "read:buildings");
    BOOST_TEST(matches(scope, R"({"matches": "^ *read:buildings *$"})"));
}

