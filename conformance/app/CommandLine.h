#pragma once

#include <string>
#include <vector>

/// The options of oauth-conformance (design §3 RunOptions).
struct CommandLine
{
    std::vector<std::string> selectors;  ///< id prefixes or catalogue rows
    bool list = false;
    bool help = false;
    bool version = false;
    bool strict = false;
    bool verbose = false;
    bool quirkMatrix = false;            ///< --quirk-matrix: each case strict and under each declared quirk
    std::string profile = "bcp9700";
    std::string baselineFile;
    std::string outDir = "conformance-report";
    std::string target;                  ///< issuer URL; empty: the embedded mock
    std::string targetProfile;
    std::string caFile;
    std::string scenariosDir;
    std::vector<std::string> mockQuirks;
    int maxRunSeconds = 1800;            ///< --max-run-time: cases not started by then are ERROR (0: no limit)
};

/// Parses argv; throws std::invalid_argument with a message naming the option.
CommandLine parseCommandLine(int argc, char** argv);

/// The --help text.
std::string usageText();
