#define BOOST_TEST_MODULE ScopeSetTest
#include <boost/test/unit_test.hpp>

#include "oauth/ScopeSet.h"

using namespace oauth;

namespace oauth {
std::ostream& operator<<(std::ostream& os, const ScopeSet& set)
{
    return os << '{' << set.toString() << '}';
}
} // namespace oauth

namespace {
ScopeSet scopes(const char* text)
{
    return ScopeSet::parse(text).value();
}
} // namespace

BOOST_AUTO_TEST_CASE(parses_space_delimited_tokens)
{
    const ScopeSet set = scopes("read:buildings write:addresses");
    BOOST_TEST(set.size() == 2u);
    BOOST_TEST(set.contains("read:buildings"));
    BOOST_TEST(set.contains("write:addresses"));
    BOOST_TEST(!set.contains("read"));
    BOOST_TEST(!set.contains("READ:BUILDINGS")); // case-sensitive
    BOOST_TEST(scopes("b a") == scopes("a b"));
    BOOST_TEST(scopes("a a").size() == 1u);
    BOOST_TEST(scopes("openid").size() == 1u);
}

BOOST_AUTO_TEST_CASE(empty_string_is_empty_set)
{
    const auto set = ScopeSet::parse("");
    BOOST_TEST(set.has_value());
    BOOST_TEST(set->empty());
    BOOST_TEST(set->toString() == "");
}

BOOST_AUTO_TEST_CASE(rejects_bad_delimiters)
{
    BOOST_TEST(!ScopeSet::parse("a  b").has_value());
    BOOST_TEST(!ScopeSet::parse(" a").has_value());
    BOOST_TEST(!ScopeSet::parse("a ").has_value());
    BOOST_TEST(!ScopeSet::parse(" ").has_value());
    BOOST_TEST(!ScopeSet::parse("a\tb").has_value());
    BOOST_TEST(scopes("a,b").contains("a,b")); // a comma is no delimiter, just a token character
}

BOOST_AUTO_TEST_CASE(rejects_bad_characters)
{
    BOOST_TEST(!ScopeSet::parse("a\"b").has_value());
    BOOST_TEST(!ScopeSet::parse("a\\b").has_value());
    BOOST_TEST(!ScopeSet::parse("a\nb").has_value());
    BOOST_TEST(!ScopeSet::parse("a\x7f").has_value());
    BOOST_TEST(!ScopeSet::parse(std::string("a\0b", 3)).has_value());
    BOOST_TEST(!ScopeSet::parse("caf\xc3\xa9").has_value());
    BOOST_TEST(ScopeSet::parse("!#[]~").has_value());

    BOOST_TEST(ScopeSet::isValidToken("read:buildings"));
    BOOST_TEST(!ScopeSet::isValidToken(""));
    BOOST_TEST(!ScopeSet::isValidToken("a b"));
}

BOOST_AUTO_TEST_CASE(subset_minus_intersect)
{
    const ScopeSet granted = scopes("read write admin");
    const ScopeSet requested = scopes("read write");
    BOOST_TEST(requested.isSubsetOf(granted));
    BOOST_TEST(granted.containsAll(requested));
    BOOST_TEST(!granted.isSubsetOf(requested));
    BOOST_TEST(ScopeSet().isSubsetOf(requested));
    BOOST_TEST(granted.containsAll(ScopeSet()));

    BOOST_TEST(granted.minus(requested) == scopes("admin"));
    BOOST_TEST(requested.minus(granted).empty());
    BOOST_TEST(scopes("read other").intersect(granted) == scopes("read"));
    BOOST_TEST(scopes("x").intersect(granted).empty());
}

BOOST_AUTO_TEST_CASE(to_string_is_sorted)
{
    BOOST_TEST(scopes("write:addresses read:buildings openid").toString() == "openid read:buildings write:addresses");
    ScopeSet set;
    set.insert("z");
    set.insert("a");
    BOOST_TEST(set.toString() == "a z");
    BOOST_TEST(ScopeSet::parse(set.toString()).value() == set);
}
