#include "oauth/Encoding.h"

#include <array>
#include <cstdint>

namespace oauth {

namespace {

constexpr char StdAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char UrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char HexDigits[] = "0123456789ABCDEF";

std::string encodeWith(std::string_view bytes, const char* alphabet, bool pad)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3)
    {
        std::uint32_t n = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8) | std::uint8_t(bytes[i + 2]);
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0)
    {
        std::uint32_t n = std::uint8_t(bytes[i]) << 16;
        if (rest == 2)
            n |= std::uint8_t(bytes[i + 1]) << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        if (rest == 2)
            out += alphabet[(n >> 6) & 63];
        if (pad)
            out.append(3 - rest, '=');
    }
    return out;
}

/// Decodes `text`; padding is required when `requirePadding`, optional otherwise.
std::optional<std::string> decodeWith(std::string_view text, const char* alphabet, bool requirePadding)
{
    std::array<int, 256> value;
    value.fill(-1);
    for (int v = 0; v < 64; ++v)
        value[std::uint8_t(alphabet[v])] = v;

    std::size_t padCount = 0;
    while (padCount < text.size() && padCount < 3 && text[text.size() - 1 - padCount] == '=')
        ++padCount;
    const std::string_view data = text.substr(0, text.size() - padCount);

    if (padCount > 2 || data.size() % 4 == 1)
        return std::nullopt;
    if ((padCount > 0 || requirePadding) && text.size() % 4 != 0)
        return std::nullopt;

    std::string out;
    out.reserve(data.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : data)
    {
        const int v = value[std::uint8_t(c)];
        if (v < 0)
            return std::nullopt;
        acc = (acc << 6) | std::uint32_t(v);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out += char((acc >> bits) & 0xFF);
        }
    }
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isAlnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

void appendEscaped(std::string& out, char c)
{
    out += '%';
    out += HexDigits[std::uint8_t(c) >> 4];
    out += HexDigits[std::uint8_t(c) & 15];
}

} // namespace

std::string base64UrlEncode(std::string_view bytes)
{
    return encodeWith(bytes, UrlAlphabet, false);
}

std::optional<std::string> base64UrlDecode(std::string_view text)
{
    return decodeWith(text, UrlAlphabet, false);
}

std::string base64Encode(std::string_view bytes)
{
    return encodeWith(bytes, StdAlphabet, true);
}

std::optional<std::string> base64Decode(std::string_view text)
{
    return decodeWith(text, StdAlphabet, true);
}

std::string formUrlEncode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
    {
        if (isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '*')
            out += c;
        else if (c == ' ')
            out += '+';
        else
            appendEscaped(out, c);
    }
    return out;
}

std::string percentEncode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
    {
        if (isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += c;
        else
            appendEscaped(out, c);
    }
    return out;
}

std::optional<std::string> formUrlDecode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == '+')
            out += ' ';
        else if (c != '%')
            out += c;
        else
        {
            if (i + 2 >= text.size())
                return std::nullopt;
            const int hi = hexValue(text[i + 1]);
            const int lo = hexValue(text[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out += char(hi * 16 + lo);
            i += 2;
        }
    }
    return out;
}

std::string hexEncode(std::string_view bytes)
{
    static constexpr char lower[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes)
    {
        out += lower[std::uint8_t(c) >> 4];
        out += lower[std::uint8_t(c) & 15];
    }
    return out;
}

} // namespace oauth
