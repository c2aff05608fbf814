// Fuzz target: WWW-Authenticate header values (oauth/WwwAuthenticate), which the runner parses
// from every 401/403 of the server under test (RFC 9110 §11.6.1, RFC 6750 §3).
// Invariant checked: a parsed challenge serialised with toString() parses again to the same
// scheme and parameters.
#include <oauth/WwwAuthenticate.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto challenges = oauth::parseWwwAuthenticate(input);
    if (!challenges)
        return 0;
    for (const oauth::AuthChallenge& challenge : *challenges)
    {
        (void)challenge.param("error");
        (void)challenge.param("realm");
        (void)oauth::equalsIgnoreCase(challenge.scheme, "Bearer");
        const std::string text = challenge.toString();
        const auto again = oauth::parseWwwAuthenticate(text);
        if (!again || again->size() != 1 || (*again)[0].scheme != challenge.scheme ||
            (*again)[0].params != challenge.params)
        {
            std::fprintf(stderr, "www_authenticate: toString() of a parsed challenge does not parse back: %s\n",
                         text.c_str());
            std::abort();
        }
    }
    return 0;
}
