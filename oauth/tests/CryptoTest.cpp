#define BOOST_TEST_MODULE CryptoTest
#include <boost/test/unit_test.hpp>

#include "oauth/Crypto.h"
#include "oauth/Encoding.h"

#include <set>
#include <string>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

using namespace oauth;

BOOST_AUTO_TEST_CASE(sha256_known_digests)
{
    BOOST_TEST(sha256("abc").size() == 32u);
    BOOST_TEST(hexEncode(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(hexEncode(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(hexEncode(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
               "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(random_bytes_length_and_freshness)
{
    BOOST_TEST(randomBytes(0).empty());
    BOOST_TEST(randomBytes(1).size() == 1u);
    BOOST_TEST(randomBytes(64).size() == 64u);
    BOOST_TEST(randomBytes(32) != randomBytes(32));
}

BOOST_AUTO_TEST_CASE(random_bytes_from_the_per_thread_pool_never_repeat)
{
    // Values are served from a 4 KiB block per thread: across refills, at the pool's largest
    // request and past it (drawn directly), no value comes back twice.
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i)
        BOOST_REQUIRE(seen.insert(randomBytes(static_cast<std::size_t>(16 + i % 241))).second);
    BOOST_TEST(randomBytes(256).size() == 256u);
    BOOST_TEST(randomBytes(257).size() == 257u);
    BOOST_TEST(randomBytes(5000).size() == 5000u);
    std::string fromOtherThread;
    std::thread([&] { fromOtherThread = randomBytes(32); }).join();
    BOOST_TEST(!seen.count(fromOtherThread));
}

BOOST_AUTO_TEST_CASE(a_forked_child_does_not_repeat_its_parents_random_bytes)
{
    randomBytes(1); // the pool holds bytes now, which the child's copy of memory holds too
    int pipeFds[2];
    BOOST_REQUIRE(pipe(pipeFds) == 0);
    pid_t child = fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0)
    {
        std::string value = randomBytes(32);
        ssize_t written = write(pipeFds[1], value.data(), value.size());
        _exit(written == 32 ? 0 : 1);
    }
    std::string parentValue = randomBytes(32);
    std::string childValue(32, '\0');
    ssize_t got = read(pipeFds[0], childValue.data(), childValue.size());
    int status = 0;
    waitpid(child, &status, 0);
    close(pipeFds[0]);
    close(pipeFds[1]);
    BOOST_REQUIRE(got == 32);
    BOOST_TEST(childValue != parentValue);
}

BOOST_AUTO_TEST_CASE(random_token_is_base64url)
{
    const std::string token = randomToken(32);
    BOOST_TEST(token.size() == 43u);
    BOOST_TEST(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string::npos);
    BOOST_TEST(base64UrlDecode(token).value().size() == 32u);
    BOOST_TEST(randomToken() != randomToken());
    BOOST_TEST(randomToken(16).size() == 22u);
}

BOOST_AUTO_TEST_CASE(constant_time_equals)
{
    BOOST_TEST(constantTimeEquals("", ""));
    BOOST_TEST(constantTimeEquals("secret", "secret"));
    BOOST_TEST(!constantTimeEquals("secret", "secreT"));
    BOOST_TEST(!constantTimeEquals("secret", "secret2"));
    BOOST_TEST(!constantTimeEquals("secret", ""));
    BOOST_TEST(!constantTimeEquals("", "x"));
    BOOST_TEST(constantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
    BOOST_TEST(!constantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}
