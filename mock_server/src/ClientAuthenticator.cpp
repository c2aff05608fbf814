#include "mock_server/ClientAuthenticator.h"

#include "mock_server/OAuthResponses.h"

#include <oauth/Crypto.h>
#include <oauth/Encoding.h>
#include <oauth/OAuthError.h>
#include <oauth/WwwAuthenticate.h>

namespace mock {
namespace {

ClientAuthentication failure(MockResponse response)
{
    ClientAuthentication a;
    a.error = std::move(response);
    return a;
}

struct BasicCredentials
{
    std::string id;
    std::string secret;
};

/// Decodes "Basic base64(urlencode(id):urlencode(secret))"; nullopt if malformed.
std::optional<BasicCredentials> decodeBasic(const std::string& header)
{
    auto space = header.find(' ');
    if (space == std::string::npos)
        return std::nullopt;
    auto start = header.find_first_not_of(' ', space);
    if (start == std::string::npos)
        return std::nullopt; // "Basic" with no credentials
    auto decoded = oauth::base64Decode(header.substr(start));
    if (!decoded)
        return std::nullopt;
    auto colon = decoded->find(':');
    if (colon == std::string::npos)
        return std::nullopt;
    auto id = oauth::formUrlDecode(decoded->substr(0, colon));
    auto secret = oauth::formUrlDecode(decoded->substr(colon + 1));
    if (!id || !secret || id->empty())
        return std::nullopt;
    return BasicCredentials{*id, *secret};
}

/// True if the URI query carries client_secret, also with a percent-encoded name.
bool secretInQuery(const std::string& rawQuery)
{
    try
    {
        return oauth::FormData::parse(rawQuery).has("client_secret");
    }
    catch (const oauth::FormDecodeError&)
    {
        return rawQuery.find("client_secret") != std::string::npos;
    }
}

/// True for "Basic <credentials>", and for a bare "Basic" (a Basic login without credentials).
bool isBasicScheme(const std::string& header)
{
    return oauth::equalsIgnoreCase(header.substr(0, 6), "Basic ") || oauth::equalsIgnoreCase(header, "Basic");
}

} // namespace

ClientAuthentication authenticateClient(MockState& state, const MockRequest& request,
                                        const oauth::FormData& form)
{
    auto invalidRequest = [&](const std::string& why) {
        return failure(tokenEndpointError(state, 400, oauth::errc::InvalidRequest, why));
    };
    auto invalidClient = [&](const std::string& why, bool basic) {
        return failure(tokenEndpointError(state, 401, oauth::errc::InvalidClient, why, basic));
    };

    if (request.headers.count("Authorization") > 1)
        return invalidRequest("more than one Authorization header");
    for (const char* name : {"client_id", "client_secret"})
        if (form.count(name) > 1 && !state.quirk(Quirk::RepeatedParamsAccepted))
            return invalidRequest(std::string("parameter '") + name + "' is repeated");
    if (secretInQuery(request.rawQuery))
        return invalidRequest("client credentials must not be sent in the URI query (RFC 6749 section 2.3.1)");

    const std::string authorization = request.headers.get("Authorization");
    const bool basicUsed = isBasicScheme(authorization);
    auto formId = form.getNonEmpty("client_id");
    // A parameter sent without a value counts as omitted (RFC 6749 section 3.2).
    auto formSecret = form.getNonEmpty("client_secret");

    ClientAuthentication result;
    std::string clientId;
    std::string presentedSecret;
    if (basicUsed)
    {
        auto basic = decodeBasic(authorization);
        if (!basic)
            return invalidClient("malformed HTTP Basic credentials (RFC 6749 section 2.3.1)", true);
        if (formSecret)
            return invalidRequest("more than one client authentication method (Basic and client_secret in the body)");
        if (formId && *formId != basic->id)
            return invalidRequest("client_id in the body differs from the HTTP Basic user");
        clientId = basic->id;
        presentedSecret = basic->secret;
        result.method = "client_secret_basic";
    }
    else if (formId)
    {
        clientId = *formId;
        result.method = formSecret ? "client_secret_post" : "none";
        presentedSecret = formSecret.value_or("");
    }
    else
    {
        return invalidClient("client authentication required: HTTP Basic, or client_id in the body", false);
    }

    result.client = state.clients().find(clientId);
    if (!result.client)
        return invalidClient("unknown client", basicUsed);

    const ClientConfig& client = *result.client;
    if (!client.confidential)
    {
        if (result.method != "none")
            return invalidClient("a public client has no secret to present", basicUsed);
        return result;
    }
    if (state.quirk(Quirk::SkipClientAuth))
        return result;
    if (result.method == "none")
        return invalidClient("confidential client must authenticate", false);
    if (!client.allowsAuthMethod(result.method))
        return invalidClient("authentication method " + result.method + " is not allowed for this client", basicUsed);
    if (!oauth::constantTimeEquals(presentedSecret, client.clientSecret))
        return invalidClient("client authentication failed", basicUsed);
    return result;
}

std::optional<MockResponse> readTokenStyleRequest(MockState& state, const MockRequest& request, oauth::FormData& form,
                                                  ClientAuthentication& auth, bool authenticate)
{
    if (request.method != "POST")
        return methodNotAllowed(state, "POST");
    if (!request.hasFormBody())
        return tokenEndpointError(state, 400, oauth::errc::InvalidRequest, "the body must be application/x-www-form-urlencoded");
    try
    {
        form = request.form();
    }
    catch (const oauth::FormDecodeError& e)
    {
        return tokenEndpointError(state, 400, oauth::errc::InvalidRequest, e.what());
    }
    auto repeated = form.repeatedNames();
    if (!repeated.empty() && !state.quirk(Quirk::RepeatedParamsAccepted))
        return tokenEndpointError(state, 400, oauth::errc::InvalidRequest, "parameter '" + repeated.front() + "' is repeated");
    if (!authenticate)
        return std::nullopt;
    auth = authenticateClient(state, request, form);
    if (!auth.ok())
        return *auth.error;
    return std::nullopt;
}

} // namespace mock
