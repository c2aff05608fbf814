#include "reports/Reports.h"

#include "reports/HtmlReport.h"
#include "reports/JsonReport.h"
#include "reports/JunitReport.h"
#include "reports/MarkdownReport.h"

#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace reports {

std::vector<std::string> writeAllReports(const conformance::RunResult& run, const std::string& outDir)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir(outDir.empty() ? "." : outDir);
    fs::create_directories(dir, ec);
    if (ec)
        throw std::runtime_error("cannot create report directory " + dir.string() + ": " + ec.message());
    if (!fs::is_directory(dir, ec))
        throw std::runtime_error("cannot create report directory " + dir.string() + ": not a directory");

    std::vector<std::string> written;
    auto path = [&](const char* name) {
        written.push_back((dir / name).string());
        return written.back();
    };
    JsonReport::write(run, path("results.json"));
    JunitReport::write(run, path("junit.xml"));
    HtmlReport::write(run, path("report.html"));
    MarkdownReport::write(run, path("summary.md"));
    return written;
}

} // namespace reports
