#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace conformance {

/// One control of an HTML form that contributes to its submission.
struct FormControl
{
    std::string tag;    ///< input, button, select, textarea
    std::string type;   ///< lower-case type attribute (input default "text", button default "submit")
    std::string name;
    std::string value;  ///< entity-decoded; for select: the selected (or first) option
    std::string id;
};

/// An HTML form found in a page.
struct HtmlForm
{
    std::string method = "GET"; ///< upper-case
    std::string action;         ///< entity-decoded, as written ("" = the page itself)
    std::string id;
    std::vector<FormControl> controls;

    /// True if there is a control with this name.
    bool hasControl(const std::string& name) const;
    /// Submit buttons (button type=submit, input type=submit).
    std::vector<FormControl> submitButtons() const;
};

/// Extracts the forms of an HTML page with a small, forgiving tokenizer (no scripts run).
/// Good enough for login and consent pages; never throws.
std::vector<HtmlForm> parseForms(const std::string& html);

/// The href attributes of the page's <a> elements, entity-decoded, in document order (never throws).
std::vector<std::string> parseLinks(const std::string& html);

/// Decodes HTML character references (&amp; &lt; &gt; &quot; &#39; &#NN; &#xHH;) in text.
std::string decodeHtmlEntities(const std::string& text);

} // namespace conformance
