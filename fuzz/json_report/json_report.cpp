// Fuzz target: results.json as the runner reads it back (reports/JsonReport parseRunResult: a
// --baseline given as a previous run, report regeneration), then every writer over what was read:
// results.json, JUnit XML, the HTML report and the Markdown summary. Errors must be
// oauth::JsonInputError. Invariant checked: what JsonReport renders parses back.
#include <reports/HtmlReport.h>
#include <reports/JsonReport.h>
#include <reports/JunitReport.h>
#include <reports/MarkdownReport.h>
#include <oauth/JsonReader.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    conformance::RunResult run;
    try
    {
        run = reports::parseRunResult(text, "fuzz-results.json");
    }
    catch (const oauth::JsonInputError&)
    {
        return 0;
    }
    const std::string json = reports::JsonReport::render(run);
    try
    {
        (void)reports::parseRunResult(json, "rendered.json");
    }
    catch (const oauth::JsonInputError& e)
    {
        std::fprintf(stderr, "json_report: the rendered results.json does not parse back: %s\n%s\n", e.what(),
                     json.c_str());
        std::abort();
    }
    (void)reports::JunitReport::render(run);
    (void)reports::MarkdownReport::render(run);
    (void)reports::HtmlReport::render(run);
    return 0;
}
