#pragma once

#include "conformance/Result.h"

#include <string>

namespace reports {

/// junit.xml for CI test reporters (design §7): one <testsuite> per spec section
/// (CaseResult::specSection), one <testcase> per case. FAIL → <failure>, ERROR → <error>,
/// SKIP → <skipped>; WARN and INFO pass with a <system-out> note, except that in strict mode a
/// WARN is a <failure type="WARN">. A baselined FAIL/ERROR/strict WARN is an expected result:
/// it is rendered <skipped type="baselined"> (as pytest renders xfail) so that CI stays green
/// exactly when the runner's exit code is 0. Requirement tokens, catalogue row and level are
/// <properties>. All text is XML-escaped, characters illegal in XML 1.0 become U+FFFD.
class JunitReport
{
public:
    /// The XML text (UTF-8, trailing newline).
    static std::string render(const conformance::RunResult& run);

    /// Writes render(run) to `path`; throws std::runtime_error naming the path.
    static void write(const conformance::RunResult& run, const std::string& path);

    /// Escapes text for XML 1.0 content or a double- or single-quoted attribute value.
    static std::string escape(const std::string& text);
};

} // namespace reports
