#pragma once

#include "conformance/HttpClient.h"
#include "conformance/Result.h"
#include "conformance/Scenario.h"
#include "conformance/Target.h"

#include <functional>
#include <string>
#include <vector>

namespace conformance {

/// How a run is judged.
struct RunOptions
{
    std::string profile = "bcp9700";   ///< rfc6749 | bcp9700 | oauth21
    bool strict = false;               ///< SHOULD failures (WARN) count as failures
    std::vector<std::string> mockQuirks; ///< quirks enabled on the mock after each reset (proving checks can fail)
    int maxRunSeconds = 0;             ///< cases not started by then are ERROR "not run" (0: no limit)
    int unreachableLimit = 3;          ///< after this many consecutive cases without any response, the rest are not run
    /// Called after each case (index from 0) — progress output.
    std::function<void(const CaseResult&, std::size_t index, std::size_t total)> onCaseDone;
};

/// Executes scenarios against a target: each case with fresh state (a control-API reset of
/// the mock, fresh PKCE pair, state and cookies), its steps through the recording HttpClient
/// and the UserAgent, expectations and named checks judged at the case's level for the
/// profile. Whatever the server does becomes the case's outcome; nothing it sends can crash
/// the run.
class Runner
{
public:
    Runner(Target& target, RunOptions options);

    /// Runs one case.
    CaseResult runCase(const Scenario& scenario);

    /// Runs the cases in order and fills a RunResult (without exit code or baseline). A server that
    /// stops answering cannot hold the run for long: after `unreachableLimit` consecutive cases
    /// that got no response at all, and once `maxRunSeconds` have passed, the remaining cases are
    /// ERROR with the reason, without sending anything.
    RunResult run(const std::vector<const Scenario*>& scenarios);

private:
    /// A result holding the case's identity (id, title, level, requirements, description).
    CaseResult identityOf(const Scenario& scenario) const;

    Target& _target;
    RunOptions _options;
    HttpClient _http;
};

/// Combines check results into an outcome: any failed check → the worst outcome its level
/// gives (MUST → FAIL, SHOULD → WARN, else INFO); none failed → PASS; no checks → ERROR.
Outcome judge(const std::vector<CheckResult>& checks, std::string& reason);

} // namespace conformance
