#define BOOST_TEST_MODULE RedactionTest
#include <boost/test/unit_test.hpp>

#include <oauth/Redaction.h>

BOOST_AUTO_TEST_CASE(secret_names)
{
    for (const char* name : {"client_secret", "code", "code_verifier", "access_token", "refresh_token", "token", "password"})
        BOOST_TEST(oauth::isSecretName(name), name);
    for (const char* name : {"grant_type", "scope", "state", "client_id", "redirect_uri", "Code"})
        BOOST_TEST(!oauth::isSecretName(name), name);
}

BOOST_AUTO_TEST_CASE(redacted_values_hide_the_secret_but_match_equal_values)
{
    std::string a = oauth::redactValue("s3cret-value");
    BOOST_TEST(a.find("s3cret") == std::string::npos);
    BOOST_TEST(a.rfind("[redacted sha256:", 0) == 0);
    BOOST_TEST(a == oauth::redactValue("s3cret-value"));
    BOOST_TEST(a != oauth::redactValue("other-value"));
    BOOST_TEST(oauth::redactValue("").empty());
}

BOOST_AUTO_TEST_CASE(form_bodies_keep_names_and_public_values)
{
    std::string out = oauth::redactForm("grant_type=authorization_code&code=abc123&code_verifier=vvv&client_id=app");
    BOOST_TEST(out.find("abc123") == std::string::npos);
    BOOST_TEST(out.find("vvv") == std::string::npos);
    BOOST_TEST(out.find("grant_type=authorization_code") != std::string::npos);
    BOOST_TEST(out.find("client_id=app") != std::string::npos);
    BOOST_TEST(out.find("code=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_form_with_a_secret_name_is_redacted_whole)
{
    std::string out = oauth::redactForm("code=abc%zz&x=1");
    BOOST_TEST(out.find("abc") == std::string::npos);
    BOOST_TEST(oauth::redactForm("a=%zz") == "a=%zz");
}

BOOST_AUTO_TEST_CASE(json_members_are_redacted_at_any_depth)
{
    std::string out = oauth::redactJson(
        R"({"access_token":"AT-1","token_type":"Bearer","nested":{"refresh_token":"RT-1"},"list":[{"password":"pw"}]})");
    for (const char* secret : {"AT-1", "RT-1", "\"pw\""})
        BOOST_TEST(out.find(secret) == std::string::npos, secret);
    BOOST_TEST(out.find("\"token_type\":\"Bearer\"") != std::string::npos);
    BOOST_TEST(oauth::redactJson("not json") == "not json");
    BOOST_TEST(oauth::redactJson("{\"access_token\": broken").find("broken") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(authorization_headers_keep_their_scheme)
{
    std::string out = oauth::redactHeader("Authorization", "Bearer abc.def");
    BOOST_TEST(out.rfind("Bearer [redacted", 0) == 0);
    BOOST_TEST(out.find("abc.def") == std::string::npos);
    BOOST_TEST(oauth::redactHeader("authorization", "Basic Zm9vOmJhcg==").find("Zm9v") == std::string::npos);
    BOOST_TEST(oauth::redactHeader("Cookie", "sid=xyz").find("xyz") == std::string::npos);
    BOOST_TEST(oauth::redactHeader("x-mock-admin-token", "admin-s3cret").find("admin-s3cret") == std::string::npos);
    BOOST_TEST(oauth::redactHeader("Content-Type", "text/plain") == "text/plain");
}

BOOST_AUTO_TEST_CASE(urls_have_their_query_and_fragment_redacted)
{
    std::string out = oauth::redactUrl("https://app/cb?code=C0DE&state=s1#access_token=AT");
    BOOST_TEST(out.find("C0DE") == std::string::npos);
    BOOST_TEST(out.find("=AT") == std::string::npos);
    BOOST_TEST(out.find("state=s1") != std::string::npos);
    BOOST_TEST(out.rfind("https://app/cb?", 0) == 0);
    BOOST_TEST(oauth::redactUrl("https://app/cb") == "https://app/cb");
}
