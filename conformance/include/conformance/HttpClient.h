#pragma once

#include "conformance/Result.h"

#include <string>
#include <utility>
#include <vector>

namespace conformance {

/// A request the runner wants sent, exactly as given (no header is added except Host,
/// Content-Length, "Connection: Close" and, if absent, User-Agent; the exchange records the
/// header block as written).
struct HttpRequestSpec
{
    std::string method = "GET";
    std::string url;                                             ///< absolute http(s) URL
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

/// Limits that keep one misbehaving server from hanging or exhausting a run.
struct HttpClientOptions
{
    std::string caFile;              ///< trust anchor for https ("" = the system's)
    bool verifyTls = true;           ///< false only when the target profile says so explicitly
    int connectTimeoutMs = 5000;
    int receiveTimeoutMs = 10000;    ///< per read
    int totalTimeoutMs = 20000;      ///< whole exchange
    std::size_t maxBodyBytes = 1024 * 1024; ///< the rest is discarded and bodyTruncated set
    std::size_t maxHeaderBytes = 64 * 1024;
};

/// Sends one HTTP/1.1 request per call on a fresh connection and records the exchange.
/// Never throws for anything the server does: a refused or reset connection, a TLS failure,
/// a timeout, a malformed response all come back as HttpExchange::error (status 0 if no
/// status line arrived). Redirects are never followed. The exchange is NOT redacted: the
/// runner needs the tokens; it redacts before storing.
class HttpClient
{
public:
    explicit HttpClient(HttpClientOptions options = {});

    HttpExchange send(const HttpRequestSpec& request) const;

    const HttpClientOptions& options() const { return _options; }

private:
    HttpClientOptions _options;
};

/// First value of a header in a recorded list (case-insensitive), or "".
std::string headerValue(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& name);

/// Number of headers with this name (case-insensitive).
std::size_t headerCount(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& name);

/// A copy with secrets redacted (oauth/Redaction.h): Authorization/Cookie headers, form and
/// JSON bodies, and the query of the URL and of any Location header.
HttpExchange redactExchange(const HttpExchange& exchange);

/// Resolves a possibly relative reference against a base URL (RFC 3986 §5), e.g. a Location
/// header or a form action.
std::string resolveUrl(const std::string& base, const std::string& reference);

} // namespace conformance
