#define BOOST_TEST_MODULE RunnerTest
#include <boost/test/unit_test.hpp>

#include "conformance/Runner.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <string>

// Runner::run against servers that stop answering: the run ends in bounded time with every case
// accounted for (issue 3, "per-request timeouts … keep one bad server from hanging the run").

using namespace conformance;

namespace {

/// A catalogue of `n` client-credentials cases.
Catalogue catalogueOf(int n)
{
    std::string cases;
    for (int i = 0; i < n; ++i)
        cases += std::string(i ? "," : "") + R"({"id": "rfc6749-4.4/case-)" + std::to_string(i) +
                 R"(", "catalogue": "TOK-01", "title": "t", "level": "MUST", "requirements": ["RFC6749-4.4"],
                    "steps": [{"token": {"client": "confidential", "params": {"grant_type": "client_credentials"}},
                               "expect": {"status": 200}}]})";
    return Catalogue::loadText(R"({"cases": [)" + cases + "]}", "runner.json");
}

Target targetAt(const std::string& issuer, int receiveTimeoutMs)
{
    Target t = parseTargetProfile(R"({"clients": {"confidential": {"client_id": "c", "client_secret": "s3cret"}}})",
                                  "runner-profile.json", issuer);
    t.http.connectTimeoutMs = 1000;
    t.http.receiveTimeoutMs = receiveTimeoutMs;
    t.http.totalTimeoutMs = receiveTimeoutMs;
    return t;
}

/// A port on 127.0.0.1 where nothing listens (connections are refused).
std::string refusingIssuer()
{
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto port = probe.address().port();
    probe.close();
    return "http://127.0.0.1:" + std::to_string(port);
}

} // namespace

BOOST_AUTO_TEST_CASE(an_unreachable_server_stops_the_run_after_three_cases)
{
    Catalogue catalogue = catalogueOf(6);
    Target target = targetAt(refusingIssuer(), 1000);
    Runner runner(target, RunOptions{});
    RunResult run = runner.run(catalogue.select({}));
    BOOST_REQUIRE_EQUAL(run.cases.size(), 6u);
    for (std::size_t i = 0; i < run.cases.size(); ++i)
    {
        const CaseResult& c = run.cases[i];
        BOOST_TEST_INFO(c.id << ": " << c.reason);
        BOOST_TEST((c.outcome == Outcome::Error));
        if (i < 3)
        {
            BOOST_TEST(c.reason.find("RFC 8414 discovery failed") != std::string::npos);
            BOOST_TEST(c.exchanges.size() == 1u); // the failed discovery request is in the report
        }
        else
        {
            BOOST_TEST(c.reason.find("not run: the server gave no response in 3 consecutive cases") == 0u);
            BOOST_TEST(c.exchanges.empty());
            BOOST_TEST(c.title == "t");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_silent_server_is_bounded_by_the_run_time_limit)
{
    // Accepts connections (the listen backlog) and never answers.
    Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
    Catalogue catalogue = catalogueOf(4);
    Target target = targetAt("http://127.0.0.1:" + std::to_string(silent.address().port()), 1200);
    RunOptions options;
    options.maxRunSeconds = 1;
    options.unreachableLimit = 0; // only the time limit
    Runner runner(target, options);
    const auto started = std::chrono::steady_clock::now();
    RunResult run = runner.run(catalogue.select({}));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    BOOST_REQUIRE_EQUAL(run.cases.size(), 4u);
    BOOST_TEST(run.cases[0].reason.find("RFC 8414 discovery failed") != std::string::npos);
    for (std::size_t i = 1; i < run.cases.size(); ++i)
        BOOST_TEST(run.cases[i].reason == "not run: the run's time limit of 1 s was reached");
    BOOST_TEST(seconds < 10.0); // one receive timeout, not four
}
