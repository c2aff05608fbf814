#pragma once

#include "conformance/Result.h"
#include "conformance/Scenario.h"
#include "conformance/Target.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace conformance {

struct QuirkMatrixCase;

/// How a quirk matrix is run.
struct QuirkMatrixOptions
{
    /// The profile to run under. A case limited to other profiles (`profiles`) runs under its
    /// first one instead, so that its checks are exercised rather than SKIPped.
    std::string profile = "bcp9700";
    bool strict = false;                  ///< recorded in the RunResult (as for a normal run)
    /// Called after each case, with all its rows (index from 0) — progress output.
    std::function<void(const QuirkMatrixCase&, std::size_t index, std::size_t total)> onCaseDone;
};

/// The matrix rows of one case and what they prove.
struct QuirkMatrixCase
{
    std::string caseId;
    std::string profile;                  ///< the profile the case ran under
    std::vector<QuirkMatrixEntry> rows;   ///< the strict run first (quirk ""), then one per declared quirk, in order
    QuirkVerdict verdict = QuirkVerdict::NoQuirk;
};

/// A whole matrix: the per-case view, and the run in the result model (`run.cases`: the case
/// results of the strict runs; `run.quirkMatrix`: every row) for the reports.
struct QuirkMatrixResult
{
    std::vector<QuirkMatrixCase> cases;
    RunResult run;

    /// How many cases have this verdict.
    int count(QuirkVerdict verdict) const;
    /// "N cases: P proven, Q not proven, R without a quirk".
    std::string summaryLine() const;
    /// 0 if every case is proven, else 1 (design §3 exit codes).
    int exitCode() const;
};

/// The verdict proof of design §6. For each scenario, runs it against the strict mock (no quirk)
/// and then once per quirk of its `fails_with` with only that quirk on (RunOptions::mockQuirks),
/// each run from a reset mock. The target must have the mock's control API (`controlUrl`: the
/// embedded mock, or a separately started oauth-mock-server); quirks are passed by name only, so
/// an unknown name gives an ERROR row (the mock refuses it), never a crash. Throws
/// std::invalid_argument if the target has no control API (quirks could not be turned on).
QuirkMatrixResult runQuirkMatrix(Target& target, const std::vector<const Scenario*>& scenarios,
                                 const QuirkMatrixOptions& options = {});

} // namespace conformance
