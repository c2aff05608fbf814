#include "oauth/JsonReader.h"

#include <rapidjson/error/en.h>

#include <algorithm>

namespace oauth {

JsonInputError::JsonInputError(const std::string& source, const std::string& path, const std::string& message)
    : std::runtime_error(source + ": " + path + ": " + message), _source(source), _path(path), _detail(message)
{
}

std::size_t jsonDepthExceededAt(std::string_view text, std::size_t maxDepth)
{
    std::size_t depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (inString)
        {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        }
        else if (c == '"')
            inString = true;
        else if (c == '[' || c == '{')
        {
            if (++depth > maxDepth)
                return i;
        }
        else if ((c == ']' || c == '}') && depth > 0)
            --depth;
    }
    return std::string::npos;
}

void parseJsonBounded(rapidjson::Document& document, std::string_view text)
{
    const std::size_t tooDeep = jsonDepthExceededAt(text);
    document.Parse(text.data(), tooDeep == std::string::npos ? text.size() : tooDeep);
}

void parseJsonDocument(rapidjson::Document& document, const std::string& text, const std::string& source)
{
    const std::size_t tooDeep = jsonDepthExceededAt(text);
    if (tooDeep == std::string::npos)
    {
        document.Parse(text.c_str(), text.size());
        if (!document.HasParseError())
            return;
    }
    else
        document.SetNull();
    std::size_t offset = tooDeep != std::string::npos ? tooDeep : document.GetErrorOffset();
    std::size_t line = 1 + std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n');
    std::size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    std::size_t column = lineStart == std::string::npos ? offset + 1 : offset - lineStart;
    throw JsonInputError(source, "line " + std::to_string(line) + ", column " + std::to_string(column),
                         tooDeep != std::string::npos
                             ? "invalid JSON: arrays and objects nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"
                             : std::string("invalid JSON: ") + rapidjson::GetParseError_En(document.GetParseError()));
}

std::string jsonTypeName(const rapidjson::Value& value)
{
    if (value.IsNull()) return "null";
    if (value.IsBool()) return "boolean";
    if (value.IsNumber()) return "number";
    if (value.IsString()) return "string";
    if (value.IsArray()) return "array";
    return "object";
}

JsonObjectReader::JsonObjectReader(const rapidjson::Value& value, std::string source, std::string path)
    : _value(value), _source(std::move(source)), _path(std::move(path))
{
    if (!_value.IsObject())
        throw JsonInputError(_source, _path, "expected an object, got " + jsonTypeName(_value));
}

std::string JsonObjectReader::memberPath(const std::string& name) const
{
    return _path + "." + name;
}

bool JsonObjectReader::has(const std::string& name) const
{
    return _value.HasMember(name.c_str());
}

std::vector<std::string> JsonObjectReader::memberNames() const
{
    std::vector<std::string> names;
    for (auto it = _value.MemberBegin(); it != _value.MemberEnd(); ++it)
        names.emplace_back(it->name.GetString(), it->name.GetStringLength());
    return names;
}

const rapidjson::Value* JsonObjectReader::member(const std::string& name)
{
    _read.insert(name);
    auto it = _value.FindMember(name.c_str());
    return it == _value.MemberEnd() ? nullptr : &it->value;
}

void JsonObjectReader::fail(const std::string& message, const std::string& name) const
{
    throw JsonInputError(_source, name.empty() ? _path : memberPath(name), message);
}

std::optional<std::string> JsonObjectReader::optionalString(const std::string& name)
{
    const rapidjson::Value* v = member(name);
    if (!v || v->IsNull())
        return std::nullopt;
    if (!v->IsString())
        fail("expected a string, got " + jsonTypeName(*v), name);
    return std::string(v->GetString(), v->GetStringLength());
}

std::string JsonObjectReader::requireString(const std::string& name)
{
    auto s = optionalString(name);
    if (!s)
        fail("required string member is missing", name);
    return *s;
}

std::string JsonObjectReader::stringOr(const std::string& name, const std::string& fallback)
{
    return optionalString(name).value_or(fallback);
}

std::int64_t JsonObjectReader::intOr(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max)
{
    const rapidjson::Value* v = member(name);
    if (!v || v->IsNull())
        return fallback;
    if (!v->IsInt64())
        fail("expected an integer, got " + jsonTypeName(*v), name);
    std::int64_t n = v->GetInt64();
    if (n < min || n > max)
        fail("expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " +
                 std::to_string(n),
             name);
    return n;
}

std::int64_t JsonObjectReader::requireInt(const std::string& name, std::int64_t min, std::int64_t max)
{
    if (!has(name))
        fail("required integer member is missing", name);
    return intOr(name, 0, min, max);
}

bool JsonObjectReader::boolOr(const std::string& name, bool fallback)
{
    const rapidjson::Value* v = member(name);
    if (!v || v->IsNull())
        return fallback;
    if (!v->IsBool())
        fail("expected true or false, got " + jsonTypeName(*v), name);
    return v->GetBool();
}

std::vector<std::string> JsonObjectReader::stringArrayOr(const std::string& name, const std::vector<std::string>& fallback)
{
    const rapidjson::Value* v = member(name);
    if (!v || v->IsNull())
        return fallback;
    if (!v->IsArray())
        fail("expected an array of strings, got " + jsonTypeName(*v), name);
    std::vector<std::string> out;
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i)
    {
        const rapidjson::Value& item = (*v)[i];
        if (!item.IsString())
            throw JsonInputError(_source, memberPath(name) + "[" + std::to_string(i) + "]",
                                 "expected a string, got " + jsonTypeName(item));
        out.emplace_back(item.GetString(), item.GetStringLength());
    }
    return out;
}

std::string JsonObjectReader::enumOr(const std::string& name, const std::vector<std::string>& allowed,
                                     const std::string& fallback)
{
    auto s = optionalString(name);
    if (!s)
        return fallback;
    if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end())
    {
        std::string list;
        for (const auto& a : allowed)
            list += (list.empty() ? "" : ", ") + ("\"" + a + "\"");
        fail("expected one of " + list + ", got \"" + *s + "\"", name);
    }
    return *s;
}

std::optional<JsonObjectReader> JsonObjectReader::optionalObject(const std::string& name)
{
    const rapidjson::Value* v = member(name);
    if (!v || v->IsNull())
        return std::nullopt;
    return JsonObjectReader(*v, _source, memberPath(name));
}

void JsonObjectReader::rejectUnknownMembers() const
{
    for (auto it = _value.MemberBegin(); it != _value.MemberEnd(); ++it)
    {
        std::string name(it->name.GetString(), it->name.GetStringLength());
        if (!_read.count(name))
            fail("unknown member (check the spelling against the documented schema)", name);
    }
}

} // namespace oauth
