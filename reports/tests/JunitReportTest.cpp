#define BOOST_TEST_MODULE JunitReportTest
#include <boost/test/unit_test.hpp>

#include "Fixture.h"

#include "reports/JunitReport.h"

#include <regex>
#include <vector>

using namespace conformance;
using reports::JunitReport;

namespace {

/// A small XML 1.0 well-formedness checker (enough for what the writer emits: declaration,
/// elements, attributes, text, character and the five predefined entity references).
/// Returns "" when well-formed, else what is wrong and where.
std::string wellFormedError(const std::string& xml)
{
    std::vector<std::string> stack;
    std::size_t i = 0;
    bool rootSeen = false;
    auto isNameChar = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
    };
    auto checkText = [&](const std::string& text, std::size_t at) -> std::string {
        for (std::size_t k = 0; k < text.size(); ++k)
        {
            unsigned char c = static_cast<unsigned char>(text[k]);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return "illegal character at " + std::to_string(at + k);
            if (c == '<')
                return "raw '<' at " + std::to_string(at + k);
            if (c == '&')
            {
                auto semi = text.find(';', k);
                if (semi == std::string::npos)
                    return "unterminated entity at " + std::to_string(at + k);
                std::string ref = text.substr(k + 1, semi - k - 1);
                static const std::regex ok(R"(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+)");
                if (!std::regex_match(ref, ok))
                    return "bad entity &" + ref + "; at " + std::to_string(at + k);
            }
        }
        if (text.find("]]>") != std::string::npos)
            return "']]>' in content at " + std::to_string(at);
        return "";
    };
    if (xml.rfind("<?xml ", 0) == 0)
        i = xml.find("?>") + 2;
    while (i < xml.size())
    {
        std::size_t lt = xml.find('<', i);
        std::string text = xml.substr(i, (lt == std::string::npos ? xml.size() : lt) - i);
        if (std::string err = checkText(text, i); !err.empty())
            return err;
        if (stack.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos)
            return "text outside the root element at " + std::to_string(i);
        if (lt == std::string::npos)
            break;
        std::size_t gt = lt + 1;
        char quote = 0;
        while (gt < xml.size() && (quote || xml[gt] != '>'))
        {
            if (quote && xml[gt] == quote)
                quote = 0;
            else if (!quote && (xml[gt] == '"' || xml[gt] == '\''))
                quote = xml[gt];
            else if (quote && xml[gt] == '<')
                return "'<' in an attribute value at " + std::to_string(gt);
            ++gt;
        }
        if (gt >= xml.size())
            return "unterminated tag at " + std::to_string(lt);
        std::string tag = xml.substr(lt + 1, gt - lt - 1);
        if (!tag.empty() && tag[0] == '/')
        {
            std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name)
                return "mismatched </" + name + "> at " + std::to_string(lt);
            stack.pop_back();
        }
        else
        {
            bool selfClosing = !tag.empty() && tag.back() == '/';
            if (selfClosing)
                tag.pop_back();
            std::size_t n = 0;
            while (n < tag.size() && isNameChar(tag[n]))
                ++n;
            if (n == 0)
                return "bad tag name at " + std::to_string(lt);
            std::string name = tag.substr(0, n);
            if (stack.empty() && rootSeen)
                return "second root element at " + std::to_string(lt);
            rootSeen = true;
            // Attributes: name="value" pairs, unique names.
            static const std::regex attrRe(R"(\s+([A-Za-z_:][-A-Za-z0-9_:.]*)=("[^"]*"|'[^']*'))");
            std::string rest = tag.substr(n);
            std::vector<std::string> names;
            auto begin = std::sregex_iterator(rest.begin(), rest.end(), attrRe);
            std::size_t consumed = 0;
            for (auto it = begin; it != std::sregex_iterator(); ++it)
            {
                if (static_cast<std::size_t>(it->position()) != consumed)
                    return "garbage in tag <" + name + "> at " + std::to_string(lt);
                consumed += it->length();
                std::string attrName = (*it)[1];
                for (const auto& seen : names)
                    if (seen == attrName)
                        return "duplicate attribute " + attrName + " at " + std::to_string(lt);
                names.push_back(attrName);
                std::string value = (*it)[2];
                if (std::string err = checkText(value.substr(1, value.size() - 2), lt); !err.empty())
                    return "attribute " + attrName + ": " + err;
            }
            if (rest.substr(consumed).find_first_not_of(" \t\r\n") != std::string::npos)
                return "garbage in tag <" + name + "> at " + std::to_string(lt);
            if (!selfClosing)
                stack.push_back(name);
        }
        i = gt + 1;
    }
    if (!stack.empty())
        return "unclosed <" + stack.back() + ">";
    return rootSeen ? "" : "no root element";
}

int countOf(const std::string& text, const std::string& needle)
{
    int n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
        ++n;
    return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(golden_junit_xml)
{
    fixture::checkGolden("junit.xml", JunitReport::render(fixture::makeRun()));
}

BOOST_AUTO_TEST_CASE(checker_rejects_broken_xml)
{
    BOOST_TEST(wellFormedError("<a><b></a>") != "");
    BOOST_TEST(wellFormedError("<a x=\"<\"/>") != "");
    BOOST_TEST(wellFormedError("<a>&bogus;</a>") != "");
    BOOST_TEST(wellFormedError("<a>x]]>y</a>") != "");
    BOOST_TEST(wellFormedError("<a>\x01</a>") != "");
    BOOST_TEST(wellFormedError("<a x=\"1\" x=\"2\"/>") != "");
    BOOST_TEST(wellFormedError("<a/><b/>") != "");
    BOOST_TEST(wellFormedError("<a x=\"1\">t &amp; &#10;</a>") == "");
}

BOOST_AUTO_TEST_CASE(well_formed_and_escaped)
{
    std::string xml = JunitReport::render(fixture::makeRun());
    BOOST_TEST(wellFormedError(xml) == "");
    BOOST_TEST(xml.find("<script") == std::string::npos);
    BOOST_TEST(xml.find("<img") == std::string::npos);
    BOOST_TEST(xml.find("]]>") == std::string::npos);
    BOOST_TEST(xml.find('\x01') == std::string::npos);
    BOOST_TEST(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(xml.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    BOOST_TEST(xml.find("\xEF\xBF\xBD end") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(escape_strips_illegal_characters)
{
    std::string all;
    for (int c = 0; c < 0x20; ++c)
        all += static_cast<char>(c);
    std::string escaped = JunitReport::escape(all + "\xEF\xBF\xBE" + "\xFF");
    BOOST_TEST(wellFormedError("<a b=\"" + escaped + "\">" + escaped + "</a>") == "");
    BOOST_TEST(escaped.find("&#9;&#10;") != std::string::npos);
    BOOST_TEST(escaped.find("&#13;") != std::string::npos);
    BOOST_TEST(JunitReport::escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&apos;f");
}

BOOST_AUTO_TEST_CASE(suites_per_section_and_counts)
{
    RunResult run = fixture::makeRun();
    std::string xml = JunitReport::render(run);
    // Sections: RFC 6749 §4.1.2, §5.1, §5.2; RFC 7009 §2.1; RFC 7636 §4.6; OAuth 2.1 §4.3.1.
    BOOST_TEST(countOf(xml, "<testsuite ") == 6);
    BOOST_TEST(countOf(xml, "<testcase ") == 7);
    BOOST_TEST(xml.find("<testsuites name=\"oauth-conformance bcp9700\" tests=\"7\" failures=\"2\" errors=\"1\" skipped=\"1\"") !=
               std::string::npos);
    BOOST_TEST(xml.find("<testsuite name=\"RFC 7636 §4.6\" id=\"5\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0.033\"") !=
               std::string::npos);
    BOOST_TEST(xml.find("classname=\"RFC 7636 §4.6\" name=\"rfc7636-4.6/wrong-verifier-rejected\" time=\"0.020\"") !=
               std::string::npos);
    BOOST_TEST(xml.find("<property name=\"requirement\" value=\"RFC6749-5.2\"/>") != std::string::npos);
    BOOST_TEST(xml.find("<property name=\"catalogue\" value=\"PKCE-02\"/>") != std::string::npos);
    BOOST_TEST(xml.find("<failure message=\"status: expected 400, got 200\" type=\"FAIL\">") != std::string::npos);
    BOOST_TEST(xml.find("<error message=\"connection refused\" type=\"ERROR\">") != std::string::npos);
    BOOST_TEST(xml.find("<skipped message=\"the server advertises no revocation_endpoint\"/>") != std::string::npos);
    BOOST_TEST(countOf(xml, "<system-out>") == 2); // the WARN and the INFO
    BOOST_TEST(xml.find("<system-out>WARN: ") != std::string::npos);
    BOOST_TEST(xml.find("type=\"WARN\"") == std::string::npos);
    // Failure details show expected vs actual of the failed checks only.
    BOOST_TEST(xml.find("json.error\n  expected: invalid_grant\n  actual:   (absent)") != std::string::npos);
    BOOST_TEST(xml.find("header.Cache-Control\n") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(strict_mode_fails_warnings)
{
    RunResult run = fixture::makeRun();
    run.strict = true;
    std::string xml = JunitReport::render(run);
    BOOST_TEST(wellFormedError(xml) == "");
    BOOST_TEST(xml.find("<failure message=\"header.Pragma: expected no-cache, got (absent)\" type=\"WARN\">") != std::string::npos);
    BOOST_TEST(xml.find("tests=\"7\" failures=\"3\" errors=\"1\" skipped=\"1\"") != std::string::npos);
    BOOST_TEST(countOf(xml, "<system-out>") == 1);
}

BOOST_AUTO_TEST_CASE(baselined_failures_are_expected)
{
    RunResult run = fixture::makeRun();
    run.cases[1].baselined = true;
    std::string xml = JunitReport::render(run);
    BOOST_TEST(wellFormedError(xml) == "");
    BOOST_TEST(xml.find("<skipped message=\"baselined FAIL: status: expected 400, got 200\" type=\"baselined\">") !=
               std::string::npos);
    BOOST_TEST(xml.find("tests=\"7\" failures=\"1\" errors=\"1\" skipped=\"2\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_run)
{
    RunResult run;
    std::string xml = JunitReport::render(run);
    BOOST_TEST(wellFormedError(xml) == "");
    BOOST_TEST(xml.find("tests=\"0\"") != std::string::npos);
}
