#pragma once

// Assertions for token-endpoint responses (RFC 6749 §5.1, §5.2), shared by the /token tests.

#include "MockTestSupport.h"

#include <oauth/OAuthError.h>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

namespace mocktest {

/// True for the error codes RFC 6749 §5.2 defines for the token endpoint.
inline bool isTokenErrorCode(const std::string& code)
{
    static const std::set<std::string> codes = {"invalid_request", "invalid_client",         "invalid_grant",
                                                "unauthorized_client", "unsupported_grant_type", "invalid_scope"};
    return codes.count(code) > 0;
}

/// True if the response carries Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1).
inline bool hasNoStoreHeaders(const HttpResult& r)
{
    return r.header("Cache-Control").find("no-store") != std::string::npos && r.header("Pragma") == "no-cache";
}

/// Checks an RFC 6749 §5.2 error: status, JSON object, `code`, an RFC code, legal characters
/// in error and error_description, no tokens, no-store headers.
inline void checkTokenError(const HttpResult& r, int status, const std::string& code)
{
    BOOST_TEST_INFO("response " << r.status << " " << r.body);
    BOOST_TEST(r.status == status);
    BOOST_TEST(r.header("Content-Type").rfind("application/json", 0) == 0);
    BOOST_REQUIRE_NO_THROW(r.json());
    BOOST_REQUIRE(r.json().IsObject());
    BOOST_TEST(r.jsonString("error") == code);
    BOOST_TEST(isTokenErrorCode(r.jsonString("error")));
    BOOST_TEST(oauth::isValidErrorText(r.jsonString("error")));
    BOOST_TEST(oauth::isValidErrorText(r.jsonString("error_description")));
    BOOST_TEST(!r.hasJsonMember("access_token"));
    BOOST_TEST(!r.hasJsonMember("refresh_token"));
    BOOST_TEST(hasNoStoreHeaders(r));
}

/// Checks an RFC 6749 §5.1 success: 200, JSON, access_token, token_type Bearer, a positive
/// integer expires_in, no-store headers.
inline void checkTokenSuccess(const HttpResult& r)
{
    BOOST_TEST_INFO("response " << r.status << " " << r.body);
    BOOST_REQUIRE_EQUAL(r.status, 200);
    BOOST_TEST(r.header("Content-Type").rfind("application/json", 0) == 0);
    BOOST_TEST(!r.jsonString("access_token").empty());
    BOOST_TEST(r.jsonString("token_type") == "Bearer");
    BOOST_REQUIRE(r.hasJsonMember("expires_in"));
    BOOST_TEST(r.json()["expires_in"].IsInt64());
    BOOST_TEST((r.json()["expires_in"].IsInt64() && r.json()["expires_in"].GetInt64() > 0));
    BOOST_TEST(hasNoStoreHeaders(r));
}

} // namespace mocktest
