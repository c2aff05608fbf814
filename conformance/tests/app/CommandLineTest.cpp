#define BOOST_TEST_MODULE CommandLineTest
#include <boost/test/unit_test.hpp>

// The options of oauth-conformance (design §3 RunOptions; README "CI use").

#include "CommandLine.h"

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// Parses the arguments after the program name.
CommandLine parse(std::initializer_list<std::string> args)
{
    std::vector<std::string> storage = {"oauth-conformance"};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    return parseCommandLine(static_cast<int>(storage.size()), argv.data());
}

/// The message of the std::invalid_argument the arguments give ("" if none is thrown).
std::string usageError(std::initializer_list<std::string> args)
{
    try
    {
        parse(args);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_without_arguments)
{
    CommandLine c = parse({});
    BOOST_TEST(c.selectors.empty());
    BOOST_TEST(!c.list);
    BOOST_TEST(!c.help);
    BOOST_TEST(!c.version);
    BOOST_TEST(!c.strict);
    BOOST_TEST(!c.verbose);
    BOOST_TEST(c.profile == "bcp9700");
    BOOST_TEST(c.baselineFile.empty());
    BOOST_TEST(c.outDir == "conformance-report");
    BOOST_TEST(c.target.empty());
    BOOST_TEST(c.targetProfile.empty());
    BOOST_TEST(c.caFile.empty());
    BOOST_TEST(c.scenariosDir.empty());
    BOOST_TEST(c.mockQuirks.empty());
    BOOST_TEST(c.maxRunSeconds == 1800);
}

BOOST_AUTO_TEST_CASE(selectors_are_kept_in_order)
{
    CommandLine c = parse({"rfc7636", "rfc7009-2.2", "PKCE-02"});
    BOOST_TEST(c.selectors == (std::vector<std::string>{"rfc7636", "rfc7009-2.2", "PKCE-02"}));
}

BOOST_AUTO_TEST_CASE(selectors_mix_with_options)
{
    CommandLine c = parse({"rfc7636", "--strict", "rfc6749-4.1.2", "--out", "dir"});
    BOOST_TEST(c.selectors == (std::vector<std::string>{"rfc7636", "rfc6749-4.1.2"}));
    BOOST_TEST(c.strict);
    BOOST_TEST(c.outDir == "dir");
}

BOOST_AUTO_TEST_CASE(flags)
{
    BOOST_TEST(parse({"--help"}).help);
    BOOST_TEST(parse({"-h"}).help);
    BOOST_TEST(parse({"--version"}).version);
    BOOST_TEST(parse({"--list"}).list);
    BOOST_TEST(parse({"--strict"}).strict);
    BOOST_TEST(parse({"--verbose"}).verbose);
    BOOST_TEST(parse({"-v"}).verbose);
}

BOOST_AUTO_TEST_CASE(every_option_with_a_separate_value)
{
    CommandLine c = parse({"--profile", "oauth21", "--baseline", "base.json", "--out", "out-dir", "--target",
                           "https://as.example.com", "--target-profile", "t.json", "--ca-file", "ca.pem",
                           "--scenarios", "scen"});
    BOOST_TEST(c.profile == "oauth21");
    BOOST_TEST(c.baselineFile == "base.json");
    BOOST_TEST(c.outDir == "out-dir");
    BOOST_TEST(c.target == "https://as.example.com");
    BOOST_TEST(c.targetProfile == "t.json");
    BOOST_TEST(c.caFile == "ca.pem");
    BOOST_TEST(c.scenariosDir == "scen");
    BOOST_TEST(c.selectors.empty());
}

BOOST_AUTO_TEST_CASE(every_option_in_the_equals_form)
{
    CommandLine c = parse({"--profile=rfc6749", "--baseline=base.json", "--out=out-dir", "--target=https://as.example.com/t?x=1",
                           "--target-profile=t.json", "--ca-file=ca.pem", "--scenarios=scen"});
    BOOST_TEST(c.profile == "rfc6749");
    BOOST_TEST(c.baselineFile == "base.json");
    BOOST_TEST(c.outDir == "out-dir");
    BOOST_TEST(c.target == "https://as.example.com/t?x=1"); // only the first '=' separates
    BOOST_TEST(c.targetProfile == "t.json");
    BOOST_TEST(c.caFile == "ca.pem");
    BOOST_TEST(c.scenariosDir == "scen");
}

BOOST_AUTO_TEST_CASE(a_separate_value_may_contain_equals)
{
    CommandLine c = parse({"--target", "https://as.example.com/?tenant=a", "--target-profile", "t.json"});
    BOOST_TEST(c.target == "https://as.example.com/?tenant=a");
}

BOOST_AUTO_TEST_CASE(every_profile_is_accepted)
{
    for (const char* p : {"rfc6749", "bcp9700", "oauth21"})
        BOOST_TEST(parse({"--profile", p}).profile == p);
}

BOOST_AUTO_TEST_CASE(mock_quirks_accumulate)
{
    CommandLine c = parse({"--mock-quirk", "code-reuse", "--mock-quirk=accept-wrong-verifier"});
    BOOST_TEST(c.mockQuirks == (std::vector<std::string>{"code-reuse", "accept-wrong-verifier"}));
}

BOOST_AUTO_TEST_CASE(a_missing_value_names_the_option)
{
    for (const char* option : {"--profile", "--baseline", "--out", "--target", "--target-profile", "--ca-file",
                               "--scenarios", "--mock-quirk"})
    {
        std::string message = usageError({option});
        BOOST_TEST_INFO(option);
        BOOST_TEST(contains(message, option));
        BOOST_TEST(contains(message, "needs a value"));
    }
}

BOOST_AUTO_TEST_CASE(an_empty_equals_value_is_a_missing_value)
{
    for (const char* option : {"--profile=", "--baseline=", "--out=", "--target=", "--target-profile=", "--ca-file=",
                               "--scenarios=", "--mock-quirk="})
    {
        std::string message = usageError({option});
        BOOST_TEST_INFO(option);
        BOOST_TEST(contains(message, "needs a value"));
    }
}

BOOST_AUTO_TEST_CASE(an_unknown_option_is_refused)
{
    std::string message = usageError({"--stirct"});
    BOOST_TEST(contains(message, "unknown option"));
    BOOST_TEST(contains(message, "--stirct"));
    BOOST_TEST(contains(usageError({"-x"}), "-x"));
    BOOST_TEST(contains(usageError({"--list=yes"}), "--list=yes"));
}

BOOST_AUTO_TEST_CASE(a_bad_profile_is_refused)
{
    std::string message = usageError({"--profile", "oauth20"});
    BOOST_TEST(contains(message, "--profile"));
    BOOST_TEST(contains(message, "oauth20"));
    BOOST_TEST(contains(message, "rfc6749, bcp9700 or oauth21"));
    BOOST_TEST(contains(usageError({"--profile=BCP9700"}), "BCP9700"));
}

BOOST_AUTO_TEST_CASE(max_run_time)
{
    BOOST_TEST(parse({"--max-run-time", "90"}).maxRunSeconds == 90);
    BOOST_TEST(parse({"--max-run-time=0"}).maxRunSeconds == 0);
    for (const std::string bad : {"-1", "ten", "1.5", "99999999"})
    {
        BOOST_TEST_INFO(bad);
        BOOST_TEST(contains(usageError({"--max-run-time", bad}), "--max-run-time: expected a number of seconds"));
    }
}

BOOST_AUTO_TEST_CASE(target_needs_a_target_profile)
{
    std::string message = usageError({"--target", "https://as.example.com"});
    BOOST_TEST(contains(message, "--target needs --target-profile"));
    BOOST_TEST(usageError({"--target", "https://as.example.com", "--target-profile", "t.json"}).empty());
}

BOOST_AUTO_TEST_CASE(mock_quirk_is_for_the_embedded_mock_only)
{
    std::string message = usageError(
        {"--target", "https://as.example.com", "--target-profile", "t.json", "--mock-quirk", "code-reuse"});
    BOOST_TEST(contains(message, "--mock-quirk"));
    BOOST_TEST(contains(message, "embedded mock"));
}

BOOST_AUTO_TEST_CASE(quirk_matrix_flag)
{
    BOOST_TEST(!parse({}).quirkMatrix);
    CommandLine c = parse({"--quirk-matrix", "PKCE-02", "--profile", "oauth21"});
    BOOST_TEST(c.quirkMatrix);
    BOOST_TEST(c.selectors == std::vector<std::string>{"PKCE-02"}, boost::test_tools::per_element());
    BOOST_TEST(c.profile == "oauth21");
    // A target profile is accepted here; whether it has a control URL is checked once it is loaded.
    BOOST_TEST(parse({"--quirk-matrix", "--target-profile", "t.json"}).quirkMatrix);
}

BOOST_AUTO_TEST_CASE(quirk_matrix_refuses_mock_quirk_and_baseline)
{
    BOOST_TEST(contains(usageError({"--quirk-matrix", "--mock-quirk", "code-reuse"}), "--mock-quirk"));
    BOOST_TEST(contains(usageError({"--quirk-matrix", "--baseline", "b.json"}), "--baseline"));
}

BOOST_AUTO_TEST_CASE(usage_text_lists_every_option_and_the_exit_codes)
{
    std::string text = usageText();
    for (const char* option : {"--list", "--profile", "--strict", "--baseline", "--out", "--verbose", "--target",
                               "--target-profile", "--ca-file", "--scenarios", "--mock-quirk", "--quirk-matrix", "--max-run-time", "--version", "--help"})
    {
        BOOST_TEST_INFO(option);
        BOOST_TEST(contains(text, option));
    }
    BOOST_TEST(contains(text, "exit codes"));
}
