#include "reports/JunitReport.h"

#include "ReportText.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace reports {

using conformance::CaseResult;
using conformance::Outcome;
using conformance::RunResult;

namespace {

enum class Kind { Pass, Failure, Error, Skipped };

struct Rendering
{
    Kind kind = Kind::Pass;
    std::string type;       ///< failure/error/skipped type attribute
    std::string message;
};

Rendering renderingOf(const CaseResult& c, bool strict)
{
    Rendering r;
    bool failing = c.outcome == Outcome::Fail || c.outcome == Outcome::Error || (strict && c.outcome == Outcome::Warn);
    if (failing && c.baselined)
    {
        r.kind = Kind::Skipped;
        r.type = "baselined";
        r.message = std::string("baselined ") + conformance::outcomeName(c.outcome) + ": " + c.reason;
        return r;
    }
    switch (c.outcome)
    {
    case Outcome::Fail:
        r.kind = Kind::Failure;
        r.type = "FAIL";
        break;
    case Outcome::Warn:
        if (strict)
        {
            r.kind = Kind::Failure;
            r.type = "WARN";
        }
        break;
    case Outcome::Error:
        r.kind = Kind::Error;
        r.type = "ERROR";
        break;
    case Outcome::Skip:
        r.kind = Kind::Skipped;
        r.type = "SKIP";
        break;
    default:
        break;
    }
    r.message = c.reason;
    return r;
}

struct Counts
{
    int tests = 0, failures = 0, errors = 0, skipped = 0;
    double seconds = 0;

    void add(Kind kind, double durationMs)
    {
        ++tests;
        seconds += durationMs / 1000.0;
        if (kind == Kind::Failure) ++failures;
        if (kind == Kind::Error) ++errors;
        if (kind == Kind::Skipped) ++skipped;
    }

    std::string attributes() const
    {
        return "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
               std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + text::fixed(seconds, 3) + "\"";
    }
};

/// The failed checks (or, for an error, the transport errors), one per line.
std::string details(const CaseResult& c)
{
    std::ostringstream out;
    out << conformance::outcomeName(c.outcome) << ": " << c.reason << "\n";
    for (const auto& check : c.checks)
    {
        if (check.passed)
            continue;
        out << "\n[" << conformance::levelName(check.level) << "] " << (check.step.empty() ? "" : check.step + ": ") << check.name
            << "\n  expected: " << check.expected << "\n  actual:   " << check.actual << "\n";
        if (!check.detail.empty())
            out << "  detail:   " << check.detail << "\n";
    }
    for (const auto& e : c.exchanges)
        if (!e.error.empty())
            out << "\n" << e.method << " " << e.url << "\n  transport error: " << e.error << "\n";
    return out.str();
}

/// Element content: like JunitReport::escape, but newlines and tabs stay literal for readability.
std::string textEscape(const std::string& value)
{
    std::string escaped = JunitReport::escape(value);
    std::string out;
    out.reserve(escaped.size());
    for (std::size_t i = 0; i < escaped.size(); ++i)
    {
        if (escaped.compare(i, 5, "&#10;") == 0)
        {
            out += '\n';
            i += 4;
        }
        else if (escaped.compare(i, 4, "&#9;") == 0)
        {
            out += '\t';
            i += 3;
        }
        else
            out += escaped[i];
    }
    return out;
}

std::string attr(const std::string& name, const std::string& value)
{
    return " " + name + "=\"" + JunitReport::escape(value) + "\"";
}

} // namespace

std::string JunitReport::escape(const std::string& input)
{
    std::string clean = text::sanitizeUtf8(input);
    std::string out;
    out.reserve(clean.size() + clean.size() / 8);
    for (std::size_t i = 0; i < clean.size(); ++i)
    {
        char ch = clean[i];
        unsigned char c = static_cast<unsigned char>(ch);
        switch (ch)
        {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t': out += "&#9;"; break;
        case '\n': out += "&#10;"; break;
        case '\r': out += "&#13;"; break;
        default:
            if (c < 0x20)
                out += "\xEF\xBF\xBD";
            // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML 1.0 characters either.
            else if (c == 0xEF && i + 2 < clean.size() && static_cast<unsigned char>(clean[i + 1]) == 0xBF &&
                     (static_cast<unsigned char>(clean[i + 2]) == 0xBE || static_cast<unsigned char>(clean[i + 2]) == 0xBF))
            {
                out += "\xEF\xBF\xBD";
                i += 2;
            }
            else
                out += ch;
        }
    }
    return out;
}

std::string JunitReport::render(const RunResult& run)
{
    // Group by spec section in natural order; cases keep the run's order inside a group.
    std::vector<std::string> sections;
    std::map<std::string, std::vector<const CaseResult*>> bySection;
    for (const auto& c : run.cases)
    {
        std::string key = c.specSection.empty() ? "Other" : c.specSection;
        if (!bySection.count(key))
            sections.push_back(key);
        bySection[key].push_back(&c);
    }
    std::stable_sort(sections.begin(), sections.end(), text::naturalLess);

    Counts total;
    std::ostringstream suites;
    int suiteId = 0;
    for (const auto& section : sections)
    {
        Counts counts;
        std::ostringstream cases;
        for (const CaseResult* c : bySection[section])
        {
            Rendering r = renderingOf(*c, run.strict);
            counts.add(r.kind, c->durationMs);
            total.add(r.kind, c->durationMs);
            cases << "    <testcase" << attr("classname", section) << attr("name", c->id)
                  << attr("time", text::fixed(c->durationMs / 1000.0, 3)) << ">\n";
            cases << "      <properties>\n";
            for (const auto& token : c->requirements)
                cases << "        <property name=\"requirement\"" << attr("value", token) << "/>\n";
            cases << "        <property name=\"catalogue\"" << attr("value", c->catalogue) << "/>\n";
            cases << "        <property name=\"level\"" << attr("value", conformance::levelName(c->level)) << "/>\n";
            cases << "        <property name=\"outcome\"" << attr("value", conformance::outcomeName(c->outcome)) << "/>\n";
            cases << "      </properties>\n";
            switch (r.kind)
            {
            case Kind::Failure:
                cases << "      <failure" << attr("message", r.message) << attr("type", r.type) << ">" << textEscape(details(*c))
                      << "</failure>\n";
                break;
            case Kind::Error:
                cases << "      <error" << attr("message", r.message) << attr("type", r.type) << ">" << textEscape(details(*c))
                      << "</error>\n";
                break;
            case Kind::Skipped:
                if (r.type == "baselined")
                    cases << "      <skipped" << attr("message", r.message) << attr("type", r.type) << ">"
                          << textEscape(details(*c)) << "</skipped>\n";
                else
                    cases << "      <skipped" << attr("message", r.message) << "/>\n";
                break;
            case Kind::Pass:
                if (c->outcome == Outcome::Warn || c->outcome == Outcome::Info)
                    cases << "      <system-out>" << textEscape(details(*c)) << "</system-out>\n";
                break;
            }
            cases << "    </testcase>\n";
        }
        suites << "  <testsuite" << attr("name", section) << " id=\"" << suiteId++ << "\" " << counts.attributes()
               << attr("timestamp", run.startedAt) << ">\n"
               << cases.str() << "  </testsuite>\n";
    }

    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites" << attr("name", "oauth-conformance " + run.profile + (run.strict ? " (strict)" : "")) << " "
        << total.attributes() << ">\n";
    out << suites.str();
    out << "</testsuites>\n";
    return out.str();
}

void JunitReport::write(const RunResult& run, const std::string& path)
{
    text::writeTextFile(path, render(run));
}

} // namespace reports
