#include "conformance/Result.h"

#include <algorithm>
#include <cctype>
#include <ostream>

namespace conformance {

const char* levelName(Level level)
{
    switch (level)
    {
    case Level::Must: return "MUST";
    case Level::Should: return "SHOULD";
    case Level::May: return "MAY";
    case Level::Practice: return "PRACTICE";
    case Level::Info: return "INFO";
    }
    return "INFO";
}

std::optional<Level> parseLevel(const std::string& name)
{
    for (Level l : {Level::Must, Level::Should, Level::May, Level::Practice, Level::Info})
        if (name == levelName(l))
            return l;
    return std::nullopt;
}

const char* outcomeName(Outcome outcome)
{
    switch (outcome)
    {
    case Outcome::Pass: return "PASS";
    case Outcome::Fail: return "FAIL";
    case Outcome::Warn: return "WARN";
    case Outcome::Info: return "INFO";
    case Outcome::Skip: return "SKIP";
    case Outcome::Error: return "ERROR";
    }
    return "ERROR";
}

std::optional<Outcome> parseOutcome(const std::string& name)
{
    for (Outcome o : {Outcome::Pass, Outcome::Fail, Outcome::Warn, Outcome::Info, Outcome::Skip, Outcome::Error})
        if (name == outcomeName(o))
            return o;
    return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, Level level)
{
    return out << levelName(level);
}

std::ostream& operator<<(std::ostream& out, Outcome outcome)
{
    return out << outcomeName(outcome);
}

Outcome outcomeForFailedLevel(Level level)
{
    switch (level)
    {
    case Level::Must: return Outcome::Fail;
    case Level::Should: return Outcome::Warn;
    default: return Outcome::Info;
    }
}

int outcomeSeverity(Outcome outcome)
{
    switch (outcome)
    {
    case Outcome::Skip: return 0;
    case Outcome::Pass: return 1;
    case Outcome::Info: return 2;
    case Outcome::Warn: return 3;
    case Outcome::Fail: return 4;
    case Outcome::Error: return 5;
    }
    return 5;
}

Summary RunResult::summary() const
{
    Summary s;
    for (const auto& c : cases)
    {
        ++s.byOutcome[c.outcome];
        ++s.byLevel[c.level][c.outcome];
        ++s.total;
    }
    return s;
}

const char* quirkVerdictName(QuirkVerdict verdict)
{
    switch (verdict)
    {
    case QuirkVerdict::Proven: return "proven";
    case QuirkVerdict::NotProven: return "not proven";
    case QuirkVerdict::NoQuirk: return "no quirk declared";
    }
    return "not proven";
}

std::optional<QuirkVerdict> parseQuirkVerdict(const std::string& name)
{
    for (QuirkVerdict v : {QuirkVerdict::Proven, QuirkVerdict::NotProven, QuirkVerdict::NoQuirk})
        if (name == quirkVerdictName(v))
            return v;
    return std::nullopt;
}

bool quirkBreaks(Outcome outcome)
{
    return outcome == Outcome::Fail || outcome == Outcome::Warn || outcome == Outcome::Info;
}

QuirkVerdict quirkVerdictFor(const std::vector<QuirkMatrixEntry>& matrix, const std::string& caseId)
{
    bool strictSeen = false, strictOk = false, anyQuirk = false, allBreak = true;
    for (const auto& e : matrix)
    {
        if (e.caseId != caseId)
            continue;
        if (e.quirk.empty())
        {
            strictSeen = true;
            strictOk = e.outcome == Outcome::Pass || e.outcome == Outcome::Skip;
            continue;
        }
        anyQuirk = true;
        allBreak = allBreak && quirkBreaks(e.outcome);
    }
    if (!anyQuirk)
        return QuirkVerdict::NoQuirk;
    return strictSeen && strictOk && allBreak ? QuirkVerdict::Proven : QuirkVerdict::NotProven;
}

std::vector<std::string> quirkMatrixCaseIds(const std::vector<QuirkMatrixEntry>& matrix)
{
    std::vector<std::string> ids;
    for (const auto& e : matrix)
        if (std::find(ids.begin(), ids.end(), e.caseId) == ids.end())
            ids.push_back(e.caseId);
    return ids;
}

namespace {

/// Splits "RFC7636-4.6" into ("rfc7636", "4.6"); "OAUTH21-D15-4.3.1" into ("oauth21-d15", "4.3.1").
bool splitToken(const std::string& token, std::string& doc, std::string& section)
{
    auto dash = token.rfind('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 >= token.size())
        return false;
    doc = token.substr(0, dash);
    section = token.substr(dash + 1);
    for (char c : section)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.')
            return false;
    return true;
}

} // namespace

std::string requirementUrl(const std::string& token)
{
    std::string doc, section;
    if (!splitToken(token, doc, section))
        return "";
    const bool appendix = section.rfind("A", 0) == 0;
    const std::size_t appendixStart = section.find_first_not_of("App.");
    if (appendix && appendixStart == std::string::npos) // "A", "App.": no appendix named (substr would throw)
        return "";
    std::string anchor = appendix ? "appendix-" + section.substr(appendixStart) : "section-" + section;
    if (doc.rfind("RFC", 0) == 0 && doc.size() > 3)
    {
        std::string number = doc.substr(3);
        for (char c : number)
            if (!std::isdigit(static_cast<unsigned char>(c)))
                return "";
        return "https://www.rfc-editor.org/rfc/rfc" + number + "#" + anchor;
    }
    if (doc == "OAUTH21-D15")
        return "https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1-15#" + anchor;
    return "";
}

std::string requirementLabel(const std::string& token)
{
    std::string doc, section;
    if (!splitToken(token, doc, section))
        return token;
    if (doc.rfind("RFC", 0) == 0)
        return "RFC " + doc.substr(3) + " §" + section;
    if (doc == "OAUTH21-D15")
        return "OAuth 2.1 (draft 15) §" + section;
    return token;
}

} // namespace conformance
