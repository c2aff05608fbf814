#include "mock_server/Exchange.h"

#include <oauth/WwwAuthenticate.h>

#include <algorithm>

namespace mock {
namespace {

std::string mediaType(const std::string& contentType)
{
    std::string type = contentType.substr(0, contentType.find(';'));
    type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    return type;
}

} // namespace

void Headers::set(const std::string& name, std::string value)
{
    remove(name);
    add(name, std::move(value));
}

void Headers::remove(const std::string& name)
{
    _items.erase(std::remove_if(_items.begin(), _items.end(),
                                [&](const auto& h) { return oauth::equalsIgnoreCase(h.first, name); }),
                 _items.end());
}

std::string Headers::get(const std::string& name) const
{
    for (const auto& h : _items)
        if (oauth::equalsIgnoreCase(h.first, name))
            return h.second;
    return "";
}

bool Headers::has(const std::string& name) const
{
    return count(name) > 0;
}

std::size_t Headers::count(const std::string& name) const
{
    return std::count_if(_items.begin(), _items.end(), [&](const auto& h) { return oauth::equalsIgnoreCase(h.first, name); });
}

bool MockRequest::hasFormBody() const
{
    return mediaType(headers.get("Content-Type")) == "application/x-www-form-urlencoded";
}

bool MockRequest::hasJsonBody() const
{
    return mediaType(headers.get("Content-Type")) == "application/json";
}

MockResponse MockResponse::json(int status, std::string body)
{
    MockResponse r;
    r.status = status;
    r.headers.set("Content-Type", "application/json; charset=utf-8");
    r.body = std::move(body);
    return r;
}

MockResponse MockResponse::html(int status, std::string body)
{
    MockResponse r;
    r.status = status;
    r.headers.set("Content-Type", "text/html; charset=utf-8");
    r.body = std::move(body);
    return r;
}

MockResponse MockResponse::redirect(int status, const std::string& location)
{
    MockResponse r;
    r.status = status;
    r.headers.set("Location", location);
    return r;
}

MockResponse MockResponse::empty(int status)
{
    MockResponse r;
    r.status = status;
    return r;
}

} // namespace mock
