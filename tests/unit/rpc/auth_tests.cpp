#include <hearth/rpc/auth.h>

#include "testutil/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace hearth;
using namespace hearth::rpc;
namespace fs = std::filesystem;

TEST(AuthTest, Base64Rfc4648Vectors)
{
    const std::pair<std::string, std::string> vectors[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(EncodeBase64(plain), encoded);
        EXPECT_EQ(*DecodeBase64(encoded), plain);
    }
    EXPECT_FALSE(DecodeBase64("Zm9")); // not a multiple of 4
    EXPECT_FALSE(DecodeBase64("Zm9v!A=="));
    EXPECT_FALSE(DecodeBase64("Zh==")); // non-zero padding bits
    EXPECT_FALSE(DecodeBase64("Z==="));
}

TEST(AuthTest, RpcAuthHashMatchesCoreVectors)
{
    // From Core's test/functional/rpc_users.py (made by share/rpcauth/rpcauth.py).
    EXPECT_EQ(RpcAuthHash("93648e835a54c573682c2eb19f882535", "cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM="),
              "7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144");
    EXPECT_EQ(RpcAuthHash("f8607b1a88861fac29dfccf9b52ff9f", "8/F3uMDw4KSEbw96U3CA1C4X05dkHDN2BPFjTgZW4KI="),
              "ff36a0c23c8c62b4846112e50fa888416e94c17bfd4c42f88fd8f55ec6a3137e");
}

TEST(AuthTest, AuthenticatorChecksBasicCredentials)
{
    RpcAuthenticator auth;
    EXPECT_TRUE(auth.Empty());
    EXPECT_FALSE(auth.Check("Basic " + EncodeBase64("a:b"))); // nothing configured: nothing accepted
    auth.AddEntry(
        {"rt", "93648e835a54c573682c2eb19f882535", "7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144"});
    auth.AddPlaintext("user", "pass:with:colons");
    EXPECT_EQ(*auth.Check("Basic " + EncodeBase64("rt:cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM=")), "rt");
    EXPECT_EQ(*auth.Check("Basic   " + EncodeBase64("user:pass:with:colons") + "  "), "user");
    EXPECT_FALSE(auth.Check("Basic " + EncodeBase64("rt:wrong")));
    EXPECT_FALSE(auth.Check("Basic " + EncodeBase64("user:pass")));
    EXPECT_FALSE(auth.Check("Basic " + EncodeBase64("other:pass:with:colons")));
    EXPECT_FALSE(auth.Check("Basic " + EncodeBase64("nocolon")));
    EXPECT_FALSE(auth.Check("Bearer " + EncodeBase64("user:pass:with:colons")));
    EXPECT_FALSE(auth.Check("Basic !!!"));
}

TEST(AuthTest, CookieIsWrittenOwnerOnlyAndReadBack)
{
    const testutil::TempDir tmp;
    const fs::path& dir = tmp.path();
    const fs::path file = dir / ".cookie";
    auto cookie = GenerateAuthCookie(file, std::nullopt);
    ASSERT_TRUE(cookie) << cookie.error();
    EXPECT_EQ(cookie->size(), std::string{"__cookie__:"}.size() + 64);
    EXPECT_EQ(cookie->rfind("__cookie__:", 0), 0u);
    EXPECT_EQ(*ReadAuthCookie(file), *cookie);
    EXPECT_EQ(fs::file_size(file), cookie->size()); // no newline
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_FALSE(fs::exists(dir / ".cookie.tmp"));

    auto group = GenerateAuthCookie(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    ASSERT_TRUE(group);
    EXPECT_NE(*group, *cookie); // fresh randomness every time
    EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

    DeleteAuthCookie(file);
    EXPECT_FALSE(fs::exists(file));
    EXPECT_FALSE(ReadAuthCookie(file));
    EXPECT_FALSE(GenerateAuthCookie(dir / "missing" / ".cookie", std::nullopt));
}

TEST(AuthTest, TimingResistantEqual)
{
    EXPECT_TRUE(TimingResistantEqual("", ""));
    EXPECT_FALSE(TimingResistantEqual("abc", ""));
    EXPECT_FALSE(TimingResistantEqual("", "abc"));
    EXPECT_FALSE(TimingResistantEqual("a", "aa"));
    EXPECT_FALSE(TimingResistantEqual("aa", "a"));
    EXPECT_TRUE(TimingResistantEqual("abc", "abc"));
    EXPECT_FALSE(TimingResistantEqual("abc", "aba"));
}
