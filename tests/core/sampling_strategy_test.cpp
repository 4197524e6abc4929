#include "smrt/core/sampling_strategy.h"

#include <gtest/gtest.h>

#include "smrt/core/error.h"

using smrt::SamplingPlan;
using smrt::SamplingStrategy;
using smrt::SamplingType;

namespace {

const smrt::ClassIndex kClasses = smrt::ClassIndex::of_strings({"a", "b", "c"});
const std::vector<int64_t> kCounts{50, 10, 30};  // majority a, minority b

SamplingPlan resolve(const std::string& text, SamplingType type, std::vector<int64_t> counts = kCounts) {
  return smrt::resolve_sampling_strategy(SamplingStrategy::parse(text), counts, kClasses, type);
}

std::string error_of(const std::string& text, SamplingType type, std::vector<int64_t> counts = kCounts) {
  try {
    resolve(text, type, counts);
  } catch (const smrt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(SamplingStrategy, NamedFormsForOverSampling) {
  auto p = resolve("auto", SamplingType::OverSampling);
  EXPECT_EQ(p.targeted_classes(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(p.n_to_add(1), 40);
  EXPECT_EQ(p.n_to_add(2), 20);
  EXPECT_EQ(p.n_to_add(0), 0);
  EXPECT_EQ(resolve("minority", SamplingType::OverSampling).targeted_classes(), (std::vector<int32_t>{1}));
  EXPECT_EQ(resolve("not minority", SamplingType::OverSampling).targeted_classes(), (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(resolve("all", SamplingType::OverSampling).targeted_classes(), (std::vector<int32_t>{0, 1, 2}));
  EXPECT_NE(error_of("majority", SamplingType::OverSampling).find("over-sampler"), std::string::npos);
}

TEST(SamplingStrategy, NamedFormsForUnderAndCleanSampling) {
  auto p = resolve("auto", SamplingType::UnderSampling);
  EXPECT_EQ(p.targeted_classes(), (std::vector<int32_t>{0, 2}));
  EXPECT_EQ(p.n_to_keep(0), 10);
  EXPECT_EQ(p.n_to_keep(1), 10);  // untargeted: keeps all
  EXPECT_EQ(resolve("majority", SamplingType::UnderSampling).targeted_classes(), (std::vector<int32_t>{0}));
  EXPECT_EQ(resolve("not majority", SamplingType::UnderSampling).targeted_classes(), (std::vector<int32_t>{1, 2}));
  EXPECT_NE(error_of("minority", SamplingType::UnderSampling).find("under-sampler"), std::string::npos);
  // imbalanced-learn 0.10's cleaning samplers refuse 'minority' (their parameter constraints).
  EXPECT_NE(error_of("minority", SamplingType::CleanSampling).find("cleaning sampler"), std::string::npos);
  EXPECT_EQ(resolve("[a, c]", SamplingType::CleanSampling).targeted_classes(), (std::vector<int32_t>{0, 2}));
  EXPECT_NE(error_of("[a]", SamplingType::OverSampling).find("cleaning"), std::string::npos);
  EXPECT_NE(error_of("a:5", SamplingType::CleanSampling).find("cleaning"), std::string::npos);
}

TEST(SamplingStrategy, FloatRatioOnBinaryTargets) {
  std::vector<int64_t> binary{100, 0, 17};
  auto over = resolve("0.5", SamplingType::OverSampling, binary);
  EXPECT_EQ(over.n_to_add(2), 33);  // int(100 * 0.5 - 17)
  auto under = resolve("0.4", SamplingType::UnderSampling, binary);
  EXPECT_EQ(under.n_to_keep(0), 42);  // int(17 / 0.4)
  EXPECT_NE(error_of("0.1", SamplingType::OverSampling, binary).find("would require removing"), std::string::npos);
  // int(100 x 0.172 - 17) = 0 rows to add: refused as imbalanced-learn does, and said as it is.
  const std::string none = error_of("0.172", SamplingType::OverSampling, binary);
  EXPECT_NE(none.find("adds no row to class"), std::string::npos) << none;
  EXPECT_EQ(none.find("removing"), std::string::npos) << none;
  EXPECT_NE(error_of("0.1", SamplingType::UnderSampling, binary).find("increase the ratio"), std::string::npos);
  EXPECT_NE(error_of("0.5", SamplingType::OverSampling).find("binary"), std::string::npos);
  EXPECT_NE(error_of("0.5", SamplingType::CleanSampling, binary).find("cleaning"), std::string::npos);
  EXPECT_THROW(SamplingStrategy::parse("0"), smrt::ParameterError);
  EXPECT_THROW(SamplingStrategy::parse("1.01"), smrt::ParameterError);
  EXPECT_THROW(SamplingStrategy::parse("-1"), smrt::ParameterError);
}

TEST(SamplingStrategy, PerClassMaps) {
  auto p = resolve("b:20, c:35", SamplingType::OverSampling);
  EXPECT_EQ(p.n_to_add(1), 10);
  EXPECT_EQ(p.n_to_add(2), 5);
  auto j = resolve("{\"a\": 5}", SamplingType::UnderSampling);
  EXPECT_EQ(j.n_to_keep(0), 5);
  EXPECT_NE(error_of("b:5", SamplingType::OverSampling).find("cannot lower class 'b'"), std::string::npos);
  EXPECT_NE(error_of("b:11", SamplingType::UnderSampling).find("cannot raise class 'b'"), std::string::npos);
  EXPECT_NE(error_of("z:11", SamplingType::UnderSampling).find("class 'z' is not present"), std::string::npos);
  EXPECT_NE(error_of("b:-1", SamplingType::UnderSampling).find("negative"), std::string::npos);
  EXPECT_THROW(SamplingStrategy::parse("b:x"), smrt::ParameterError);
  EXPECT_THROW(SamplingStrategy::parse("{\"b\": 1.5}"), smrt::ParameterError);
}

// imbalanced-learn reads an empty map or list as "no class": nothing changes (a combination still cleans).
TEST(SamplingStrategy, EmptyMapsAndListsTargetNoClass) {
  for (const char* text : {"{}", " { } "}) {
    EXPECT_TRUE(resolve(text, SamplingType::OverSampling).targeted_classes().empty()) << text;
    EXPECT_TRUE(resolve(text, SamplingType::UnderSampling).targeted_classes().empty()) << text;
  }
  for (const char* text : {"[]", "[ ]"}) EXPECT_TRUE(resolve(text, SamplingType::CleanSampling).targeted_classes().empty()) << text;
  EXPECT_TRUE(SamplingStrategy::per_class({}).counts().empty());
  EXPECT_EQ(SamplingStrategy::parse("{}").to_string(), "{}");
  EXPECT_EQ(SamplingStrategy::parse("[]").to_string(), "[]");
  // Still the forms of their sampler types only.
  EXPECT_NE(error_of("{}", SamplingType::CleanSampling).find("class list"), std::string::npos);
  EXPECT_NE(error_of("[]", SamplingType::OverSampling).find("only for cleaning samplers"), std::string::npos);
}

TEST(SamplingStrategy, BalanceRatio) {
  auto p = resolve("balance_ratio:0.5", SamplingType::OverSampling);
  EXPECT_EQ(p.targeted_classes(), (std::vector<int32_t>{1}));  // c has 30 >= 25
  EXPECT_EQ(p.n_to_add(1), 15);
  EXPECT_EQ(resolve("balance_ratio:0.1", SamplingType::OverSampling).targeted_classes().size(), 0u);
  EXPECT_EQ(resolve("balance_ratio=1", SamplingType::OverSampling).n_to_add(2), 20);
  EXPECT_NE(error_of("balance_ratio:0.5", SamplingType::UnderSampling).find("over-samplers only"), std::string::npos);
  EXPECT_THROW(SamplingStrategy::balance_ratio(0.0), smrt::ParameterError);
  EXPECT_THROW(SamplingStrategy::balance_ratio(1.5), smrt::ParameterError);
}

TEST(SamplingStrategy, OneClassAndGarbageAreErrors) {
  EXPECT_NE(error_of("auto", SamplingType::OverSampling, {5, 0, 0}).find("more than 1 class"), std::string::npos);
  try {
    SamplingStrategy::parse("most");
    FAIL();
  } catch (const smrt::ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("'most' is not valid"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("not minority"), std::string::npos);
  }
}

// Bad JSON is answered in smrt's words: where it went wrong and the forms
// allowed, not the parser's "[json.exception.parse_error.101] ... last read".
TEST(SamplingStrategy, BadJsonSaysWhereAndWhatIsAllowed) {
  auto message = [](const std::string& text) -> std::string {
    try {
      SamplingStrategy::parse(text);
    } catch (const smrt::ParameterError& e) {
      return e.what();
    }
    return "";
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{bad", "sampling_strategy='{bad' is not valid JSON at character 2 ('bad')"},
      {"{\"a\": 5", "is not valid JSON: it ends before the map is closed"},
      {"[\"a\", b]", "is not valid JSON at character 7 ('b]')"},
      {"{'a': 5}", "at character 2 ('\'a\': 5}')"},
      // A number past double's range threw the parser's own out_of_range: an abort (found by fuzz_params;
      // its input is in tests/fuzz/corpus/params).
      {"{\"a\": 1e999}", "holds a number beyond a double's range"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string m = message(text);
    EXPECT_NE(m.find(expected), std::string::npos) << m;
    EXPECT_NE(m.find("{\"1\": 500}"), std::string::npos) << m;
    EXPECT_EQ(m.find("json.exception"), std::string::npos) << m;
    EXPECT_EQ(m.find("last read"), std::string::npos) << m;
  }
}

TEST(SamplingStrategy, TiesPickTheFirstClassInSortedOrder) {
  // a and c tie for the majority; b and c... b minority alone.
  auto p = resolve("not majority", SamplingType::OverSampling, {30, 10, 30});
  EXPECT_EQ(p.targeted_classes(), (std::vector<int32_t>{1, 2}));  // a (first max) is the majority
  auto q = resolve("not minority", SamplingType::UnderSampling, {30, 10, 10});
  EXPECT_EQ(q.targeted_classes(), (std::vector<int32_t>{0, 2}));  // b (first min) is the minority
}

TEST(SamplingStrategy, AClassGivenTwiceIsAnError) {
  // The second count silently won before.
  EXPECT_THROW(smrt::SamplingStrategy::parse("fraud:500,fraud:600"), smrt::ParameterError);
  EXPECT_THROW(smrt::SamplingStrategy::parse("[a, b, a]"), smrt::ParameterError);
  EXPECT_THROW(smrt::SamplingStrategy::parse(""), smrt::ParameterError);
  EXPECT_EQ(smrt::SamplingStrategy::parse("fraud:500,ok:600").counts().size(), 2u);
}

// to_string() is parsed again (SMOTEENN passes its strategy to its SMOTE as
// text): labels with separators and ratios with many digits must come back.
TEST(SamplingStrategy, ToStringReadsBackAsTheSameStrategy) {
  const std::vector<std::string> texts = {
      R"({"New York, NY": 100, " a": 3, "x:y": 7})", R"({"balance_ratio": 1})", R"(["a,b", "c]"])",
      "0.1234567890123", "balance_ratio:0.30000000000000004", "cat:5,dog:7", "[cat,dog]", "auto"};
  for (const auto& text : texts) {
    const auto s = SamplingStrategy::parse(text);
    const auto again = SamplingStrategy::parse(s.to_string());
    EXPECT_EQ(again.form(), s.form()) << text << " -> " << s.to_string();
    EXPECT_EQ(again.value(), s.value()) << text << " -> " << s.to_string();
    EXPECT_EQ(again.counts(), s.counts()) << text << " -> " << s.to_string();
    EXPECT_EQ(again.classes(), s.classes()) << text << " -> " << s.to_string();
  }
  EXPECT_EQ(SamplingStrategy::parse("cat:5,dog:7").to_string(), "cat:5,dog:7");  // the short form where it reads back
  EXPECT_EQ(SamplingStrategy::parse("0.5").to_string(), "0.5");
}
