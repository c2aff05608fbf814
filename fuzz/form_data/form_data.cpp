// Fuzz target: application/x-www-form-urlencoded bodies and URI queries (oauth/FormData, Encoding),
// scope strings (ScopeSet) and the redaction of forms and URLs. Both the mock server (every
// request) and the runner (redirect queries) decode these from the network.
// Invariants checked: decode(encode(x)) == x for forms, form values and both base64 variants.
#include <oauth/Encoding.h>
#include <oauth/FormData.h>
#include <oauth/Redaction.h>
#include <oauth/ScopeSet.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "form_data invariant broken: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    try
    {
        const oauth::FormData form = oauth::FormData::parse(input);
        (void)form.repeatedNames();
        (void)form.get("code");
        (void)form.getNonEmpty("state");
        (void)form.count("redirect_uri");
        const oauth::FormData again = oauth::FormData::parse(form.encode());
        if (again.pairs() != form.pairs())
            fail("FormData::parse(encode(form)) differs from form");
    }
    catch (const oauth::FormDecodeError&)
    {
    }

    if (auto decoded = oauth::formUrlDecode(input))
    {
        auto back = oauth::formUrlDecode(oauth::formUrlEncode(*decoded));
        if (!back || *back != *decoded)
            fail("formUrlDecode(formUrlEncode(x)) != x");
    }
    (void)oauth::percentEncode(input);
    if (auto bytes = oauth::base64UrlDecode(input))
    {
        auto back = oauth::base64UrlDecode(oauth::base64UrlEncode(*bytes));
        if (!back || *back != *bytes)
            fail("base64UrlDecode(base64UrlEncode(x)) != x");
    }
    if (auto bytes = oauth::base64Decode(input))
    {
        auto back = oauth::base64Decode(oauth::base64Encode(*bytes));
        if (!back || *back != *bytes)
            fail("base64Decode(base64Encode(x)) != x");
    }
    if (auto scopes = oauth::ScopeSet::parse(input))
        (void)scopes->empty();
    (void)oauth::redactForm(input);
    (void)oauth::redactUrl(input);
    return 0;
}
