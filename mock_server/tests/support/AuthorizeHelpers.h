#pragma once

// Helpers for the authorization-endpoint tests (AuthorizeEndpointTest, RedirectUriTest,
// LoginPageTest): raw /authorize requests without the automatic login, and the checks an
// error page or an error redirect must pass.

#include "MockTestSupport.h"

#include <boost/test/unit_test.hpp>

#include <string>

namespace mocktest {

/// Sends /authorize with an already encoded query (GET) or form body (POST) and does not log in.
inline AuthorizationOutcome sendAuthorize(const TestServer& mock, const std::string& encoded, bool post = false)
{
    AuthorizationOutcome outcome;
    outcome.response = post ? mock.client().postForm("/authorize", encoded) : mock.client().get("/authorize?" + encoded);
    outcome.location = outcome.response.header("Location");
    if (!outcome.location.empty())
        outcome.params = queryOf(outcome.location);
    return outcome;
}

/// As sendAuthorize, from parameters.
inline AuthorizationOutcome sendAuthorize(const TestServer& mock, const oauth::FormData& params, bool post = false)
{
    return sendAuthorize(mock, params.encode(), post);
}

/// The error page of RFC 6749 §4.1.2.1 for a bad client or redirect URI: 400, HTML, no redirect.
inline void checkErrorPage(const AuthorizationOutcome& outcome)
{
    BOOST_TEST(outcome.response.status == 400);
    BOOST_TEST(!outcome.response.headers.has("Location"), "redirected to " << outcome.location);
    BOOST_TEST(outcome.response.header("Content-Type").rfind("text/html", 0) == 0u);
    BOOST_TEST(outcome.response.body.find("id=\"error\"") != std::string::npos);
    BOOST_TEST(outcome.response.body.find("name=\"transaction\"") == std::string::npos);
}

/// An error redirect to `redirectUri` with `error`, the given state (none if empty) and iss.
inline void checkErrorRedirect(const AuthorizationOutcome& outcome, const std::string& redirectUri,
                               const std::string& error, const std::string& state, const std::string& issuer)
{
    BOOST_TEST(outcome.response.status == 302);
    BOOST_TEST(outcome.location.rfind(redirectUri + "?", 0) == 0u, "location " << outcome.location);
    BOOST_TEST(outcome.error() == error, "location " << outcome.location);
    BOOST_TEST(!outcome.params.has("code"));
    if (state.empty())
        BOOST_TEST(!outcome.params.has("state"));
    else
        BOOST_TEST(outcome.params.get("state").value_or("<none>") == state);
    BOOST_TEST(outcome.params.get("iss").value_or("<none>") == issuer);
    BOOST_TEST(outcome.params.count("error") == 1u);
}

/// A success redirect to `redirectUri` with one code, and iss.
inline void checkCodeRedirect(const AuthorizationOutcome& outcome, const std::string& redirectUri,
                              const std::string& issuer)
{
    BOOST_TEST(outcome.location.rfind(redirectUri + "?", 0) == 0u,
               "location " << outcome.location << ", status " << outcome.response.status << ", body "
                           << outcome.response.body.substr(0, 300));
    BOOST_TEST(!outcome.code().empty());
    BOOST_TEST(outcome.params.count("code") == 1u);
    BOOST_TEST(!outcome.params.has("error"));
    BOOST_TEST(outcome.params.get("iss").value_or("<none>") == issuer);
}

/// The hidden transaction id of a login page, "" if the body is not one.
inline std::string transactionOf(const HttpResult& page)
{
    const std::string marker = "name=\"transaction\" value=\"";
    auto start = page.body.find(marker);
    if (start == std::string::npos)
        return "";
    start += marker.size();
    return page.body.substr(start, page.body.find('"', start) - start);
}

} // namespace mocktest
