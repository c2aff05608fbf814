#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace conformance {

/// Requirement levels (design §4). The level of a case may differ per profile.
enum class Level { Must, Should, May, Practice, Info };

/// Case outcomes (design §4): PASS; FAIL (a MUST broken); WARN (a SHOULD broken); INFO (observed,
/// the spec leaves it open, or a MAY/PRACTICE item not met); SKIP (precondition absent, with the
/// reason); ERROR (the harness or the network failed, not the server).
enum class Outcome { Pass, Fail, Warn, Info, Skip, Error };

const char* levelName(Level level);          ///< "MUST", "SHOULD", "MAY", "PRACTICE", "INFO"
std::optional<Level> parseLevel(const std::string& name);
const char* outcomeName(Outcome outcome);    ///< "PASS", "FAIL", "WARN", "INFO", "SKIP", "ERROR"
std::optional<Outcome> parseOutcome(const std::string& name);

/// Stream the names (for test diagnostics and logs).
std::ostream& operator<<(std::ostream& out, Level level);
std::ostream& operator<<(std::ostream& out, Outcome outcome);

/// The outcome a failed check of this level gives: MUST → FAIL, SHOULD → WARN, others → INFO.
Outcome outcomeForFailedLevel(Level level);

/// Ordering for "the worst outcome wins": ERROR > FAIL > WARN > INFO > PASS > SKIP.
int outcomeSeverity(Outcome outcome);

/// One HTTP request/response pair as recorded, secrets already redacted. Everything in it
/// came from (or went to) the server under test: writers must escape it.
struct HttpExchange
{
    std::string method;
    std::string url;
    std::vector<std::pair<std::string, std::string>> requestHeaders;
    std::string requestBody;
    int status = 0;                 ///< 0 when no response arrived
    std::vector<std::pair<std::string, std::string>> responseHeaders;
    std::string responseBody;       ///< possibly truncated (see bodyTruncated)
    bool bodyTruncated = false;
    std::string error;              ///< transport failure ("connection refused", "timeout", …), else ""
    double durationMs = 0;
};

/// One expectation or named check evaluated in a case.
struct CheckResult
{
    std::string name;       ///< e.g. "status", "json.error", "check:error-body-rfc6749"
    std::string step;       ///< which step ("2: token")
    Level level = Level::Must;
    bool passed = false;
    std::string expected;   ///< human-readable
    std::string actual;     ///< human-readable, from the server: escape when shown
    std::string detail;     ///< optional explanation
};

/// The result of one case.
struct CaseResult
{
    std::string id;                         ///< "rfc7636-4.6/wrong-verifier-rejected"
    std::string title;
    std::string catalogue;                  ///< catalogue row, e.g. "PKCE-02"
    Level level = Level::Must;              ///< effective level under the run's profile
    std::vector<std::string> requirements;  ///< tokens such as "RFC7636-4.6"
    std::string specSection;                ///< grouping key: "RFC 7636 §4.6" (from the first requirement)
    std::string description;                ///< what it checks and why (from the scenario)
    Outcome outcome = Outcome::Error;
    std::string reason;                     ///< one line: why this outcome (first failing check, skip reason, error)
    std::vector<CheckResult> checks;
    std::vector<HttpExchange> exchanges;
    double durationMs = 0;
    bool baselined = false;                 ///< the outcome matched an entry of the baseline file
};

/// Counts of outcomes, overall and per level.
struct Summary
{
    std::map<Outcome, int> byOutcome;
    std::map<Level, std::map<Outcome, int>> byLevel;
    int total = 0;
};

/// One cell of the quirk matrix (design §6: every check is proven able to fail): a case run
/// against the strict mock (`quirk` empty) or with one of its declared quirks (`fails_with`) on.
struct QuirkMatrixEntry
{
    std::string caseId;                     ///< "rfc7636-4.6/wrong-verifier-rejected"
    std::string catalogue;                  ///< "PKCE-02"
    Level level = Level::Must;              ///< effective level of the case in that run
    std::string quirk;                      ///< the mock quirk that was on; "" for the strict run
    Outcome outcome = Outcome::Error;
    std::string reason;                     ///< why this outcome (from the case result)
};

/// What the quirk matrix shows for one case: Proven (strict PASS or SKIP, and every declared
/// quirk gives FAIL, WARN or INFO), NotProven (the strict run did not PASS/SKIP, or a quirk left
/// the case PASS, SKIP or ERROR), NoQuirk (the case declares no quirk).
enum class QuirkVerdict { Proven, NotProven, NoQuirk };

const char* quirkVerdictName(QuirkVerdict verdict);   ///< "proven", "not proven", "no quirk declared"
std::optional<QuirkVerdict> parseQuirkVerdict(const std::string& name);

/// True if an outcome under a quirk shows the check failing: FAIL, WARN or INFO.
bool quirkBreaks(Outcome outcome);

/// The verdict of one case from its rows (the strict row has an empty quirk; rows of other
/// cases are ignored). A case with no strict row is NotProven unless it declares no quirk.
QuirkVerdict quirkVerdictFor(const std::vector<QuirkMatrixEntry>& matrix, const std::string& caseId);

/// The case ids of a matrix in the order they first appear.
std::vector<std::string> quirkMatrixCaseIds(const std::vector<QuirkMatrixEntry>& matrix);

/// Everything a run produced; the reports render only this.
struct RunResult
{
    static constexpr int kSchemaVersion = 1;
    std::string toolVersion;
    std::string startedAt;      ///< ISO 8601 UTC
    std::string finishedAt;
    double durationMs = 0;
    std::string targetIssuer;
    std::string targetKind;     ///< "embedded-mock" or "remote"
    std::string profile;        ///< rfc6749 | bcp9700 | oauth21
    bool strict = false;
    std::vector<std::string> selectors;
    std::vector<CaseResult> cases;
    std::vector<std::string> staleBaselineEntries; ///< baseline entries that did not fire
    std::vector<QuirkMatrixEntry> quirkMatrix;     ///< --quirk-matrix rows (strict and per quirk); empty for a normal run
    int exitCode = 0;

    /// Counts over `cases`.
    Summary summary() const;
};

/// A link for a requirement token: "RFC7636-4.6" → https://www.rfc-editor.org/rfc/rfc7636#section-4.6,
/// "OAUTH21-D15-4.3.1" → the draft's section; "" if the token has no known form.
std::string requirementUrl(const std::string& token);

/// "RFC7636-4.6" → "RFC 7636 §4.6"; unknown forms are returned as is.
std::string requirementLabel(const std::string& token);

} // namespace conformance
