#include "reports/HtmlReport.h"

#include "ReportText.h"
#include "Templates.h"

#include "oauth/Crypto.h"
#include "oauth/Encoding.h"
#include "oauth/Html.h"
#include "oauth/JsonReader.h"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace reports {

using conformance::CaseResult;
using conformance::CheckResult;
using conformance::HttpExchange;
using conformance::Level;
using conformance::Outcome;
using conformance::RunResult;

namespace {

const Outcome kOutcomes[] = {Outcome::Pass, Outcome::Fail, Outcome::Warn, Outcome::Info, Outcome::Skip, Outcome::Error};
const Level kLevels[] = {Level::Must, Level::Should, Level::May, Level::Practice, Level::Info};

/// Escaped text: the only way model strings reach the page.
std::string esc(const std::string& s)
{
    return oauth::htmlEscape(text::sanitizeUtf8(s));
}

const char* outcomeColor(Outcome o)
{
    switch (o)
    {
    case Outcome::Pass: return "#2e7d32";
    case Outcome::Fail: return "#c62828";
    case Outcome::Warn: return "#e65100";
    case Outcome::Info: return "#1565c0";
    case Outcome::Skip: return "#757575";
    case Outcome::Error: return "#6a1b9a";
    }
    return "#757575";
}

int countOf(const std::map<Outcome, int>& counts, Outcome o)
{
    auto it = counts.find(o);
    return it == counts.end() ? 0 : it->second;
}

/// A requirement URL is only linked when it is one of the known https forms (and made only of
/// characters that need no escaping); anything else is shown as text.
bool safeUrl(const std::string& url)
{
    static const char* const prefixes[] = {"https://www.rfc-editor.org/rfc/", "https://datatracker.ietf.org/doc/html/"};
    bool known = std::any_of(std::begin(prefixes), std::end(prefixes),
                             [&](const char* p) { return url.rfind(p, 0) == 0; });
    return known && std::all_of(url.begin(), url.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '/' || c == '.' || c == '-' ||
                      c == '#' || c == '_';
           });
}

std::string badge(Outcome o)
{
    std::string name = conformance::outcomeName(o);
    return "<span class=\"badge o-" + name + "\">" + name + "</span>";
}

std::string tally(const std::map<Outcome, int>& counts)
{
    std::string out = "<span class=\"tally\">";
    bool first = true;
    for (Outcome o : kOutcomes)
    {
        int n = countOf(counts, o);
        if (n == 0)
            continue;
        out += (first ? "" : " · ") + std::to_string(n) + " " + conformance::outcomeName(o);
        first = false;
    }
    return out + "</span>";
}

/// JSON bodies are shown re-indented (if they parse); anything else as sent.
std::string displayBody(const std::string& body, bool& reformatted)
{
    reformatted = false;
    std::string clean = text::sanitizeUtf8(body);
    auto start = clean.find_first_not_of(" \t\r\n");
    if (start == std::string::npos || (clean[start] != '{' && clean[start] != '['))
        return clean;
    rapidjson::Document doc;
    oauth::parseJsonBounded(doc, clean);
    if (doc.HasParseError())
        return clean;
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    doc.Accept(writer);
    std::string pretty(buffer.GetString(), buffer.GetSize());
    reformatted = pretty != clean;
    return pretty;
}

std::string headerLines(const std::vector<std::pair<std::string, std::string>>& headers)
{
    std::string out;
    for (const auto& [name, value] : headers)
        out += name + ": " + value + "\n";
    return out;
}

void renderBody(std::ostringstream& out, const std::string& body, bool truncated)
{
    if (body.empty() && !truncated)
        return;
    bool reformatted = false;
    std::string shown = displayBody(body, reformatted);
    out << "<pre class=\"body\">" << esc(shown) << "</pre>";
    if (reformatted || truncated)
    {
        out << "<p class=\"note\">";
        if (reformatted)
            out << "JSON, re-indented for reading. ";
        if (truncated)
            out << "Body truncated by the recorder.";
        out << "</p>";
    }
}

void renderExchange(std::ostringstream& out, const HttpExchange& e, std::size_t index)
{
    std::string statusClass = "s" + std::to_string(e.status >= 100 && e.status < 600 ? e.status / 100 : 0);
    out << "<details class=\"exchange\"><summary><span class=\"mono\">" << index + 1 << ". " << esc(e.method) << " "
        << esc(e.url) << "</span> → ";
    if (e.status != 0)
        out << "<span class=\"status " << statusClass << "\">" << e.status << "</span>";
    else
        out << "<span class=\"status s0\">no response</span>";
    out << " <span class=\"muted\">(" << text::fixed(e.durationMs, 1) << " ms)</span></summary>\n";
    if (!e.error.empty())
        out << "<p class=\"error\">Transport error: " << esc(e.error) << "</p>\n";
    out << "<div class=\"http\"><div class=\"req\"><h5>Request</h5><pre>" << esc(e.method + " " + e.url + "\n" + headerLines(e.requestHeaders))
        << "</pre>";
    renderBody(out, e.requestBody, false);
    out << "</div><div class=\"resp\"><h5>Response</h5>";
    if (e.status != 0)
    {
        out << "<pre>" << esc("HTTP " + std::to_string(e.status) + "\n" + headerLines(e.responseHeaders)) << "</pre>";
        renderBody(out, e.responseBody, e.bodyTruncated);
    }
    else
        out << "<p class=\"note\">No response was received.</p>";
    out << "</div></div></details>\n";
}

void renderChecks(std::ostringstream& out, const std::vector<CheckResult>& checks)
{
    out << "<h4>Checks (" << checks.size() << ")</h4>\n";
    if (checks.empty())
    {
        out << "<p class=\"note\">No checks were recorded.</p>\n";
        return;
    }
    out << "<table class=\"checks\"><thead><tr><th title=\"result\"></th><th>Step</th><th>Check</th><th>Level</th>"
           "<th>Expected</th><th>Actual</th></tr></thead><tbody>\n";
    for (const auto& c : checks)
    {
        out << "<tr class=\"" << (c.passed ? "passed" : "failed") << "\"><td class=\"res\" title=\"" << (c.passed ? "pass" : "fail") << "\">" << (c.passed ? "✔" : "✘")
            << "</td><td>" << esc(c.step)
            << "</td><td class=\"mono\">" << esc(c.name) << "</td><td>" << conformance::levelName(c.level) << "</td><td>"
            << esc(c.expected) << "</td><td>" << esc(c.actual);
        if (!c.detail.empty())
            out << "<span class=\"detail\">" << esc(c.detail) << "</span>";
        out << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
}

void renderCase(std::ostringstream& out, const CaseResult& c, std::size_t index)
{
    std::string outcome = conformance::outcomeName(c.outcome);
    std::string level = conformance::levelName(c.level);
    out << "<details class=\"case o-" << outcome << "\" id=\"case-" << index << "\" data-outcome=\"" << outcome
        << "\" data-level=\"" << level << "\"><summary>" << badge(c.outcome) << " <code class=\"id\">" << esc(c.id)
        << "</code><span class=\"title\">" << esc(c.title) << "</span><span class=\"lvl\">" << level << "</span>";
    if (c.baselined)
        out << "<span class=\"lvl\">baselined</span>";
    if (!c.reason.empty())
        out << "<span class=\"reason\">" << esc(c.reason) << "</span>";
    out << "</summary>\n<div class=\"case-body\">\n";
    if (!c.description.empty())
        out << "<p class=\"description\">" << esc(c.description) << "</p>\n";
    out << "<dl class=\"facts\">\n<dt>Requirements</dt><dd>";
    if (c.requirements.empty())
        out << "<span class=\"muted\">none named</span>";
    for (std::size_t i = 0; i < c.requirements.size(); ++i)
    {
        const std::string& token = c.requirements[i];
        std::string url = conformance::requirementUrl(token);
        out << (i ? ", " : "");
        if (safeUrl(url))
            out << "<a href=\"" << esc(url) << "\" rel=\"noreferrer\">" << esc(conformance::requirementLabel(token)) << "</a>";
        else
            out << esc(conformance::requirementLabel(token));
        out << " <span class=\"muted mono\">" << esc(token) << "</span>";
    }
    out << "</dd>\n<dt>Catalogue</dt><dd>" << esc(c.catalogue) << "</dd>\n";
    out << "<dt>Section</dt><dd>" << esc(c.specSection) << "</dd>\n";
    out << "<dt>Level</dt><dd>" << level << "</dd>\n";
    out << "<dt>Outcome</dt><dd>" << badge(c.outcome) << (c.baselined ? " (expected by the baseline)" : "") << "</dd>\n";
    out << "<dt>Reason</dt><dd>" << (c.reason.empty() ? "<span class=\"muted\">—</span>" : esc(c.reason)) << "</dd>\n";
    out << "<dt>Duration</dt><dd>" << text::fixed(c.durationMs, 1) << " ms</dd>\n</dl>\n";
    renderChecks(out, c.checks);
    out << "<h4>HTTP exchanges (" << c.exchanges.size() << ")</h4>\n";
    if (c.exchanges.empty())
        out << "<p class=\"note\">No HTTP exchanges were recorded.</p>\n";
    for (std::size_t i = 0; i < c.exchanges.size(); ++i)
        renderExchange(out, c.exchanges[i], i);
    out << "</div></details>\n";
}

/// Horizontal stacked bars: one for all cases and one per level present.
void renderChart(std::ostringstream& out, const conformance::Summary& summary)
{
    std::vector<std::pair<std::string, std::map<Outcome, int>>> rows{{"All", summary.byOutcome}};
    for (Level l : kLevels)
    {
        auto it = summary.byLevel.find(l);
        if (it != summary.byLevel.end())
            rows.emplace_back(conformance::levelName(l), it->second);
    }
    const double labelWidth = 80, barWidth = 420, rowHeight = 26, barHeight = 18;
    const double height = rows.size() * rowHeight + 4;
    out << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << labelWidth + barWidth + 50 << "\" height=\""
        << height << "\" viewBox=\"0 0 " << labelWidth + barWidth + 50 << " " << height
        << "\" role=\"img\" aria-label=\"Outcomes by level\">\n";
    for (std::size_t r = 0; r < rows.size(); ++r)
    {
        int total = 0;
        for (Outcome o : kOutcomes)
            total += countOf(rows[r].second, o);
        double y = r * rowHeight + 4;
        out << "<text x=\"0\" y=\"" << text::fixed(y + 13, 1) << "\">" << rows[r].first << "</text>\n";
        double x = labelWidth;
        for (Outcome o : kOutcomes)
        {
            int n = countOf(rows[r].second, o);
            if (n == 0 || total == 0)
                continue;
            double w = barWidth * n / total;
            out << "<rect x=\"" << text::fixed(x, 1) << "\" y=\"" << text::fixed(y, 1) << "\" width=\"" << text::fixed(w, 1)
                << "\" height=\"" << barHeight << "\" fill=\"" << outcomeColor(o) << "\"><title>" << rows[r].first << ": " << n
                << " " << conformance::outcomeName(o) << "</title></rect>\n";
            x += w;
        }
        out << "<text x=\"" << labelWidth + barWidth + 8 << "\" y=\"" << text::fixed(y + 13, 1) << "\">" << total << "</text>\n";
    }
    out << "</svg>\n<div class=\"legend\">";
    for (Outcome o : kOutcomes)
        out << "<span class=\"key o-" << conformance::outcomeName(o) << "\">" << conformance::outcomeName(o) << " "
            << countOf(summary.byOutcome, o) << "</span>";
    out << "</div>\n";
}

void renderCountsTable(std::ostringstream& out, const conformance::Summary& summary)
{
    out << "<table class=\"counts\"><thead><tr><th>Level</th>";
    for (Outcome o : kOutcomes)
        out << "<th>" << conformance::outcomeName(o) << "</th>";
    out << "<th>Total</th></tr></thead><tbody>\n";
    auto row = [&](const std::string& label, const std::map<Outcome, int>& counts, bool bold) {
        int total = 0;
        out << "<tr><td>" << (bold ? "<b>" : "") << label << (bold ? "</b>" : "") << "</td>";
        for (Outcome o : kOutcomes)
        {
            int n = countOf(counts, o);
            total += n;
            out << "<td" << (n == 0 ? " class=\"zero\"" : "") << ">" << n << "</td>";
        }
        out << "<td><b>" << total << "</b></td></tr>\n";
    };
    for (Level l : kLevels)
    {
        auto it = summary.byLevel.find(l);
        if (it != summary.byLevel.end())
            row(conformance::levelName(l), it->second, false);
    }
    row("All", summary.byOutcome, true);
    out << "</tbody></table>\n";
}

void renderToolbar(std::ostringstream& out, const conformance::Summary& summary)
{
    out << "<div class=\"toolbar\" id=\"toolbar\" hidden>\n<fieldset><legend>Outcome</legend>";
    for (Outcome o : kOutcomes)
        out << "<label><input type=\"checkbox\" data-filter=\"outcome\" value=\"" << conformance::outcomeName(o)
            << "\" checked> " << conformance::outcomeName(o) << " <span class=\"muted\">" << countOf(summary.byOutcome, o)
            << "</span></label>";
    out << "</fieldset>\n<fieldset><legend>Level</legend>";
    for (Level l : kLevels)
        out << "<label><input type=\"checkbox\" data-filter=\"level\" value=\"" << conformance::levelName(l) << "\" checked> "
            << conformance::levelName(l) << "</label>";
    out << "</fieldset>\n<input type=\"search\" id=\"search\" placeholder=\"Search id, title or reason\" "
           "aria-label=\"Search cases by id, title or reason\">\n"
           "<button type=\"button\" id=\"problems\">Problems only</button><button type=\"button\" id=\"all\">Show all</button>"
           "<button type=\"button\" id=\"expand\">Expand all</button><button type=\"button\" id=\"collapse\">Collapse all</button>\n"
           "<span class=\"shown\" id=\"shown\"></span>\n</div>\n";
}

std::string verdictBadge(conformance::QuirkVerdict v)
{
    static const char* const classes[] = {"v-proven", "v-not-proven", "v-no-quirk"};
    return std::string("<span class=\"verdict ") + classes[static_cast<int>(v)] + "\">" + conformance::quirkVerdictName(v) + "</span>";
}

/// Case × quirk → outcome, with each case's verdict (only for a --quirk-matrix run). Reasons are
/// element content (a row under a case not proven), never attribute values.
void renderQuirkMatrix(std::ostringstream& out, const std::vector<conformance::QuirkMatrixEntry>& matrix)
{
    using conformance::QuirkVerdict;
    std::vector<std::string> ids = conformance::quirkMatrixCaseIds(matrix);
    std::map<QuirkVerdict, int> counts;
    for (const auto& id : ids)
        ++counts[conformance::quirkVerdictFor(matrix, id)];
    out << "<section id=\"quirk-matrix\"><h2>Quirk matrix</h2>\n<p class=\"note\">Each case ran against the strict mock and "
           "then once under each quirk it declares (<code>fails_with</code>). <b>proven</b>: strict PASS or SKIP, and every "
           "quirk makes it FAIL, WARN or INFO — the check can fail when it should.</p>\n<p class=\"matrix-summary\">"
        << ids.size() << " cases: " << counts[QuirkVerdict::Proven] << " proven, " << counts[QuirkVerdict::NotProven]
        << " not proven, " << counts[QuirkVerdict::NoQuirk] << " without a quirk</p>\n"
        << "<table class=\"matrix\"><thead><tr><th>Case</th><th>Catalogue</th><th>Level</th><th>Strict</th>"
           "<th>Quirk → outcome</th><th>Verdict</th></tr></thead><tbody>\n";
    for (const auto& id : ids)
    {
        QuirkVerdict verdict = conformance::quirkVerdictFor(matrix, id);
        const conformance::QuirkMatrixEntry* strictRow = nullptr;
        std::vector<const conformance::QuirkMatrixEntry*> quirkRows;
        for (const auto& e : matrix)
        {
            if (e.caseId != id)
                continue;
            if (e.quirk.empty())
                strictRow = &e;
            else
                quirkRows.push_back(&e);
        }
        const conformance::QuirkMatrixEntry& first = strictRow ? *strictRow : *quirkRows.front();
        out << "<tr data-verdict=\"" << conformance::quirkVerdictName(verdict) << "\"><td><code class=\"id\">" << esc(id)
            << "</code></td><td>" << esc(first.catalogue) << "</td><td>" << conformance::levelName(first.level) << "</td><td>";
        if (strictRow)
            out << badge(strictRow->outcome);
        else
            out << "<span class=\"muted\">not run</span>";
        out << "</td><td>";
        if (quirkRows.empty())
            out << "<span class=\"muted\">none declared</span>";
        for (const auto* q : quirkRows)
        {
            bool spoils = !conformance::quirkBreaks(q->outcome);
            out << "<span class=\"qcell" << (spoils ? " spoils" : "") << "\"><code>"
                << esc(q->quirk) << "</code> → " << badge(q->outcome) << "</span>";
        }
        out << "</td><td>" << verdictBadge(verdict) << "</td></tr>\n";
        if (verdict != QuirkVerdict::NotProven)
            continue;
        // Why it is not proven: the rows that spoil the proof, with their reasons.
        std::vector<const conformance::QuirkMatrixEntry*> spoilers;
        if (strictRow && strictRow->outcome != Outcome::Pass && strictRow->outcome != Outcome::Skip)
            spoilers.push_back(strictRow);
        for (const auto* q : quirkRows)
            if (!conformance::quirkBreaks(q->outcome))
                spoilers.push_back(q);
        out << "<tr class=\"why\"><td colspan=\"6\">";
        for (const auto* e : spoilers)
            out << "<span class=\"detail\">" << (e->quirk.empty() ? std::string("strict") : esc(e->quirk)) << ": "
                << conformance::outcomeName(e->outcome) << " — " << esc(e->reason) << "</span>";
        out << "</td></tr>\n";
    }
    out << "</tbody></table>\n</section>\n";
}

} // namespace

std::string HtmlReport::scriptHashSource()
{
    return "'sha256-" + oauth::base64Encode(oauth::sha256(templates::js())) + "'";
}

std::string HtmlReport::render(const RunResult& run)
{
    conformance::Summary summary = run.summary();
    bool ok = run.exitCode == 0;
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src "
        << scriptHashSource() << "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
        << "<meta name=\"referrer\" content=\"no-referrer\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>OAuth conformance " << (ok ? "passed" : "failed") << " — " << esc(run.targetIssuer) << "</title>\n"
        << "<style>\n" << templates::css() << "</style>\n</head>\n<body>\n";

    out << "<header class=\"verdict " << (ok ? "ok" : "bad") << "\"><div class=\"inner\">\n<h1><span class=\"badge big "
        << (ok ? "o-PASS\">PASSED" : "o-FAIL\">FAILED") << "</span> OAuth conformance report</h1>\n<dl class=\"meta\">\n"
        << "<dt>Target</dt><dd class=\"mono\">" << esc(run.targetIssuer) << "</dd>"
        << "<dt>Kind</dt><dd>" << esc(run.targetKind) << "</dd>\n"
        << "<dt>Profile</dt><dd>" << esc(run.profile) << (run.strict ? " (strict: WARN fails the run)" : "") << "</dd>"
        << "<dt>Selectors</dt><dd class=\"mono\">";
    if (run.selectors.empty())
        out << "<span class=\"muted\">all cases</span>";
    for (std::size_t i = 0; i < run.selectors.size(); ++i)
        out << (i ? " " : "") << esc(run.selectors[i]);
    out << "</dd>\n<dt>Started</dt><dd>" << esc(run.startedAt) << "</dd><dt>Finished</dt><dd>" << esc(run.finishedAt)
        << "</dd>\n<dt>Duration</dt><dd>" << text::fixed(run.durationMs / 1000.0, 2) << " s</dd><dt>Exit code</dt><dd>"
        << run.exitCode << "</dd>\n</dl>\n</div></header>\n<main>\n";

    out << "<section id=\"summary\"><h2>Summary</h2>\n<div class=\"summary-grid\"><div>\n";
    renderChart(out, summary);
    out << "</div>\n";
    renderCountsTable(out, summary);
    out << "</div>\n";
    if (!run.staleBaselineEntries.empty())
    {
        out << "<div class=\"stale\"><p class=\"error\">Stale baseline entries (they did not fire, so the run fails):</p><ul>";
        for (const auto& entry : run.staleBaselineEntries)
            out << "<li class=\"mono\">" << esc(entry) << "</li>";
        out << "</ul></div>\n";
    }
    out << "</section>\n";
    if (!run.quirkMatrix.empty())
        renderQuirkMatrix(out, run.quirkMatrix);

    // Group by spec, then by section, both in natural order; cases keep the run's order.
    std::map<std::string, std::map<std::string, std::vector<std::size_t>>> groups;
    for (std::size_t i = 0; i < run.cases.size(); ++i)
    {
        const std::string& section = run.cases[i].specSection;
        groups[text::specOf(section)][section.empty() ? "Other" : section].push_back(i);
    }
    std::vector<std::string> specs;
    for (const auto& g : groups)
        specs.push_back(g.first);
    std::stable_sort(specs.begin(), specs.end(), text::naturalLess);

    out << "<section id=\"cases\"><h2>Cases (" << run.cases.size() << ")</h2>\n";
    renderToolbar(out, summary);
    for (const auto& spec : specs)
    {
        std::map<Outcome, int> specCounts;
        for (const auto& [section, indices] : groups[spec])
            for (std::size_t i : indices)
                ++specCounts[run.cases[i].outcome];
        out << "<details class=\"group spec\" open><summary>" << esc(spec) << tally(specCounts) << "</summary>\n";
        std::vector<std::string> sections;
        for (const auto& entry : groups[spec])
            sections.push_back(entry.first);
        std::stable_sort(sections.begin(), sections.end(), text::naturalLess);
        for (const auto& section : sections)
        {
            std::map<Outcome, int> counts;
            for (std::size_t i : groups[spec][section])
                ++counts[run.cases[i].outcome];
            out << "<details class=\"group section\" open><summary>" << esc(section) << tally(counts) << "</summary>\n";
            for (std::size_t i : groups[spec][section])
                renderCase(out, run.cases[i], i);
            out << "</details>\n";
        }
        out << "</details>\n";
    }
    if (run.cases.empty())
        out << "<p class=\"note\">No cases ran.</p>\n";
    out << "</section>\n";

    out << "<footer>oauth-conformance " << esc(run.toolVersion) << " · results.json schema version " << RunResult::kSchemaVersion
        << " · everything the server sent is shown escaped; secrets are redacted by the recorder.</footer>\n</main>\n";
    out << "<script>" << templates::js() << "</script>\n</body>\n</html>\n";
    return out.str();
}

void HtmlReport::write(const RunResult& run, const std::string& path)
{
    text::writeTextFile(path, render(run));
}

} // namespace reports
