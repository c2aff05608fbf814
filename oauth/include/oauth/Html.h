#pragma once

#include <string>
#include <string_view>

namespace oauth {

/// Escapes text for HTML element content and quoted attribute values: & < > " ' become entities,
/// and control characters other than tab/newline become U+FFFD, so nothing a peer sent can
/// open a tag, close an attribute or smuggle markup.
std::string htmlEscape(std::string_view text);

} // namespace oauth
