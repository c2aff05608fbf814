#pragma once

#include "conformance/Result.h"

#include <string>
#include <vector>

namespace reports {

/// summary.md for pull-request comments (design §7): a verdict title, the target and
/// profile, counts by outcome and by level, a table of the non-PASS cases, for a quirk matrix
/// run a compact matrix table, and a footer.
/// Everything that came from the model is escaped so that it can neither break a table
/// nor inject HTML or links.
class MarkdownReport
{
public:
    /// Cases listed in the non-PASS table at most (the rest are counted, see report.html).
    static constexpr std::size_t kMaxRows = 200;

    /// Cases listed in the quirk matrix table at most (not proven first, then without a quirk,
    /// then proven; the rest are counted, see report.html).
    static constexpr std::size_t kMaxMatrixRows = 50;

    /// The Markdown text (GitHub-flavoured, trailing newline).
    static std::string render(const conformance::RunResult& run);

    /// Writes render(run) to `path`; throws std::runtime_error naming the path.
    static void write(const conformance::RunResult& run, const std::string& path);

    /// The "Quirk matrix" section (heading, summary line, capped table); "" for an empty matrix.
    static std::string renderQuirkMatrix(const std::vector<conformance::QuirkMatrixEntry>& matrix);

    /// Escapes text for one table cell: | ` \ * _ [ ] ~ # ! become backslash escapes,
    /// & < > become entities, line breaks become spaces and control characters U+FFFD;
    /// text longer than `maxChars` code points is cut with "…".
    static std::string escapeCell(const std::string& text, std::size_t maxChars = 300);
};

} // namespace reports
