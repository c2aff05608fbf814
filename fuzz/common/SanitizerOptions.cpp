// Linked into every fuzz target: UBSan stops at the first report (so libFuzzer saves the input as a
// crash) and skips the known third-party reports listed in fuzz/ubsan.supp. These are the defaults;
// UBSAN_OPTIONS overrides them.
extern "C" const char* __ubsan_default_options()
{
    return "halt_on_error=1:print_stacktrace=1:suppressions=" OAUTH_SOURCE_DIR "/fuzz/ubsan.supp";
}
