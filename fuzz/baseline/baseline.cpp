// Fuzz target: baseline files (conformance/Baseline, parseBaseline), the known-failure lists a
// team commits next to its target profile. Errors must be oauth::JsonInputError.
#include <conformance/Baseline.h>
#include <oauth/JsonReader.h>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try
    {
        (void)conformance::parseBaseline(text, "fuzz.baseline.json");
    }
    catch (const oauth::JsonInputError&)
    {
    }
    return 0;
}
