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
