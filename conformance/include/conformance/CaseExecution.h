#pragma once

#include "conformance/HttpClient.h"
#include "conformance/Observation.h"
#include "conformance/Result.h"
#include "conformance/Scenario.h"
#include "conformance/Target.h"
#include "conformance/UserAgent.h"

#include <oauth/FormData.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace conformance {

/// A verdict reached before all checks are judged: SKIP (a precondition failed) or ERROR
/// (the harness or the network failed, a variable was missing).
struct StepVerdict
{
    std::optional<Outcome> outcome;
    std::string reason;
    bool halt = false; ///< stop running steps; judge the checks recorded so far (if no outcome)
};

/// One case's run: its variables, its browser (cookies), its PKCE pair and state, the checks
/// and exchanges it recorded. Fresh for every case, so cases are independent.
class CaseExecution
{
public:
    CaseExecution(Target& target, const HttpClient& http, const Scenario& scenario, Level level,
                  std::vector<std::string> mockQuirks);

    /// Resets the mock (control API) and enables the requested quirks, then discovers the
    /// metadata if needed. Returns an error description, or "" when ready.
    std::string prepare();

    /// Runs every step; returns an early verdict (SKIP/ERROR) or none (judge the checks).
    StepVerdict run();

    const std::vector<CheckResult>& checks() const { return _checks; }
    /// The exchanges, redacted.
    std::vector<HttpExchange> exchanges() const;

    /// Replaces every secret value seen in this case (tokens, codes, verifiers, client
    /// secrets, the password) by its redacted form.
    std::string scrub(const std::string& text) const;

private:
    Observation execute(const Step& step, const std::string& label);
    Observation authorize(const rapidjson::Value& p);
    Observation tokenStyle(const Step& step, const std::string& endpointMember, oauth::FormData defaults);
    Observation api(const Step& step);
    Observation rawHttp(const Step& step);
    Observation advanceClock(const rapidjson::Value& p);
    Observation discover();
    Observation send(const Step& step, const HttpRequestSpec& request);

    std::string substitute(const std::string& text);
    void applyParams(oauth::FormData& form, const rapidjson::Value& params);
    void applyClientAuth(const ClientRole& client, const std::string& mode, oauth::FormData& form,
                         HttpRequestSpec& request);
    const ClientRole& role(const rapidjson::Value& params, const std::string& fallback);
    std::string endpoint(const std::string& member);
    void judgeStep(const Step& step, const std::string& label, const Observation& observation, StepVerdict& verdict);
    void autoSave(const Observation& observation);
    void remember(const std::string& secret);

    Target& _target;
    const HttpClient& _http;
    const Scenario& _scenario;
    Level _level;
    std::vector<std::string> _mockQuirks;
    UserAgent _browser;
    std::map<std::string, std::string> _vars;
    std::vector<CheckResult> _checks;
    std::vector<HttpExchange> _exchanges;
    std::set<std::string> _secrets;
};

/// Thrown when a scenario uses ${name} that no step has set.
class UnresolvedVariable : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Thrown when a step finds the case cannot run against this target (e.g. too long a real wait).
class SkipCase : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace conformance
