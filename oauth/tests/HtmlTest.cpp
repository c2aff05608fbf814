#define BOOST_TEST_MODULE HtmlTest
#include <boost/test/unit_test.hpp>

#include <oauth/Html.h>

BOOST_AUTO_TEST_CASE(markup_characters_become_entities)
{
    BOOST_TEST(oauth::htmlEscape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    BOOST_TEST(oauth::htmlEscape("a & \"b\"") == "a &amp; &quot;b&quot;");
    BOOST_TEST(oauth::htmlEscape("plain text") == "plain text");
}

BOOST_AUTO_TEST_CASE(control_characters_are_replaced_utf8_kept)
{
    BOOST_TEST(oauth::htmlEscape(std::string("a\0b", 3)) == "a\xEF\xBF\xBD" "b");
    BOOST_TEST(oauth::htmlEscape("tab\tline\n") == "tab\tline\n");
    BOOST_TEST(oauth::htmlEscape("caf\xC3\xA9") == "caf\xC3\xA9");
}
