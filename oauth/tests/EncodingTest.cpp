#define BOOST_TEST_MODULE EncodingTest
#include <boost/test/unit_test.hpp>

#include "oauth/Encoding.h"

using namespace oauth;

namespace {
// RFC 4648 §10 test vectors: input, base64.
const std::pair<const char*, const char*> Rfc4648[] = {
    {"", ""},          {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

std::string withoutPadding(std::string s)
{
    while (!s.empty() && s.back() == '=')
        s.pop_back();
    return s;
}
} // namespace

BOOST_AUTO_TEST_CASE(base64url_rfc4648_vectors_without_padding)
{
    for (const auto& [plain, encoded] : Rfc4648)
    {
        const std::string unpadded = withoutPadding(encoded);
        BOOST_TEST(base64UrlEncode(plain) == unpadded);
        BOOST_TEST(base64UrlEncode(plain).find('=') == std::string::npos);
        BOOST_TEST(base64UrlDecode(unpadded).value() == plain);
        BOOST_TEST(base64UrlDecode(encoded).value() == plain); // padding accepted too
    }
}

BOOST_AUTO_TEST_CASE(base64url_uses_url_safe_alphabet)
{
    const std::string bytes("\xfb\xff", 2);
    BOOST_TEST(base64UrlEncode(bytes) == "-_8");
    BOOST_TEST(base64Encode(bytes) == "+/8=");
    BOOST_TEST(base64UrlDecode("-_8").value() == bytes);
    BOOST_TEST(!base64UrlDecode("+/8").has_value());
    BOOST_TEST(!base64Decode("-_8=").has_value());

    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    BOOST_TEST(base64UrlDecode(base64UrlEncode(all)).value() == all);
    BOOST_TEST(base64Decode(base64Encode(all)).value() == all);
}

BOOST_AUTO_TEST_CASE(base64url_rejects_invalid_input)
{
    BOOST_TEST(!base64UrlDecode("Zm9v!").has_value());
    BOOST_TEST(!base64UrlDecode("Zm 9v").has_value());
    BOOST_TEST(!base64UrlDecode("Zm9v\n").has_value());
    BOOST_TEST(!base64UrlDecode(std::string("Zm\0v", 4)).has_value());
    BOOST_TEST(!base64UrlDecode("Z").has_value());      // len % 4 == 1
    BOOST_TEST(!base64UrlDecode("Zm9vY").has_value());  // len % 4 == 1
    BOOST_TEST(!base64UrlDecode("Zg=").has_value());    // padding present but incomplete
    BOOST_TEST(!base64UrlDecode("Zg===").has_value());
    BOOST_TEST(!base64UrlDecode("Zm8==").has_value());
    BOOST_TEST(!base64UrlDecode("Z=g=").has_value());   // '=' inside
    BOOST_TEST(!base64UrlDecode("====").has_value());
}

BOOST_AUTO_TEST_CASE(base64_standard)
{
    for (const auto& [plain, encoded] : Rfc4648)
    {
        BOOST_TEST(base64Encode(plain) == encoded);
        BOOST_TEST(base64Decode(encoded).value() == plain);
    }
    BOOST_TEST(base64Encode("client:secret") == "Y2xpZW50OnNlY3JldA==");
    BOOST_TEST(!base64Decode("Zg").has_value());    // standard base64 requires padding
    BOOST_TEST(!base64Decode("Zg=").has_value());
    BOOST_TEST(!base64Decode("Zm9v*").has_value());
    BOOST_TEST(!base64Decode("Z===").has_value());
}

BOOST_AUTO_TEST_CASE(form_url_encode_and_decode)
{
    BOOST_TEST(formUrlEncode("a b") == "a+b");
    BOOST_TEST(formUrlEncode("a+b") == "a%2Bb");
    BOOST_TEST(formUrlEncode("100%") == "100%25");
    BOOST_TEST(formUrlEncode("https://x/cb?a=1&b") == "https%3A%2F%2Fx%2Fcb%3Fa%3D1%26b");
    BOOST_TEST(formUrlEncode("-._*~") == "-._*%7E");
    BOOST_TEST(formUrlEncode("\xc3\xa9") == "%C3%A9");

    BOOST_TEST(formUrlDecode("a+b").value() == "a b");
    BOOST_TEST(formUrlDecode("a%20b").value() == "a b");
    BOOST_TEST(formUrlDecode("a%2Bb").value() == "a+b");
    BOOST_TEST(formUrlDecode("%3a%3A").value() == "::");
    BOOST_TEST(formUrlDecode("%C3%A9").value() == "\xc3\xa9");
    BOOST_TEST(formUrlDecode("").value() == "");

    for (const std::string text : {"a b+c", "100% sure", "urn:ietf:params", "caf\xc3\xa9 \xe2\x82\xac", "&=?#/"})
        BOOST_TEST(formUrlDecode(formUrlEncode(text)).value() == text);
}

BOOST_AUTO_TEST_CASE(form_url_decode_rejects_malformed_escapes)
{
    BOOST_TEST(!formUrlDecode("%").has_value());
    BOOST_TEST(!formUrlDecode("%4").has_value());
    BOOST_TEST(!formUrlDecode("%zz").has_value());
    BOOST_TEST(!formUrlDecode("a%4g").has_value());
    BOOST_TEST(!formUrlDecode("abc%").has_value());
}

BOOST_AUTO_TEST_CASE(percent_encode_keeps_unreserved)
{
    BOOST_TEST(percentEncode("AZaz09-._~") == "AZaz09-._~");
    BOOST_TEST(percentEncode("a b+c") == "a%20b%2Bc");
    BOOST_TEST(percentEncode("*/:") == "%2A%2F%3A");
    BOOST_TEST(percentEncode("\xc3\xa9") == "%C3%A9");
}

BOOST_AUTO_TEST_CASE(hex_encode_is_lower_case)
{
    BOOST_TEST(hexEncode(std::string("\x00\x0f\xab\xff", 4)) == "000fabff");
    BOOST_TEST(hexEncode("") == "");
}
