#include "oauth/Redaction.h"

#include "oauth/Crypto.h"
#include "oauth/Encoding.h"
#include "oauth/FormData.h"
#include "oauth/JsonReader.h"
#include "oauth/WwwAuthenticate.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>

namespace oauth {
namespace {

constexpr std::array<std::string_view, 11> kSecretNames = {
    "client_secret", "code", "code_verifier", "access_token", "refresh_token", "id_token",
    "token", "password", "assertion", "client_assertion", "admin_token"};

void redactJsonValue(rapidjson::Value& value, rapidjson::Document::AllocatorType& alloc)
{
    if (value.IsObject())
    {
        for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it)
        {
            std::string_view name(it->name.GetString(), it->name.GetStringLength());
            if (isSecretName(name) && it->value.IsString())
            {
                std::string r = redactValue(std::string_view(it->value.GetString(), it->value.GetStringLength()));
                it->value.SetString(r.c_str(), static_cast<rapidjson::SizeType>(r.size()), alloc);
            }
            else
                redactJsonValue(it->value, alloc);
        }
    }
    else if (value.IsArray())
    {
        for (auto& item : value.GetArray())
            redactJsonValue(item, alloc);
    }
}

bool mentionsSecretName(std::string_view text)
{
    for (auto name : kSecretNames)
        if (text.find(name) != std::string_view::npos)
            return true;
    return false;
}

} // namespace

bool isSecretName(std::string_view name)
{
    for (auto secret : kSecretNames)
        if (name == secret)
            return true;
    return false;
}

std::string redactValue(std::string_view value)
{
    if (value.empty())
        return "";
    return "[redacted sha256:" + hexEncode(sha256(value).substr(0, 4)) + "]";
}

std::string redactForm(std::string_view encoded)
{
    try
    {
        FormData form = FormData::parse(encoded);
        FormData out;
        for (const auto& [name, value] : form.pairs())
            out.add(name, isSecretName(name) ? redactValue(value) : value);
        return out.encode();
    }
    catch (const FormDecodeError&)
    {
        return mentionsSecretName(encoded) ? redactValue(encoded) : std::string(encoded);
    }
}

std::string redactJson(std::string_view json)
{
    rapidjson::Document doc;
    oauth::parseJsonBounded(doc, json);
    if (doc.HasParseError())
        return mentionsSecretName(json) ? redactValue(json) : std::string(json);
    redactJsonValue(doc, doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string redactHeader(std::string_view name, std::string_view value)
{
    if (equalsIgnoreCase(name, "Authorization") || equalsIgnoreCase(name, "Proxy-Authorization"))
    {
        auto space = value.find(' ');
        if (space == std::string_view::npos)
            return redactValue(value);
        return std::string(value.substr(0, space)) + " " + redactValue(value.substr(space + 1));
    }
    if (equalsIgnoreCase(name, "X-Mock-Admin-Token")) // the mock server's control API credential
        return redactValue(value);
    if (equalsIgnoreCase(name, "Cookie") || equalsIgnoreCase(name, "Set-Cookie"))
    {
        auto eq = value.find('=');
        if (eq == std::string_view::npos)
            return std::string(value);
        return std::string(value.substr(0, eq)) + "=" + redactValue(value.substr(eq + 1));
    }
    return std::string(value);
}

std::string redactUrl(std::string_view url)
{
    auto fragment = url.find('#');
    std::string_view beforeFragment = url.substr(0, fragment);
    auto query = beforeFragment.find('?');
    std::string out(beforeFragment.substr(0, query));
    if (query != std::string_view::npos)
        out += "?" + redactForm(beforeFragment.substr(query + 1));
    if (fragment != std::string_view::npos)
        out += "#" + redactForm(url.substr(fragment + 1));
    return out;
}

} // namespace oauth
