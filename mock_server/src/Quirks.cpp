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
    std::uint64_t bits = 0;
    for (Quirk q : quirks)
        bits |= std::uint64_t(1) << bit(q);
    _bits.store(bits);
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
