#include <hearth/node/args.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace hearth::node;
namespace fs = std::filesystem;

namespace {

/// An ArgsManager knowing a few options of each kind.
void AddTestOptions(ArgsManager& args)
{
    const unsigned any = ArgsManager::ALLOW_ANY;
    args.AddArg("-foo", "", any, OptionsCategory::OPTIONS);
    args.AddArg("-bar=<n>", "", any, OptionsCategory::OPTIONS);
    args.AddArg("-connect=<ip>", "", any | ArgsManager::NETWORK_ONLY, OptionsCategory::CONNECTION);
    args.AddArg("-rpcport=<port>", "", any | ArgsManager::NETWORK_ONLY, OptionsCategory::RPC);
    args.AddArg("-rpcpassword=<pw>", "", any | ArgsManager::SENSITIVE, OptionsCategory::RPC);
    args.AddArg("-datadir=<dir>", "", any | ArgsManager::DISALLOW_NEGATION, OptionsCategory::OPTIONS);
    args.AddArg("-name=<x>", "", any | ArgsManager::DISALLOW_ELISION, OptionsCategory::OPTIONS);
    args.AddArg("-conf=<file>", "", any, OptionsCategory::OPTIONS);
    args.AddArg("-includeconf=<file>", "", any, OptionsCategory::OPTIONS);
    for (const char* chain : {"-chain=<chain>", "-regtest", "-testnet", "-testnet4", "-signet"}) {
        args.AddArg(chain, "", any, OptionsCategory::CHAINPARAMS);
    }
}

hearth::util::Result<void> Parse(ArgsManager& args, std::vector<std::string> argv)
{
    argv.insert(argv.begin(), "prog");
    std::vector<const char*> ptrs;
    for (const auto& a : argv) ptrs.push_back(a.c_str());
    return args.ParseParameters(static_cast<int>(ptrs.size()), ptrs.data());
}

/// A fresh directory under the system temp dir, removed when the test ends.
class TempDir
{
public:
    TempDir()
    {
        m_path = fs::temp_directory_path() /
                 ("hearth_args_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TempDir() { fs::remove_all(m_path); }
    const fs::path& path() const { return m_path; }
    void Write(const std::string& name, const std::string& text) const { std::ofstream{m_path / name} << text; }

private:
    fs::path m_path;
};

} // namespace

TEST(ArgsTest, ParsesSingleAndDoubleDashWithAndWithoutValues)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-foo", "--bar=5"}));
    EXPECT_TRUE(args.IsArgSet("-foo"));
    EXPECT_EQ(args.GetArg("-foo", "x"), "");
    EXPECT_TRUE(args.GetBoolArg("-foo", false)); // a bare option is true
    EXPECT_EQ(args.GetIntArg("-bar", 0), 5);
    EXPECT_FALSE(args.IsArgSet("-connect"));
    EXPECT_EQ(args.GetArg("-connect", "default"), "default");
}

TEST(ArgsTest, NegationAndDoubleNegative)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-nofoo", "-nobar=0"}));
    EXPECT_TRUE(args.IsArgNegated("-foo"));
    EXPECT_FALSE(args.GetBoolArg("-foo", true));
    EXPECT_EQ(args.GetArg("-foo", ""), "0");
    // -nobar=0 is a (discouraged) double negative: true.
    EXPECT_FALSE(args.IsArgNegated("-bar"));
    EXPECT_TRUE(args.GetBoolArg("-bar", false));
}

TEST(ArgsTest, RejectsUnknownOptionsAsCore)
{
    ArgsManager args;
    AddTestOptions(args);
    auto r = Parse(args, {"-foo", "-unknown=1"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "Invalid parameter -unknown=1");
    // Section-qualified names are only for config files.
    ArgsManager args2;
    AddTestOptions(args2);
    auto r2 = Parse(args2, {"-regtest.foo=1"});
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error(), "Invalid parameter -regtest.foo=1");
}

TEST(ArgsTest, FlagsForbidNegationAndElision)
{
    ArgsManager a1;
    AddTestOptions(a1);
    auto r1 = Parse(a1, {"-nodatadir"});
    ASSERT_FALSE(r1);
    EXPECT_EQ(r1.error(), "Negating of -datadir is meaningless and therefore forbidden");
    ArgsManager a2;
    AddTestOptions(a2);
    auto r2 = Parse(a2, {"-name"});
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error(), "Can not set -name with no value. Please specify value with -name=value.");
    ArgsManager a3;
    AddTestOptions(a3);
    EXPECT_TRUE(Parse(a3, {"-name=x"}));
}

TEST(ArgsTest, RepeatedOptionsKeepAllValuesAndLastWinsOnCommandLine)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-connect=a", "-connect=b", "-bar=1", "-bar=2"}));
    EXPECT_EQ(args.GetArgs("-connect"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(args.GetIntArg("-bar", 0), 2);
}

TEST(ArgsTest, NegationClearsEarlierValues)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-connect=a", "-noconnect", "-connect=c"}));
    EXPECT_EQ(args.GetArgs("-connect"), (std::vector<std::string>{"c"}));
    ArgsManager args2;
    AddTestOptions(args2);
    ASSERT_TRUE(Parse(args2, {"-connect=a", "-noconnect"}));
    EXPECT_TRUE(args2.GetArgs("-connect").empty());
    EXPECT_TRUE(args2.IsArgNegated("-connect"));
}

TEST(ArgsTest, FirstNonDashArgumentStartsTheCommand)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-foo", "getblock", "abc", "-bar=1"}));
    EXPECT_EQ(args.GetCommand(), (std::vector<std::string>{"getblock", "abc", "-bar=1"}));
    EXPECT_FALSE(args.IsArgSet("-bar")); // after the command, options are the command's arguments
}

TEST(ArgsTest, IncludeConfRefusedOnCommandLine)
{
    ArgsManager args;
    AddTestOptions(args);
    auto r = Parse(args, {"-includeconf=x.conf"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "-includeconf cannot be used from commandline; -includeconf=x.conf");
    ArgsManager args2;
    AddTestOptions(args2);
    EXPECT_TRUE(Parse(args2, {"-noincludeconf"}));
}

TEST(ArgsTest, ConfigFileFirstValueWinsAndCommandLineOverrides)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {}));
    ASSERT_TRUE(args.ReadConfigString("bar=1\nbar=2\nconnect=x\nconnect=y\n"));
    args.SelectConfigNetwork("main");
    EXPECT_EQ(args.GetIntArg("-bar", 0), 1); // Core's quirk: the first config value wins
    EXPECT_EQ(args.GetArgs("-connect"), (std::vector<std::string>{"x", "y"}));

    ArgsManager args2;
    AddTestOptions(args2);
    ASSERT_TRUE(Parse(args2, {"-bar=7"}));
    ASSERT_TRUE(args2.ReadConfigString("bar=1\n"));
    EXPECT_EQ(args2.GetIntArg("-bar", 0), 7);
}

TEST(ArgsTest, ConfigCommentsWhitespaceAndSections)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {}));
    ASSERT_TRUE(args.ReadConfigString("# comment\n  foo = 1  # trailing\n\n[regtest]\nbar=3\n[main]\nbar=4\n"));
    EXPECT_TRUE(args.GetBoolArg("-foo", false));
    args.SelectConfigNetwork("regtest");
    EXPECT_EQ(args.GetIntArg("-bar", 0), 3);
    args.SelectConfigNetwork("main");
    EXPECT_EQ(args.GetIntArg("-bar", 0), 4);
    args.SelectConfigNetwork("test");
    EXPECT_FALSE(args.IsArgSet("-bar"));
}

TEST(ArgsTest, NetworkOnlyOptionsIgnoredInDefaultSectionOffMain)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {}));
    ASSERT_TRUE(args.ReadConfigString("rpcport=1234\nfoo=1\n"));
    args.SelectConfigNetwork("regtest");
    EXPECT_FALSE(args.IsArgSet("-rpcport"));
    EXPECT_TRUE(args.IsArgSet("-foo"));
    EXPECT_EQ(args.GetUnsuitableSectionOnlyArgs(), (std::set<std::string>{"-rpcport"}));
    args.SelectConfigNetwork("main");
    EXPECT_EQ(args.GetIntArg("-rpcport", 0), 1234);
    EXPECT_TRUE(args.GetUnsuitableSectionOnlyArgs().empty());

    // Set in the network section too: nothing is ignored.
    ArgsManager args2;
    AddTestOptions(args2);
    ASSERT_TRUE(Parse(args2, {}));
    ASSERT_TRUE(args2.ReadConfigString("rpcport=1234\n[regtest]\nrpcport=5678\n"));
    args2.SelectConfigNetwork("regtest");
    EXPECT_EQ(args2.GetIntArg("-rpcport", 0), 5678);
    EXPECT_TRUE(args2.GetUnsuitableSectionOnlyArgs().empty());
}

TEST(ArgsTest, SectionPrefixedKeysInConfig)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {}));
    ASSERT_TRUE(args.ReadConfigString("regtest.rpcport=99\n"));
    args.SelectConfigNetwork("regtest");
    EXPECT_EQ(args.GetIntArg("-rpcport", 0), 99);
}

TEST(ArgsTest, BadConfigLinesNameFileAndLine)
{
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        auto r = args.ReadConfigString("foo=1\n\n-bar=2\n", "/x/hearth.conf");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "/x/hearth.conf: parse error on line 3: -bar=2, options in configuration file must be "
                             "specified without leading -");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        auto r = args.ReadConfigString("# c\nnofoo\n", "/x/hearth.conf");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "/x/hearth.conf: parse error on line 2: nofoo, if you intended to specify a negated "
                             "option, use nofoo=1 instead");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        auto r = args.ReadConfigString("foo=1\nfoo=2\nwhatever=1\n", "/x/hearth.conf");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "/x/hearth.conf: line 3: Invalid configuration value whatever");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        auto r = args.ReadConfigString("rpcpassword=ab#cd\n", "/x/hearth.conf");
        ASSERT_FALSE(r);
        EXPECT_EQ(
            r.error(),
            "/x/hearth.conf: parse error on line 1, using # in rpcpassword can be ambiguous and should be avoided");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        auto r = args.ReadConfigString("conf=other.conf\n", "f");
        ASSERT_FALSE(r);
        EXPECT_NE(r.error().find("conf cannot be set in the configuration file"), std::string::npos);
    }
    {
        // The CLI skips unknown keys (the daemon's file has daemon options).
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        EXPECT_TRUE(args.ReadConfigString("whatever=1\nfoo=1\n", "f", /*ignore_invalid_keys=*/true));
        EXPECT_TRUE(args.IsArgSet("-foo"));
    }
}

TEST(ArgsTest, ChainSelectionFromCommandLineAndConfig)
{
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        EXPECT_EQ(*args.GetChainTypeString(), "main");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-regtest"}));
        EXPECT_EQ(*args.GetChainTypeString(), "regtest");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {}));
        ASSERT_TRUE(args.ReadConfigString("regtest=1\n"));
        EXPECT_EQ(*args.GetChainTypeString(), "regtest");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-chain=testnet4"}));
        EXPECT_EQ(*args.GetChainTypeString(), "testnet4");
    }
    {
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-regtest", "-testnet"}));
        auto r = args.GetChainTypeString();
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(),
                  "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
    }
    {
        // Core quirk: a negated -regtest on the command line does not override regtest=1 in the file.
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-noregtest"}));
        ASSERT_TRUE(args.ReadConfigString("regtest=1\n"));
        EXPECT_EQ(*args.GetChainTypeString(), "regtest");
    }
}

TEST(ArgsTest, ReadsConfigFileAndIncludes)
{
    TempDir dir;
    dir.Write("hearth.conf", "foo=1\nincludeconf=extra.conf\n[regtest]\nincludeconf=reg.conf\n");
    dir.Write("extra.conf", "bar=5\nincludeconf=nested.conf\n");
    // An included file starts without a section: its network-only options need their own [regtest].
    dir.Write("reg.conf", "[regtest]\nconnect=regpeer\nrpcport=1\n");
    dir.Write("nested.conf", "bar=9\n");
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-datadir=" + dir.path().string(), "-regtest"}));
    auto r = args.ReadConfigFiles("hearth.conf", "/nonexistent");
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(args.GetConfigFilePath(), dir.path() / "hearth.conf");
    args.SelectConfigNetwork("regtest");
    EXPECT_TRUE(args.GetBoolArg("-foo", false));
    EXPECT_EQ(args.GetIntArg("-bar", 0), 5);
    EXPECT_EQ(args.GetArgs("-connect"), (std::vector<std::string>{"regpeer"}));
    // Includes of includes are ignored with a warning, as in Core.
    ASSERT_EQ(args.GetWarnings().size(), 1u);
    EXPECT_EQ(args.GetWarnings()[0],
              "-includeconf cannot be used from included files; ignoring -includeconf=nested.conf");
}

TEST(ArgsTest, ConfigFileErrors)
{
    TempDir dir;
    {
        // A missing default config file is fine, a missing -conf file is not.
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-datadir=" + dir.path().string()}));
        EXPECT_TRUE(args.ReadConfigFiles("hearth.conf", "/nonexistent"));
        ArgsManager args2;
        AddTestOptions(args2);
        ASSERT_TRUE(Parse(args2, {"-datadir=" + dir.path().string(), "-conf=missing.conf"}));
        auto r = args2.ReadConfigFiles("hearth.conf", "/nonexistent");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(),
                  "specified config file \"" + (dir.path() / "missing.conf").string() + "\" could not be opened.");
    }
    {
        dir.Write("hearth.conf", "includeconf=absent.conf\n");
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-datadir=" + dir.path().string()}));
        auto r = args.ReadConfigFiles("hearth.conf", "/nonexistent");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "Failed to include configuration file absent.conf");
    }
    {
        dir.Write("hearth.conf", "foo=1\nbad line\n");
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-datadir=" + dir.path().string()}));
        auto r = args.ReadConfigFiles("hearth.conf", "/nonexistent");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), (dir.path() / "hearth.conf").string() + ": parse error on line 2: bad line");
    }
    {
        dir.Write("hearth.conf", "datadir=/definitely/not/here\n");
        ArgsManager args;
        AddTestOptions(args);
        ASSERT_TRUE(Parse(args, {"-conf=" + (dir.path() / "hearth.conf").string()}));
        auto r = args.ReadConfigFiles("hearth.conf", dir.path());
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "specified data directory \"/definitely/not/here\" does not exist.");
    }
}

TEST(ArgsTest, UnrecognizedSectionsAreReported)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {}));
    ASSERT_TRUE(args.ReadConfigString("other.foo=3\n[regtest]\nfoo=1\n[bogus]\nfoo=2\n", "f.conf"));
    const auto sections = args.GetUnrecognizedSections();
    ASSERT_EQ(sections.size(), 2u);
    EXPECT_EQ(sections[0].name, "other");
    EXPECT_EQ(sections[0].line, 1);
    EXPECT_EQ(sections[1].name, "bogus");
    EXPECT_EQ(sections[1].line, 4);
    EXPECT_EQ(sections[1].file, "f.conf");
}

TEST(ArgsTest, ForcedAndSoftSettings)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-bar=1"}));
    EXPECT_FALSE(args.SoftSetArg("-bar", "2"));
    EXPECT_TRUE(args.SoftSetArg("-foo", "0"));
    EXPECT_FALSE(args.GetBoolArg("-foo", true));
    args.ForceSetArg("-bar", "3");
    EXPECT_EQ(args.GetIntArg("-bar", 0), 3);
}

TEST(ArgsTest, SensitiveValuesAreMaskedInDescription)
{
    ArgsManager args;
    AddTestOptions(args);
    ASSERT_TRUE(Parse(args, {"-rpcpassword=secret", "-bar=2"}));
    const auto lines = args.DescribeArgs();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "Command-line arg: bar=\"2\"");
    EXPECT_EQ(lines[1], "Command-line arg: rpcpassword=****");
}

TEST(ArgsTest, LenientIntegerParsingAsCore)
{
    EXPECT_EQ(LenientAtoi64("12"), 12);
    EXPECT_EQ(LenientAtoi64("  -7x"), -7);
    EXPECT_EQ(LenientAtoi64("+3"), 3);
    EXPECT_EQ(LenientAtoi64("+-3"), 0);
    EXPECT_EQ(LenientAtoi64("abc"), 0);
    EXPECT_EQ(LenientAtoi64("99999999999999999999"), INT64_MAX);
    EXPECT_EQ(LenientAtoi64("-99999999999999999999"), INT64_MIN);
    EXPECT_TRUE(InterpretBool(""));
    EXPECT_FALSE(InterpretBool("0"));
    EXPECT_FALSE(InterpretBool("true")); // Core: not a number, so 0
    EXPECT_TRUE(InterpretBool("2"));
}

TEST(ArgsTest, HelpListsRegisteredOptionsByCategory)
{
    ArgsManager args;
    args.AddArg("-alpha=<n>",
                "First option, whose help text is long enough to be wrapped onto a second line by the formatter.",
                ArgsManager::ALLOW_ANY, OptionsCategory::OPTIONS);
    args.AddArg("-secret", "hidden unless debug", ArgsManager::ALLOW_ANY | ArgsManager::DEBUG_ONLY,
                OptionsCategory::RPC);
    args.AddHiddenArgs({"-h"});
    const std::string help = args.GetHelpMessage();
    EXPECT_EQ(help, "Options:\n\n  -alpha=<n>\n       First option, whose help text is long enough to be wrapped onto "
                    "a second\n       line by the formatter.\n\nRPC server options:\n\n");
    EXPECT_NE(args.GetHelpMessage(true).find("-secret"), std::string::npos);
}
