#include <hearth/rpc/json.h>

#include <gtest/gtest.h>

#include <string>

using namespace hearth::rpc;

TEST(JsonTest, CompactOutputMatchesUniValue)
{
    json v = json::object();
    v["result"] = nullptr;
    v["error"] = {{"code", -32601}, {"message", "Method not found"}};
    v["id"] = 1;
    // Insertion order is kept, no spaces.
    EXPECT_EQ(WriteJson(v), R"({"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1})");
    EXPECT_EQ(WriteJson(json::array()), "[]");
    EXPECT_EQ(WriteJson(json::object()), "{}");
    EXPECT_EQ(WriteJson(json(true)), "true");
    EXPECT_EQ(WriteJson(json(UINT64_MAX)), "18446744073709551615");
}

TEST(JsonTest, PrettyOutputMatchesUniValue)
{
    json v = json::object();
    v["a"] = 1;
    v["b"] = json::array({1, json::object(), json::array()});
    EXPECT_EQ(WriteJson(v, 2), "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    {\n    },\n    [\n    ]\n  ]\n}");
    // An empty top-level array prints as bitcoin-cli shows `listwallets` with none loaded.
    EXPECT_EQ(WriteJson(json::array(), 2), "[\n]");
}

TEST(JsonTest, StringEscapesMatchUniValue)
{
    EXPECT_EQ(WriteJson(json("a\"b\\c\n\t\x01\x7f/é")), "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f/é\"");
}

TEST(JsonTest, DoublesUseSixteenSignificantDigits)
{
    EXPECT_EQ(WriteJson(json(0.1)), "0.1");
    EXPECT_EQ(WriteJson(json(1.0)), "1");
    EXPECT_EQ(WriteJson(json(4.656542373906925e-10)), "4.656542373906925e-10");
    EXPECT_EQ(WriteJson(json(1e-5)), "1e-05");
}

TEST(JsonTest, AmountsHaveEightDecimals)
{
    EXPECT_EQ(WriteJson(ValueFromAmount(1000)), "0.00001000");
    EXPECT_EQ(WriteJson(ValueFromAmount(-1)), "-0.00000001");
    EXPECT_EQ(WriteJson(ValueFromAmount(2'100'000'000'000'000)), "21000000.00000000");
    EXPECT_EQ(WriteJson(ValueFromAmount(0)), "0.00000000");
    EXPECT_EQ(WriteJson(ValueFromAmount(INT64_MIN)), "-92233720368.54775808");
    EXPECT_TRUE(IsNumber(ValueFromAmount(5)));
    EXPECT_EQ(JsonTypeName(ValueFromAmount(5)), "number");
    EXPECT_DOUBLE_EQ(*GetDouble(ValueFromAmount(150'000'000)), 1.5);
}

TEST(JsonTest, ParsingPreservesNumberText)
{
    auto v = ParseJsonPreservingNumbers(R"({"a":0.10000000,"b":[1,-2,1e3],"c":"x"})");
    ASSERT_TRUE(v);
    EXPECT_TRUE(IsRawNumber((*v)["a"]));
    EXPECT_EQ(RawNumberText((*v)["a"]), "0.10000000");
    EXPECT_TRUE((*v)["b"][0].is_number_integer());
    EXPECT_EQ(WriteJson(*v), R"({"a":0.10000000,"b":[1,-2,1e3],"c":"x"})");
    auto plain = ParseJson("[0.5]");
    ASSERT_TRUE(plain);
    EXPECT_TRUE((*plain)[0].is_number_float());
}

TEST(JsonTest, ParsingRejectsInvalidAndTooDeepInput)
{
    EXPECT_FALSE(ParseJson(""));
    EXPECT_FALSE(ParseJson("{"));
    EXPECT_FALSE(ParseJson("[1] x"));
    EXPECT_FALSE(ParseJson("{'a':1}"));
    EXPECT_TRUE(ParseJson(" 5 "));
    EXPECT_TRUE(ParseJson("\"s\""));
    const std::string ok(512, '[');
    EXPECT_TRUE(ParseJson(ok + std::string(512, ']')));
    const std::string deep(513, '[');
    EXPECT_FALSE(ParseJson(deep + std::string(513, ']')));
    EXPECT_FALSE(ParseJson(std::string(100000, '['))); // never recursion, never a crash
}

TEST(JsonTest, TypeNamesAsUniValue)
{
    EXPECT_EQ(JsonTypeName(json{}), "null");
    EXPECT_EQ(JsonTypeName(json(false)), "bool");
    EXPECT_EQ(JsonTypeName(json::object()), "object");
    EXPECT_EQ(JsonTypeName(json::array()), "array");
    EXPECT_EQ(JsonTypeName(json("s")), "string");
    EXPECT_EQ(JsonTypeName(json(1.5)), "number");
}
