#define BOOST_TEST_MODULE HtmlFormsTest
#include <boost/test/unit_test.hpp>

#include "conformance/HtmlForms.h"
#include "conformance/HttpClient.h"

#include "MockTestSupport.h"

#include <oauth/Pkce.h>

using conformance::decodeHtmlEntities;
using conformance::FormControl;
using conformance::HtmlForm;
using conformance::parseForms;
using conformance::parseLinks;

namespace {

const FormControl* control(const HtmlForm& form, const std::string& name)
{
    for (const auto& c : form.controls)
        if (c.name == name)
            return &c;
    return nullptr;
}

std::string valueOf(const HtmlForm& form, const std::string& name)
{
    const FormControl* c = control(form, name);
    return c ? c->value : "<absent>";
}

} // namespace

BOOST_AUTO_TEST_CASE(the_mock_login_page)
{
    mocktest::TestServer& mock = mocktest::TestServer::shared();
    mock.reset();
    oauth::FormData request = mock.codeRequest("public-app", oauth::generatePkcePair(), "", "read:buildings", "st-9");
    request.add("login_hint", "bob");
    conformance::HttpClient client;
    conformance::HttpExchange ex = client.send({"GET", mock.issuer() + "/authorize?" + request.encode(), {}, ""});
    BOOST_REQUIRE_EQUAL(ex.status, 200);

    auto forms = parseForms(ex.responseBody);
    BOOST_REQUIRE_EQUAL(forms.size(), 1u);
    const HtmlForm& form = forms.front();
    BOOST_TEST(form.method == "POST");
    BOOST_TEST(form.action == "login");
    BOOST_TEST(form.id == "login");
    BOOST_TEST(form.hasControl("transaction"));
    BOOST_TEST(form.hasControl("username"));
    BOOST_TEST(form.hasControl("password"));
    BOOST_TEST(!form.hasControl("users")); // a datalist's options are not controls
    BOOST_TEST(!valueOf(form, "transaction").empty());
    BOOST_TEST(control(form, "transaction")->type == "hidden");
    BOOST_TEST(valueOf(form, "username") == "bob");
    BOOST_TEST(control(form, "password")->type == "password");
    auto buttons = form.submitButtons();
    BOOST_REQUIRE_EQUAL(buttons.size(), 2u);
    BOOST_TEST(buttons[0].name == "decision");
    BOOST_TEST(buttons[0].value == "approve");
    BOOST_TEST(buttons[0].id == "approve");
    BOOST_TEST(buttons[1].value == "deny");
    BOOST_TEST(buttons[1].tag == "button");
}

BOOST_AUTO_TEST_CASE(entities)
{
    BOOST_TEST(decodeHtmlEntities("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &apos;") == "a & b <c> \"d\" 'e' '");
    BOOST_TEST(decodeHtmlEntities("&#65;&#x42;&#X43;") == "ABC");
    BOOST_TEST(decodeHtmlEntities("&#233;&nbsp;&euro;") == "\xC3\xA9\xC2\xA0\xE2\x82\xAC");
    BOOST_TEST(decodeHtmlEntities("?a=1&b=2&unknown;&") == "?a=1&b=2&unknown;&"); // not references: kept
    BOOST_TEST(decodeHtmlEntities("&#xD800;&#0;&#x110000;") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    BOOST_TEST(decodeHtmlEntities("&#;&#x;&amp") == "&#;&#x;&amp");

    auto forms = parseForms(R"(<form action="/cb?a=1&amp;b=2"><input name="q&amp;r" value="&lt;x&gt; &#x263A;"></form>)");
    BOOST_REQUIRE_EQUAL(forms.size(), 1u);
    BOOST_TEST(forms[0].action == "/cb?a=1&b=2");
    BOOST_TEST(valueOf(forms[0], "q&r") == "<x> \xE2\x98\xBA");
}

BOOST_AUTO_TEST_CASE(quoting_case_and_self_closing)
{
    const std::string html = "<FORM METHOD=post Action=/login ID=f1>"
                             "<INPUT TYPE=hidden NAME=t VALUE=abc/>"
                             "<input type='text' name='u' value='it\"s'>"
                             "<input name=\"p\" type=\"PASSWORD\" value=\"a'b\" />"
                             "<input name=plain>"
                             "<Button Name=go Value=yes>Go</Button>"
                             "</FORM>";
    auto forms = parseForms(html);
    BOOST_REQUIRE_EQUAL(forms.size(), 1u);
    const HtmlForm& f = forms[0];
    BOOST_TEST(f.method == "POST");
    BOOST_TEST(f.action == "/login");
    BOOST_TEST(f.id == "f1");
    BOOST_REQUIRE_EQUAL(f.controls.size(), 5u);
    BOOST_TEST(valueOf(f, "t") == "abc/"); // an unquoted value takes the slash, as in browsers
    BOOST_TEST(valueOf(f, "u") == "it\"s");
    BOOST_TEST(valueOf(f, "p") == "a'b");
    BOOST_TEST(control(f, "p")->type == "password");
    BOOST_TEST(control(f, "plain")->type == "text");
    BOOST_TEST(valueOf(f, "plain") == "");
    BOOST_TEST(control(f, "go")->type == "submit");
    BOOST_TEST(f.submitButtons().size() == 1u);
}

BOOST_AUTO_TEST_CASE(multiple_forms_and_defaults)
{
    const std::string html = R"(<html><body>
        <form id="search"><input name="q"><input type="submit" value="Search"></form>
        <p>text < with a stray bracket</p>
        <form method="dialog" action=""><input name="x" value="1"></form>
        <form method="POST" action="/consent">
          <input type="hidden" name="tx" value="T1">
          <button name="decision" value="approve">Allow</button>
          <button name="decision" value="deny" type="submit">Deny</button>
          <button type="button" name="cancel" value="c">Cancel</button>
          <button type="reset" name="r">Reset</button>
        </form></body></html>)";
    auto forms = parseForms(html);
    BOOST_REQUIRE_EQUAL(forms.size(), 3u);
    BOOST_TEST(forms[0].id == "search");
    BOOST_TEST(forms[0].method == "GET");
    BOOST_TEST(forms[0].action == "");
    BOOST_TEST(forms[0].submitButtons().size() == 1u); // unnamed, still a submitter
    BOOST_TEST(forms[1].method == "GET");
    BOOST_TEST(valueOf(forms[1], "x") == "1");
    BOOST_TEST(forms[2].method == "POST");
    BOOST_TEST(forms[2].action == "/consent");
    auto buttons = forms[2].submitButtons();
    BOOST_REQUIRE_EQUAL(buttons.size(), 2u);
    BOOST_TEST(buttons[0].value == "approve");
    BOOST_TEST(buttons[1].value == "deny");
    BOOST_TEST(!forms[2].hasControl("cancel"));
    BOOST_TEST(!forms[2].hasControl("r"));
}

BOOST_AUTO_TEST_CASE(inputs_that_do_not_submit)
{
    const std::string html = R"(<form>
        <input type="checkbox" name="remember"><input type="checkbox" name="terms" checked>
        <input type="checkbox" name="opt" value="yes" checked="checked">
        <input type="radio" name="r" value="a"><input type="radio" name="r" value="b" checked>
        <input type="reset" name="reset"><input type="file" name="f"><input type="image" name="img" src="x.png">
        <input name="off" value="1" disabled><input value="no name">
        </form>)";
    auto forms = parseForms(html);
    BOOST_REQUIRE_EQUAL(forms.size(), 1u);
    const HtmlForm& f = forms[0];
    BOOST_TEST(!f.hasControl("remember"));
    BOOST_TEST(valueOf(f, "terms") == "on");
    BOOST_TEST(valueOf(f, "opt") == "yes");
    BOOST_TEST(valueOf(f, "r") == "b");
    for (std::string absent : {"reset", "f", "img", "off"})
        BOOST_TEST(!f.hasControl(absent), absent);
    BOOST_TEST(f.controls.size() == 3u);
}

BOOST_AUTO_TEST_CASE(selects_and_textareas)
{
    const std::string html = R"(<form>
        <select name="tenant"><option value="a">A</option><option value="b" selected>B</option></select>
        <select name="first"><option>  One
             &amp; only </option><option>Two</option></select>
        <select name="multi" multiple><option value="1" selected><option value="2"><option value="3" selected></select>
        <select name="none"></select>
        <select name="grouped"><optgroup label="g"><option value="x" disabled>X<option value="y">Y</optgroup></select>
        <textarea name="note">
line &lt;1&gt;
<b>not a tag</b></textarea>
        <input name="after" value="ok">
        </form>)";
    auto forms = parseForms(html);
    BOOST_REQUIRE_EQUAL(forms.size(), 1u);
    const HtmlForm& f = forms[0];
    BOOST_TEST(valueOf(f, "tenant") == "b");
    BOOST_TEST(control(f, "tenant")->tag == "select");
    BOOST_TEST(valueOf(f, "first") == "One & only");
    std::vector<std::string> multi;
    for (const auto& c : f.controls)
        if (c.name == "multi")
            multi.push_back(c.value);
    BOOST_TEST(multi == (std::vector<std::string>{"1", "3"}), boost::test_tools::per_element());
    BOOST_TEST(!f.hasControl("none"));
    BOOST_TEST(valueOf(f, "grouped") == "y");
    BOOST_TEST(valueOf(f, "note") == "line <1>\n<b>not a tag</b>");
    BOOST_TEST(control(f, "note")->tag == "textarea");
    BOOST_TEST(valueOf(f, "after") == "ok");
}

BOOST_AUTO_TEST_CASE(comments_scripts_and_styles_are_skipped)
{
    const std::string html = R"(<!DOCTYPE html><html><head>
        <style>form { x: "<form>" } </style>
        <script>document.write('<form action="/evil"><input name="evil"></form>'); if (a < b && c > d) {}</script>
        <SCRIPT type="text/template"><form><input name="tpl"></form></SCRIPT >
        </head><body>
        <!-- <form action="/commented"><input name="hidden-in-comment"></form> -->
        <form action="/real"><input name="real" value="1"><!-- <input name="nope"> --></form>
        <noscript><form action="/noscript"><input name="ns"></form></noscript>
        </body></html>)";
    auto forms = parseForms(html);
    BOOST_REQUIRE_EQUAL(forms.size(), 2u);
    BOOST_TEST(forms[0].action == "/real");
    BOOST_REQUIRE_EQUAL(forms[0].controls.size(), 1u);
    BOOST_TEST(forms[0].controls[0].name == "real");
    BOOST_TEST(forms[1].action == "/noscript"); // this browser runs no scripts
}

BOOST_AUTO_TEST_CASE(form_attribute_and_nested_forms)
{
    const std::string html = R"(<form id="outer" action="/o"><input name="a" value="1">
        <form action="/inner"><input name="b" value="2"></form>
        <input name="c" value="3">
        <form id="second" action="/s"></form>
        <button form="second" name="go" value="now">Go</button>)";
    auto forms = parseForms(html);
    BOOST_REQUIRE_EQUAL(forms.size(), 2u);
    BOOST_TEST(forms[0].action == "/o");
    BOOST_TEST(forms[0].hasControl("a"));
    BOOST_TEST(forms[0].hasControl("b")); // the nested <form> tag is ignored, its </form> closes the outer
    BOOST_TEST(!forms[0].hasControl("c"));
    BOOST_TEST(forms[1].id == "second");
    BOOST_TEST(valueOf(forms[1], "go") == "now");
}

BOOST_AUTO_TEST_CASE(broken_html_never_throws)
{
    const std::vector<std::string> pages = {
        "",
        "<",
        "<form",
        "<form action=\"unterminated",
        "<form><input name='x' value='never closed",
        "<form><select name=s><option value=1>one",
        "<form><textarea name=t>never closed",
        "<!-- never closed <form><input name=x>",
        "<script>never closed <form>",
        "</form></form><input name=orphan><form><input name=kept></form>",
        "<form><input name=a value=1 value=2 name=b></form>",
        "<<<>>><form =x ==y><input / name / = / >",
        std::string("<form>\0<input name=z>\0</form>", 29),
        std::string(100000, '<'),
    };
    for (const auto& page : pages)
    {
        std::vector<HtmlForm> forms;
        BOOST_CHECK_NO_THROW(forms = parseForms(page));
    }
    auto unterminated = parseForms("<form><input name='x' value='1'><input name=y value=2");
    BOOST_REQUIRE_EQUAL(unterminated.size(), 1u);
    BOOST_TEST(valueOf(unterminated[0], "x") == "1");
    BOOST_TEST(valueOf(unterminated[0], "y") == "2");

    auto select = parseForms("<form><select name=s><option value=1>one");
    BOOST_REQUIRE_EQUAL(select.size(), 1u);
    BOOST_TEST(valueOf(select[0], "s") == "1");

    auto orphan = parseForms("</form><input name=orphan><form><input name=kept></form>");
    BOOST_REQUIRE_EQUAL(orphan.size(), 1u);
    BOOST_TEST(!orphan[0].hasControl("orphan"));
    BOOST_TEST(orphan[0].hasControl("kept"));

    auto repeated = parseForms("<form><input name=a value=1 value=2 name=b></form>");
    BOOST_REQUIRE_EQUAL(repeated.size(), 1u);
    BOOST_TEST(valueOf(repeated[0], "a") == "1"); // the first of a repeated attribute wins
}

BOOST_AUTO_TEST_CASE(links_in_document_order)
{
    const std::string html = "<p><a href='/interaction/u1/abort'>[ Cancel ]</a> <A HREF=\"/x?a=1&amp;b=2\">x</a>"
                             "<a name=anchor>no href</a><script>var s = '<a href=/in-script>';</script>"
                             "<!-- <a href=/in-comment> --><a href = /unquoted >u</a>";
    const std::vector<std::string> links = parseLinks(html);
    BOOST_REQUIRE_EQUAL(links.size(), 3u);
    BOOST_TEST(links[0] == "/interaction/u1/abort");
    BOOST_TEST(links[1] == "/x?a=1&b=2");
    BOOST_TEST(links[2] == "/unquoted");
    BOOST_CHECK_NO_THROW(parseLinks("<a href='never closed"));
    BOOST_TEST(parseLinks(std::string(100000, '<')).empty());
}
