#include "oauth/OAuthError.h"

namespace oauth {

namespace {

bool isErrorChar(unsigned char c)
{
    return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

void appendMember(std::string& json, const char* name, const std::string& value)
{
    if (value.empty())
        return;
    if (json.size() > 1)
        json += ',';
    json += '"';
    json += name;
    json += "\":\"";
    json += jsonEscape(value);
    json += '"';
}

} // namespace

std::string OAuthError::toJson() const
{
    std::string json = "{";
    appendMember(json, "error", error);
    appendMember(json, "error_description", description);
    appendMember(json, "error_uri", uri);
    json += '}';
    return json;
}

bool isValidErrorText(std::string_view text)
{
    for (char c : text)
        if (!isErrorChar(static_cast<unsigned char>(c)))
            return false;
    return true;
}

std::string sanitizeErrorText(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool inMultiByte = false;
    for (char ch : text)
    {
        const unsigned char c = static_cast<unsigned char>(ch);
        // A UTF-8 sequence becomes one space, not one per byte.
        if (inMultiByte && (c & 0xC0) == 0x80)
            continue;
        inMultiByte = c >= 0x80;
        out += isErrorChar(c) ? ch : ' ';
    }
    return out;
}

std::string jsonEscape(std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 2);
    for (char ch : text)
    {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c)
        {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20)
            {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            }
            else
                out += ch;
        }
    }
    return out;
}

} // namespace oauth
