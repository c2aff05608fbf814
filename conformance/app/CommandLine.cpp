#include "CommandLine.h"

#include <stdexcept>

CommandLine parseCommandLine(int argc, char** argv)
{
    CommandLine c;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        auto value = [&](const std::string& name) -> std::string {
            auto eq = arg.find('=');
            if (eq != std::string::npos && eq + 1 < arg.size())
                return arg.substr(eq + 1);
            if (eq != std::string::npos || i + 1 >= argc)
                throw std::invalid_argument(name + " needs a value");
            return argv[++i];
        };
        auto is = [&](const std::string& name) { return arg == name || arg.rfind(name + "=", 0) == 0; };
        if (arg == "--help" || arg == "-h") c.help = true;
        else if (arg == "--version") c.version = true;
        else if (arg == "--list") c.list = true;
        else if (arg == "--strict") c.strict = true;
        else if (arg == "--verbose" || arg == "-v") c.verbose = true;
        else if (arg == "--quirk-matrix") c.quirkMatrix = true;
        else if (is("--profile"))
        {
            c.profile = value("--profile");
            if (c.profile != "rfc6749" && c.profile != "bcp9700" && c.profile != "oauth21")
                throw std::invalid_argument("--profile: expected rfc6749, bcp9700 or oauth21, got '" + c.profile + "'");
        }
        else if (is("--baseline")) c.baselineFile = value("--baseline");
        else if (is("--out")) c.outDir = value("--out");
        else if (is("--target")) c.target = value("--target");
        else if (is("--target-profile")) c.targetProfile = value("--target-profile");
        else if (is("--ca-file")) c.caFile = value("--ca-file");
        else if (is("--scenarios")) c.scenariosDir = value("--scenarios");
        else if (is("--mock-quirk")) c.mockQuirks.push_back(value("--mock-quirk"));
        else if (is("--max-run-time"))
        {
            const std::string v = value("--max-run-time");
            if (v.empty() || v.size() > 7 || v.find_first_not_of("0123456789") != std::string::npos)
                throw std::invalid_argument("--max-run-time: expected a number of seconds (0: no limit), got '" + v + "'");
            c.maxRunSeconds = std::stoi(v);
        }
        else if (!arg.empty() && arg[0] == '-')
            throw std::invalid_argument("unknown option '" + arg + "' (see --help)");
        else
            c.selectors.push_back(arg);
    }
    if (!c.target.empty() && c.targetProfile.empty())
        throw std::invalid_argument("--target needs --target-profile FILE (clients, user, login recipe; see scenarios/README.md)");
    if (!c.targetProfile.empty() && !c.mockQuirks.empty())
        throw std::invalid_argument("--mock-quirk applies to the embedded mock only");
    if (c.quirkMatrix && !c.mockQuirks.empty())
        throw std::invalid_argument("--quirk-matrix turns each case's own quirks on; it cannot be combined with --mock-quirk");
    if (c.quirkMatrix && !c.baselineFile.empty())
        throw std::invalid_argument("--quirk-matrix does not take a --baseline (every case must be proven)");
    return c;
}

std::string usageText()
{
    return R"(usage: oauth-conformance [OPTIONS] [SELECTOR...]

Runs the OAuth 2.0 conformance suite (authorization code + PKCE, tokens, refresh, revocation,
introspection, resource server, metadata, RFC 9700 hardening) against an authorization server:
the embedded strict mock by default, or any server by its issuer URL. Writes results.json,
junit.xml, report.html and summary.md.

SELECTOR            run only cases whose id starts with it (rfc7636, rfc6749-4.1.2) or whose
                    catalogue row it names (PKCE-02)
--list              list the selected cases (id, level, catalogue row, title) and exit
--profile P         rfc6749 | bcp9700 (default) | oauth21: levels and applicable cases
--strict            SHOULD failures (WARN) fail the run too
--baseline FILE     expected non-PASS results; others fail the run, and so does an entry that did not fire
--out DIR           report folder (default conformance-report)
--verbose, -v       print every check and HTTP exchange (redacted)
--target URL        issuer of the server to test (overrides the profile's issuer)
--target-profile F  test a foreign server: clients, user, login recipe, resource (scenarios/README.md)
--ca-file FILE      trust anchor for the target's TLS certificate
--scenarios DIR     scenario folder (default: the source tree's scenarios/)
--max-run-time S    cases not started after S seconds are ERROR "not run" (default 1800, 0: no
                    limit); after 3 consecutive cases with no response at all the rest are too
--mock-quirk NAME   embedded mock only: enable a quirk for every case (to watch checks fail)
--quirk-matrix      the verdict proof: run each selected case against the strict mock, then once
                    under each quirk of its fails_with; print case x quirk -> outcome with a
                    verdict (proven: strict PASS/SKIP and every quirk gives FAIL, WARN or INFO),
                    write the strict results and the matrix to the reports; exit 0 only if every
                    case is proven. Needs the mock's control API: the embedded mock, or a
                    --target-profile with control.url
--version, --help

exit codes: 0 all results as expected (--quirk-matrix: every case proven), 1 some result
            unexpected (or a stale baseline entry; --quirk-matrix: a case not proven),
            2 usage or configuration error, 3 the selectors matched no case
)";
}
