// Fuzz target: the Authorization request header as the mock server reads it — HTTP Basic client
// authentication at /token (RFC 6749 §2.3.1: base64, then form-decoded id and secret) and Bearer
// tokens at the demo API (RFC 6750 §2.1) — and as the runner redacts it before storing.
// Input: one flags byte (quirks that change the parsing), then the header value; a second
// Authorization header follows a '\n' if there is one.
#include "../common/MockFixture.h"

#include <mock_server/ClientAuthenticator.h>
#include <mock_server/DemoApi.h>
#include <mock_server/Quirks.h>
#include <oauth/Redaction.h>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    mock::MockState& state = fuzz::mockState();
    const std::uint8_t flags = data[0];
    const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);

    state.quirks().set({});
    if (flags & 1)
        state.quirks().enable(mock::Quirk::BasicNotFormDecoded);
    if (flags & 2)
        state.quirks().enable(mock::Quirk::BearerSchemeCaseSensitive);

    mock::MockRequest request;
    request.method = (flags & 4) ? "GET" : "POST";
    request.headers.add("Content-Type", "application/x-www-form-urlencoded");
    const auto newline = input.find('\n');
    request.headers.add("Authorization", input.substr(0, newline));
    if (newline != std::string::npos)
        request.headers.add("Authorization", input.substr(newline + 1));
    if (flags & 8)
        request.body = "client_id=backend";

    oauth::FormData form;
    if (flags & 8)
        form.add("client_id", "backend");
    (void)mock::authenticateClient(state, request, form);

    request.path = "/v2/buildings";
    mock::DemoApi api(state);
    (void)api.handle(request);

    (void)oauth::redactHeader("Authorization", input);
    (void)oauth::redactHeader("Proxy-Authorization", input);
    state.quirks().set({});
    return 0;
}
