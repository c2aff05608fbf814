// oauth-mock-server: a strict, scriptable OAuth 2.0 authorization server for development
// and tests. Modelled on Poco's HTTPTimeServer sample: options, then serve until SIGINT/SIGTERM.

#include "mock_server/Config.h"
#include "mock_server/ConfigFiles.h"
#include "mock_server/MockServer.h"
#include "mock_server/Quirks.h"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionProcessor.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <cctype>
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdexcept>

using Poco::Util::Option;
using Poco::Util::OptionSet;

/// A command-line mistake (exit code 64), as opposed to a configuration error (78).
class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class MockServerApp : public Poco::Util::ServerApplication
{
public:
    /// Checks the options' syntax before the application starts: Poco reports an unknown option
    /// or a missing argument as a configuration error (78); on this command line it is a usage
    /// error (64). Returns the message, or "" if the syntax is fine.
    static std::string optionSyntaxProblem(int argc, char** argv)
    {
        OptionSet options;
        MockServerApp probe;
        probe.defineOptions(options);
        Poco::Util::OptionProcessor processor(options);
        processor.setUnixStyle(true);
        try
        {
            for (int i = 1; i < argc; ++i)
            {
                std::string name, value;
                if (processor.process(argv[i], name, value) && (name == "help" || name == "list-quirks"))
                    return "";
            }
            processor.checkRequired();
        }
        catch (const Poco::Util::OptionException& e)
        {
            return e.displayText();
        }
        return "";
    }

protected:
    void defineOptions(OptionSet& options) override
    {
        ServerApplication::defineOptions(options);
        auto add = [&](const char* full, const char* shortName, const char* help, const char* arg = nullptr,
                       bool repeatable = false) {
            Option o(full, shortName, help);
            o.required(false).repeatable(repeatable);
            if (arg)
                o.argument(arg);
            o.callback(Poco::Util::OptionCallback<MockServerApp>(this, &MockServerApp::handleOption));
            options.addOption(o);
        };
        add("help", "h", "Show this help and exit.");
        add("config", "c", "JSON configuration file (default: the built-in ConnectBase example).", "FILE");
        add("port", "p", "Port to listen on; 0 picks a free one and prints it.", "N");
        add("bind", "b", "Address to bind (default 127.0.0.1; the control API still answers loopback only).", "ADDR");
        add("tls-cert", "", "Serve HTTPS with this PEM certificate (needs --tls-key).", "FILE");
        add("tls-key", "", "PEM private key for --tls-cert.", "FILE");
        add("tls-self-signed", "", "Serve HTTPS with a generated CA + certificate; writes DIR/ca.pem for clients.", "DIR");
        add("http", "", "Serve plain HTTP even if the configuration asks for TLS.");
        add("issuer", "", "Issuer identifier to advertise (default: the server's own URL).", "URL");
        add("quirk", "q", "Enable a named quirk at start (repeatable); see --list-quirks.", "NAME", true);
        add("list-quirks", "", "List every quirk with its effect and the catalogue rows it breaks, then exit.");
        add("check-config", "", "Validate the configuration and the key and certificate files it names, then exit (0 valid, 78 invalid).");
        add("quiet", "", "Do not log one line per request.");
    }

    void handleOption(const std::string& name, const std::string& value)
    {
        if (name == "help") _help = true;
        else if (name == "config") _configFile = value;
        else if (name == "port") _port = value;
        else if (name == "bind") _bind = value;
        else if (name == "tls-cert") _tlsCert = value;
        else if (name == "tls-key") _tlsKey = value;
        else if (name == "tls-self-signed") _tlsSelfSigned = value;
        else if (name == "http") _plainHttp = true;
        else if (name == "issuer") _issuer = value;
        else if (name == "quirk") _quirks.push_back(value);
        else if (name == "list-quirks") _listQuirks = true;
        else if (name == "check-config") _checkOnly = true;
        else if (name == "quiet") _quiet = true;
        if (_help || _listQuirks)
            stopOptionsProcessing();
    }

    int main(const std::vector<std::string>& args) override
    {
        if (_help)
            return showHelp();
        if (_listQuirks)
            return listQuirks();
        if (!args.empty())
        {
            std::cerr << "oauth-mock-server: unexpected argument '" << args.front() << "' (see --help)\n";
            return EXIT_USAGE;
        }
        mock::MockConfig config;
        try
        {
            checkOptionValues();
            config = _configFile.empty() ? mock::defaultConfig() : mock::loadConfigFile(_configFile);
            applyOverrides(config);
            mock::checkConfigFiles(config, fileOrigins());
        }
        catch (const UsageError& e)
        {
            std::cerr << "oauth-mock-server: " << e.what() << " (see --help)\n";
            return EXIT_USAGE;
        }
        catch (const std::exception& e)
        {
            std::cerr << "oauth-mock-server: configuration error: " << e.what() << "\n";
            return EXIT_CONFIG;
        }
        if (_checkOnly)
        {
            std::cout << (_configFile.empty() ? "built-in configuration" : _configFile) << ": valid ("
                      << config.clients.size() << " clients, " << config.users.size() << " users, "
                      << config.scopes.size() << " scopes)\n";
            return EXIT_OK;
        }
        try
        {
            mock::MockServer server(config);
            if (!_quiet)
                server.setLog(&std::clog);
            server.start();
            std::cout << "oauth-mock-server listening on " << server.baseUrl() << "\n"
                      << "issuer: " << server.state().issuer() << "\n"
                      << "metadata: " << server.state().issuer() << "/.well-known/oauth-authorization-server\n";
            if (!server.caCertificateFile().empty())
                std::cout << "CA certificate (trust this in clients): " << server.caCertificateFile() << "\n";
            std::cout << "control API: " << server.baseUrl() << "/_mock/  (Ctrl-C stops)" << std::endl;
            waitForTerminationRequest();
            std::cout << "oauth-mock-server: stopping" << std::endl;
            server.stop();
        }
        catch (const std::exception& e)
        {
            std::cerr << "oauth-mock-server: cannot start: " << e.what() << "\n";
            return EXIT_SOFTWARE;
        }
        return EXIT_OK;
    }

private:
    /// Throws UsageError for an option value that cannot be right whatever the configuration says.
    void checkOptionValues()
    {
        if (!_port.empty())
        {
            std::size_t used = 0;
            int port = -1;
            try
            {
                port = std::stoi(_port, &used);
            }
            catch (const std::exception&)
            {
            }
            if (used != _port.size() || port < 0 || port > 65535 || !std::isdigit(static_cast<unsigned char>(_port[0])))
                throw UsageError("--port: expected a number from 0 to 65535, got '" + _port + "'");
            _portNumber = port;
        }
        if (_tlsCert.empty() != _tlsKey.empty())
            throw UsageError("--tls-cert and --tls-key go together");
        for (const auto& name : _quirks)
            if (!mock::quirkByName(name))
                throw UsageError("--quirk: unknown quirk '" + name + "' (see --list-quirks)");
    }

    void applyOverrides(mock::MockConfig& config) const
    {
        if (_portNumber >= 0)
            config.server.port = _portNumber;
        if (!_bind.empty())
            config.server.bind = _bind;
        if (!_issuer.empty())
            config.issuer = _issuer;
        if (!_tlsCert.empty())
        {
            config.tls.mode = mock::TlsConfig::Mode::Files;
            config.tls.certificateFile = _tlsCert;
            config.tls.keyFile = _tlsKey;
        }
        if (!_tlsSelfSigned.empty())
        {
            config.tls.mode = mock::TlsConfig::Mode::SelfSigned;
            config.tls.selfSignedDirectory = _tlsSelfSigned;
        }
        if (_plainHttp)
            config.tls.mode = mock::TlsConfig::Mode::Off;
        for (const auto& name : _quirks)
            config.quirks.push_back(*mock::quirkByName(name));
    }

    /// Where the configuration's file settings came from: the file, or options overriding it.
    mock::FileSettingOrigins fileOrigins() const
    {
        auto origins = mock::FileSettingOrigins::inConfig(_configFile.empty() ? "built-in configuration" : _configFile);
        if (!_tlsCert.empty())
        {
            origins.certificate = {"command line", "--tls-cert"};
            origins.key = {"command line", "--tls-key"};
        }
        return origins;
    }

    int showHelp()
    {
        Poco::Util::HelpFormatter help(options());
        help.setCommand(commandName());
        help.setUsage("[OPTIONS]");
        help.setHeader("A strict, scriptable OAuth 2.0 authorization server (RFC 6749, 6750, 7009, 7636, 7662, "
                       "8414, 9207, 9700) with a demo protected API, for development and conformance tests.");
        help.setFooter("Exit codes: 0 ok, 64 usage, 78 configuration error, 70 start failure.");
        help.format(std::cout);
        return EXIT_OK;
    }

    int listQuirks()
    {
        for (const auto& q : mock::allQuirks())
            std::cout << q.name << "\n    " << q.effect << "\n    breaks: " << q.breaks << "\n";
        return EXIT_OK;
    }

    bool _help = false, _listQuirks = false, _checkOnly = false, _quiet = false, _plainHttp = false;
    std::string _configFile, _port, _bind, _tlsCert, _tlsKey, _tlsSelfSigned, _issuer;
    std::vector<std::string> _quirks;
    int _portNumber = -1;
};

int main(int argc, char** argv)
{
#if defined(__GLIBC__)
    // One request thread per connection: glibc would give them up to 8 arenas per core, and the
    // store's entries, allocated in one thread's arena and evicted from another, fragment them all.
    // Two arenas keep the resident set of a store under churn about a quarter smaller (tools/bench).
    mallopt(M_ARENA_MAX, 2);
#endif
    try
    {
        std::string problem = MockServerApp::optionSyntaxProblem(argc, argv);
        if (!problem.empty())
        {
            std::cerr << "oauth-mock-server: " << problem << " (see --help)\n";
            return Poco::Util::Application::EXIT_USAGE;
        }
        MockServerApp app;
        return app.run(argc, argv);
    }
    catch (const Poco::Exception& e)
    {
        std::cerr << e.displayText() << std::endl;
        return Poco::Util::Application::EXIT_SOFTWARE;
    }
}
