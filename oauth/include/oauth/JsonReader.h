#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace oauth {

/// A JSON input error that names where it happened: "FILE: $.clients[1].redirect_uris[0]: expected a string".
class JsonInputError : public std::runtime_error
{
public:
    JsonInputError(const std::string& source, const std::string& path, const std::string& message);

    const std::string& source() const { return _source; }
    const std::string& path() const { return _path; }
    const std::string& detail() const { return _detail; }

private:
    std::string _source;
    std::string _path;
    std::string _detail;
};

/// Deepest nesting of arrays and objects accepted. RapidJSON's parser and writer recurse once per
/// level: a body of 200 000 '[' (well within a 1 MiB response) would overflow the stack.
constexpr std::size_t kMaxJsonDepth = 256;

/// Offset of the first '[' or '{' that opens level `maxDepth` + 1 (brackets inside strings do not
/// count), or std::string::npos if the text nests no deeper than `maxDepth`.
std::size_t jsonDepthExceededAt(std::string_view text, std::size_t maxDepth = kMaxJsonDepth);

/// document.Parse(text) for text that may come from anywhere: a text nested deeper than
/// kMaxJsonDepth is parsed only up to the bracket that goes too deep, so the document reports a
/// parse error at that offset instead of the parser overflowing the stack.
void parseJsonBounded(rapidjson::Document& document, std::string_view text);

/// Parses JSON text into a document; throws JsonInputError with line and column on a syntax error
/// or on arrays and objects nested deeper than kMaxJsonDepth.
void parseJsonDocument(rapidjson::Document& document, const std::string& text, const std::string& source);

/// Reads one JSON object member by member, tracking the JSON path for errors, and refuses
/// members it was not asked about (a typo in a config or scenario must not pass silently).
class JsonObjectReader
{
public:
    /// Throws JsonInputError if `value` is not an object.
    JsonObjectReader(const rapidjson::Value& value, std::string source, std::string path);

    const std::string& source() const { return _source; }
    const std::string& path() const { return _path; }

    /// Path of a member: "$.a.b" + name.
    std::string memberPath(const std::string& name) const;

    bool has(const std::string& name) const;

    /// Names of all members, in document order (for maps keyed by name).
    std::vector<std::string> memberNames() const;

    /// The raw member (marks it as read); nullptr if absent.
    const rapidjson::Value* member(const std::string& name);

    std::string requireString(const std::string& name);
    std::optional<std::string> optionalString(const std::string& name);
    std::string stringOr(const std::string& name, const std::string& fallback);

    std::int64_t requireInt(const std::string& name, std::int64_t min, std::int64_t max);
    std::int64_t intOr(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max);

    bool boolOr(const std::string& name, bool fallback);

    /// An array of strings (an absent member gives `fallback`).
    std::vector<std::string> stringArrayOr(const std::string& name, const std::vector<std::string>& fallback);

    /// A string that must be one of `allowed`.
    std::string enumOr(const std::string& name, const std::vector<std::string>& allowed, const std::string& fallback);

    /// A nested object reader (throws if present and not an object); nullopt if absent.
    std::optional<JsonObjectReader> optionalObject(const std::string& name);

    /// Throws JsonInputError for the first member that was never read.
    void rejectUnknownMembers() const;

    /// Throws JsonInputError at this object's path (or at a member's path if `name` is given).
    [[noreturn]] void fail(const std::string& message, const std::string& name = "") const;

private:
    const rapidjson::Value& _value;
    std::string _source;
    std::string _path;
    std::set<std::string> _read;
};

/// Human name of a JSON value's type ("string", "array", …) for error messages.
std::string jsonTypeName(const rapidjson::Value& value);

} // namespace oauth
