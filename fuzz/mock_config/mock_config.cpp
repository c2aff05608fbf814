// Fuzz target: the mock server's configuration file (mock_server/Config, parseConfig), which
// users write by hand. Anything wrong must come back as ConfigError (file + JSON path + what
// was expected), never as a crash or another exception.
#include <mock_server/Config.h>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try
    {
        const mock::MockConfig config = mock::parseConfig(text, "fuzz.json");
        (void)config;
    }
    catch (const mock::ConfigError&)
    {
    }
    return 0;
}
