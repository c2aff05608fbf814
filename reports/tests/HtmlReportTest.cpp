#define BOOST_TEST_MODULE HtmlReportTest
#include <boost/test/unit_test.hpp>

#include "Fixture.h"

#include "reports/HtmlReport.h"

#include "oauth/Crypto.h"
#include "oauth/Encoding.h"

#include <regex>
#include <set>
#include <vector>

using namespace conformance;
using reports::HtmlReport;

namespace {

struct Tag
{
    std::string name;
    std::string raw;   ///< everything between < and >
};

/// Every tag of the page (quoted attribute values may contain '>').
std::vector<Tag> tags(const std::string& html)
{
    std::vector<Tag> out;
    std::size_t i = 0;
    bool inScript = false, inStyle = false;
    while ((i = html.find('<', i)) != std::string::npos)
    {
        if (inScript && html.compare(i, 9, "</script>") != 0) { ++i; continue; }
        if (inStyle && html.compare(i, 8, "</style>") != 0) { ++i; continue; }
        std::size_t j = i + 1;
        char quote = 0;
        while (j < html.size() && (quote || html[j] != '>'))
        {
            if (quote && html[j] == quote) quote = 0;
            else if (!quote && (html[j] == '"' || html[j] == '\'')) quote = html[j];
            ++j;
        }
        Tag t;
        t.raw = html.substr(i + 1, j - i - 1);
        std::size_t n = t.raw[0] == '/' ? 1 : 0;
        std::size_t e = n;
        while (e < t.raw.size() && (std::isalnum(static_cast<unsigned char>(t.raw[e])) || t.raw[e] == '!'))
            ++e;
        t.name = t.raw.substr(n, e - n);
        if (t.raw[0] != '/')
        {
            inScript = t.name == "script";
            inStyle = t.name == "style";
        }
        else
            inScript = inStyle = false;
        out.push_back(t);
        i = j;
    }
    return out;
}

int countOf(const std::string& text, const std::string& needle)
{
    int n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
        ++n;
    return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(golden_report_html)
{
    fixture::checkGolden("report.html", HtmlReport::render(fixture::makeRun()));
}

BOOST_AUTO_TEST_CASE(no_hostile_markup_survives)
{
    std::string html = HtmlReport::render(fixture::makeRun());
    BOOST_TEST(html.find("<script>alert") == std::string::npos);
    BOOST_TEST(html.find("<img") == std::string::npos);
    BOOST_TEST(html.find('\x01') == std::string::npos);
    // "onerror=" only ever appears inside escaped text.
    for (auto pos = html.find("onerror="); pos != std::string::npos; pos = html.find("onerror=", pos + 1))
        BOOST_TEST(html.compare(pos - 14, 14, "&lt;img src=x ") == 0, html.substr(pos - 20, 40));
    BOOST_TEST(countOf(html, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 5);
    BOOST_TEST(html.find("X-Evil: &lt;script&gt;") != std::string::npos);

    static const std::set<std::string> allowed{
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "div", "h1", "h2", "h4", "h5",
        "dl", "dt", "dd", "span", "main", "section", "svg", "text", "rect", "table", "thead", "tbody", "tr", "th",
        "td", "b", "details", "summary", "code", "p", "a", "pre", "fieldset", "legend", "label", "input", "button",
        "ul", "li", "footer", "script"};
    int scripts = 0;
    for (const auto& t : tags(html))
    {
        BOOST_TEST(allowed.count(t.name) == 1u, "unexpected tag <" << t.raw << ">");
        static const std::regex handler(R"(\son[a-z]+\s*=)", std::regex::icase);
        BOOST_TEST(!std::regex_search(t.raw, handler), "event handler in <" << t.raw << ">");
        BOOST_TEST(t.raw.find(" style=") == std::string::npos, t.raw);
        BOOST_TEST(t.raw.find(" src=") == std::string::npos, t.raw);
        if (t.name == "script" && t.raw[0] != '/')
            ++scripts;
        if (t.name == "a" && t.raw[0] != '/')
        {
            static const std::regex link(R"(a href="https://(www\.rfc-editor\.org/rfc/|datatracker\.ietf\.org/doc/html/)[A-Za-z0-9:/._#-]+" rel="noreferrer")");
            BOOST_TEST(std::regex_match(t.raw, link), t.raw);
        }
    }
    BOOST_TEST(scripts == 1);
}

BOOST_AUTO_TEST_CASE(self_contained_with_csp_hash)
{
    std::string html = HtmlReport::render(fixture::makeRun());
    BOOST_TEST(html.find("<link") == std::string::npos);
    BOOST_TEST(html.find("url(") == std::string::npos);
    BOOST_TEST(html.find("@import") == std::string::npos);
    BOOST_TEST(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace name
    BOOST_TEST(countOf(html, "http://") == 1);

    auto open = html.find("<script>");
    auto close = html.find("</script>");
    BOOST_REQUIRE(open != std::string::npos && close != std::string::npos);
    std::string script = html.substr(open + 8, close - open - 8);
    std::string hash = "'sha256-" + oauth::base64Encode(oauth::sha256(script)) + "'";
    BOOST_TEST(hash == HtmlReport::scriptHashSource());
    BOOST_TEST(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src " + hash +
                         "; img-src data:; base-uri 'none'; form-action 'none'\"") != std::string::npos);
    BOOST_TEST(script.find("innerHTML") == std::string::npos);
    BOOST_TEST(!std::regex_search(script, std::regex(R"(\beval\s*\(|new Function|document\.write)")));
}

BOOST_AUTO_TEST_CASE(structure_groups_filters_and_details)
{
    std::string html = HtmlReport::render(fixture::makeRun());
    BOOST_TEST(countOf(html, "<details class=\"case ") == 7);
    BOOST_TEST(countOf(html, "<details class=\"group spec\" open>") == 4);   // OAuth 2.1, RFC 6749, RFC 7009, RFC 7636
    BOOST_TEST(countOf(html, "<details class=\"group section\" open>") == 6);
    BOOST_TEST(countOf(html, "data-filter=\"outcome\"") == 6);
    BOOST_TEST(countOf(html, "data-filter=\"level\"") == 5);
    BOOST_TEST(html.find("id=\"search\"") != std::string::npos);
    BOOST_TEST(html.find("<div class=\"toolbar\" id=\"toolbar\" hidden>") != std::string::npos);  // shown by JS only
    // Spec order is natural: RFC 6749 before RFC 7009 before RFC 7636.
    BOOST_TEST(html.find("<summary>RFC 6749<") < html.find("<summary>RFC 7009<"));
    BOOST_TEST(html.find("<summary>RFC 7009<") < html.find("<summary>RFC 7636<"));
    BOOST_TEST(html.find("<summary>RFC 6749 §4.1.2<") < html.find("<summary>RFC 6749 §5.1<"));
    // Requirement link with its label, checks table, exchanges.
    BOOST_TEST(html.find("<a href=\"https://www.rfc-editor.org/rfc/rfc7636#section-4.6\" rel=\"noreferrer\">RFC 7636 §4.6</a>") !=
               std::string::npos);
    BOOST_TEST(html.find("<a href=\"https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1-15#section-4.3.1\"") !=
               std::string::npos);
    BOOST_TEST(html.find("<td>invalid_grant</td><td>(absent)<span class=\"detail\">the member is missing</span>") !=
               std::string::npos);
    BOOST_TEST(html.find("Transport error: connection refused") != std::string::npos);
    BOOST_TEST(html.find("Authorization: [redacted]") != std::string::npos);
    BOOST_TEST(html.find("&quot;token_type&quot;: &quot;Bearer&quot;") != std::string::npos);  // re-indented JSON
    BOOST_TEST(html.find("Body truncated by the recorder.") != std::string::npos);
    BOOST_TEST(html.find("Stale baseline entries") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(quirk_matrix_section)
{
    std::string html = HtmlReport::render(fixture::makeRun());
    auto start = html.find("<section id=\"quirk-matrix\"><h2>Quirk matrix</h2>");
    BOOST_REQUIRE(start != std::string::npos);
    std::string section = html.substr(start, html.find("</section>", start) - start);
    BOOST_TEST(section.find("4 cases: 1 proven, 2 not proven, 1 without a quirk") != std::string::npos);
    BOOST_TEST(countOf(section, "<tr data-verdict=") == 4);
    BOOST_TEST(countOf(section, "<span class=\"verdict v-proven\">proven</span>") == 1);
    BOOST_TEST(countOf(section, "<span class=\"verdict v-not-proven\">not proven</span>") == 2);
    BOOST_TEST(countOf(section, "<span class=\"verdict v-no-quirk\">no quirk declared</span>") == 1);
    BOOST_TEST(section.find("<code>accept-wrong-verifier</code> → <span class=\"badge o-FAIL\">FAIL</span>") != std::string::npos);
    BOOST_TEST(section.find("<span class=\"qcell spoils\"><code>no-pragma</code>") != std::string::npos);
    BOOST_TEST(section.find("<span class=\"detail\">no-pragma: PASS — all 1 checks passed</span>") != std::string::npos);
    BOOST_TEST(countOf(section, "<tr class=\"why\">") == 2);
    // The hostile quirk name and reason are escaped element content.
    BOOST_TEST(section.find("<code>quirk-&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(section.find("ERROR — &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img") != std::string::npos);
    BOOST_TEST(section.find("title=") == std::string::npos);
    BOOST_TEST(html.find("<section id=\"summary\">") < start);
    BOOST_TEST(start < html.find("<section id=\"cases\">"));

    RunResult plain = fixture::makeRun();
    plain.quirkMatrix.clear();
    BOOST_TEST(HtmlReport::render(plain).find("Quirk matrix") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_requirement_forms_are_not_linked)
{
    RunResult run = fixture::makeRun();
    run.cases[0].requirements = {"javascript:alert(1)", "\"><b>x</b>"};
    std::string html = HtmlReport::render(run);
    BOOST_TEST(html.find("href=\"javascript") == std::string::npos);
    BOOST_TEST(html.find("<b>x</b>") == std::string::npos);
    BOOST_TEST(html.find("&quot;&gt;&lt;b&gt;x&lt;/b&gt;") != std::string::npos);
}
