#pragma once

#include "conformance/Observation.h"

#include <rapidjson/document.h>

#include <functional>
#include <regex>
#include <string>

namespace conformance {

/// Replaces ${name} by the variable's value; throws std::runtime_error naming an unknown variable.
using Substitute = std::function<std::string(const std::string&)>;

/// Result of matching an observed value.
struct MatchResult
{
    bool matched = false;
    std::string expected; ///< the matcher, rendered for people ("one of [400, 401]", "contains \"no-store\"")
};

/// Compiles the pattern of a "matches" matcher (ECMAScript). With libstdc++ it runs on the
/// breadth-first executor, whose recursion does not grow with the subject: the default one recurses
/// once per character and overflowed the stack on a 50 000-character value from the server under
/// test. Back-references are therefore refused, and so are repetition counts above 1000. Throws
/// std::regex_error.
std::regex compileMatcherRegex(const std::string& pattern);

/// Matches an observed value against a scenario matcher: a literal (equality), an array (one of),
/// or an operator object (equals, in, not_in, contains, not_contains, starts_with, present, absent,
/// matches, type, min, max, length_min, length_max, not, any); string operands are substituted.
/// `caseInsensitive` applies to string comparisons (header values).
MatchResult matchValue(const ObservedValue& observed, const rapidjson::Value& matcher, const Substitute& substitute,
                       bool caseInsensitive = false);

} // namespace conformance
