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

/// Decodes "Basic base64(urlencode(id):urlencode(secret))"; nullopt if malformed. Without
/// `formDecode` (the quirk basic-not-form-decoded) id and secret stay form-encoded.
std::optional<BasicCredentials> decodeBasic(const std::string& header, bool formDecode)
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
    std::optional<std::string> id = decoded->substr(0, colon);
    std::optional<std::string> secret = decoded->substr(colon + 1);
    if (formDecode)
    {
        id = oauth::formUrlDecode(*id);
        secret = oauth::formUrlDecode(*secret);
    }
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

/// The quirk secret-in-query-accepted: client_id and client_secret of the URI query fill in
/// what the body lacks.
void takeQueryCredentials(const std::string& rawQuery, std::optional<std::string>& id, std::optional<std::string>& secret)
{
    try
    {
        oauth::FormData query = oauth::FormData::parse(rawQuery);
        if (!id)
            id = query.getNonEmpty("client_id");
        if (!secret)
            secret = query.getNonEmpty("client_secret");
    }
    catch (const oauth::FormDecodeError&)
    {
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
    // The quirk unknown-client-invalid-request also leaves the Basic challenge out.
    const bool challenge = !state.quirk(Quirk::UnknownClientInvalidRequest);
    auto invalidClient = [&](const std::string& why, bool basic) {
        return failure(tokenEndpointError(state, 401, oauth::errc::InvalidClient, why, basic && challenge));
    };

    if (request.headers.count("Authorization") > 1)
        return invalidRequest("more than one Authorization header");
    for (const char* name : {"client_id", "client_secret"})
        if (form.count(name) > 1 && !state.quirk(Quirk::RepeatedParamsAccepted))
            return invalidRequest(std::string("parameter '") + name + "' is repeated");
    const bool queryCredentials = secretInQuery(request.rawQuery);
    if (queryCredentials && !state.quirk(Quirk::SecretInQueryAccepted))
        return invalidRequest("client credentials must not be sent in the URI query (RFC 6749 section 2.3.1)");

    const std::string authorization = request.headers.get("Authorization");
    const bool basicUsed = isBasicScheme(authorization);
    auto formId = form.getNonEmpty("client_id");
    // A parameter sent without a value counts as omitted (RFC 6749 section 3.2).
    auto formSecret = form.getNonEmpty("client_secret");
    if (queryCredentials)
        takeQueryCredentials(request.rawQuery, formId, formSecret);

    ClientAuthentication result;
    std::string clientId;
    std::string presentedSecret;
    if (basicUsed)
    {
        auto basic = decodeBasic(authorization, !state.quirk(Quirk::BasicNotFormDecoded));
        if (!basic)
            return invalidClient("malformed HTTP Basic credentials (RFC 6749 section 2.3.1)", true);
        if (formSecret && !state.quirk(Quirk::TwoAuthMethodsAccepted))
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
        return state.quirk(Quirk::UnknownClientInvalidRequest) ? invalidRequest("unknown client")
                                                               : invalidClient("unknown client", basicUsed);

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
    if (result.method == "client_secret_post" && state.quirk(Quirk::ClientSecretPostRefused))
        return invalidClient("client_secret_post is not supported", false);
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
