#pragma once

#include "conformance/Result.h"

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conformance {

/// One expectation of a step: a path into what the step observed ("status", "json.error",
/// "header.Cache-Control", "redirect.state", …) and a matcher (a JSON value or an operator object).
struct Expectation
{
    std::string path;
    const rapidjson::Value* matcher = nullptr; ///< owned by the Scenario's document
    std::optional<Level> level;                ///< overrides the case level for this expectation
    bool precondition = false;                 ///< failing it makes the case SKIP, not FAIL
    std::string note;                          ///< why, shown in reports
};

/// One step of a case: a kind and its parameters (validated at load time), what to expect of
/// its result, named checks to run on it, and variables to capture from it.
struct Step
{
    std::string kind;                          ///< discover, authorize, token, refresh, revoke, introspect, api, http, clock
    const rapidjson::Value* params = nullptr;  ///< the kind's object (owned by the Scenario's document)
    std::vector<Expectation> expectations;
    std::vector<std::string> checks;           ///< named checks (conformance/checks/)
    std::map<std::string, std::string> save;   ///< variable → observation path
    int repeat = 1;                            ///< send the same request N times in sequence
    int parallel = 0;                          ///< send it N times at once (0: not parallel)
    std::string jsonPath;                      ///< for errors: "$.cases[3].steps[1]"
};

/// A test case (design §4–§5), loaded from a scenario file.
struct Scenario
{
    std::string id;                            ///< "<spec>-<section>/<slug>"
    std::string catalogue;                     ///< catalogue row ("PKCE-02")
    std::string title;
    std::string description;
    Level defaultLevel = Level::Must;
    std::map<std::string, Level> levelByProfile;
    std::vector<std::string> requirements;     ///< "RFC7636-4.6", …
    std::vector<std::string> needs;            ///< capabilities the target must have, else SKIP
    std::vector<std::string> profiles;         ///< empty: all profiles
    std::vector<std::string> failsWith;        ///< quirks of the mock that must make it not PASS
    std::vector<Step> steps;
    std::string file;                          ///< source file, for errors
    std::string jsonPath;

    /// The level under a profile.
    Level levelFor(const std::string& profile) const;

    std::shared_ptr<rapidjson::Document> document; ///< keeps the parsed JSON alive
};

/// Capabilities a case may need (the target must offer each, else the case is SKIP).
const std::vector<std::string>& knownCapabilities();

/// Step kinds the loader accepts.
const std::vector<std::string>& knownStepKinds();

/// The catalogue: every scenario file of a directory, parsed and validated once.
class Catalogue
{
public:
    /// Loads every *.json directly under `directory` (sorted by name). Throws
    /// oauth::JsonInputError naming the file, the case id and the JSON path of the first problem;
    /// duplicate ids across files are an error too.
    static Catalogue loadDirectory(const std::string& directory);

    /// Loads one file's text (for tests); `source` names it in errors.
    static Catalogue loadText(const std::string& text, const std::string& source);

    const std::vector<Scenario>& scenarios() const { return _scenarios; }

    /// Scenarios whose id starts with one of the selectors at a section boundary ("rfc6749-1" is not
    /// "rfc6749-10"), or whose catalogue row is one of them (all if `selectors` is empty), in catalogue order.
    std::vector<const Scenario*> select(const std::vector<std::string>& selectors) const;

private:
    void add(Catalogue&& other);
    std::vector<Scenario> _scenarios;
};

} // namespace conformance
