#include <gtest/gtest.h>

#include <cmath>

#include "smrt/core/error.h"
#include "smrt/core/params.h"
#include "smrt/core/rng.h"

TEST(Rng, SameSeedSameStreamAndForksDiffer) {
  smrt::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
  EXPECT_NE(smrt::Rng(42).next_u64(), c.next_u64());
  EXPECT_NE(smrt::Rng(42).fork(1).next_u64(), smrt::Rng(42).fork(2).next_u64());
  EXPECT_EQ(smrt::Rng(42).fork(5).next_u64(), smrt::Rng(42, 5).next_u64());
}

TEST(Rng, DrawsHaveTheRightRangeAndMoments) {
  smrt::Rng r(1);
  double sum = 0, sq = 0, usum = 0;
  std::vector<int> hist(7, 0);
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sq += z * z;
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    usum += u;
    ++hist[r.below(7)];
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sq / n, 1.0, 0.02);
  EXPECT_NEAR(usum / n, 0.5, 0.01);
  for (int h : hist) EXPECT_NEAR(h, n / 7.0, n / 7.0 * 0.05);
}

// A string parameter's own check decides its values; its error and allowed text reach the message.
TEST(Params, AStringCheckRejectsWithItsOwnWords) {
  smrt::ParamSpec engine;
  engine.name = "engine";
  engine.default_value = "fast";
  engine.allowed_text = "fast or slow:N";
  engine.check = [](const std::string& v) { return v == "fast" || v.rfind("slow:", 0) == 0 ? "" : "no such engine"; };
  EXPECT_EQ(smrt::ParamValues::resolve("demo", {engine}, {{"engine", "slow:3"}}).get_string("engine"), "slow:3");
  try {
    smrt::ParamValues::resolve("demo", {engine}, {{"engine", "warp"}});
    ADD_FAILURE() << "no error";
  } catch (const smrt::ParameterError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("no such engine"), std::string::npos) << text;
    EXPECT_NE(text.find("allowed: fast or slow:N"), std::string::npos) << text;
  }
}

TEST(Params, ResolveValidatesNamesTypesAndRanges) {
  smrt::ParamSpec k{"k_neighbors", smrt::ParamType::Int, "5", "neighbours", {}, 1.0, std::nullopt};
  smrt::ParamSpec kind;
  kind.name = "kind";
  kind.default_value = "borderline-1";
  kind.choices = {"borderline-1", "borderline-2"};
  smrt::ParamSpec l2{"l2_penalty", smrt::ParamType::Float, "None", "penalty", {}, 0.0, std::nullopt};
  l2.nullable = true;
  smrt::ParamSpec hidden{"n_hidden", smrt::ParamType::IntList, "64", "layers", {}, 1.0, std::nullopt};
  std::vector<smrt::ParamSpec> specs{k, kind, l2, hidden};
  auto v = smrt::ParamValues::resolve("smote", specs, {{"k_neighbors", "3"}, {"n_hidden", "[128, 64]"}});
  EXPECT_EQ(v.get_int("k_neighbors"), 3);
  EXPECT_EQ(v.get_string("kind"), "borderline-1");
  EXPECT_TRUE(v.is_none("l2_penalty"));
  EXPECT_EQ(v.get_int_list("n_hidden"), (std::vector<int64_t>{128, 64}));
  auto error_of = [&](std::map<std::string, std::string> given) -> std::string {
    try {
      smrt::ParamValues::resolve("smote", specs, given);
    } catch (const smrt::ParameterError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error_of({{"k_neighbours", "3"}}).find("unknown parameter 'k_neighbours'; valid parameters: k_neighbors"),
            std::string::npos);
  EXPECT_NE(error_of({{"k_neighbors", "0"}}).find("k_neighbors=0: 0 is out of range; allowed: int in [1, inf]"),
            std::string::npos) << error_of({{"k_neighbors", "0"}});
  EXPECT_NE(error_of({{"k_neighbors", "2.5"}}).find("not an integer"), std::string::npos);
  // Counts stop well before int's end (2^31 wrapped to a negative k: a crash).
  EXPECT_EQ(error_of({{"k_neighbors", "1000000000"}}), "");
  for (const char* huge : {"1000000001", "2147483648", "4611686018427387904"})
    EXPECT_NE(error_of({{"k_neighbors", huge}}).find(std::string(huge) + " is larger than 1000000000, the largest count"),
              std::string::npos) << error_of({{"k_neighbors", huge}});
  EXPECT_NE(error_of({{"k_neighbors", "99999999999999999999"}}).find("beyond a 64-bit integer"), std::string::npos);
  EXPECT_NE(error_of({{"n_hidden", "64,3000000000"}}).find("3000000000 is larger than"), std::string::npos);
  EXPECT_NE(error_of({{"kind", "borderline-3"}}).find("one of {borderline-1, borderline-2}"), std::string::npos);
  EXPECT_NE(error_of({{"l2_penalty", "-1"}}).find("out of range"), std::string::npos);
  EXPECT_NE(error_of({{"n_hidden", "64,x"}}).find("'x' is not an integer"), std::string::npos);
  // Malformed lists were read leniently ("[64," as [64], "64,,32" as [64, 32]): now errors.
  EXPECT_NE(error_of({{"n_hidden", "[64,"}}).find("unbalanced bracket"), std::string::npos) << error_of({{"n_hidden", "[64,"}});
  EXPECT_NE(error_of({{"n_hidden", "64,,32"}}).find("empty item"), std::string::npos);
  EXPECT_NE(error_of({{"n_hidden", "64,"}}).find("empty item"), std::string::npos);
  EXPECT_NE(error_of({{"n_hidden", "[[64]]"}}).find("flat list"), std::string::npos);
  EXPECT_EQ(error_of({{"n_hidden", "( 64 , 32 )"}}), "");
  EXPECT_THROW(smrt::split_key_value("novalue"), smrt::ParameterError);
  EXPECT_EQ(smrt::split_key_value("a=b=c").second, "b=c");
}
