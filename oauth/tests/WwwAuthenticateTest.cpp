#define BOOST_TEST_MODULE WwwAuthenticateTest
#include <boost/test/unit_test.hpp>

#include "oauth/WwwAuthenticate.h"

using namespace oauth;

BOOST_AUTO_TEST_CASE(bearer_challenge_to_string)
{
    BOOST_TEST(bearerChallenge("mock", "invalid_token", "x").toString() ==
               R"(Bearer realm="mock", error="invalid_token", error_description="x")");
    BOOST_TEST(bearerChallenge("mock").toString() == R"(Bearer realm="mock")");
    BOOST_TEST(bearerChallenge("mock", "insufficient_scope", "", "read write").toString() ==
               R"(Bearer realm="mock", error="insufficient_scope", scope="read write")");
    BOOST_TEST(bearerChallenge("").toString() == "Bearer");
}

BOOST_AUTO_TEST_CASE(to_string_escapes_quotes_and_backslashes)
{
    const AuthChallenge c = bearerChallenge("a\"b\\c");
    BOOST_TEST(c.toString() == R"(Bearer realm="a\"b\\c")");
    const auto back = parseWwwAuthenticate(c.toString());
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST(back->at(0).param("realm").value() == "a\"b\\c");
}

BOOST_AUTO_TEST_CASE(parses_several_challenges)
{
    const auto parsed = parseWwwAuthenticate(R"(Basic realm="a", Bearer realm="b", error="invalid_token")");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_REQUIRE(parsed->size() == 2u);
    const AuthChallenge& basic = parsed->at(0);
    const AuthChallenge& bearer = parsed->at(1);
    BOOST_TEST(basic.scheme == "Basic");
    BOOST_TEST(basic.params.size() == 1u);
    BOOST_TEST(basic.param("realm").value() == "a");
    BOOST_TEST(bearer.scheme == "Bearer");
    BOOST_TEST(bearer.params.size() == 2u);
    BOOST_TEST(bearer.param("realm").value() == "b");
    BOOST_TEST(bearer.param("error").value() == "invalid_token");
}

BOOST_AUTO_TEST_CASE(parses_token68_and_bare_schemes)
{
    const auto parsed = parseWwwAuthenticate("Negotiate abc==");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_REQUIRE(parsed->size() == 1u);
    BOOST_TEST(parsed->at(0).scheme == "Negotiate");
    BOOST_REQUIRE(parsed->at(0).params.size() == 1u);
    BOOST_TEST(parsed->at(0).params[0].first == ""); // token68 is kept as a nameless param
    BOOST_TEST(parsed->at(0).params[0].second == "abc==");
    BOOST_TEST(parsed->at(0).toString() == "Negotiate abc==");

    const auto mixed = parseWwwAuthenticate(R"(Negotiate a+/b=, Basic, Bearer realm=api , error=invalid_token)");
    BOOST_REQUIRE(mixed.has_value());
    BOOST_REQUIRE(mixed->size() == 3u);
    BOOST_TEST(mixed->at(0).params[0].second == "a+/b=");
    BOOST_TEST(mixed->at(1).scheme == "Basic");
    BOOST_TEST(mixed->at(1).params.empty());
    BOOST_TEST(mixed->at(2).param("realm").value() == "api"); // token form
    BOOST_TEST(mixed->at(2).param("error").value() == "invalid_token");

    // The grammar reads a lone "name=" as a token68, not as an auth-param without value.
    const auto lone = parseWwwAuthenticate("Bearer realm=");
    BOOST_REQUIRE(lone.has_value());
    BOOST_TEST(lone->at(0).params[0].second == "realm=");
}

BOOST_AUTO_TEST_CASE(quoted_string_with_escapes)
{
    const auto parsed = parseWwwAuthenticate(R"(Bearer error_description="say \"no\", \\ twice", realm="")");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_REQUIRE(parsed->size() == 1u);
    BOOST_TEST(parsed->at(0).param("error_description").value() == R"(say "no", \ twice)");
    BOOST_TEST(parsed->at(0).param("realm").value() == "");
}

BOOST_AUTO_TEST_CASE(param_lookup_is_case_insensitive)
{
    const auto parsed = parseWwwAuthenticate(R"(bearer REALM="x", Error="invalid_token", error="second")");
    BOOST_REQUIRE(parsed.has_value());
    const AuthChallenge& c = parsed->at(0);
    BOOST_TEST(c.scheme == "bearer"); // kept as sent
    BOOST_TEST(c.param("realm").value() == "x");
    BOOST_TEST(c.param("ERROR").value() == "invalid_token"); // first wins
    BOOST_TEST(!c.param("scope").has_value());
}

BOOST_AUTO_TEST_CASE(tolerates_optional_whitespace_and_empty_elements)
{
    const auto parsed = parseWwwAuthenticate(R"( , Bearer realm = "x" ,, error="e" , )");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_REQUIRE(parsed->size() == 1u);
    BOOST_TEST(parsed->at(0).params.size() == 2u);
    BOOST_TEST(parseWwwAuthenticate("").value().empty());
}

BOOST_AUTO_TEST_CASE(malformed_input_is_rejected)
{
    for (const char* bad : {
             R"(Bearer realm="unterminated)",
             R"(Bearer realm=, error="x")", // "realm=" alone is a token68; then `error="x"` is no challenge
             R"(Bearer a=b=c)",
             R"(Bearer realm="x" error="y")",
             R"(Bearer realm="a\)",
             R"(Bearer ="x")",
             R"("Bearer" realm="x")",
             R"(Bearer realm="x", ="y")",
             R"(Bearer realm=a b)",
             R"(Bearer abc== def)",
             R"(Bearer realm="x"junk)",
             R"(Bearer"x")",
             "Bearer realm=\"line\nbreak\"",
             "Bearer\trealm=\"x\"",
             "@",
         })
        BOOST_TEST(!parseWwwAuthenticate(bad).has_value(), "should reject: " << bad);
}

BOOST_AUTO_TEST_CASE(equals_ignore_case)
{
    BOOST_TEST(equalsIgnoreCase("Bearer", "bEARER"));
    BOOST_TEST(equalsIgnoreCase("", ""));
    BOOST_TEST(!equalsIgnoreCase("Bearer", "Bearer "));
    BOOST_TEST(!equalsIgnoreCase("Basic", "Bearer"));
    BOOST_TEST(!equalsIgnoreCase("a", "\xc1")); // ASCII only: no locale folding
}
