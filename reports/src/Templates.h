#pragma once

#include <string>

namespace reports {
namespace templates {

/// The HTML report's stylesheet (reports/templates/report.css, embedded at build time).
const std::string& css();

/// The HTML report's script (reports/templates/report.js, embedded at build time); it only
/// toggles visibility and never reads report data as code.
const std::string& js();

} // namespace templates
} // namespace reports
