// Fuzz target: target-profile files (conformance/Target, parseTargetProfile): clients, test user,
// login recipe and resource of a foreign authorization server, written by users. Anything wrong
// must come back as oauth::JsonInputError naming the file and JSON path.
#include <conformance/Target.h>
#include <oauth/JsonReader.h>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try
    {
        (void)conformance::parseTargetProfile(text, "fuzz.profile.json");
    }
    catch (const oauth::JsonInputError&)
    {
    }
    try
    {
        (void)conformance::parseTargetProfile(text, "fuzz.profile.json", "https://as.example.test");
    }
    catch (const oauth::JsonInputError&)
    {
    }
    return 0;
}
