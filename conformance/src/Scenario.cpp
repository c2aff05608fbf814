#include "conformance/Scenario.h"

#include "conformance/Checks.h"
#include "conformance/Matcher.h"

#include <oauth/JsonReader.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace conformance {
namespace {

using oauth::JsonInputError;
using oauth::JsonObjectReader;

/// Members each step kind accepts (the loader refuses others, so typos fail loudly).
const std::map<std::string, std::set<std::string>>& stepMembers()
{
    static const std::map<std::string, std::set<std::string>> members = {
        {"discover", {}},
        {"authorize", {"client", "pkce", "params", "redirect_uri", "consent", "method", "login"}},
        {"token", {"client", "auth", "params", "method", "content_type", "body", "query", "headers"}},
        {"refresh", {"client", "auth", "params"}},
        {"revoke", {"client", "auth", "params", "method", "content_type", "body"}},
        {"introspect", {"client", "auth", "params", "method"}},
        {"api", {"token", "how", "path", "method", "body", "content_type", "headers"}},
        {"http", {"method", "url", "headers", "body"}},
        {"clock", {"advance"}},
    };
    return members;
}

/// Step parameters with a fixed set of values (api.path may also be a URL: "/…", "http…" or "${…}").
const std::map<std::pair<std::string, std::string>, std::set<std::string>>& stepChoices()
{
    static const std::set<std::string> auth = {"default", "client_secret_basic", "basic", "client_secret_post", "post",
                                               "none", "basic+post", "query-secret", "omit", "wrong-secret",
                                               "wrong-secret-basic", "wrong-secret-post"};
    static const std::map<std::pair<std::string, std::string>, std::set<std::string>> choices = {
        {{"authorize", "pkce"}, {"S256", "plain", "plain-default", "none"}},
        {{"authorize", "consent"}, {"approve", "deny"}},
        {{"authorize", "method"}, {"GET", "POST"}},
        {{"authorize", "login"}, {"wrong-password"}},
        {{"token", "auth"}, auth},
        {{"refresh", "auth"}, auth},
        {{"revoke", "auth"}, auth},
        {{"introspect", "auth"}, auth},
        {{"api", "how"}, {"header", "header-lowercase", "body", "query", "header+query", "header+body", "none"}},
        {{"api", "path"}, {"resource", "other_scope", "write"}},
    };
    return choices;
}

/// Throws unless a step parameter with fixed choices has one of them.
void checkChoice(const std::string& kind, const std::string& param, const rapidjson::Value& value,
                 const std::string& source, const std::string& path)
{
    auto choices = stepChoices().find({kind, param});
    if (choices == stepChoices().end())
        return;
    if (value.IsString())
    {
        const std::string text = value.GetString();
        if (choices->second.count(text))
            return;
        if (kind == "api" && param == "path" &&
            (text.rfind("/", 0) == 0 || text.rfind("http", 0) == 0 || text.rfind("${", 0) == 0))
            return;
    }
    std::string list;
    for (const auto& c : choices->second)
        list += (list.empty() ? "" : ", ") + c;
    throw JsonInputError(source, path, "expected one of: " + list + (kind == "api" && param == "path" ? ", or a URL" : ""));
}

const std::set<std::string> kStepMeta = {"expect", "checks", "save", "repeat", "parallel", "note"};
const std::set<std::string> kMatcherOps = {"equals", "in", "not_in", "contains", "not_contains", "present", "absent",
                                           "matches", "type", "min", "max", "not", "any", "length_min", "length_max",
                                           "starts_with", "level", "precondition", "note"};
const std::set<std::string> kTypeNames = {"string", "integer", "number", "boolean", "null", "array", "object", "absent"};
const std::set<std::string> kClients = {"public", "confidential", "confidential2", "loopback"};

std::string caseLabel(const std::string& id)
{
    return id.empty() ? "" : " (case " + id + ")";
}

Level readLevel(const rapidjson::Value& v, const std::string& source, const std::string& path)
{
    if (!v.IsString())
        throw JsonInputError(source, path, "expected a level string (MUST, SHOULD, MAY, PRACTICE, INFO)");
    auto level = parseLevel(v.GetString());
    if (!level)
        throw JsonInputError(source, path, std::string("unknown level \"") + v.GetString() +
                                               "\"; expected MUST, SHOULD, MAY, PRACTICE or INFO");
    return *level;
}

void validateMatcher(const rapidjson::Value& m, const std::string& source, const std::string& path)
{
    if (!m.IsObject())
        return; // a literal or an array ("one of")
    for (auto it = m.MemberBegin(); it != m.MemberEnd(); ++it)
    {
        std::string op = it->name.GetString();
        if (!kMatcherOps.count(op))
            throw JsonInputError(source, path + "." + op,
                                 "unknown matcher operator (see scenarios/README.md: equals, in, contains, present, …)");
        if (op == "level")
            readLevel(it->value, source, path + ".level");
        if (op == "matches")
        {
            if (!it->value.IsString())
                throw JsonInputError(source, path + ".matches", "expected a regular expression string");
            try
            {
                (void)compileMatcherRegex(it->value.GetString());
            }
            catch (const std::regex_error& e)
            {
                throw JsonInputError(source, path + ".matches", std::string("invalid regular expression: ") + e.what());
            }
        }
        if (op == "not")
            validateMatcher(it->value, source, path + ".not");
        // An operand of the wrong type would only show at run time ("invalid matcher"): refuse it here.
        const rapidjson::Value& arg = it->value;
        if ((op == "in" || op == "not_in" || op == "any") && !arg.IsArray())
            throw JsonInputError(source, path + "." + op, "expected an array");
        if ((op == "contains" || op == "not_contains" || op == "starts_with") && !arg.IsString())
            throw JsonInputError(source, path + "." + op, "expected a string");
        if ((op == "present" || op == "absent") && !arg.IsBool())
            throw JsonInputError(source, path + "." + op, "expected true or false");
        if ((op == "min" || op == "max" || op == "length_min" || op == "length_max") && !arg.IsNumber())
            throw JsonInputError(source, path + "." + op, "expected a number");
        if (op == "type" && (!arg.IsString() || !kTypeNames.count(arg.GetString())))
            throw JsonInputError(source, path + ".type",
                                 "expected a type: string, integer, number, boolean, null, array, object or absent");
        if (op == "any")
            for (rapidjson::SizeType i = 0; i < arg.Size(); ++i)
                validateMatcher(arg[i], source, path + ".any[" + std::to_string(i) + "]");
    }
}

/// Observation paths: a fixed set of roots, some with a suffix.
void validatePath(const std::string& obsPath, const std::string& source, const std::string& path)
{
    static const std::set<std::string> plain = {"status", "body", "body_size", "json", "redirected", "error",
                                                "login_status", "statuses", "content_type", "location", "left_to"};
    static const std::set<std::string> prefixed = {"json", "header", "header_count", "redirect", "bearer",
                                                   "page_header", "metadata", "count_status", "var"};
    if (plain.count(obsPath))
        return;
    auto dot = obsPath.find('.');
    if (dot != std::string::npos && dot + 1 < obsPath.size() && prefixed.count(obsPath.substr(0, dot)))
        return;
    throw JsonInputError(source, path,
                         "unknown observation path \"" + obsPath +
                             "\"; expected status, header.<Name>, json.<member>, redirect.<param>, redirected, bearer.<param>, …");
}

Step parseStep(const rapidjson::Value& v, const std::string& source, const std::string& path)
{
    if (!v.IsObject())
        throw JsonInputError(source, path, "expected a step object");
    Step step;
    step.jsonPath = path;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it)
    {
        std::string name = it->name.GetString();
        if (kStepMeta.count(name))
            continue;
        auto kind = stepMembers().find(name);
        if (kind == stepMembers().end())
            throw JsonInputError(source, path + "." + name,
                                 "unknown step kind or member; a step has one kind (discover, authorize, token, refresh, "
                                 "revoke, introspect, api, http, clock) plus expect, checks, save, repeat, parallel");
        if (!step.kind.empty())
            throw JsonInputError(source, path + "." + name, "a step has exactly one kind; it already is \"" + step.kind + "\"");
        step.kind = name;
        if (!it->value.IsObject())
            throw JsonInputError(source, path + "." + name, "expected an object of parameters ({} for none)");
        step.params = &it->value;
        for (auto p = it->value.MemberBegin(); p != it->value.MemberEnd(); ++p)
        {
            const std::string param = p->name.GetString();
            if (!kind->second.count(param))
                throw JsonInputError(source, path + "." + name + "." + param, "unknown parameter of a " + name + " step");
            checkChoice(name, param, p->value, source, path + "." + name + "." + param);
        }
        auto client = it->value.FindMember("client");
        if (client != it->value.MemberEnd() && (!client->value.IsString() || !kClients.count(client->value.GetString())))
            throw JsonInputError(source, path + "." + name + ".client",
                                 "expected a client role: public, confidential, confidential2 or loopback");
    }
    if (step.kind.empty())
        throw JsonInputError(source, path, "the step has no kind (discover, authorize, token, …)");

    JsonObjectReader meta(v, source, path);
    for (const auto& kind : stepMembers())
        meta.member(kind.first);
    meta.member("note");
    step.repeat = static_cast<int>(meta.intOr("repeat", 1, 1, 50));
    step.parallel = static_cast<int>(meta.intOr("parallel", 0, 0, 16));
    if (step.repeat > 1 && step.parallel > 0)
        meta.fail("use either repeat or parallel, not both");
    const bool repeatable = step.kind != "authorize" && step.kind != "discover" && step.kind != "clock";
    if ((step.repeat > 1 || step.parallel > 0) && !repeatable)
        meta.fail("repeat and parallel apply to token, refresh, revoke, introspect, api and http steps, not " + step.kind,
                  step.repeat > 1 ? "repeat" : "parallel");
    if (const rapidjson::Value* expect = meta.member("expect"))
    {
        if (!expect->IsObject())
            throw JsonInputError(source, path + ".expect", "expected an object of observation path → matcher");
        for (auto e = expect->MemberBegin(); e != expect->MemberEnd(); ++e)
        {
            Expectation ex;
            ex.path = e->name.GetString();
            std::string at = path + ".expect." + ex.path;
            validatePath(ex.path, source, at);
            validateMatcher(e->value, source, at);
            ex.matcher = &e->value;
            if (e->value.IsObject())
            {
                if (e->value.HasMember("level"))
                    ex.level = readLevel(e->value["level"], source, at + ".level");
                if (e->value.HasMember("precondition"))
                {
                    if (!e->value["precondition"].IsBool())
                        throw JsonInputError(source, at + ".precondition", "expected true or false");
                    ex.precondition = e->value["precondition"].GetBool();
                }
                if (e->value.HasMember("note") && e->value["note"].IsString())
                    ex.note = e->value["note"].GetString();
            }
            step.expectations.push_back(ex);
        }
    }
    step.checks = meta.stringArrayOr("checks", {});
    for (std::size_t i = 0; i < step.checks.size(); ++i)
    {
        const std::string& ref = step.checks[i];
        auto at = ref.find('@');
        if (!namedChecks().count(ref.substr(0, at)) || (at != std::string::npos && !parseLevel(ref.substr(at + 1))))
            throw JsonInputError(source, path + ".checks[" + std::to_string(i) + "]",
                                 "unknown named check \"" + ref + "\" (name or name@LEVEL; scenarios/README.md lists them)");
    }
    if (const rapidjson::Value* save = meta.member("save"))
    {
        if (!save->IsObject())
            throw JsonInputError(source, path + ".save", "expected an object of variable → observation path");
        for (auto s = save->MemberBegin(); s != save->MemberEnd(); ++s)
        {
            std::string at = path + ".save." + s->name.GetString();
            if (!s->value.IsString())
                throw JsonInputError(source, at, "expected an observation path string");
            validatePath(s->value.GetString(), source, at);
            step.save[s->name.GetString()] = s->value.GetString();
        }
    }
    meta.rejectUnknownMembers();
    return step;
}

Scenario parseScenario(const rapidjson::Value& v, const std::string& source, const std::string& path)
{
    static const std::regex idPattern(R"(^(rfc\d+|oauth21|bcp\d+)-[0-9a-z.]+/[a-z0-9][a-z0-9-]*$)");
    static const std::regex tokenPattern(R"(^(RFC\d+|OAUTH21-D\d+)-[0-9A-Za-z.]+$)");
    static const std::regex cataloguePattern(R"(^[A-Z]+-\d{2}$)");

    std::string id;
    if (v.IsObject() && v.HasMember("id") && v["id"].IsString())
        id = v["id"].GetString();
    const std::string where = source + caseLabel(id);
    JsonObjectReader r(v, where, path);
    Scenario s;
    s.file = source;
    s.jsonPath = path;
    s.id = r.requireString("id");
    if (!std::regex_match(s.id, idPattern))
        r.fail("case id must look like <spec>-<section>/<slug>, e.g. rfc7636-4.6/wrong-verifier-rejected", "id");
    s.catalogue = r.requireString("catalogue");
    if (!std::regex_match(s.catalogue, cataloguePattern))
        r.fail("expected a catalogue row id such as PKCE-02", "catalogue");
    s.title = r.requireString("title");
    s.description = r.stringOr("description", "");
    const rapidjson::Value* level = r.member("level");
    if (!level)
        r.fail("required member is missing", "level");
    if (level->IsObject())
    {
        for (auto it = level->MemberBegin(); it != level->MemberEnd(); ++it)
        {
            std::string profile = it->name.GetString();
            Level l = readLevel(it->value, where, path + ".level." + profile);
            if (profile == "default")
                s.defaultLevel = l;
            else if (profile == "rfc6749" || profile == "bcp9700" || profile == "oauth21")
                s.levelByProfile[profile] = l;
            else
                throw JsonInputError(where, path + ".level." + profile, "expected default, rfc6749, bcp9700 or oauth21");
        }
        if (!level->HasMember("default"))
            r.fail("a per-profile level needs a \"default\"", "level");
    }
    else
        s.defaultLevel = readLevel(*level, where, path + ".level");
    s.requirements = r.stringArrayOr("requirements", {});
    if (s.requirements.empty())
        r.fail("at least one requirement token is needed (e.g. RFC7636-4.6)", "requirements");
    for (std::size_t i = 0; i < s.requirements.size(); ++i)
        if (!std::regex_match(s.requirements[i], tokenPattern))
            throw JsonInputError(where, path + ".requirements[" + std::to_string(i) + "]",
                                 "expected a token such as RFC6749-5.2 or OAUTH21-D15-4.3.1");
    s.needs = r.stringArrayOr("needs", {});
    for (std::size_t i = 0; i < s.needs.size(); ++i)
        if (std::find(knownCapabilities().begin(), knownCapabilities().end(), s.needs[i]) == knownCapabilities().end())
            throw JsonInputError(where, path + ".needs[" + std::to_string(i) + "]",
                                 "unknown capability \"" + s.needs[i] + "\" (see scenarios/README.md)");
    s.profiles = r.stringArrayOr("profiles", {});
    for (std::size_t i = 0; i < s.profiles.size(); ++i)
        if (s.profiles[i] != "rfc6749" && s.profiles[i] != "bcp9700" && s.profiles[i] != "oauth21")
            throw JsonInputError(where, path + ".profiles[" + std::to_string(i) + "]", "expected rfc6749, bcp9700 or oauth21");
    s.failsWith = r.stringArrayOr("fails_with", {});
    const rapidjson::Value* steps = r.member("steps");
    if (!steps || !steps->IsArray() || steps->Empty())
        r.fail("expected a non-empty array of steps", "steps");
    for (rapidjson::SizeType i = 0; i < steps->Size(); ++i)
        s.steps.push_back(parseStep((*steps)[i], where, path + ".steps[" + std::to_string(i) + "]"));
    r.rejectUnknownMembers();
    return s;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw JsonInputError(path, "$", "cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

const std::vector<std::string>& knownCapabilities()
{
    static const std::vector<std::string> caps = {
        "pkce", "refresh_token", "revocation", "introspection", "client_credentials", "iss_parameter",
        "confidential_client", "second_client", "loopback_client", "resource", "clock", "login_form",
        "control_api", "refresh_idle_limit"};
    return caps;
}

const std::vector<std::string>& knownStepKinds()
{
    static const std::vector<std::string> kinds = [] {
        std::vector<std::string> out;
        for (const auto& k : stepMembers())
            out.push_back(k.first);
        return out;
    }();
    return kinds;
}

Level Scenario::levelFor(const std::string& profile) const
{
    auto it = levelByProfile.find(profile);
    return it == levelByProfile.end() ? defaultLevel : it->second;
}

Catalogue Catalogue::loadText(const std::string& text, const std::string& source)
{
    auto doc = std::make_shared<rapidjson::Document>();
    oauth::parseJsonDocument(*doc, text, source);
    JsonObjectReader root(*doc, source, "$");
    root.stringOr("area", "");
    root.stringOr("description", "");
    root.member("$schema");
    const rapidjson::Value* cases = root.member("cases");
    if (!cases || !cases->IsArray())
        root.fail("expected an array of cases", "cases");
    root.rejectUnknownMembers();
    Catalogue catalogue;
    std::set<std::string> ids;
    for (rapidjson::SizeType i = 0; i < cases->Size(); ++i)
    {
        Scenario s = parseScenario((*cases)[i], source, "$.cases[" + std::to_string(i) + "]");
        if (!ids.insert(s.id).second)
            throw JsonInputError(source + caseLabel(s.id), s.jsonPath + ".id", "duplicate case id");
        s.document = doc;
        catalogue._scenarios.push_back(std::move(s));
    }
    return catalogue;
}

Catalogue Catalogue::loadDirectory(const std::string& directory)
{
    std::vector<std::string> files;
    try
    {
        for (Poco::DirectoryIterator it(directory), end; it != end; ++it)
            if (it->isFile() && Poco::Path(it->path()).getExtension() == "json")
                files.push_back(it->path());
    }
    catch (const Poco::Exception& e)
    {
        throw JsonInputError(directory, "$", "cannot read the scenario directory: " + e.displayText());
    }
    std::sort(files.begin(), files.end());
    if (files.empty())
        throw JsonInputError(directory, "$", "no scenario files (*.json) found");
    Catalogue all;
    for (const auto& file : files)
        all.add(loadText(readFile(file), file));
    return all;
}

void Catalogue::add(Catalogue&& other)
{
    for (auto& s : other._scenarios)
    {
        for (const auto& existing : _scenarios)
            if (existing.id == s.id)
                throw JsonInputError(s.file + caseLabel(s.id), s.jsonPath + ".id",
                                     "duplicate case id (also in " + existing.file + ")");
        _scenarios.push_back(std::move(s));
    }
}

namespace {

/// True if `sel` is a prefix of `id` that ends at a boundary of the spec or section: "rfc6749-1"
/// selects section 1 and its subsections, not section 10. Within the slug (after '/') any prefix.
bool selectsId(const std::string& id, const std::string& sel)
{
    if (sel.empty() || id.rfind(sel, 0) != 0)
        return false;
    if (id.size() == sel.size() || sel.find('/') != std::string::npos)
        return true;
    const char last = sel.back();
    const char next = id[sel.size()];
    return last == '-' || last == '.' || next == '-' || next == '.' || next == '/';
}

} // namespace

std::vector<const Scenario*> Catalogue::select(const std::vector<std::string>& selectors) const
{
    std::vector<const Scenario*> out;
    for (const auto& s : _scenarios)
    {
        bool match = selectors.empty();
        for (const auto& sel : selectors)
            match = match || selectsId(s.id, sel) || s.catalogue == sel;
        if (match)
            out.push_back(&s);
    }
    return out;
}

} // namespace conformance
