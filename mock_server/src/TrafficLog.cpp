#include "mock_server/TrafficLog.h"

#include <oauth/Redaction.h>
#include <oauth/WwwAuthenticate.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace mock {
namespace {

Headers redactHeaders(const Headers& headers)
{
    Headers out;
    for (const auto& [name, value] : headers.items())
        out.add(name, oauth::equalsIgnoreCase(name, "Location") || oauth::equalsIgnoreCase(name, "Referer")
                          ? oauth::redactUrl(value)
                          : oauth::redactHeader(name, value));
    return out;
}

void writeHeaders(rapidjson::Writer<rapidjson::StringBuffer>& w, const Headers& headers)
{
    w.StartArray();
    for (const auto& [name, value] : headers.items())
    {
        w.StartArray();
        w.String(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
        w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
        w.EndArray();
    }
    w.EndArray();
}

void writeString(rapidjson::Writer<rapidjson::StringBuffer>& w, const char* key, const std::string& value)
{
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

} // namespace

std::string redactBody(const Headers& headers, const std::string& body)
{
    std::string type = headers.get("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    if (type.find("application/x-www-form-urlencoded") != std::string::npos)
        return oauth::redactForm(body);
    if (type.find("json") != std::string::npos)
        return oauth::redactJson(body);
    if (type.find("text/html") != std::string::npos)
        return "[html, " + std::to_string(body.size()) + " bytes]";
    return oauth::redactJson(body);
}

void TrafficLog::record(const std::string& endpoint, const MockRequest& request, const MockResponse& response,
                        std::int64_t time, double durationMs)
{
    if (_capacity == 0)
        return;
    // A ring of `capacity` slots, assigned in place: once it has gone round, recording reuses the
    // slot's strings and header vectors instead of allocating and freeing an entry per request.
    std::lock_guard<std::mutex> lock(_mutex);
    std::size_t index = _oldest; // full: overwrite the oldest
    if (_count < _capacity)
    {
        index = (_oldest + _count) % _capacity;
        ++_count;
        if (_entries.size() <= index)
            _entries.resize(index + 1);
    }
    else
        _oldest = (_oldest + 1) % _capacity;
    TrafficEntry& e = _entries[index];
    e.sequence = _nextSequence++;
    e.time = time;
    e.endpoint = endpoint;
    e.method = request.method;
    e.path = request.path;
    e.query = request.rawQuery;
    e.requestHeaders = request.headers;
    e.requestBody = request.body;
    e.status = response.status;
    e.responseHeaders = response.headers;
    e.responseBody = response.body;
    e.durationMs = durationMs;
}

TrafficEntry TrafficLog::redacted(const TrafficEntry& r)
{
    TrafficEntry e;
    e.sequence = r.sequence;
    e.time = r.time;
    e.endpoint = r.endpoint;
    e.method = r.method;
    e.path = r.path;
    e.query = r.query.empty() ? "" : oauth::redactForm(r.query);
    e.requestHeaders = redactHeaders(r.requestHeaders);
    e.requestBody = redactBody(r.requestHeaders, r.requestBody);
    e.status = r.status;
    e.responseHeaders = redactHeaders(r.responseHeaders);
    e.responseBody = redactBody(r.responseHeaders, r.responseBody);
    e.durationMs = r.durationMs;
    return e;
}

std::string TrafficLog::toJson(std::uint64_t after) const
{
    std::vector<TrafficEntry> selected;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        for (std::size_t i = 0; i < _count; ++i)
        {
            const TrafficEntry& r = _entries[(_oldest + i) % _capacity];
            if (r.sequence > after)
                selected.push_back(r);
        }
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartArray();
    for (const auto& r : selected)
    {
        const TrafficEntry e = redacted(r);
        w.StartObject();
        w.Key("sequence");
        w.Uint64(e.sequence);
        w.Key("time");
        w.Int64(e.time);
        writeString(w, "endpoint", e.endpoint);
        writeString(w, "method", e.method);
        writeString(w, "target", e.query.empty() ? e.path : e.path + "?" + e.query);
        w.Key("request_headers");
        writeHeaders(w, e.requestHeaders);
        writeString(w, "request_body", e.requestBody);
        w.Key("status");
        w.Int(e.status);
        w.Key("response_headers");
        writeHeaders(w, e.responseHeaders);
        writeString(w, "response_body", e.responseBody);
        w.Key("duration_ms");
        w.Double(e.durationMs);
        w.EndObject();
    }
    w.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::size_t TrafficLog::size() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _count;
}

void TrafficLog::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _entries.clear();
    _oldest = 0;
    _count = 0;
}

} // namespace mock
