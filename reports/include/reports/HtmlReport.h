#pragma once

#include "conformance/Result.h"

#include <string>

namespace reports {

/// report.html (design §7): one self-contained page for people — no network, no CDN, CSS and
/// JS inline (embedded from reports/templates/ at build time). A summary by level and outcome
/// with an inline SVG chart, cases grouped by spec and section in <details> (readable without
/// JS), filters by outcome and level and a text search, and per case its description,
/// requirement links, checks (expected vs actual) and HTTP exchanges.
///
/// Security: every model value is HTML-escaped (oauth::htmlEscape) into element content or a
/// double-quoted attribute; nothing from the model goes into a script, a style or a URL (only
/// requirementUrl()'s https links to rfc-editor.org/datatracker.ietf.org go in href); the case
/// data is HTML, not JSON in a script; a Content-Security-Policy allows only the inline
/// stylesheet and the one inline script, by its SHA-256 hash.
class HtmlReport
{
public:
    /// The HTML text (UTF-8, trailing newline).
    static std::string render(const conformance::RunResult& run);

    /// Writes render(run) to `path`; throws std::runtime_error naming the path.
    static void write(const conformance::RunResult& run, const std::string& path);

    /// The CSP source for the inline script: "'sha256-<base64 of SHA-256(script)>'".
    static std::string scriptHashSource();
};

} // namespace reports
