#include "conformance/Baseline.h"

#include <oauth/JsonReader.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace conformance {

std::vector<BaselineEntry> parseBaseline(const std::string& text, const std::string& source)
{
    rapidjson::Document doc;
    oauth::parseJsonDocument(doc, text, source);
    oauth::JsonObjectReader root(doc, source, "$");
    root.stringOr("description", "");
    const rapidjson::Value* entries = root.member("entries");
    if (!entries || !entries->IsArray())
        root.fail("expected an array of {\"id\", \"outcome\", \"note\"}", "entries");
    root.rejectUnknownMembers();
    std::vector<BaselineEntry> out;
    for (rapidjson::SizeType i = 0; i < entries->Size(); ++i)
    {
        oauth::JsonObjectReader r((*entries)[i], source, "$.entries[" + std::to_string(i) + "]");
        BaselineEntry e;
        e.id = r.requireString("id");
        std::string outcome = r.enumOr("outcome", {"FAIL", "WARN", "INFO", "SKIP", "ERROR"}, "");
        if (outcome.empty())
            r.fail("required member is missing (FAIL, WARN, INFO, SKIP or ERROR)", "outcome");
        e.outcome = *parseOutcome(outcome);
        e.mayPass = r.boolOr("may_pass", false);
        e.note = r.stringOr("note", "");
        r.rejectUnknownMembers();
        out.push_back(e);
    }
    return out;
}

std::vector<BaselineEntry> loadBaseline(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw oauth::JsonInputError(path, "$", "cannot open the baseline file");
    std::ostringstream text;
    text << in.rdbuf();
    return parseBaseline(text.str(), path);
}

std::vector<std::string> applyBaseline(RunResult& run, const std::vector<BaselineEntry>& entries,
                                       const std::vector<std::string>& catalogueIds)
{
    std::vector<std::string> stale;
    for (const auto& e : entries)
    {
        auto c = std::find_if(run.cases.begin(), run.cases.end(), [&](const CaseResult& r) { return r.id == e.id; });
        bool known = std::find(catalogueIds.begin(), catalogueIds.end(), e.id) != catalogueIds.end();
        if (c == run.cases.end())
        {
            if (!known)
                stale.push_back(e.id + " (no such case in the catalogue)");
            continue;
        }
        if (c->outcome == e.outcome)
            c->baselined = true;
        else if (!(e.mayPass && c->outcome == Outcome::Pass))
            stale.push_back(e.id + " (expected " + outcomeName(e.outcome) + ", got " + outcomeName(c->outcome) + ")");
    }
    run.staleBaselineEntries = stale;
    return stale;
}

bool isUnexpected(const CaseResult& result, bool strict)
{
    if (result.baselined)
        return false;
    return result.outcome == Outcome::Fail || result.outcome == Outcome::Error ||
           (strict && result.outcome == Outcome::Warn);
}

int exitCodeFor(const RunResult& run)
{
    if (!run.staleBaselineEntries.empty())
        return ExitUnexpected;
    for (const auto& c : run.cases)
        if (isUnexpected(c, run.strict))
            return ExitUnexpected;
    return ExitOk;
}

} // namespace conformance
