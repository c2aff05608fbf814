#pragma once

#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace mock {

/// A named, deliberate deviation from the strict behaviour. Each exists so that a conformance
/// check can be shown to FAIL; the table in Quirks.cpp (and mock_server/README.md) names the
/// catalogue rows each one breaks.
enum class Quirk : int
{
    AcceptMissingVerifier,
    AcceptPlainPkce,
    AcceptWrongVerifier,
    VerifierFormatUnchecked,
    PkceNotRequired,
    PkceDowngradeAccepted,
    CodeReuse,
    CodeNotBoundToClient,
    CodeLongLived,
    TokenRedirectUriUnchecked,
    RedirectUriPrefixMatch,
    RepeatedParamsAccepted,
    NoStateEcho,
    NoIss,
    Login307,
    NoFrameProtection,
    NoRefreshRotation,
    RefreshReuseUndetected,
    RefreshScopeWidening,
    RefreshNotBoundToClient,
    RevokeNoop,
    RevokeErrorOnUnknownToken,
    RevokeForeignToken,
    NoCacheHeaders,
    WrongErrorCodes,
    SkipClientAuth,
    PasswordGrantEnabled,
    IntrospectUnauthenticated,
    BearerInQueryAccepted,
    ExpiredTokenAccepted,
    MetadataIssuerMismatch,
    ErrorNotJson,
    ErrorDescriptionUnsanitized,
    UnknownClientInvalidRequest,
    MissingParamInvalidGrant,
    UnknownParamsRejected,
    TokenGetAccepted,
    SecretInQueryAccepted,
    TwoAuthMethodsAccepted,
    BasicNotFormDecoded,
    TokenTypeMissing,
    ExpiresInString,
    ScopeUnreported,
    ShortTokens,
    TokenBadCharacters,
    RefreshNarrowingIgnored,
    RefreshNeverExpires,
    NoRefreshTokens,
    ClientSecretPostRefused,
    RevokeHintTrusted,
    RevokeUnknownHintError,
    RevokeLenientRequests,
    IntrospectAlwaysInactive,
    IntrospectVerboseInactive,
    ApiChallengeMalformed,
    ApiScopeUnchecked,
    ApiMultipleTokenMethodsAccepted,
    BearerSchemeCaseSensitive,
    QueryTokenNotPrivate,
    MetadataWrongContentType,
    MetadataMalformed,
    MetadataAdvertisesPlain,
    MetadataHttpEndpoint,
    MetadataDeadEndpoint,
    MetadataDeadJwksUri,
    EndpointUncoveredHost,
    HstsMalformed,
    CorsOnAuthorize,
    ImplicitGrantEnabled,
    NoReferrerPolicy,
    EchoCodeChallenge,
    UnknownPkceMethodAccepted,
    RedirectUriUnchecked,
    LoopbackPortExact,
    UnknownClientRedirected,
    RedirectUriDefaultFirst,
    RedirectUriMissingServerError,
    StateRequired,
    IssNotAdvertised,
    RevokeAccessKillsGrant,
    Count_
};

/// Name, effect and the catalogue rows a quirk makes fail.
struct QuirkInfo
{
    Quirk quirk;
    const char* name;
    const char* effect;
    const char* breaks;
};

/// Every quirk, in enum order.
const std::vector<QuirkInfo>& allQuirks();

/// Looks a quirk up by its kebab-case name.
std::optional<Quirk> quirkByName(const std::string& name);

/// The kebab-case name.
const char* quirkName(Quirk quirk);

/// Writes the kebab-case name (for test diagnostics and logs).
std::ostream& operator<<(std::ostream& out, Quirk quirk);

/// The set of enabled quirks; lock-free, safe to read from every request thread.
class QuirkSet
{
public:
    bool has(Quirk quirk) const { return (word(quirk).load(std::memory_order_relaxed) >> bit(quirk)) & 1u; }
    void enable(Quirk quirk) { word(quirk).fetch_or(std::uint64_t(1) << bit(quirk)); }
    void disable(Quirk quirk) { word(quirk).fetch_and(~(std::uint64_t(1) << bit(quirk))); }
    void set(const std::vector<Quirk>& quirks);
    std::vector<Quirk> enabled() const;

private:
    static constexpr std::size_t kWords = (static_cast<std::size_t>(Quirk::Count_) + 63) / 64;
    static unsigned bit(Quirk quirk) { return static_cast<unsigned>(quirk) % 64; }
    std::atomic<std::uint64_t>& word(Quirk quirk) { return _bits[static_cast<std::size_t>(quirk) / 64]; }
    const std::atomic<std::uint64_t>& word(Quirk quirk) const { return _bits[static_cast<std::size_t>(quirk) / 64]; }
    std::atomic<std::uint64_t> _bits[kWords] = {};
};

} // namespace mock
