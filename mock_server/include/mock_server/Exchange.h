#pragma once

#include <oauth/FormData.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mock {

/// Header list with case-insensitive lookup; order and repeats are kept (a repeated
/// Authorization header must be visible, not merged).
class Headers
{
public:
    void add(std::string name, std::string value) { _items.emplace_back(std::move(name), std::move(value)); }
    void set(const std::string& name, std::string value);
    void remove(const std::string& name);
    /// First value, or "" if absent.
    std::string get(const std::string& name) const;
    bool has(const std::string& name) const;
    std::size_t count(const std::string& name) const;
    const std::vector<std::pair<std::string, std::string>>& items() const { return _items; }

private:
    std::vector<std::pair<std::string, std::string>> _items;
};

/// One HTTP request as an endpoint sees it: already read, independent of Poco, easy to build in tests.
struct MockRequest
{
    std::string method;
    std::string path;          ///< without the query
    std::string rawQuery;      ///< after '?', undecoded
    Headers headers;
    std::string body;
    std::string peerAddress;   ///< "127.0.0.1:54321"
    bool peerIsLoopback = true;
    bool secure = false;       ///< arrived over TLS

    /// The strictly decoded query; throws oauth::FormDecodeError on a bad escape.
    oauth::FormData query() const { return oauth::FormData::parse(rawQuery); }
    /// The strictly decoded form body; throws oauth::FormDecodeError on a bad escape.
    oauth::FormData form() const { return oauth::FormData::parse(body); }
    /// True if Content-Type is application/x-www-form-urlencoded (parameters ignored).
    bool hasFormBody() const;
    /// True if Content-Type is application/json.
    bool hasJsonBody() const;
};

/// One HTTP response an endpoint produced.
struct MockResponse
{
    int status = 200;
    Headers headers;
    std::string body;

    /// A JSON response with the given status.
    static MockResponse json(int status, std::string body);
    /// A text/html; charset=utf-8 response.
    static MockResponse html(int status, std::string body);
    /// A redirect with Location.
    static MockResponse redirect(int status, const std::string& location);
    /// An empty response with the given status.
    static MockResponse empty(int status);
};

} // namespace mock
