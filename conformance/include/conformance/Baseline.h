#pragma once

#include "conformance/Result.h"

#include <string>
#include <vector>

namespace conformance {

/// An expected non-PASS result: a known deviation of the target that should not fail CI.
struct BaselineEntry
{
    std::string id;
    Outcome outcome = Outcome::Fail;
    std::string note;
    bool mayPass = false; ///< a timing-dependent verdict: PASS is expected too and does not make the entry stale
};

/// Reads a baseline file: {"entries": [{"id": "…", "outcome": "FAIL", "may_pass": false, "note": "…"}]}.
/// Throws oauth::JsonInputError naming the file and JSON path.
std::vector<BaselineEntry> loadBaseline(const std::string& path);

/// As loadBaseline, from text.
std::vector<BaselineEntry> parseBaseline(const std::string& text, const std::string& source);

/// Marks each case whose id and outcome match an entry as baselined. Returns the entries that
/// did not fire: their case ran with another outcome, or no case of the catalogue has that id.
/// Entries for cases that exist but were not selected are ignored.
std::vector<std::string> applyBaseline(RunResult& run, const std::vector<BaselineEntry>& entries,
                                       const std::vector<std::string>& catalogueIds);

/// True if the case's outcome fails the run: FAIL or ERROR (and WARN when strict), unless baselined.
bool isUnexpected(const CaseResult& result, bool strict);

/// Design §3: 0 when every result is as expected and no baseline entry is stale, else 1.
int exitCodeFor(const RunResult& run);

/// Exit codes of oauth-conformance.
enum ExitCode { ExitOk = 0, ExitUnexpected = 1, ExitUsage = 2, ExitNothingSelected = 3 };

} // namespace conformance
