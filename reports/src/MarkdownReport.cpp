#include "reports/MarkdownReport.h"

#include "ReportText.h"

#include <iterator>
#include <map>
#include <sstream>

namespace reports {

using conformance::Level;
using conformance::Outcome;
using conformance::RunResult;

namespace {

const Outcome kOutcomes[] = {Outcome::Pass, Outcome::Fail, Outcome::Warn, Outcome::Info, Outcome::Skip, Outcome::Error};
const Level kLevels[] = {Level::Must, Level::Should, Level::May, Level::Practice, Level::Info};

const char* emoji(Outcome o)
{
    switch (o)
    {
    case Outcome::Pass: return "\xE2\x9C\x85";          // ✅
    case Outcome::Fail: return "\xE2\x9D\x8C";          // ❌
    case Outcome::Warn: return "\xE2\x9A\xA0\xEF\xB8\x8F"; // ⚠️
    case Outcome::Info: return "\xE2\x84\xB9\xEF\xB8\x8F"; // ℹ️
    case Outcome::Skip: return "\xE2\x8F\xAD\xEF\xB8\x8F"; // ⏭️
    case Outcome::Error: return "\xF0\x9F\x92\xA5";     // 💥
    }
    return "";
}

int count(const std::map<Outcome, int>& counts, Outcome o)
{
    auto it = counts.find(o);
    return it == counts.end() ? 0 : it->second;
}

const char* verdictEmoji(conformance::QuirkVerdict v)
{
    switch (v)
    {
    case conformance::QuirkVerdict::Proven: return "\xE2\x9C\x85";          // ✅
    case conformance::QuirkVerdict::NotProven: return "\xE2\x9D\x8C";       // ❌
    case conformance::QuirkVerdict::NoQuirk: return "\xE2\x9D\x94";         // ❔
    }
    return "";
}

} // namespace

std::string MarkdownReport::escapeCell(const std::string& input, std::size_t maxChars)
{
    std::string clean = text::sanitizeUtf8(input);
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < clean.size(); ++i)
    {
        char ch = clean[i];
        unsigned char c = static_cast<unsigned char>(ch);
        if ((c & 0xC0) != 0x80)
        {
            if (chars == maxChars)
            {
                out += "\xE2\x80\xA6";
                break;
            }
            ++chars;
        }
        switch (ch)
        {
        case '|': case '`': case '\\': case '*': case '_': case '[': case ']': case '~': case '#': case '!':
            out += '\\';
            out += ch;
            break;
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '\n': case '\r': case '\t': out += ' '; break;
        default:
            if (c < 0x20 || c == 0x7f)
                out += "\xEF\xBF\xBD";
            else
                out += ch;
        }
    }
    return out;
}

std::string MarkdownReport::render(const RunResult& run)
{
    conformance::Summary summary = run.summary();
    bool ok = run.exitCode == 0;
    std::ostringstream out;
    out << "## " << (ok ? "\xE2\x9C\x85" : "\xE2\x9D\x8C") << " OAuth conformance: " << (ok ? "passed" : "failed") << " — "
        << escapeCell(run.targetIssuer) << "\n\n";
    out << "Target: " << escapeCell(run.targetIssuer) << " (" << escapeCell(run.targetKind) << ") · profile: **"
        << escapeCell(run.profile) << "**" << (run.strict ? " · strict" : "") << " · " << summary.total << " cases"
        << (run.selectors.empty() ? "" : " · selectors: ");
    for (std::size_t i = 0; i < run.selectors.size(); ++i)
        out << (i ? ", " : "") << escapeCell(run.selectors[i]);
    out << "\n\n";

    out << "| Level |";
    for (Outcome o : kOutcomes)
        out << " " << emoji(o) << " " << conformance::outcomeName(o) << " |";
    out << " Total |\n|---|";
    for (std::size_t i = 0; i < std::size(kOutcomes); ++i)
        out << "---:|";
    out << "---:|\n| **All** |";
    for (Outcome o : kOutcomes)
        out << " " << count(summary.byOutcome, o) << " |";
    out << " " << summary.total << " |\n";
    for (Level l : kLevels)
    {
        auto it = summary.byLevel.find(l);
        if (it == summary.byLevel.end())
            continue;
        int levelTotal = 0;
        out << "| " << conformance::levelName(l) << " |";
        for (Outcome o : kOutcomes)
        {
            out << " " << count(it->second, o) << " |";
            levelTotal += count(it->second, o);
        }
        out << " " << levelTotal << " |\n";
    }
    out << "\n";

    std::size_t nonPass = 0;
    for (const auto& c : run.cases)
        if (c.outcome != Outcome::Pass)
            ++nonPass;
    if (nonPass == 0)
        out << "All cases passed.\n\n";
    else
    {
        out << "### Cases not passing (" << nonPass << ")\n\n";
        out << "| Outcome | Case | Level | Reason |\n|---|---|---|---|\n";
        std::size_t rows = 0;
        // Worst first, then the run's order.
        for (int severity = 5; severity >= 0; --severity)
            for (const auto& c : run.cases)
            {
                if (c.outcome == Outcome::Pass || conformance::outcomeSeverity(c.outcome) != severity)
                    continue;
                if (rows++ >= kMaxRows)
                    continue;
                out << "| " << emoji(c.outcome) << " " << conformance::outcomeName(c.outcome) << (c.baselined ? " (baselined)" : "")
                    << " | " << escapeCell(c.id) << " | " << conformance::levelName(c.level) << " | " << escapeCell(c.reason)
                    << " |\n";
            }
        if (nonPass > kMaxRows)
            out << "\n…and " << (nonPass - kMaxRows) << " more; see report.html.\n";
        out << "\n";
    }

    if (!run.quirkMatrix.empty())
        out << renderQuirkMatrix(run.quirkMatrix);

    if (!run.staleBaselineEntries.empty())
    {
        out << "**Stale baseline entries** (did not fire, so the run fails):";
        for (std::size_t i = 0; i < run.staleBaselineEntries.size(); ++i)
            out << (i ? ", " : " ") << escapeCell(run.staleBaselineEntries[i]);
        out << "\n\n";
    }

    out << "<sub>oauth-conformance " << escapeCell(run.toolVersion) << " · " << escapeCell(run.startedAt) << " · "
        << text::fixed(run.durationMs / 1000.0, 1) << " s · exit code " << run.exitCode
        << " · details in report.html and results.json</sub>\n";
    return out.str();
}

std::string MarkdownReport::renderQuirkMatrix(const std::vector<conformance::QuirkMatrixEntry>& matrix)
{
    using conformance::QuirkVerdict;
    if (matrix.empty())
        return "";
    std::vector<std::string> ids = conformance::quirkMatrixCaseIds(matrix);
    std::map<QuirkVerdict, std::vector<std::string>> byVerdict;
    for (const auto& id : ids)
        byVerdict[conformance::quirkVerdictFor(matrix, id)].push_back(id);
    std::ostringstream out;
    out << "### Quirk matrix\n\n" << ids.size() << " cases: " << byVerdict[QuirkVerdict::Proven].size() << " proven, "
        << byVerdict[QuirkVerdict::NotProven].size() << " not proven, " << byVerdict[QuirkVerdict::NoQuirk].size()
        << " without a quirk\n\n";
    out << "| Verdict | Case | Strict | Quirk → outcome | Why not proven |\n|---|---|---|---|---|\n";
    std::size_t rows = 0;
    for (QuirkVerdict verdict : {QuirkVerdict::NotProven, QuirkVerdict::NoQuirk, QuirkVerdict::Proven})
        for (const auto& id : byVerdict[verdict])
        {
            if (rows++ >= kMaxMatrixRows)
                continue;
            std::string strict = "–", quirks, why;
            for (const auto& e : matrix)
            {
                if (e.caseId != id)
                    continue;
                bool spoils = e.quirk.empty() ? (e.outcome != Outcome::Pass && e.outcome != Outcome::Skip)
                                              : !conformance::quirkBreaks(e.outcome);
                if (e.quirk.empty())
                    strict = conformance::outcomeName(e.outcome);
                else
                    quirks += (quirks.empty() ? "" : ", ") + escapeCell(e.quirk, 60) + " → " + conformance::outcomeName(e.outcome);
                if (spoils && why.empty() && verdict == QuirkVerdict::NotProven)
                    why = (e.quirk.empty() ? std::string("strict") : escapeCell(e.quirk, 60)) + ": " + escapeCell(e.reason, 160);
            }
            out << "| " << verdictEmoji(verdict) << " " << conformance::quirkVerdictName(verdict) << " | " << escapeCell(id) << " | "
                << strict << " | " << (quirks.empty() ? "–" : quirks) << " | " << why << " |\n";
        }
    if (rows > kMaxMatrixRows)
        out << "\n…and " << (rows - kMaxMatrixRows) << " more; see report.html.\n";
    out << "\n";
    return out.str();
}

void MarkdownReport::write(const RunResult& run, const std::string& path)
{
    text::writeTextFile(path, render(run));
}

} // namespace reports
