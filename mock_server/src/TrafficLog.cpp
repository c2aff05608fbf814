#include "mock_server/TrafficLog.h"

#include <oauth/Redaction.h>
#include <oauth/WwwAuthenticate.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

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
    TrafficEntry e;
    e.time = time;
    e.endpoint = endpoint;
    e.method = request.method;
    e.target = request.rawQuery.empty() ? request.path : request.path + "?" + oauth::redactForm(request.rawQuery);
    e.requestHeaders = redactHeaders(request.headers);
    e.requestBody = redactBody(request.headers, request.body);
    e.status = response.status;
    e.responseHeaders = redactHeaders(response.headers);
    e.responseBody = redactBody(response.headers, response.body);
    e.durationMs = durationMs;

    std::lock_guard<std::mutex> lock(_mutex);
    e.sequence = _nextSequence++;
    _entries.push_back(std::move(e));
    while (_entries.size() > _capacity)
        _entries.pop_front();
}

std::string TrafficLog::toJson(std::uint64_t after) const
{
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    std::lock_guard<std::mutex> lock(_mutex);
    w.StartArray();
    for (const auto& e : _entries)
    {
        if (e.sequence <= after)
            continue;
        w.StartObject();
        w.Key("sequence");
        w.Uint64(e.sequence);
        w.Key("time");
        w.Int64(e.time);
        writeString(w, "endpoint", e.endpoint);
        writeString(w, "method", e.method);
        writeString(w, "target", e.target);
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
    return _entries.size();
}

void TrafficLog::clear()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _entries.clear();
}

} // namespace mock
