#pragma once

#include "conformance/Result.h"

#include <string>
#include <vector>

namespace reports {

/// Creates `outDir` (and its parents) and writes results.json, junit.xml, report.html and
/// summary.md into it. Returns the paths written. Throws std::runtime_error naming the
/// directory or file that could not be created or written.
std::vector<std::string> writeAllReports(const conformance::RunResult& run, const std::string& outDir);

} // namespace reports
