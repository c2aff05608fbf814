#define BOOST_TEST_MODULE JsonReaderTest
#include <boost/test/unit_test.hpp>

#include <oauth/JsonReader.h>

namespace {

std::string errorOf(const std::function<void()>& f)
{
    try
    {
        f();
    }
    catch (const oauth::JsonInputError& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

BOOST_AUTO_TEST_CASE(syntax_errors_name_line_and_column)
{
    rapidjson::Document doc;
    std::string message = errorOf([&] { oauth::parseJsonDocument(doc, "{\n  \"a\": 1,\n  oops\n}", "f.json"); });
    BOOST_TEST(message.find("f.json: line 3, column 3") == 0, message);
    BOOST_TEST(message.find("invalid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(members_are_read_with_types_and_ranges)
{
    rapidjson::Document doc;
    oauth::parseJsonDocument(doc, R"({"s":"x","n":5,"b":true,"list":["a","b"],"o":{"k":"v"}})", "t");
    oauth::JsonObjectReader r(doc, "t", "$");
    BOOST_TEST(r.requireString("s") == "x");
    BOOST_TEST(r.intOr("n", 0, 0, 10) == 5);
    BOOST_TEST(r.boolOr("b", false));
    BOOST_TEST(r.stringArrayOr("list", {}).size() == 2u);
    BOOST_TEST(r.stringOr("missing", "dflt") == "dflt");
    auto o = r.optionalObject("o");
    BOOST_REQUIRE(o.has_value());
    BOOST_TEST(o->requireString("k") == "v");
    o->rejectUnknownMembers();
    r.rejectUnknownMembers();
}

BOOST_AUTO_TEST_CASE(errors_carry_the_json_path)
{
    rapidjson::Document doc;
    oauth::parseJsonDocument(doc, R"({"n":50,"s":3,"list":["a",2],"o":{"typo":1},"e":"z"})", "cfg.json");
    oauth::JsonObjectReader r(doc, "cfg.json", "$");
    BOOST_TEST(errorOf([&] { r.intOr("n", 0, 0, 10); }).find("cfg.json: $.n: expected an integer in [0, 10], got 50") == 0);
    BOOST_TEST(errorOf([&] { r.requireString("s"); }).find("$.s: expected a string, got number") != std::string::npos);
    BOOST_TEST(errorOf([&] { r.stringArrayOr("list", {}); }).find("$.list[1]: expected a string") != std::string::npos);
    BOOST_TEST(errorOf([&] { r.requireString("absent"); }).find("$.absent: required") != std::string::npos);
    BOOST_TEST(errorOf([&] { r.enumOr("e", {"x", "y"}, "x"); }).find("expected one of \"x\", \"y\", got \"z\"") !=
               std::string::npos);
    auto o = r.optionalObject("o");
    BOOST_TEST(errorOf([&] { o->rejectUnknownMembers(); }).find("$.o.typo: unknown member") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_members_are_refused)
{
    rapidjson::Document doc;
    oauth::parseJsonDocument(doc, R"({"known":1,"unknwon":2})", "t");
    oauth::JsonObjectReader r(doc, "t", "$");
    r.intOr("known", 0, 0, 9);
    BOOST_TEST(errorOf([&] { r.rejectUnknownMembers(); }).find("$.unknwon") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(non_objects_are_refused)
{
    rapidjson::Document doc;
    oauth::parseJsonDocument(doc, "[1,2]", "t");
    BOOST_TEST(errorOf([&] { oauth::JsonObjectReader r(doc, "t", "$"); }).find("expected an object, got array") !=
               std::string::npos);
}

// Found with the fuzz targets (docs/reliability.md): RapidJSON parses nested arrays and objects
// recursively, so 200 000 '[' (a 400 kB body, under the runner's 1 MiB limit) overflowed the stack.
BOOST_AUTO_TEST_CASE(deep_nesting_is_a_parse_error_not_a_stack_overflow)
{
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    rapidjson::Document doc;
    oauth::parseJsonBounded(doc, deep);
    BOOST_TEST(doc.HasParseError());
    BOOST_TEST(doc.GetErrorOffset() == oauth::kMaxJsonDepth);
    BOOST_TEST(errorOf([&] { oauth::parseJsonDocument(doc, deep, "deep.json"); })
                   .find("deep.json: line 1, column 257: invalid JSON: arrays and objects nested deeper than 256 levels") !=
               std::string::npos);

    const std::string objects = std::string(100000, '{') + "\"a\":1";
    oauth::parseJsonBounded(doc, objects);
    BOOST_TEST(doc.HasParseError());
}

BOOST_AUTO_TEST_CASE(nesting_up_to_the_limit_and_brackets_in_strings_are_fine)
{
    const std::size_t n = oauth::kMaxJsonDepth;
    rapidjson::Document doc;
    oauth::parseJsonBounded(doc, std::string(n, '[') + std::string(n, ']'));
    BOOST_TEST(!doc.HasParseError());
    const std::string inString = "{\"s\":\"" + std::string(1000, '[') + "\\\"{{{\"}";
    oauth::parseJsonBounded(doc, inString);
    BOOST_TEST(!doc.HasParseError());
    BOOST_TEST(oauth::jsonDepthExceededAt(inString, 1) == std::string::npos);
    BOOST_TEST(oauth::jsonDepthExceededAt("[[1],[[2]]]", 2) == 6u); // the third level opens at offset 6
    BOOST_TEST(oauth::jsonDepthExceededAt("[[1],[[2]]]", 3) == std::string::npos);
}
