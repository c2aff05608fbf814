#pragma once

#include "conformance/Result.h"

#include <string>

namespace reports {

/// results.json: the canonical record of a run (design §7), schema "oauth-conformance/results"
/// version RunResult::kSchemaVersion, documented member by member in reports/README.md.
/// Every other report can be rendered from it (readRunResult gives the RunResult back).
class JsonReport
{
public:
    /// The pretty-printed JSON text (2-space indent, trailing newline).
    static std::string render(const conformance::RunResult& run);

    /// Writes render(run) to `path`; throws std::runtime_error naming the path.
    static void write(const conformance::RunResult& run, const std::string& path);
};

/// Parses results.json text back into a RunResult. Only "schema", "schema_version", and each
/// case's "id" and "outcome" are required (so a hand-written baseline can be short); unknown
/// members are ignored; derived members (summary, requirement labels and URLs) are not read.
/// Throws oauth::JsonInputError naming `source` and the JSON path ("$.cases[2].outcome").
conformance::RunResult parseRunResult(const std::string& text, const std::string& source);

/// Reads and parses the results.json at `path` (errors name the path and the JSON path).
conformance::RunResult readRunResult(const std::string& path);

} // namespace reports
