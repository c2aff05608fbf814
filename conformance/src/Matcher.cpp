#include "conformance/Matcher.h"

#include <oauth/WwwAuthenticate.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <regex>

namespace conformance {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string render(const rapidjson::Value& v, const Substitute& sub)
{
    if (v.IsString())
        return "\"" + sub(v.GetString()) + "\"";
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    v.Accept(w);
    return std::string(buffer.GetString(), buffer.GetSize());
}

bool equalsLiteral(const ObservedValue& o, const rapidjson::Value& lit, const Substitute& sub, bool ci)
{
    if (lit.IsString())
    {
        std::string want = sub(lit.GetString());
        if (o.type == ObservedValue::Type::String)
            return ci ? lower(o.text) == lower(want) : o.text == want;
        if (o.type == ObservedValue::Type::Integer)
            return o.text == want; // "400" matches status 400
        return false;
    }
    if (lit.IsBool())
        return o.type == ObservedValue::Type::Bool && o.boolean == lit.GetBool();
    if (lit.IsInt64())
        return (o.type == ObservedValue::Type::Integer && o.integer == lit.GetInt64()) ||
               (o.type == ObservedValue::Type::String && o.text == std::to_string(lit.GetInt64()));
    if (lit.IsNumber())
        return (o.type == ObservedValue::Type::Number || o.type == ObservedValue::Type::Integer) && o.number == lit.GetDouble();
    if (lit.IsNull())
        return o.type == ObservedValue::Type::Null;
    return false;
}

double numberOf(const ObservedValue& o, bool& ok)
{
    ok = o.type == ObservedValue::Type::Integer || o.type == ObservedValue::Type::Number;
    return o.number;
}

MatchResult oneOf(const ObservedValue& o, const rapidjson::Value& list, const Substitute& sub, bool ci)
{
    MatchResult r;
    std::string items;
    for (const auto& item : list.GetArray())
    {
        items += (items.empty() ? "" : ", ") + render(item, sub);
        r.matched = r.matched || equalsLiteral(o, item, sub, ci);
    }
    r.expected = "one of [" + items + "]";
    return r;
}

/// A std::regex_error with a message of its own (what() of the standard one is fixed per code).
class RegexLimitError : public std::regex_error
{
public:
    RegexLimitError(std::regex_constants::error_type code, std::string message)
        : std::regex_error(code), _message(std::move(message))
    {
    }
    const char* what() const noexcept override { return _message.c_str(); }

private:
    std::string _message;
};

/// The largest repetition count a pattern may give ({n}, {n,m}): more only builds a huge automaton.
constexpr unsigned long kMaxRepetition = 1000;

/// Refuses the numbers libstdc++ reads into a `long` without an overflow check (found by fuzzing,
/// docs/reliability.md): repetition counts and back-reference numbers. Characters after a backslash
/// and inside [...] are skipped as the regex grammar does.
void checkRegexNumbers(const std::string& pattern)
{
    auto digitsAt = [&](std::size_t i) {
        std::size_t end = i;
        while (end < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[end])))
            ++end;
        return pattern.substr(i, end - i);
    };
    bool inClass = false;
    for (std::size_t i = 0; i < pattern.size(); ++i)
    {
        char c = pattern[i];
        if (c == '\\')
        {
            std::string number = digitsAt(i + 1);
            if (!inClass && !number.empty() && number.size() > 3)
                throw RegexLimitError(std::regex_constants::error_backref, "back-reference \\" + number + " is out of range");
            ++i; // the escaped character
        }
        else if (inClass)
            inClass = c != ']';
        else if (c == '[')
        {
            inClass = true;
            if (i + 1 < pattern.size() && pattern[i + 1] == ']') // a leading ] is a member
                ++i;
        }
        else if (c == '{')
        {
            for (std::size_t j = i + 1;; ++j)
            {
                std::string number = digitsAt(j);
                if (number.empty())
                    break;
                if (number.size() > 4 || std::stoul(number) > kMaxRepetition)
                    throw RegexLimitError(std::regex_constants::error_badbrace,
                                          "repetition count " + number.substr(0, 24) + (number.size() > 24 ? "…" : "") +
                                              " is larger than " + std::to_string(kMaxRepetition));
                j += number.size();
                if (j >= pattern.size() || pattern[j] != ',')
                    break;
            }
        }
    }
}

} // namespace

std::regex compileMatcherRegex(const std::string& pattern)
{
    checkRegexNumbers(pattern);
#if defined(__GLIBCXX__)
    return std::regex(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
#else
    return std::regex(pattern, std::regex::ECMAScript);
#endif
}

MatchResult matchValue(const ObservedValue& o, const rapidjson::Value& m, const Substitute& sub, bool ci)
{
    if (m.IsArray())
        return oneOf(o, m, sub, ci);
    if (!m.IsObject())
        return {equalsLiteral(o, m, sub, ci), "= " + render(m, sub)};

    MatchResult result{true, ""};
    auto add = [&](bool ok, const std::string& text) {
        result.matched = result.matched && ok;
        result.expected += (result.expected.empty() ? "" : " and ") + text;
    };
    for (auto it = m.MemberBegin(); it != m.MemberEnd(); ++it)
    {
        const std::string op = it->name.GetString();
        const rapidjson::Value& arg = it->value;
        if (op == "level" || op == "precondition" || op == "note")
            continue;
        if (op == "equals")
            add(equalsLiteral(o, arg, sub, ci), "= " + render(arg, sub));
        else if (op == "in" && arg.IsArray())
        {
            MatchResult r = oneOf(o, arg, sub, ci);
            add(r.matched, r.expected);
        }
        else if (op == "not_in" && arg.IsArray())
        {
            MatchResult r = oneOf(o, arg, sub, ci);
            add(o.present() && !r.matched, "not " + r.expected);
        }
        else if ((op == "contains" || op == "not_contains") && arg.IsString())
        {
            std::string needle = sub(arg.GetString());
            bool found = false;
            if (o.type == ObservedValue::Type::String)
                found = ci ? lower(o.text).find(lower(needle)) != std::string::npos : o.text.find(needle) != std::string::npos;
            else if (o.type == ObservedValue::Type::Array)
                for (const auto& item : o.items)
                    found = found || (item.type == ObservedValue::Type::String && item.text == needle);
            if (op == "contains")
                add(found, "contains \"" + needle + "\"");
            else
                add(!found, "does not contain \"" + needle + "\"");
        }
        else if (op == "starts_with" && arg.IsString())
        {
            std::string prefix = sub(arg.GetString());
            bool ok = o.type == ObservedValue::Type::String &&
                      (ci ? lower(o.text).rfind(lower(prefix), 0) == 0 : o.text.rfind(prefix, 0) == 0);
            add(ok, "starts with \"" + prefix + "\"");
        }
        else if (op == "present" && arg.IsBool())
            add(o.present() == arg.GetBool(), arg.GetBool() ? "present" : "absent");
        else if (op == "absent" && arg.IsBool())
            add(o.present() != arg.GetBool(), arg.GetBool() ? "absent" : "present");
        else if (op == "matches" && arg.IsString())
        {
            bool ok = false;
            try
            {
                ok = o.type == ObservedValue::Type::String && std::regex_search(o.text, compileMatcherRegex(arg.GetString()));
            }
            catch (const std::regex_error&)
            {
            }
            add(ok, std::string("matches /") + arg.GetString() + "/");
        }
        else if (op == "type" && arg.IsString())
        {
            std::string want = arg.GetString();
            bool ok = o.typeName() == want || (want == "number" && o.type == ObservedValue::Type::Integer);
            add(ok, "of type " + want);
        }
        else if ((op == "min" || op == "max") && arg.IsNumber())
        {
            bool numeric = false;
            double n = numberOf(o, numeric);
            bool ok = numeric && (op == "min" ? n >= arg.GetDouble() : n <= arg.GetDouble());
            add(ok, (op == "min" ? ">= " : "<= ") + render(arg, sub));
        }
        else if ((op == "length_min" || op == "length_max") && arg.IsNumber())
        {
            bool sized = o.type == ObservedValue::Type::String || o.type == ObservedValue::Type::Array ||
                         o.type == ObservedValue::Type::Object;
            double n = static_cast<double>(o.length);
            bool ok = sized && (op == "length_min" ? n >= arg.GetDouble() : n <= arg.GetDouble());
            add(ok, std::string("length ") + (op == "length_min" ? ">= " : "<= ") + render(arg, sub));
        }
        else if (op == "not")
        {
            MatchResult inner = matchValue(o, arg, sub, ci);
            add(!inner.matched, "not (" + inner.expected + ")");
        }
        else if (op == "any" && arg.IsArray())
        {
            bool any = false;
            std::string text;
            for (const auto& alt : arg.GetArray())
            {
                MatchResult inner = matchValue(o, alt, sub, ci);
                any = any || inner.matched;
                text += (text.empty() ? "" : " or ") + inner.expected;
            }
            add(any, "(" + text + ")");
        }
        else
            add(false, "invalid matcher " + op);
    }
    if (result.expected.empty())
        result.expected = "(anything)";
    return result;
}

} // namespace conformance
