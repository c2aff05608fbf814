#include "mock_server/Quirks.h"

#include <ostream>

namespace mock {

const std::vector<QuirkInfo>& allQuirks()
{
    static const std::vector<QuirkInfo> table = {
        {Quirk::AcceptMissingVerifier, "accept-missing-verifier",
         "/token issues tokens for a PKCE-bound code when code_verifier is missing", "PKCE-03"},
        {Quirk::AcceptPlainPkce, "accept-plain-pkce",
         "/authorize accepts code_challenge_method=plain (or no method) for every client", "PKCE-06"},
        {Quirk::AcceptWrongVerifier, "accept-wrong-verifier",
         "/token does not compare code_verifier with the stored challenge", "PKCE-02, PKCE-10"},
        {Quirk::VerifierFormatUnchecked, "verifier-format-unchecked",
         "/token does not check the 43*128unreserved syntax of code_verifier", "PKCE-08"},
        {Quirk::PkceNotRequired, "pkce-not-required",
         "/authorize accepts public clients without code_challenge", "PKCE-04"},
        {Quirk::PkceDowngradeAccepted, "pkce-downgrade-accepted",
         "/token accepts a code_verifier for a code issued without a challenge", "PKCE-09"},
        {Quirk::CodeReuse, "code-reuse",
         "an authorization code can be redeemed again, and a replay revokes nothing", "CODE-01, CODE-02, CODE-04"},
        {Quirk::CodeNotBoundToClient, "code-not-bound-to-client",
         "any client may redeem any code", "CODE-06"},
        {Quirk::CodeLongLived, "code-long-lived",
         "authorization codes live for one day instead of the configured lifetime", "CODE-05"},
        {Quirk::TokenRedirectUriUnchecked, "token-redirect-uri-unchecked",
         "/token ignores redirect_uri", "CODE-07"},
        {Quirk::RedirectUriPrefixMatch, "redirect-uri-prefix-match",
         "/authorize accepts any redirect_uri that starts with a registered one", "REDIR-02, REDIR-03, REDIR-05"},
        {Quirk::RepeatedParamsAccepted, "repeated-params-accepted",
         "a repeated parameter is not an error: the first value wins", "ERR-06, REDIR-05"},
        {Quirk::NoStateEcho, "no-state-echo",
         "redirects from /authorize leave out state", "STATE-01, STATE-02, ERR-11, ERR-12"},
        {Quirk::NoIss, "no-iss",
         "redirects from /authorize leave out iss (RFC 9207) while metadata still advertises it", "ISS-01, ISS-02"},
        {Quirk::Login307, "login-307",
         "the login form POST is answered with 307 instead of 303", "REDIR-12"},
        {Quirk::NoFrameProtection, "no-frame-protection",
         "the login page has neither X-Frame-Options nor CSP frame-ancestors", "AS-01"},
        {Quirk::NoRefreshRotation, "no-refresh-rotation",
         "a refresh returns the same refresh token again", "RT-02"},
        {Quirk::RefreshReuseUndetected, "refresh-reuse-undetected",
         "a superseded refresh token still works and its replay revokes nothing", "RT-03, RT-04"},
        {Quirk::RefreshScopeWidening, "refresh-scope-widening",
         "a refresh may ask for any scope the client is allowed, beyond the original grant", "RT-05"},
        {Quirk::RefreshNotBoundToClient, "refresh-not-bound-to-client",
         "any client may use any refresh token", "RT-07"},
        {Quirk::RevokeNoop, "revoke-noop",
         "/revoke answers 200 and revokes nothing", "REV-01, REV-02, REV-06, RS-08"},
        {Quirk::RevokeErrorOnUnknownToken, "revoke-error-on-unknown-token",
         "/revoke answers 400 invalid_request for unknown, expired or already revoked tokens", "REV-03"},
        {Quirk::RevokeForeignToken, "revoke-foreign-token",
         "/revoke lets a client revoke another client's tokens", "REV-09"},
        {Quirk::NoCacheHeaders, "no-cache-headers",
         "token endpoint responses carry neither Cache-Control: no-store nor Pragma: no-cache", "TOK-02, TOK-03, ERR-03"},
        {Quirk::WrongErrorCodes, "wrong-error-codes",
         "every /token and /revoke error uses the code invalid_request", "ERR-05, PKCE-02, CODE-01, RT-03"},
        {Quirk::SkipClientAuth, "skip-client-auth",
         "confidential clients are not authenticated: the client_id alone is accepted", "CODE-08, RT-08, ERR-04, REV-08"},
        {Quirk::PasswordGrantEnabled, "password-grant-enabled",
         "/token issues tokens for grant_type=password", "AS-03"},
        {Quirk::IntrospectUnauthenticated, "introspect-unauthenticated",
         "/introspect answers without client authentication", "INT-02"},
        {Quirk::BearerInQueryAccepted, "bearer-in-query-accepted",
         "the demo API accepts ?access_token= in the query", "RS-07"},
        {Quirk::ExpiredTokenAccepted, "expired-token-accepted",
         "the demo API and /introspect accept expired access tokens", "RS-03, TOK-07"},
        {Quirk::MetadataIssuerMismatch, "metadata-issuer-mismatch",
         "metadata 'issuer' differs from the issuer the URL was built from (trailing slash added)", "META-02"},
        {Quirk::ErrorNotJson, "error-not-json",
         "errors of /token, /revoke and /introspect are sent as text/plain with status 400 and no JSON body", "ERR-01"},
        {Quirk::ErrorDescriptionUnsanitized, "error-description-unsanitized",
         "/token echoes the offending request value raw into error_description (quotes, backslashes, control characters)", "ERR-02"},
        {Quirk::UnknownClientInvalidRequest, "unknown-client-invalid-request",
         "an unknown client gets 400 invalid_request, and a failed Basic login a 401 without WWW-Authenticate", "ERR-04"},
        {Quirk::MissingParamInvalidGrant, "missing-param-invalid-grant",
         "a missing required /token parameter is answered with invalid_grant", "ERR-05"},
        {Quirk::UnknownParamsRejected, "unknown-params-rejected",
         "/token refuses unknown parameters and empty-valued optional ones with invalid_request", "ERR-07"},
        {Quirk::TokenGetAccepted, "token-get-accepted",
         "/token processes GET requests with query parameters and JSON bodies", "ERR-08"},
        {Quirk::SecretInQueryAccepted, "secret-in-query-accepted",
         "/token accepts client credentials in the URI query", "ERR-09"},
        {Quirk::TwoAuthMethodsAccepted, "two-auth-methods-accepted",
         "/token accepts HTTP Basic and client_secret in the body in one request", "ERR-09"},
        {Quirk::BasicNotFormDecoded, "basic-not-form-decoded",
         "HTTP Basic credentials are compared without form-decoding (RFC 6749 section 2.3.1)", "ERR-10"},
        {Quirk::TokenTypeMissing, "token-type-missing",
         "token responses leave out token_type", "TOK-01"},
        {Quirk::ExpiresInString, "expires-in-string",
         "token responses send expires_in as a JSON string", "TOK-04"},
        {Quirk::ScopeUnreported, "scope-unreported",
         "token responses leave out scope while the granted scope differs from the request: several scopes are narrowed to the first, a single one is widened to all the client's scopes", "TOK-05, TOK-06"},
        {Quirk::ShortTokens, "short-tokens",
         "opaque access tokens and refresh tokens are 8 hex characters (32 bits)", "TOK-08"},
        {Quirk::TokenBadCharacters, "token-bad-characters",
         "opaque access tokens and refresh tokens contain a non-ASCII character (U+00E9, outside %x20-7E)", "TOK-09"},
        {Quirk::RefreshNarrowingIgnored, "refresh-narrowing-ignored",
         "a refresh asking for a narrower scope gets the full grant scope, and the new refresh token is narrowed instead", "RT-06"},
        {Quirk::RefreshNeverExpires, "refresh-never-expires",
         "/token ignores the absolute and idle limits of refresh tokens (the store still drops them an hour past the absolute limit)", "RT-09"},
        {Quirk::NoRefreshTokens, "no-refresh-tokens",
         "no refresh tokens are issued although metadata advertises the refresh_token grant", "META-06"},
        {Quirk::ClientSecretPostRefused, "client-secret-post-refused",
         "client_secret_post is refused although metadata advertises it", "META-06"},
        {Quirk::RevokeHintTrusted, "revoke-hint-trusted",
         "/revoke looks only where token_type_hint points", "REV-04"},
        {Quirk::RevokeUnknownHintError, "revoke-unknown-hint-error",
         "/revoke answers an unknown token_type_hint with unsupported_token_type", "REV-05"},
        {Quirk::RevokeLenientRequests, "revoke-lenient-requests",
         "/revoke accepts GET and JSON bodies, and answers 200 without a token parameter", "REV-10"},
        {Quirk::IntrospectAlwaysInactive, "introspect-always-inactive",
         "/introspect reports every token inactive", "INT-01"},
        {Quirk::IntrospectVerboseInactive, "introspect-verbose-inactive",
         "/introspect adds client_id and scope to inactive answers", "INT-01"},
        {Quirk::ApiChallengeMalformed, "api-challenge-malformed",
         "the demo API sends 401 without WWW-Authenticate, and an error code when no credentials were sent", "RS-01, RS-02"},
        {Quirk::ApiScopeUnchecked, "api-scope-unchecked",
         "the demo API does not check scopes", "RS-04"},
        {Quirk::ApiMultipleTokenMethodsAccepted, "api-multiple-token-methods-accepted",
         "the demo API accepts a token sent in two ways at once", "RS-05"},
        {Quirk::BearerSchemeCaseSensitive, "bearer-scheme-case-sensitive",
         "the demo API refuses the auth scheme written in lower case (bearer)", "RS-06"},
        {Quirk::QueryTokenNotPrivate, "query-token-not-private",
         "the demo API accepts ?access_token= and answers without Cache-Control: private", "RS-07"},
        {Quirk::MetadataWrongContentType, "metadata-wrong-content-type",
         "metadata is served as text/plain", "META-01"},
        {Quirk::MetadataMalformed, "metadata-malformed",
         "metadata response_types_supported is a string instead of an array", "META-03"},
        {Quirk::MetadataAdvertisesPlain, "metadata-advertises-plain",
         "metadata lists plain in code_challenge_methods_supported", "META-04"},
        {Quirk::MetadataHttpEndpoint, "metadata-http-endpoint",
         "metadata advertises the revocation endpoint with http://", "META-05"},
        {Quirk::MetadataDeadEndpoint, "metadata-dead-endpoint",
         "metadata advertises a token_endpoint path that answers 503 (a back end that is down)", "META-05"},
        {Quirk::MetadataDeadJwksUri, "metadata-dead-jwks-uri",
         "metadata advertises a jwks_uri that answers 404", "META-05"},
        {Quirk::EndpointUncoveredHost, "endpoint-uncovered-host",
         "metadata advertises jwks_uri on a host name the TLS certificate does not cover", "TLS-02"},
        {Quirk::HstsMalformed, "hsts-malformed",
         "responses carry Strict-Transport-Security without max-age", "TLS-04"},
        {Quirk::CorsOnAuthorize, "cors-on-authorize",
         "/authorize answers with Access-Control-Allow-Origin: *", "AS-02"},
        {Quirk::ImplicitGrantEnabled, "implicit-grant-enabled",
         "/authorize serves response_type=token (access token in the fragment)", "AS-03"},
        {Quirk::NoReferrerPolicy, "no-referrer-policy",
         "the login page and redirects carry no Referrer-Policy", "AS-04"},
        {Quirk::EchoCodeChallenge, "echo-code-challenge",
         "the success redirect from /authorize also carries code_challenge", "PKCE-01"},
        {Quirk::UnknownPkceMethodAccepted, "unknown-pkce-method-accepted",
         "/authorize accepts an unregistered code_challenge_method (e.g. S512) and treats it as plain", "PKCE-07"},
        {Quirk::RedirectUriUnchecked, "redirect-uri-unchecked",
         "/authorize accepts any absolute redirect_uri for a known client", "REDIR-01, REDIR-04, REDIR-05, REDIR-08, REDIR-09"},
        {Quirk::LoopbackPortExact, "loopback-port-exact",
         "a loopback redirect_uri must match the registered port exactly (no port registered: none allowed)", "REDIR-07"},
        {Quirk::UnknownClientRedirected, "unknown-client-redirected",
         "an unknown client_id gets an error redirect to the given redirect_uri instead of an error page", "REDIR-09"},
        {Quirk::RedirectUriDefaultFirst, "redirect-uri-default-first",
         "without redirect_uri, a client with several registered URIs is sent to the first one", "REDIR-10"},
        {Quirk::RedirectUriMissingServerError, "redirect-uri-missing-server-error",
         "/authorize answers a request without redirect_uri with a 500 error page", "REDIR-10"},
        {Quirk::StateRequired, "state-required",
         "/authorize refuses a request without state with invalid_request", "STATE-03"},
        {Quirk::IssNotAdvertised, "iss-not-advertised",
         "metadata leaves out authorization_response_iss_parameter_supported while redirects still carry iss", "ISS-01"},
        {Quirk::RevokeAccessKillsGrant, "revoke-access-kills-grant",
         "revoking an access token revokes its whole grant, the refresh token included", "REV-07"},
    };
    return table;
}

std::optional<Quirk> quirkByName(const std::string& name)
{
    for (const auto& info : allQuirks())
        if (name == info.name)
            return info.quirk;
    return std::nullopt;
}

const char* quirkName(Quirk quirk)
{
    return allQuirks().at(static_cast<std::size_t>(quirk)).name;
}

std::ostream& operator<<(std::ostream& out, Quirk quirk)
{
    return out << quirkName(quirk);
}

void QuirkSet::set(const std::vector<Quirk>& quirks)
{
    std::uint64_t bits[kWords] = {};
    for (Quirk q : quirks)
        bits[static_cast<std::size_t>(q) / 64] |= std::uint64_t(1) << bit(q);
    for (std::size_t i = 0; i < kWords; ++i)
        _bits[i].store(bits[i]);
}

std::vector<Quirk> QuirkSet::enabled() const
{
    std::vector<Quirk> out;
    for (const auto& info : allQuirks())
        if (has(info.quirk))
            out.push_back(info.quirk);
    return out;
}

} // namespace mock
