// Fuzz target: the HTML pages of the server under test as the runner's user agent reads them
// (conformance/HtmlForms parseForms, parseLinks), the URL resolution of form actions and links
// (resolveUrl, RFC 3986 §5) and the redirect-URI decomposition scenarios use (redirectUriParts).
#include <conformance/HtmlForms.h>
#include <conformance/HttpClient.h>
#include <conformance/RedirectUriParts.h>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string html(reinterpret_cast<const char*>(data), size);
    const std::string base = "https://as.example.test:8443/login/step?x=1#f";
    for (const conformance::HtmlForm& form : conformance::parseForms(html))
    {
        (void)form.hasControl("username");
        (void)form.submitButtons();
        (void)conformance::resolveUrl(base, form.action);
    }
    for (const std::string& link : conformance::parseLinks(html))
        (void)conformance::resolveUrl(base, link);
    (void)conformance::resolveUrl(base, html);
    (void)conformance::resolveUrl(html, "../cb?code=1");
    (void)conformance::redirectUriParts(html);
    return 0;
}
