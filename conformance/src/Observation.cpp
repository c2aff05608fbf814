#include "conformance/Observation.h"

#include <oauth/JsonReader.h>
#include <oauth/WwwAuthenticate.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace conformance {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string compactJson(const rapidjson::Value& v)
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    v.Accept(w);
    return std::string(buffer.GetString(), buffer.GetSize());
}

ObservedValue observedHeader(const Headers& headers, const std::string& name)
{
    for (const auto& [n, v] : headers)
        if (oauth::equalsIgnoreCase(n, name))
            return ObservedValue::ofString(v);
    return ObservedValue::absent();
}

/// Follows "a.b.c" through nested JSON objects.
ObservedValue jsonMember(const rapidjson::Value* root, const std::string& dotted)
{
    const rapidjson::Value* v = root;
    std::size_t start = 0;
    while (v && start <= dotted.size())
    {
        std::size_t dot = dotted.find('.', start);
        std::string name = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!v->IsObject())
            return ObservedValue::absent();
        auto it = v->FindMember(name.c_str());
        if (it == v->MemberEnd())
            return ObservedValue::absent();
        v = &it->value;
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return v ? ObservedValue::ofJson(*v) : ObservedValue::absent();
}

} // namespace

ObservedValue ObservedValue::ofString(std::string s)
{
    ObservedValue v;
    v.type = Type::String;
    v.length = s.size();
    v.text = std::move(s);
    return v;
}

ObservedValue ObservedValue::ofInteger(std::int64_t n)
{
    ObservedValue v;
    v.type = Type::Integer;
    v.integer = n;
    v.number = static_cast<double>(n);
    v.text = std::to_string(n);
    return v;
}

ObservedValue ObservedValue::ofBool(bool b)
{
    ObservedValue v;
    v.type = Type::Bool;
    v.boolean = b;
    v.text = b ? "true" : "false";
    return v;
}

ObservedValue ObservedValue::ofJson(const rapidjson::Value& j)
{
    ObservedValue v;
    if (j.IsNull())
        v.type = Type::Null, v.text = "null";
    else if (j.IsBool())
        return ofBool(j.GetBool());
    else if (j.IsInt64())
        return ofInteger(j.GetInt64());
    else if (j.IsNumber())
        v.type = Type::Number, v.number = j.GetDouble(), v.text = compactJson(j);
    else if (j.IsString())
        return ofString(std::string(j.GetString(), j.GetStringLength()));
    else if (j.IsArray())
    {
        v.type = Type::Array;
        v.length = j.Size();
        v.text = compactJson(j);
        for (const auto& item : j.GetArray())
            v.items.push_back(ofJson(item));
    }
    else
        v.type = Type::Object, v.text = compactJson(j), v.length = j.MemberCount();
    return v;
}

std::string ObservedValue::typeName() const
{
    switch (type)
    {
    case Type::Absent: return "absent";
    case Type::Null: return "null";
    case Type::Bool: return "boolean";
    case Type::Integer: return "integer";
    case Type::Number: return "number";
    case Type::String: return "string";
    case Type::Array: return "array";
    case Type::Object: return "object";
    }
    return "absent";
}

std::string ObservedValue::describe() const
{
    if (type == Type::Absent)
        return "(absent)";
    // Never shortened here: the runner redacts secrets first and only then shortens (a cut token
    // would no longer be recognised as the secret it is).
    if (type == Type::String)
        return "\"" + text + "\"";
    return text;
}

const rapidjson::Document* Observation::json() const
{
    if (!_jsonParsed)
    {
        _jsonParsed = true;
        auto doc = std::make_shared<rapidjson::Document>();
        oauth::parseJsonBounded(*doc, exchange.responseBody);
        if (!doc->HasParseError())
            _json = doc;
    }
    return _json.get();
}

ObservedValue Observation::value(const std::string& path) const
{
    auto dot = path.find('.');
    const std::string root = path.substr(0, dot);
    const std::string rest = dot == std::string::npos ? "" : path.substr(dot + 1);
    const bool hasResponse = exchange.status != 0;

    if (root == "status")
    {
        if (authorization && !authorization->redirected && authorization->finalStatus)
            return ObservedValue::ofInteger(authorization->finalStatus);
        return hasResponse ? ObservedValue::ofInteger(exchange.status) : ObservedValue::absent();
    }
    if (root == "error")
    {
        std::string e = authorization && !authorization->error.empty() ? authorization->error : exchange.error;
        return e.empty() ? ObservedValue::absent() : ObservedValue::ofString(e);
    }
    if (root == "header")
        return observedHeader(exchange.responseHeaders, rest);
    if (root == "header_count")
    {
        std::int64_t n = 0;
        for (const auto& [name, _] : exchange.responseHeaders)
            n += oauth::equalsIgnoreCase(name, rest) ? 1 : 0;
        return ObservedValue::ofInteger(n);
    }
    if (root == "location")
        return observedHeader(exchange.responseHeaders, "Location");
    if (root == "content_type")
    {
        ObservedValue ct = observedHeader(exchange.responseHeaders, "Content-Type");
        if (!ct.present())
            return ct;
        std::string media = ct.text.substr(0, ct.text.find(';'));
        while (!media.empty() && media.back() == ' ')
            media.pop_back();
        for (auto& c : media)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return ObservedValue::ofString(media);
    }
    if (root == "body")
        return hasResponse ? ObservedValue::ofString(exchange.responseBody) : ObservedValue::absent();
    if (root == "body_size")
        return ObservedValue::ofInteger(static_cast<std::int64_t>(exchange.responseBody.size()));
    if (root == "json")
    {
        const rapidjson::Document* doc = json();
        if (!doc)
            return ObservedValue::absent();
        return rest.empty() ? ObservedValue::ofJson(*doc) : jsonMember(doc, rest);
    }
    if (root == "redirected")
    {
        if (authorization)
            return ObservedValue::ofBool(authorization->redirected);
        return ObservedValue::ofBool(exchange.status >= 300 && exchange.status < 400);
    }
    if (root == "redirect")
    {
        if (!authorization || !authorization->redirected)
            return ObservedValue::absent();
        if (rest == "location")
            return ObservedValue::ofString(authorization->location);
        if (authorization->params.count(rest) > 1)
        {
            ObservedValue v = ObservedValue::ofString(*authorization->params.get(rest));
            v.length = authorization->params.count(rest);
            return v;
        }
        auto p = authorization->params.get(rest);
        return p ? ObservedValue::ofString(*p) : ObservedValue::absent();
    }
    if (root == "left_to")
        return authorization && authorization->leftServer ? ObservedValue::ofString(authorization->location)
                                                          : ObservedValue::absent();
    if (root == "login_status")
        return authorization && authorization->loginResponseStatus ? ObservedValue::ofInteger(authorization->loginResponseStatus)
                                                                   : ObservedValue::absent();
    if (root == "page_header")
        return authorization ? observedHeader(authorization->loginPageHeaders, rest) : ObservedValue::absent();
    if (root == "bearer")
    {
        // Challenges may share one header or come in several (RFC 9110 §11.6.1): the first Bearer one counts.
        for (const auto& [name, value] : exchange.responseHeaders)
        {
            if (!oauth::equalsIgnoreCase(name, "WWW-Authenticate"))
                continue;
            auto challenges = oauth::parseWwwAuthenticate(value);
            if (!challenges)
                continue;
            for (const auto& c : *challenges)
                if (oauth::equalsIgnoreCase(c.scheme, "Bearer"))
                {
                    if (rest == "scheme")
                        return ObservedValue::ofString(c.scheme);
                    auto p = c.param(rest);
                    return p ? ObservedValue::ofString(*p) : ObservedValue::absent();
                }
        }
        return ObservedValue::absent();
    }
    if (root == "metadata")
        return target && target->metadata ? jsonMember(target->metadata.get(), rest) : ObservedValue::absent();
    if (root == "statuses")
    {
        ObservedValue v;
        v.type = ObservedValue::Type::Array;
        v.text = "[";
        for (std::size_t i = 0; i < statuses.size(); ++i)
        {
            v.items.push_back(ObservedValue::ofInteger(statuses[i]));
            v.text += (i ? ", " : "") + std::to_string(statuses[i]);
        }
        v.text += "]";
        v.length = statuses.size();
        return v;
    }
    if (root == "count_status")
    {
        std::int64_t n = 0;
        for (int s : statuses)
            n += std::to_string(s) == rest ? 1 : 0;
        return ObservedValue::ofInteger(n);
    }
    if (root == "var" && variables)
    {
        auto it = variables->find(rest);
        return it == variables->end() ? ObservedValue::absent() : ObservedValue::ofString(it->second);
    }
    return ObservedValue::absent();
}

} // namespace conformance
