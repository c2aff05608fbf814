#define BOOST_TEST_MODULE OAuthErrorTest
#include <boost/test/unit_test.hpp>

#include "oauth/OAuthError.h"

#include <rapidjson/document.h>

using namespace oauth;

namespace {
rapidjson::Document parseJson(const std::string& text)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
    BOOST_REQUIRE_MESSAGE(!doc.HasParseError(), "not valid JSON: " << text);
    BOOST_REQUIRE(doc.IsObject());
    return doc;
}
} // namespace

BOOST_AUTO_TEST_CASE(to_json_full)
{
    const OAuthError err{errc::InvalidGrant, "code expired", "https://docs.example/errors#grant"};
    const std::string json = err.toJson();
    BOOST_TEST(json ==
               R"({"error":"invalid_grant","error_description":"code expired","error_uri":"https://docs.example/errors#grant"})");
    const auto doc = parseJson(json);
    BOOST_TEST(doc.MemberCount() == 3u);
    BOOST_TEST(doc["error"].GetString() == std::string("invalid_grant"));
}

BOOST_AUTO_TEST_CASE(to_json_omits_empty_members)
{
    const auto onlyError = parseJson(OAuthError{errc::InvalidRequest, "", ""}.toJson());
    BOOST_TEST(onlyError.MemberCount() == 1u);
    BOOST_TEST(onlyError["error"].GetString() == std::string("invalid_request"));
    BOOST_TEST(!onlyError.HasMember("error_description"));
    BOOST_TEST(!onlyError.HasMember("error_uri"));

    const auto withUri = parseJson(OAuthError{errc::InvalidClient, "", "https://x"}.toJson());
    BOOST_TEST(withUri.MemberCount() == 2u);
    BOOST_TEST(!withUri.HasMember("error_description"));
    BOOST_TEST(withUri["error_uri"].GetString() == std::string("https://x"));
}

BOOST_AUTO_TEST_CASE(to_json_escapes)
{
    const std::string nasty = "say \"hi\" \\ back\nslash\r\t\x01 caf\xc3\xa9 </script>";
    const OAuthError err{errc::ServerError, nasty, ""};
    const auto doc = parseJson(err.toJson());
    BOOST_TEST(doc["error_description"].GetString() == nasty);
    BOOST_TEST(err.toJson().find('\n') == std::string::npos);
    BOOST_TEST(jsonEscape("\x1f") == "\\u001f");
    BOOST_TEST(jsonEscape("a\"b\\c") == "a\\\"b\\\\c");
}

BOOST_AUTO_TEST_CASE(valid_error_text)
{
    BOOST_TEST(isValidErrorText("The access token expired!"));
    BOOST_TEST(isValidErrorText("a-z_0.9 [ok] {~}"));
    BOOST_TEST(isValidErrorText(""));
    BOOST_TEST(!isValidErrorText("quote\"d"));
    BOOST_TEST(!isValidErrorText("back\\slash"));
    BOOST_TEST(!isValidErrorText("cr\r"));
    BOOST_TEST(!isValidErrorText("lf\n"));
    BOOST_TEST(!isValidErrorText("tab\t"));
    BOOST_TEST(!isValidErrorText("del\x7f"));
    BOOST_TEST(!isValidErrorText("caf\xc3\xa9"));
    for (const char* code : {errc::InvalidRequest, errc::InvalidClient, errc::InvalidGrant, errc::UnauthorizedClient,
                             errc::UnsupportedGrantType, errc::InvalidScope, errc::AccessDenied,
                             errc::UnsupportedResponseType, errc::ServerError, errc::TemporarilyUnavailable,
                             errc::InvalidToken, errc::InsufficientScope, errc::UnsupportedTokenType,
                             errc::LoginRequired})
        BOOST_TEST(isValidErrorText(code), code);
}

BOOST_AUTO_TEST_CASE(sanitize_error_text)
{
    BOOST_TEST(sanitizeErrorText("fine text") == "fine text");
    BOOST_TEST(sanitizeErrorText("a\"b\\c\r\nd\te") == "a b c  d e");
    BOOST_TEST(sanitizeErrorText("caf\xc3\xa9!") == "caf !"); // one space per UTF-8 character
    BOOST_TEST(sanitizeErrorText("\xe2\x82\xac\xe2\x82\xac") == "  ");
    const std::string samples[] = {"\"\\\r\n\t", "caf\xc3\xa9", std::string("nul\0", 4), "\x80\xff"};
    for (const std::string& text : samples)
        BOOST_TEST(isValidErrorText(sanitizeErrorText(text)));
}
