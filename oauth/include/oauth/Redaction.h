#pragma once

#include <string>
#include <string_view>

namespace oauth {

/// True for parameter and JSON member names whose values are secrets: client_secret, code,
/// code_verifier, access_token, refresh_token, id_token, token, password, assertion, client_assertion.
bool isSecretName(std::string_view name);

/// A stand-in that hides the value but lets a reader match equal values:
/// "[redacted sha256:1a2b3c4d]" (the first 4 bytes of the value's SHA-256); "" stays "".
std::string redactValue(std::string_view value);

/// Redacts the secret parameters of a form body or a query string; malformed input is
/// redacted whole rather than risk a leak.
std::string redactForm(std::string_view encoded);

/// Redacts the secret members (at any depth) of a JSON text; invalid JSON is returned as is
/// only if it contains no secret name, else redacted whole.
std::string redactJson(std::string_view json);

/// Redacts one header value by name: Authorization / Proxy-Authorization keep their scheme
/// ("Bearer [redacted …]"), Cookie and Set-Cookie keep cookie names, X-Mock-Admin-Token is
/// redacted whole, others are unchanged.
std::string redactHeader(std::string_view name, std::string_view value);

/// Redacts the query and the fragment parameters of a URL (e.g. a Location with ?code=…).
std::string redactUrl(std::string_view url);

} // namespace oauth
