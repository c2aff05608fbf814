#define BOOST_TEST_MODULE FormDataTest
#include <boost/test/unit_test.hpp>

#include "oauth/FormData.h"

using namespace oauth;

BOOST_AUTO_TEST_CASE(parses_pairs_in_order)
{
    const FormData form = FormData::parse("grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fc%2Fcb");
    BOOST_TEST(form.pairs().size() == 3u);
    BOOST_TEST(form.pairs()[0].first == "grant_type");
    BOOST_TEST(form.pairs()[2].first == "redirect_uri");
    BOOST_TEST(form.get("redirect_uri").value() == "https://c/cb");
    BOOST_TEST(form.repeatedNames().empty());
    BOOST_TEST(FormData::parse("").empty());
}

BOOST_AUTO_TEST_CASE(repeated_parameters_are_kept_and_reported)
{
    const FormData form = FormData::parse("scope=a&code=1&scope=b&code=2&code=3&state=x");
    BOOST_TEST(form.count("scope") == 2u);
    BOOST_TEST(form.count("code") == 3u);
    BOOST_TEST(form.count("state") == 1u);
    BOOST_TEST(form.count("missing") == 0u);
    BOOST_TEST(form.get("code").value() == "1"); // first occurrence
    const std::vector<std::string> expected{"scope", "code"};
    BOOST_TEST(form.repeatedNames() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(get_and_get_non_empty)
{
    const FormData form = FormData::parse("a=1&empty=&bare&plus=a+b");
    BOOST_TEST(form.get("a").value() == "1");
    BOOST_TEST(form.get("empty").value() == "");
    BOOST_TEST(!form.getNonEmpty("empty").has_value());
    BOOST_TEST(form.has("empty"));
    BOOST_TEST(form.get("bare").value() == ""); // name without '='
    BOOST_TEST(!form.getNonEmpty("bare").has_value());
    BOOST_TEST(form.getNonEmpty("plus").value() == "a b");
    BOOST_TEST(!form.get("missing").has_value());
    BOOST_TEST(!form.has("missing"));
    BOOST_TEST(!form.has("A")); // names are case-sensitive
}

BOOST_AUTO_TEST_CASE(empty_segments_are_skipped)
{
    const FormData form = FormData::parse("&a=1&&b=2&");
    BOOST_TEST(form.pairs().size() == 2u);
    BOOST_TEST(form.get("a").value() == "1");
    BOOST_TEST(form.get("b").value() == "2");
}

BOOST_AUTO_TEST_CASE(value_may_contain_equals_sign)
{
    const FormData form = FormData::parse("code_challenge=abc==&x==");
    BOOST_TEST(form.get("code_challenge").value() == "abc==");
    BOOST_TEST(form.get("x").value() == "=");
}

BOOST_AUTO_TEST_CASE(malformed_escape_throws_naming_parameter)
{
    try
    {
        FormData::parse("client_id=abc&redirect_uri=https%3A%2F%2Fc%zz&state=1");
        BOOST_FAIL("expected FormDecodeError");
    }
    catch (const FormDecodeError& e)
    {
        BOOST_TEST(std::string(e.what()).find("redirect_uri") != std::string::npos, e.what());
    }
    try
    {
        FormData::parse("a=1&bad%4=2");
        BOOST_FAIL("expected FormDecodeError");
    }
    catch (const FormDecodeError& e)
    {
        BOOST_TEST(std::string(e.what()).find("bad%4") != std::string::npos, e.what());
    }
    BOOST_CHECK_THROW(FormData::parse("x=%"), FormDecodeError);
    BOOST_CHECK_THROW(FormData::parse("x=ok&y=%4"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(add_set_remove)
{
    FormData form;
    form.add("a", "1");
    form.add("b", "2");
    form.add("a", "3");
    BOOST_TEST(form.count("a") == 2u);
    form.set("a", "9");
    BOOST_TEST(form.count("a") == 1u);
    BOOST_TEST(form.encode() == "a=9&b=2"); // set keeps the first position
    form.set("c", "new");
    BOOST_TEST(form.encode() == "a=9&b=2&c=new");
    form.remove("b");
    BOOST_TEST(form.encode() == "a=9&c=new");
    form.remove("a");
    form.remove("c");
    BOOST_TEST(form.empty());
}

BOOST_AUTO_TEST_CASE(encode_round_trip)
{
    FormData form;
    form.add("redirect_uri", "https://client.example/cb?x=1&y=2");
    form.add("scope", "read:buildings write:addresses");
    form.add("state", "100% caf\xc3\xa9+");
    form.add("state", "");
    const std::string encoded = form.encode();
    BOOST_TEST(encoded ==
               "redirect_uri=https%3A%2F%2Fclient.example%2Fcb%3Fx%3D1%26y%3D2&scope=read%3Abuildings+write%3Aaddresses"
               "&state=100%25+caf%C3%A9%2B&state=");
    const FormData back = FormData::parse(encoded);
    BOOST_TEST(back.pairs() == form.pairs());
}

// Found with the fuzz targets (docs/reliability.md): repeatedNames() counted each pair's name over
// all pairs, so a 64 KiB body of "a&a&…" held a mock server thread for seconds (quadratic). With
// 262 144 pairs the old code would run for many minutes, past this test's ctest timeout.
BOOST_AUTO_TEST_CASE(repeated_names_of_a_huge_form_in_linear_time)
{
    std::string body;
    for (int i = 0; i < (1 << 17); ++i)
        body += "a&n" + std::to_string(i) + "&";
    body += "b=1&c&b=2";
    const oauth::FormData form = oauth::FormData::parse(body);
    BOOST_TEST(form.pairs().size() == (1u << 18) + 3);
    const std::vector<std::string> expected{"a", "b"};
    BOOST_TEST(form.repeatedNames() == expected, boost::test_tools::per_element());
}
