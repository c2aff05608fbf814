#define BOOST_TEST_MODULE PkceTest
#include <boost/test/unit_test.hpp>

#include "oauth/Encoding.h"
#include "oauth/Pkce.h"

using namespace oauth;

namespace oauth {
std::ostream& operator<<(std::ostream& os, PkceMethod method)
{
    return os << pkceMethodName(method);
}
} // namespace oauth

namespace {
// RFC 7636 Appendix B: the verifier is the base64url of these 32 octets.
const unsigned char Rfc7636Octets[] = {116, 24,  223, 180, 151, 153, 224, 37, 79, 250, 96,  125, 216, 173, 187, 186,
                                       22,  212, 37,  77,  105, 214, 191, 240, 91, 88,  5,   88,  83,  132, 141, 121};
const std::string Rfc7636Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const std::string Rfc7636Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
} // namespace

BOOST_AUTO_TEST_CASE(rfc7636_appendix_b_vector)
{
    const std::string octets(reinterpret_cast<const char*>(Rfc7636Octets), sizeof Rfc7636Octets);
    BOOST_TEST(base64UrlEncode(octets) == Rfc7636Verifier);
    BOOST_TEST(computeCodeChallenge(Rfc7636Verifier, PkceMethod::S256) == Rfc7636Challenge);
    BOOST_TEST(verifyCodeVerifier(Rfc7636Verifier, Rfc7636Challenge, PkceMethod::S256));
    BOOST_TEST(!verifyCodeVerifier(Rfc7636Verifier, Rfc7636Challenge, PkceMethod::Plain));
}

BOOST_AUTO_TEST_CASE(generated_pairs_verify)
{
    const PkcePair pair = generatePkcePair();
    BOOST_TEST(pair.method == PkceMethod::S256);
    BOOST_TEST(pair.verifier.size() == 43u);
    BOOST_TEST(pair.challenge.size() == 43u);
    BOOST_TEST(isValidCodeVerifier(pair.verifier));
    BOOST_TEST(isValidCodeVerifier(pair.challenge));
    BOOST_TEST(verifyCodeVerifier(pair.verifier, pair.challenge, PkceMethod::S256));
    BOOST_TEST(generatePkcePair().verifier != pair.verifier);

    const PkcePair plain = generatePkcePair(PkceMethod::Plain);
    BOOST_TEST(plain.method == PkceMethod::Plain);
    BOOST_TEST(plain.challenge == plain.verifier);
    BOOST_TEST(verifyCodeVerifier(plain.verifier, plain.challenge, PkceMethod::Plain));
}

BOOST_AUTO_TEST_CASE(plain_method)
{
    BOOST_TEST(computeCodeChallenge(Rfc7636Verifier, PkceMethod::Plain) == Rfc7636Verifier);
    BOOST_TEST(verifyCodeVerifier(Rfc7636Verifier, Rfc7636Verifier, PkceMethod::Plain));
    BOOST_TEST(!verifyCodeVerifier(Rfc7636Verifier, Rfc7636Challenge, PkceMethod::Plain));
}

BOOST_AUTO_TEST_CASE(wrong_verifier_fails)
{
    std::string wrong = Rfc7636Verifier;
    wrong.back() = 'u';
    BOOST_TEST(!verifyCodeVerifier(wrong, Rfc7636Challenge, PkceMethod::S256));
    BOOST_TEST(!verifyCodeVerifier(Rfc7636Verifier, Rfc7636Challenge.substr(1), PkceMethod::S256));
    BOOST_TEST(!verifyCodeVerifier(Rfc7636Verifier, "", PkceMethod::S256));
    // A challenge-sized string that is not a valid verifier never verifies, even against itself.
    const std::string shortVerifier(42, 'a');
    BOOST_TEST(!verifyCodeVerifier(shortVerifier, shortVerifier, PkceMethod::Plain));
}

BOOST_AUTO_TEST_CASE(verifier_syntax)
{
    BOOST_TEST(!isValidCodeVerifier(std::string(42, 'a')));
    BOOST_TEST(isValidCodeVerifier(std::string(43, 'a')));
    BOOST_TEST(isValidCodeVerifier(std::string(128, 'a')));
    BOOST_TEST(!isValidCodeVerifier(std::string(129, 'a')));
    BOOST_TEST(!isValidCodeVerifier(""));

    const std::string base(42, 'A');
    for (char ok : {'-', '.', '_', '~', 'z', '0', '9', 'Z'})
        BOOST_TEST(isValidCodeVerifier(base + ok), "accepts '" << ok << "'");
    for (char bad : {'+', '/', '=', ' ', '%', '\0', '\t'})
        BOOST_TEST(!isValidCodeVerifier(base + bad), "rejects char " << int(bad));
    BOOST_TEST(!isValidCodeVerifier(std::string(41, 'A') + "\xc3\xa9")); // 43 bytes, non-ASCII
}

BOOST_AUTO_TEST_CASE(method_names)
{
    BOOST_TEST(parsePkceMethod("S256").value() == PkceMethod::S256);
    BOOST_TEST(parsePkceMethod("plain").value() == PkceMethod::Plain);
    BOOST_TEST(!parsePkceMethod("s256").has_value());
    BOOST_TEST(!parsePkceMethod("PLAIN").has_value());
    BOOST_TEST(!parsePkceMethod("").has_value());
    BOOST_TEST(!parsePkceMethod("S256 ").has_value());
    BOOST_TEST(pkceMethodName(PkceMethod::S256) == "S256");
    BOOST_TEST(pkceMethodName(PkceMethod::Plain) == "plain");
}
