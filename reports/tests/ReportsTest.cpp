#define BOOST_TEST_MODULE ReportsTest
#include <boost/test/unit_test.hpp>

#include "Fixture.h"

#include "reports/JsonReport.h"
#include "reports/Reports.h"

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(writes_the_four_reports_into_a_new_directory)
{
    fs::path dir = fs::temp_directory_path() / ("reports-test-" + std::to_string(::getpid())) / "nested" / "out";
    fs::remove_all(dir.parent_path().parent_path());
    auto written = reports::writeAllReports(fixture::makeRun(), dir.string());
    BOOST_REQUIRE_EQUAL(written.size(), 4u);
    for (const char* name : {"results.json", "junit.xml", "report.html", "summary.md"})
    {
        BOOST_TEST(fs::exists(dir / name), name);
        BOOST_TEST(fs::file_size(dir / name) > 100u, name);
    }
    auto back = reports::readRunResult((dir / "results.json").string());
    BOOST_TEST(back.cases.size() == 7u);
    fs::remove_all(dir.parent_path().parent_path());
}

BOOST_AUTO_TEST_CASE(errors_name_the_path)
{
    fs::path base = fs::temp_directory_path() / ("reports-test-file-" + std::to_string(::getpid()));
    {
        std::ofstream blocker(base);
        blocker << "a file, not a directory";
    }
    try
    {
        reports::writeAllReports(fixture::makeRun(), (base / "out").string());
        BOOST_FAIL("expected an error");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()).find(base.string()) != std::string::npos, e.what());
    }
    fs::remove(base);

    try
    {
        reports::JsonReport::write(fixture::makeRun(), "/nonexistent-dir/results.json");
        BOOST_FAIL("expected an error");
    }
    catch (const std::runtime_error& e)
    {
        BOOST_TEST(std::string(e.what()).find("/nonexistent-dir/results.json") != std::string::npos, e.what());
    }
}
