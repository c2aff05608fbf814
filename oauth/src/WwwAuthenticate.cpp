#include "oauth/WwwAuthenticate.h"

#include <cstring>

namespace oauth {

namespace {

bool isAlnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

char toLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isTchar(char c)
{
    return isAlnum(c) || (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c));
}

bool isToken68Char(char c)
{
    return isAlnum(c) || (c != '\0' && std::strchr("-._~+/", c));
}

/// Recursive-descent reader for the RFC 9110 §11.6.1 challenge grammar.
class Reader
{
public:
    explicit Reader(std::string_view text) : _text(text) {}

    bool atEnd() const { return _pos >= _text.size(); }
    char peek() const { return atEnd() ? '\0' : _text[_pos]; }

    std::size_t skipSpaces()
    {
        const std::size_t start = _pos;
        while (peek() == ' ')
            ++_pos;
        return _pos - start;
    }

    void skipOws()
    {
        while (peek() == ' ' || peek() == '\t')
            ++_pos;
    }

    /// Skips OWS and commas: list elements may be empty (RFC 9110 §5.6.1).
    void skipListSeparators()
    {
        while (peek() == ' ' || peek() == '\t' || peek() == ',')
            ++_pos;
    }

    std::string token()
    {
        const std::size_t start = _pos;
        while (isTchar(peek()))
            ++_pos;
        return std::string(_text.substr(start, _pos - start));
    }

    std::optional<std::string> quotedString()
    {
        if (peek() != '"')
            return std::nullopt;
        ++_pos;
        std::string value;
        while (!atEnd())
        {
            const unsigned char c = static_cast<unsigned char>(_text[_pos++]);
            if (c == '"')
                return value;
            if (c == '\\')
            {
                if (atEnd())
                    return std::nullopt;
                const unsigned char escaped = static_cast<unsigned char>(_text[_pos++]);
                if (escaped != '\t' && (escaped < 0x20 || escaped == 0x7F))
                    return std::nullopt;
                value += static_cast<char>(escaped);
            }
            else if (c == '\t' || (c >= 0x20 && c != 0x7F))
                value += static_cast<char>(c);
            else
                return std::nullopt;
        }
        return std::nullopt; // unterminated
    }

    /// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", alone in its challenge.
    std::optional<std::string> token68()
    {
        const std::size_t start = _pos;
        while (isToken68Char(peek()))
            ++_pos;
        if (_pos == start)
            return std::nullopt;
        while (peek() == '=')
            ++_pos;
        const std::size_t end = _pos;
        skipOws();
        if (atEnd() || peek() == ',')
            return std::string(_text.substr(start, end - start));
        _pos = start;
        return std::nullopt;
    }

    /// True if an auth-param (token BWS "=") starts here, rather than a new challenge.
    bool atAuthParam()
    {
        const std::size_t start = _pos;
        bool isParam = !token().empty();
        skipOws();
        isParam = isParam && peek() == '=';
        _pos = start;
        return isParam;
    }

    bool expect(char c)
    {
        if (peek() != c)
            return false;
        ++_pos;
        return true;
    }

private:
    std::string_view _text;
    std::size_t _pos = 0;
};

/// Reads `#auth-param` after a scheme; stops before the next challenge's scheme.
bool readAuthParams(Reader& in, AuthChallenge& challenge)
{
    while (true)
    {
        std::string name = in.token();
        if (name.empty())
            return false;
        in.skipOws();
        if (!in.expect('='))
            return false;
        in.skipOws();
        std::optional<std::string> value;
        if (in.peek() == '"')
            value = in.quotedString(); // may be empty: ""
        else if (std::string bare = in.token(); !bare.empty())
            value = std::move(bare);
        if (!value)
            return false;
        challenge.params.emplace_back(std::move(name), std::move(*value));
        in.skipOws();
        if (in.atEnd())
            return true;
        if (!in.expect(','))
            return false;
        in.skipListSeparators();
        if (in.atEnd() || !in.atAuthParam())
            return true;
    }
}

} // namespace

std::optional<std::string> AuthChallenge::param(std::string_view name) const
{
    for (const auto& p : params)
        if (equalsIgnoreCase(p.first, name))
            return p.second;
    return std::nullopt;
}

std::string AuthChallenge::toString() const
{
    std::string out = scheme;
    bool first = true;
    for (const auto& [name, value] : params)
    {
        out += first ? " " : ", ";
        first = false;
        if (name.empty())
        {
            out += value; // token68
            continue;
        }
        out += name;
        out += "=\"";
        for (char c : value)
        {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out;
}

AuthChallenge bearerChallenge(const std::string& realm, const std::string& error, const std::string& description,
                              const std::string& scope)
{
    AuthChallenge challenge;
    challenge.scheme = "Bearer";
    if (!realm.empty())
        challenge.params.emplace_back("realm", realm);
    if (!error.empty())
        challenge.params.emplace_back("error", error);
    if (!description.empty())
        challenge.params.emplace_back("error_description", description);
    if (!scope.empty())
        challenge.params.emplace_back("scope", scope);
    return challenge;
}

std::optional<std::vector<AuthChallenge>> parseWwwAuthenticate(std::string_view header)
{
    // A token68 is kept as one param with an empty name, so toString() can reproduce it.
    std::vector<AuthChallenge> challenges;
    Reader in(header);
    in.skipListSeparators();
    while (!in.atEnd())
    {
        AuthChallenge challenge;
        challenge.scheme = in.token();
        if (challenge.scheme.empty())
            return std::nullopt;
        const std::size_t spaces = in.skipSpaces();
        in.skipOws();
        if (in.atEnd() || in.peek() == ',')
        {
            challenges.push_back(std::move(challenge));
            in.skipListSeparators();
            continue;
        }
        if (spaces == 0)
            return std::nullopt;
        if (auto blob = in.token68())
        {
            challenge.params.emplace_back(std::string(), std::move(*blob));
            if (!in.atEnd() && !in.expect(','))
                return std::nullopt;
            in.skipListSeparators();
        }
        else if (!readAuthParams(in, challenge))
            return std::nullopt;
        challenges.push_back(std::move(challenge));
    }
    return challenges;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (toLower(a[i]) != toLower(b[i]))
            return false;
    return true;
}

} // namespace oauth
