#include "conformance/HtmlForms.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>

namespace conformance {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(const std::string& s)
{
    auto b = s.find_first_not_of(" \t\r\n\f");
    if (b == std::string::npos)
        return "";
    auto e = s.find_last_not_of(" \t\r\n\f");
    return s.substr(b, e - b + 1);
}

/// Whitespace collapsed to single spaces, trimmed (an option's text as its value).
std::string collapseSpace(const std::string& s)
{
    std::string out;
    bool space = false;
    for (char c : s)
    {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f')
            space = true;
        else
        {
            if (space && !out.empty())
                out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

void appendUtf8(std::string& out, std::uint32_t cp)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80)
        out += static_cast<char>(cp);
    else if (cp < 0x800)
    {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    else if (cp < 0x10000)
    {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    else
    {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

const std::map<std::string, std::uint32_t>& namedEntities()
{
    static const std::map<std::string, std::uint32_t> names = {
        {"amp", '&'},     {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
        {"nbsp", 0xA0},   {"copy", 0xA9},    {"reg", 0xAE},     {"hellip", 0x2026}, {"ndash", 0x2013},
        {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
        {"middot", 0xB7}, {"laquo", 0xAB},   {"raquo", 0xBB},   {"euro", 0x20AC},  {"times", 0xD7},
        {"sol", '/'},     {"equals", '='},   {"colon", ':'},    {"num", '#'},      {"quest", '?'},
        {"percnt", '%'},  {"plus", '+'},     {"commat", '@'},   {"semi", ';'},     {"lowbar", '_'}};
    return names;
}

struct Tag
{
    std::string name;                                        ///< lower case
    bool end = false;
    bool selfClosing = false;
    std::vector<std::pair<std::string, std::string>> attrs;  ///< names lower case, values decoded

    std::optional<std::string> attr(const std::string& n) const
    {
        for (const auto& [k, v] : attrs)
            if (k == n)
                return v;
        return std::nullopt;
    }
    std::string attrOr(const std::string& n, const std::string& fallback = "") const
    {
        return attr(n).value_or(fallback);
    }
    bool has(const std::string& n) const { return attr(n).has_value(); }
};

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

/// The HTML tokenizer, as much of it as forms need.
class Tokenizer
{
public:
    explicit Tokenizer(const std::string& html) : _s(html) {}

    /// Next tag from the current position; text between tags is collected in `text`.
    bool next(Tag& tag, std::string& text)
    {
        text.clear();
        while (_i < _s.size())
        {
            if (_s[_i] != '<')
            {
                auto lt = _s.find('<', _i);
                if (lt == std::string::npos)
                    lt = _s.size();
                text.append(_s, _i, lt - _i);
                _i = lt;
                continue;
            }
            // _s[_i] == '<'
            if (_s.compare(_i, 4, "<!--") == 0)
            {
                auto end = _s.find("-->", _i + 4);
                _i = end == std::string::npos ? _s.size() : end + 3;
                continue;
            }
            if (_i + 1 < _s.size() && (_s[_i + 1] == '!' || _s[_i + 1] == '?'))
            {
                auto end = _s.find('>', _i);
                _i = end == std::string::npos ? _s.size() : end + 1;
                continue;
            }
            bool end = _i + 1 < _s.size() && _s[_i + 1] == '/';
            std::size_t nameStart = _i + (end ? 2 : 1);
            if (nameStart >= _s.size() || !std::isalpha(static_cast<unsigned char>(_s[nameStart])))
            {
                text += '<';
                ++_i;
                continue;
            }
            readTag(tag, end, nameStart);
            return true;
        }
        return false;
    }

    /// Raw text up to the closing tag `name` (case-insensitive); the closing tag is consumed.
    std::string rawTextUntil(const std::string& name)
    {
        const std::string needle = "</" + name;
        std::size_t pos = _i;
        while (true)
        {
            auto lt = _s.find("</", pos);
            if (lt == std::string::npos)
            {
                std::string rest = _s.substr(_i);
                _i = _s.size();
                return rest;
            }
            if (lower(_s.substr(lt, needle.size())) == needle)
            {
                std::size_t after = lt + needle.size();
                if (after >= _s.size() || isSpace(_s[after]) || _s[after] == '>' || _s[after] == '/')
                {
                    std::string text = _s.substr(_i, lt - _i);
                    auto gt = _s.find('>', after);
                    _i = gt == std::string::npos ? _s.size() : gt + 1;
                    return text;
                }
            }
            pos = lt + 2;
        }
    }

private:
    void readTag(Tag& tag, bool end, std::size_t nameStart)
    {
        tag = Tag();
        tag.end = end;
        std::size_t i = nameStart;
        while (i < _s.size() && !isSpace(_s[i]) && _s[i] != '>' && _s[i] != '/')
            ++i;
        tag.name = lower(_s.substr(nameStart, i - nameStart));
        while (i < _s.size())
        {
            while (i < _s.size() && (isSpace(_s[i]) || (_s[i] == '/' && (i + 1 >= _s.size() || _s[i + 1] != '>'))))
                ++i;
            if (i >= _s.size())
                break;
            if (_s[i] == '>')
            {
                ++i;
                break;
            }
            if (_s[i] == '/' && i + 1 < _s.size() && _s[i + 1] == '>')
            {
                tag.selfClosing = true;
                i += 2;
                break;
            }
            // attribute name
            std::size_t a = i;
            ++i; // the first character may be anything but space, '/', '>' (even '=')
            while (i < _s.size() && !isSpace(_s[i]) && _s[i] != '>' && _s[i] != '/' && _s[i] != '=')
                ++i;
            std::string attrName = lower(_s.substr(a, i - a));
            std::size_t j = i;
            while (j < _s.size() && isSpace(_s[j]))
                ++j;
            std::string value;
            if (j < _s.size() && _s[j] == '=')
            {
                ++j;
                while (j < _s.size() && isSpace(_s[j]))
                    ++j;
                if (j < _s.size() && (_s[j] == '"' || _s[j] == '\''))
                {
                    char quote = _s[j];
                    auto close = _s.find(quote, j + 1);
                    if (close == std::string::npos)
                        close = _s.size();
                    value = _s.substr(j + 1, close - j - 1);
                    i = close == _s.size() ? close : close + 1;
                }
                else
                {
                    std::size_t v = j;
                    while (j < _s.size() && !isSpace(_s[j]) && _s[j] != '>')
                        ++j;
                    value = _s.substr(v, j - v);
                    i = j;
                }
            }
            bool seen = std::any_of(tag.attrs.begin(), tag.attrs.end(),
                                    [&](const auto& p) { return p.first == attrName; });
            if (!seen) // HTML: the first of a repeated attribute wins
                tag.attrs.emplace_back(attrName, decodeHtmlEntities(value));
        }
        _i = i;
    }

    const std::string& _s;
    std::size_t _i = 0;
};

struct PendingSelect
{
    FormControl control;
    bool multiple = false;
    bool disabled = false;
    std::vector<std::pair<std::string, bool>> options; ///< value, selected
    std::optional<std::string> externalForm;
};

} // namespace

bool HtmlForm::hasControl(const std::string& name) const
{
    return std::any_of(controls.begin(), controls.end(), [&](const FormControl& c) { return c.name == name; });
}

std::vector<FormControl> HtmlForm::submitButtons() const
{
    std::vector<FormControl> out;
    for (const auto& c : controls)
        if ((c.tag == "button" || c.tag == "input") && c.type == "submit")
            out.push_back(c);
    return out;
}

std::string decodeHtmlEntities(const std::string& text)
{
    if (text.find('&') == std::string::npos)
        return text;
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size())
    {
        if (text[i] != '&')
        {
            out += text[i++];
            continue;
        }
        auto semi = text.find(';', i + 1);
        if (semi == std::string::npos || semi - i > 32)
        {
            out += text[i++];
            continue;
        }
        std::string ref = text.substr(i + 1, semi - i - 1);
        bool done = false;
        if (ref.size() >= 2 && ref[0] == '#')
        {
            bool hex = ref[1] == 'x' || ref[1] == 'X';
            std::string digits = ref.substr(hex ? 2 : 1);
            bool ok = !digits.empty() && digits.size() <= 8 &&
                      std::all_of(digits.begin(), digits.end(), [hex](unsigned char c) {
                          return hex ? std::isxdigit(c) != 0 : std::isdigit(c) != 0;
                      });
            if (ok)
            {
                appendUtf8(out, static_cast<std::uint32_t>(std::stoul(digits, nullptr, hex ? 16 : 10)));
                done = true;
            }
        }
        else
        {
            auto it = namedEntities().find(ref);
            if (it != namedEntities().end())
            {
                appendUtf8(out, it->second);
                done = true;
            }
        }
        if (done)
            i = semi + 1;
        else
            out += text[i++];
    }
    return out;
}

std::vector<HtmlForm> parseForms(const std::string& html)
{
    std::vector<HtmlForm> forms;
    try
    {
        Tokenizer tokenizer(html);
        Tag tag;
        std::string text;
        int current = -1; // index of the open form
        std::vector<std::pair<std::string, FormControl>> external; // form="id" controls
        std::optional<PendingSelect> select;
        std::optional<std::size_t> openOption; // index into select->options whose text is pending
        bool optionHasValue = false;
        std::string optionText;

        auto addControl = [&](const FormControl& control, const std::optional<std::string>& formAttr) {
            if (formAttr)
                external.emplace_back(*formAttr, control);
            else if (current >= 0)
                forms[static_cast<std::size_t>(current)].controls.push_back(control);
        };
        auto closeOption = [&]() {
            if (select && openOption && !optionHasValue)
                select->options[*openOption].first = collapseSpace(decodeHtmlEntities(optionText));
            openOption.reset();
            optionText.clear();
        };
        auto closeSelect = [&]() {
            if (!select)
                return;
            closeOption();
            if (!select->disabled && !select->control.name.empty() && !select->options.empty())
            {
                bool any = false;
                for (const auto& [value, selected] : select->options)
                {
                    if (!selected)
                        continue;
                    any = true;
                    FormControl c = select->control;
                    c.value = value;
                    addControl(c, select->externalForm);
                    if (!select->multiple)
                        break;
                }
                if (!any && !select->multiple)
                {
                    FormControl c = select->control;
                    c.value = select->options.front().first;
                    addControl(c, select->externalForm);
                }
            }
            select.reset();
        };

        while (tokenizer.next(tag, text))
        {
            if (openOption)
                optionText += text;
            const std::string& name = tag.name;
            if (!tag.end && (name == "script" || name == "style" || name == "title" || name == "xmp" ||
                             name == "template")) // <noscript> is parsed: this browser runs no scripts
            {
                if (!tag.selfClosing)
                    tokenizer.rawTextUntil(name);
                continue;
            }
            if (name == "form")
            {
                if (tag.end)
                {
                    closeSelect();
                    current = -1;
                }
                else if (current < 0) // a nested <form> is ignored, as browsers do
                {
                    HtmlForm form;
                    std::string method = lower(trim(tag.attrOr("method")));
                    form.method = method == "post" ? "POST" : "GET";
                    form.action = trim(tag.attrOr("action"));
                    form.id = tag.attrOr("id");
                    forms.push_back(form);
                    current = static_cast<int>(forms.size()) - 1;
                }
                continue;
            }
            if (tag.end)
            {
                if (name == "select")
                    closeSelect();
                else if (name == "option" || name == "optgroup")
                    closeOption();
                continue;
            }
            const auto formAttr = tag.attr("form");
            if (name == "input")
            {
                FormControl c;
                c.tag = "input";
                c.type = lower(trim(tag.attrOr("type", "text")));
                if (c.type.empty())
                    c.type = "text";
                c.name = tag.attrOr("name");
                c.id = tag.attrOr("id");
                c.value = tag.attrOr("value");
                if (c.type == "reset" || c.type == "file" || c.type == "image" || c.type == "button" ||
                    tag.has("disabled"))
                    continue;
                if ((c.type == "checkbox" || c.type == "radio") && !tag.has("checked"))
                    continue;
                if ((c.type == "checkbox" || c.type == "radio") && !tag.has("value"))
                    c.value = "on";
                if (c.name.empty() && c.type != "submit")
                    continue;
                addControl(c, formAttr);
            }
            else if (name == "button")
            {
                FormControl c;
                c.tag = "button";
                c.type = lower(trim(tag.attrOr("type", "submit")));
                if (c.type != "reset" && c.type != "button")
                    c.type = "submit";
                c.name = tag.attrOr("name");
                c.id = tag.attrOr("id");
                c.value = tag.attrOr("value");
                if (c.type != "submit" || tag.has("disabled"))
                    continue;
                addControl(c, formAttr);
            }
            else if (name == "textarea")
            {
                FormControl c;
                c.tag = "textarea";
                c.type = "textarea";
                c.name = tag.attrOr("name");
                c.id = tag.attrOr("id");
                std::string body = tag.selfClosing ? "" : tokenizer.rawTextUntil("textarea");
                if (body.compare(0, 2, "\r\n") == 0)
                    body.erase(0, 2);
                else if (!body.empty() && (body[0] == '\n' || body[0] == '\r'))
                    body.erase(0, 1);
                c.value = decodeHtmlEntities(body);
                if (!c.name.empty() && !tag.has("disabled"))
                    addControl(c, formAttr);
            }
            else if (name == "select")
            {
                closeSelect();
                PendingSelect s;
                s.control.tag = "select";
                s.multiple = tag.has("multiple");
                s.control.type = s.multiple ? "select-multiple" : "select-one";
                s.control.name = tag.attrOr("name");
                s.control.id = tag.attrOr("id");
                s.disabled = tag.has("disabled");
                s.externalForm = formAttr;
                select = s;
            }
            else if (name == "option" && select)
            {
                closeOption();
                if (tag.has("disabled"))
                    continue;
                select->options.emplace_back(tag.attrOr("value"), tag.has("selected"));
                openOption = select->options.size() - 1;
                optionHasValue = tag.has("value");
            }
            else if (name == "optgroup")
                closeOption();
        }
        closeSelect();
        for (const auto& [formId, control] : external)
            for (auto& form : forms)
                if (!form.id.empty() && form.id == formId)
                {
                    form.controls.push_back(control);
                    break;
                }
    }
    catch (...)
    {
        // Forgiving by contract: whatever was parsed so far is the answer.
    }
    return forms;
}

std::vector<std::string> parseLinks(const std::string& html)
{
    std::vector<std::string> links;
    try
    {
        Tokenizer tokenizer(html);
        Tag tag;
        std::string text;
        while (tokenizer.next(tag, text))
        {
            if (!tag.end && (tag.name == "script" || tag.name == "style" || tag.name == "template"))
            {
                if (!tag.selfClosing)
                    tokenizer.rawTextUntil(tag.name);
                continue;
            }
            if (!tag.end && tag.name == "a" && tag.has("href"))
                links.push_back(trim(tag.attrOr("href")));
        }
    }
    catch (...)
    {
        // Forgiving by contract, as parseForms.
    }
    return links;
}

} // namespace conformance
