#pragma once

// Helpers shared by the writers (private to the reports library).

#include <string>
#include <string_view>

namespace reports {
namespace text {

/// Replaces every byte sequence that is not valid UTF-8 (including overlong forms and
/// surrogates) with U+FFFD, so every writer emits valid UTF-8 whatever the server sent.
std::string sanitizeUtf8(std::string_view input);

/// Writes `content` to `path`; throws std::runtime_error naming the path on failure.
void writeTextFile(const std::string& path, const std::string& content);

/// Reads a whole file; throws std::runtime_error naming the path on failure.
std::string readTextFile(const std::string& path);

/// Fixed-point formatting with `decimals` digits ("0.013").
std::string fixed(double value, int decimals);

/// Ordering in which digit runs compare as numbers: "RFC 6749 §4.10" after "RFC 6749 §4.9".
bool naturalLess(const std::string& a, const std::string& b);

/// The spec part of a section key: "RFC 7636 §4.6" → "RFC 7636"; "" → "Other".
std::string specOf(const std::string& specSection);

} // namespace text
} // namespace reports
