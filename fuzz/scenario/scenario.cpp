// Fuzz target: scenario files (conformance/Scenario, Catalogue::loadText), the catalogue users
// extend with their own cases. Anything wrong must come back as oauth::JsonInputError naming
// the file, case and JSON path. Loaded catalogues are also queried with a few selectors.
#include <conformance/Scenario.h>
#include <oauth/JsonReader.h>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    try
    {
        const conformance::Catalogue catalogue = conformance::Catalogue::loadText(text, "fuzz.json");
        (void)catalogue.select({});
        (void)catalogue.select({"rfc6749-4.1", "PKCE-02", "x"});
    }
    catch (const oauth::JsonInputError&)
    {
    }
    return 0;
}
