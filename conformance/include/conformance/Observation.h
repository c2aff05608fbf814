#pragma once

#include "conformance/HttpClient.h"
#include "conformance/Target.h"
#include "conformance/UserAgent.h"

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conformance {

/// A value read from an observation, typed like JSON, or absent.
struct ObservedValue
{
    enum class Type { Absent, Null, Bool, Integer, Number, String, Array, Object };
    Type type = Type::Absent;
    bool boolean = false;
    std::int64_t integer = 0;
    double number = 0;
    std::string text;        ///< the string, or the compact JSON of an array/object
    std::size_t length = 0;  ///< string length or array size
    std::vector<ObservedValue> items; ///< array elements (one level)

    static ObservedValue absent() { return {}; }
    static ObservedValue ofString(std::string s);
    static ObservedValue ofInteger(std::int64_t n);
    static ObservedValue ofBool(bool b);
    static ObservedValue ofJson(const rapidjson::Value& v);

    bool present() const { return type != Type::Absent; }
    /// Human-readable rendering: "401", "\"invalid_grant\"", "(absent)", JSON for compound values;
    /// full length (the runner redacts, then shortens for reports).
    std::string describe() const;
    /// JSON type name: "string", "integer", …, "absent".
    std::string typeName() const;
};

/// What one step observed: its HTTP exchanges, the authorization outcome for authorize
/// steps, the statuses of repeated or parallel requests.
struct Observation
{
    std::string kind;
    HttpExchange exchange;                      ///< the step's (last) exchange
    std::vector<HttpExchange> exchanges;        ///< every exchange of the step
    std::optional<AuthorizationResult> authorization;
    std::vector<int> statuses;                  ///< repeat/parallel: every status, in order
    const Target* target = nullptr;
    const std::map<std::string, std::string>* variables = nullptr;

    /// Resolves an observation path (scenarios/README.md lists them): status, header.<Name>,
    /// header_count.<Name>, json, json.<a>.<b>, body, body_size, content_type, location,
    /// redirected, redirect.<param>, error, login_status, page_header.<Name>, bearer.<param>,
    /// metadata.<member>, statuses, count_status.<code>, var.<name>.
    ObservedValue value(const std::string& path) const;

    /// The parsed JSON body of `exchange` (null if it is not JSON).
    const rapidjson::Document* json() const;

private:
    mutable std::shared_ptr<rapidjson::Document> _json;
    mutable bool _jsonParsed = false;
};

} // namespace conformance
