#define BOOST_TEST_MODULE QuirkTableTest
#include <boost/test/unit_test.hpp>

#include "mock_server/Quirks.h"

#include <fstream>
#include <set>
#include <sstream>

// The quirk table in mock_server/README.md is the one users read: it must list every quirk
// with the same effect and catalogue rows as the code, and names must be unique.
BOOST_AUTO_TEST_CASE(readme_lists_every_quirk_as_the_code_does)
{
    std::ifstream in(std::string(MOCK_SOURCE_DIR) + "/README.md");
    BOOST_REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string readme = text.str();
    std::set<std::string> names;
    for (const auto& q : mock::allQuirks())
    {
        std::string row = std::string("| `") + q.name + "` | " + q.effect + " | " + q.breaks + " |";
        BOOST_TEST(readme.find(row) != std::string::npos, "missing or different README row: " << row);
        BOOST_TEST(names.insert(q.name).second, "duplicate quirk name " << q.name);
        BOOST_TEST(mock::quirkByName(q.name).value() == q.quirk);
        BOOST_TEST(std::string(q.breaks).size() > 0u);
    }
    BOOST_TEST(names.size() == static_cast<std::size_t>(mock::Quirk::Count_));
    BOOST_TEST(!mock::quirkByName("no-such-quirk").has_value());
}
