#include "oauth/Html.h"

namespace oauth {

std::string htmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char ch : text)
    {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (ch)
        {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default:
            if ((c < 0x20 && ch != '\t' && ch != '\n') || c == 0x7f)
                out += "\xEF\xBF\xBD";
            else
                out += ch;
        }
    }
    return out;
}

} // namespace oauth
