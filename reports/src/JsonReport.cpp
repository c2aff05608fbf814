#include "reports/JsonReport.h"

#include "ReportText.h"

#include "oauth/JsonReader.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <stdexcept>

namespace reports {

using conformance::CaseResult;
using conformance::CheckResult;
using conformance::HttpExchange;
using conformance::Level;
using conformance::Outcome;
using conformance::RunResult;

namespace {

const char* const kSchemaName = "oauth-conformance/results";

const Outcome kOutcomes[] = {Outcome::Pass, Outcome::Fail, Outcome::Warn, Outcome::Info, Outcome::Skip, Outcome::Error};
const Level kLevels[] = {Level::Must, Level::Should, Level::May, Level::Practice, Level::Info};

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void str(Writer& w, const std::string& value)
{
    std::string clean = text::sanitizeUtf8(value);
    w.String(clean.c_str(), static_cast<rapidjson::SizeType>(clean.size()));
}

void key(Writer& w, const char* name)
{
    w.Key(name);
}

void member(Writer& w, const char* name, const std::string& value)
{
    key(w, name);
    str(w, value);
}

void stringArray(Writer& w, const char* name, const std::vector<std::string>& values)
{
    key(w, name);
    w.StartArray();
    for (const auto& v : values)
        str(w, v);
    w.EndArray();
}

void headers(Writer& w, const char* name, const std::vector<std::pair<std::string, std::string>>& list)
{
    key(w, name);
    w.StartArray();
    for (const auto& [n, v] : list)
    {
        w.StartObject();
        member(w, "name", n);
        member(w, "value", v);
        w.EndObject();
    }
    w.EndArray();
}

void outcomeCounts(Writer& w, const std::map<Outcome, int>& counts)
{
    w.StartObject();
    for (Outcome o : kOutcomes)
    {
        key(w, conformance::outcomeName(o));
        auto it = counts.find(o);
        w.Int(it == counts.end() ? 0 : it->second);
    }
    w.EndObject();
}

void writeCheck(Writer& w, const CheckResult& c)
{
    w.StartObject();
    member(w, "name", c.name);
    member(w, "step", c.step);
    member(w, "level", conformance::levelName(c.level));
    key(w, "passed");
    w.Bool(c.passed);
    member(w, "expected", c.expected);
    member(w, "actual", c.actual);
    member(w, "detail", c.detail);
    w.EndObject();
}

void writeExchange(Writer& w, const HttpExchange& e)
{
    w.StartObject();
    member(w, "method", e.method);
    member(w, "url", e.url);
    headers(w, "request_headers", e.requestHeaders);
    member(w, "request_body", e.requestBody);
    key(w, "status");
    w.Int(e.status);
    headers(w, "response_headers", e.responseHeaders);
    member(w, "response_body", e.responseBody);
    key(w, "body_truncated");
    w.Bool(e.bodyTruncated);
    member(w, "error", e.error);
    key(w, "duration_ms");
    w.Double(e.durationMs);
    w.EndObject();
}

void writeCase(Writer& w, const CaseResult& c)
{
    w.StartObject();
    member(w, "id", c.id);
    member(w, "title", c.title);
    member(w, "catalogue", c.catalogue);
    member(w, "level", conformance::levelName(c.level));
    key(w, "requirements");
    w.StartArray();
    for (const auto& token : c.requirements)
    {
        w.StartObject();
        member(w, "token", token);
        member(w, "label", conformance::requirementLabel(token));
        member(w, "url", conformance::requirementUrl(token));
        w.EndObject();
    }
    w.EndArray();
    member(w, "spec_section", c.specSection);
    member(w, "description", c.description);
    member(w, "outcome", conformance::outcomeName(c.outcome));
    member(w, "reason", c.reason);
    key(w, "duration_ms");
    w.Double(c.durationMs);
    key(w, "baselined");
    w.Bool(c.baselined);
    key(w, "checks");
    w.StartArray();
    for (const auto& check : c.checks)
        writeCheck(w, check);
    w.EndArray();
    key(w, "exchanges");
    w.StartArray();
    for (const auto& exchange : c.exchanges)
        writeExchange(w, exchange);
    w.EndArray();
    w.EndObject();
}

void writeQuirkMatrix(Writer& w, const std::vector<conformance::QuirkMatrixEntry>& matrix)
{
    key(w, "quirk_matrix");
    w.StartArray();
    for (const auto& e : matrix)
    {
        w.StartObject();
        member(w, "case_id", e.caseId);
        member(w, "catalogue", e.catalogue);
        member(w, "level", conformance::levelName(e.level));
        member(w, "quirk", e.quirk);
        member(w, "outcome", conformance::outcomeName(e.outcome));
        member(w, "reason", e.reason);
        member(w, "verdict", conformance::quirkVerdictName(conformance::quirkVerdictFor(matrix, e.caseId)));
        w.EndObject();
    }
    w.EndArray();
}

// ---- reading ----

using oauth::JsonInputError;
using oauth::JsonObjectReader;

std::string indexPath(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

double numberOr(JsonObjectReader& r, const std::string& name, double fallback)
{
    const rapidjson::Value* v = r.member(name);
    if (!v)
        return fallback;
    if (!v->IsNumber())
        r.fail("expected a number, got " + oauth::jsonTypeName(*v), name);
    return v->GetDouble();
}

const rapidjson::Value* arrayOrNull(JsonObjectReader& r, const std::string& name)
{
    const rapidjson::Value* v = r.member(name);
    if (v && !v->IsArray())
        r.fail("expected an array, got " + oauth::jsonTypeName(*v), name);
    return v;
}

Level levelOr(JsonObjectReader& r, const std::string& name, Level fallback)
{
    auto s = r.optionalString(name);
    if (!s)
        return fallback;
    auto level = conformance::parseLevel(*s);
    if (!level)
        r.fail("unknown level \"" + *s + "\" (expected MUST, SHOULD, MAY, PRACTICE or INFO)", name);
    return *level;
}

std::vector<std::pair<std::string, std::string>> readHeaders(JsonObjectReader& r, const std::string& name)
{
    std::vector<std::pair<std::string, std::string>> out;
    const rapidjson::Value* list = arrayOrNull(r, name);
    if (!list)
        return out;
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i)
    {
        JsonObjectReader h((*list)[i], r.source(), indexPath(r.memberPath(name), i));
        out.emplace_back(h.requireString("name"), h.stringOr("value", ""));
    }
    return out;
}

CheckResult readCheck(JsonObjectReader& r)
{
    CheckResult c;
    c.name = r.stringOr("name", "");
    c.step = r.stringOr("step", "");
    c.level = levelOr(r, "level", Level::Must);
    c.passed = r.boolOr("passed", false);
    c.expected = r.stringOr("expected", "");
    c.actual = r.stringOr("actual", "");
    c.detail = r.stringOr("detail", "");
    return c;
}

HttpExchange readExchange(JsonObjectReader& r)
{
    HttpExchange e;
    e.method = r.stringOr("method", "");
    e.url = r.stringOr("url", "");
    e.requestHeaders = readHeaders(r, "request_headers");
    e.requestBody = r.stringOr("request_body", "");
    e.status = static_cast<int>(r.intOr("status", 0, 0, 999));
    e.responseHeaders = readHeaders(r, "response_headers");
    e.responseBody = r.stringOr("response_body", "");
    e.bodyTruncated = r.boolOr("body_truncated", false);
    e.error = r.stringOr("error", "");
    e.durationMs = numberOr(r, "duration_ms", 0);
    return e;
}

CaseResult readCase(JsonObjectReader& r)
{
    CaseResult c;
    c.id = r.requireString("id");
    if (c.id.empty())
        r.fail("a case id must not be empty", "id");
    c.title = r.stringOr("title", "");
    c.catalogue = r.stringOr("catalogue", "");
    c.level = levelOr(r, "level", Level::Must);
    if (const rapidjson::Value* list = arrayOrNull(r, "requirements"))
    {
        for (rapidjson::SizeType i = 0; i < list->Size(); ++i)
        {
            const rapidjson::Value& item = (*list)[i];
            if (item.IsString())
            {
                c.requirements.emplace_back(item.GetString(), item.GetStringLength());
                continue;
            }
            JsonObjectReader req(item, r.source(), indexPath(r.memberPath("requirements"), i));
            c.requirements.push_back(req.requireString("token"));
        }
    }
    c.specSection = r.stringOr("spec_section", "");
    c.description = r.stringOr("description", "");
    std::string outcome = r.requireString("outcome");
    auto parsed = conformance::parseOutcome(outcome);
    if (!parsed)
        r.fail("unknown outcome \"" + outcome + "\" (expected PASS, FAIL, WARN, INFO, SKIP or ERROR)", "outcome");
    c.outcome = *parsed;
    c.reason = r.stringOr("reason", "");
    c.durationMs = numberOr(r, "duration_ms", 0);
    c.baselined = r.boolOr("baselined", false);
    if (const rapidjson::Value* list = arrayOrNull(r, "checks"))
        for (rapidjson::SizeType i = 0; i < list->Size(); ++i)
        {
            JsonObjectReader cr((*list)[i], r.source(), indexPath(r.memberPath("checks"), i));
            c.checks.push_back(readCheck(cr));
        }
    if (const rapidjson::Value* list = arrayOrNull(r, "exchanges"))
        for (rapidjson::SizeType i = 0; i < list->Size(); ++i)
        {
            JsonObjectReader er((*list)[i], r.source(), indexPath(r.memberPath("exchanges"), i));
            c.exchanges.push_back(readExchange(er));
        }
    return c;
}

Outcome outcomeOf(JsonObjectReader& r)
{
    std::string outcome = r.requireString("outcome");
    auto parsed = conformance::parseOutcome(outcome);
    if (!parsed)
        r.fail("unknown outcome \"" + outcome + "\" (expected PASS, FAIL, WARN, INFO, SKIP or ERROR)", "outcome");
    return *parsed;
}

conformance::QuirkMatrixEntry readQuirkMatrixEntry(JsonObjectReader& r)
{
    conformance::QuirkMatrixEntry e;
    e.caseId = r.requireString("case_id");
    if (e.caseId.empty())
        r.fail("a case id must not be empty", "case_id");
    e.catalogue = r.stringOr("catalogue", "");
    e.level = levelOr(r, "level", Level::Must);
    e.quirk = r.stringOr("quirk", "");
    e.outcome = outcomeOf(r);
    e.reason = r.stringOr("reason", "");
    return e;
}

} // namespace

std::string JsonReport::render(const RunResult& run)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    member(w, "schema", kSchemaName);
    key(w, "schema_version");
    w.Int(RunResult::kSchemaVersion);
    member(w, "tool_version", run.toolVersion);
    member(w, "started_at", run.startedAt);
    member(w, "finished_at", run.finishedAt);
    key(w, "duration_ms");
    w.Double(run.durationMs);
    key(w, "target");
    w.StartObject();
    member(w, "issuer", run.targetIssuer);
    member(w, "kind", run.targetKind);
    w.EndObject();
    member(w, "profile", run.profile);
    key(w, "strict");
    w.Bool(run.strict);
    stringArray(w, "selectors", run.selectors);

    conformance::Summary summary = run.summary();
    key(w, "summary");
    w.StartObject();
    key(w, "total");
    w.Int(summary.total);
    key(w, "by_outcome");
    outcomeCounts(w, summary.byOutcome);
    key(w, "by_level");
    w.StartObject();
    for (Level l : kLevels)
    {
        key(w, conformance::levelName(l));
        auto it = summary.byLevel.find(l);
        outcomeCounts(w, it == summary.byLevel.end() ? std::map<Outcome, int>{} : it->second);
    }
    w.EndObject();
    w.EndObject();

    key(w, "cases");
    w.StartArray();
    for (const auto& c : run.cases)
        writeCase(w, c);
    w.EndArray();
    stringArray(w, "stale_baseline_entries", run.staleBaselineEntries);
    writeQuirkMatrix(w, run.quirkMatrix);
    key(w, "exit_code");
    w.Int(run.exitCode);
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

void JsonReport::write(const RunResult& run, const std::string& path)
{
    text::writeTextFile(path, render(run));
}

RunResult parseRunResult(const std::string& textIn, const std::string& source)
{
    rapidjson::Document document;
    oauth::parseJsonDocument(document, textIn, source);
    JsonObjectReader r(document, source, "$");
    std::string schema = r.requireString("schema");
    if (schema != kSchemaName)
        r.fail("expected \"" + std::string(kSchemaName) + "\", got \"" + schema + "\"", "schema");
    std::int64_t version = r.requireInt("schema_version", 1, 1000000);
    if (version > RunResult::kSchemaVersion)
        r.fail("unsupported schema_version " + std::to_string(version) + " (this tool reads up to " +
                   std::to_string(RunResult::kSchemaVersion) + ")",
               "schema_version");

    RunResult run;
    run.toolVersion = r.stringOr("tool_version", "");
    run.startedAt = r.stringOr("started_at", "");
    run.finishedAt = r.stringOr("finished_at", "");
    run.durationMs = numberOr(r, "duration_ms", 0);
    if (auto target = r.optionalObject("target"))
    {
        run.targetIssuer = target->stringOr("issuer", "");
        run.targetKind = target->stringOr("kind", "");
    }
    run.profile = r.stringOr("profile", "");
    run.strict = r.boolOr("strict", false);
    run.selectors = r.stringArrayOr("selectors", {});
    const rapidjson::Value* cases = r.member("cases");
    if (!cases)
        r.fail("required array member is missing", "cases");
    if (!cases->IsArray())
        r.fail("expected an array, got " + oauth::jsonTypeName(*cases), "cases");
    for (rapidjson::SizeType i = 0; i < cases->Size(); ++i)
    {
        JsonObjectReader cr((*cases)[i], source, indexPath("$.cases", i));
        run.cases.push_back(readCase(cr));
    }
    run.staleBaselineEntries = r.stringArrayOr("stale_baseline_entries", {});
    if (const rapidjson::Value* list = arrayOrNull(r, "quirk_matrix"))
        for (rapidjson::SizeType i = 0; i < list->Size(); ++i)
        {
            JsonObjectReader er((*list)[i], source, indexPath("$.quirk_matrix", i));
            run.quirkMatrix.push_back(readQuirkMatrixEntry(er));
        }
    run.exitCode = static_cast<int>(r.intOr("exit_code", 0, 0, 255));
    return run;
}

RunResult readRunResult(const std::string& path)
{
    return parseRunResult(text::readTextFile(path), path);
}

} // namespace reports
