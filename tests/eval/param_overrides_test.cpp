// --param METHOD.key=value: parsing, where it lands, and the errors it gives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smrt/core/error.h"
#include "smrt/eval/param_overrides.h"

namespace {

using namespace smrt::eval;

MethodSpec method(const std::string& label, const std::string& sampler) {
  MethodSpec m;
  m.label = label;
  m.sampler = sampler;
  return m;
}

std::vector<MethodSpec> methods() {
  auto two = method("SMOTE k=3", "smote");
  two.params["k_neighbors"] = "3";
  return {method("none", ""), method("SMOTE", "smote"), two, method("random over", "ros")};
}

/// The ParameterError's message, or "" when `f` does not throw one.
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const smrt::ParameterError& e) {
    return e.what();
  }
  return "";
}

TEST(ParamOverride, ParsesMethodKeyAndValue) {
  const auto o = parse_param_override("smrt.n_epochs=200");
  EXPECT_EQ(o.sampler, "smrt");
  EXPECT_EQ(o.key, "n_epochs");
  EXPECT_EQ(o.value, "200");
  // Only the first '.' and '=' split: values may hold both.
  const auto f = parse_param_override("smrt.learning_rate=0.5e-2");
  EXPECT_EQ(f.key, "learning_rate");
  EXPECT_EQ(f.value, "0.5e-2");
  EXPECT_EQ(f.text(), "smrt.learning_rate=0.5e-2");
}

TEST(ParamOverride, MalformedTextIsAnErrorNamingIt) {
  for (const char* bad : {"smrt", "smrt.n_epochs", "n_epochs=3", ".n_epochs=3", "smrt.=3", "smrt.n_epochs=",
                          "smrt=n.epochs"}) {
    const std::string e = error_of([&] { parse_param_override(bad); });
    EXPECT_NE(e.find(std::string("'") + bad + "'"), std::string::npos) << bad << ": " << e;
    EXPECT_NE(e.find("METHOD.key=value"), std::string::npos) << e;
  }
}

TEST(ParamOverride, SetsEveryMethodOfThatSamplerAndNoOther) {
  auto m = methods();
  apply_param_overrides(m, {parse_param_override("SMOTE.k_neighbors=7")}, "t");  // an alias works too
  EXPECT_TRUE(m[0].params.empty());
  EXPECT_EQ(m[1].params.at("k_neighbors"), "7");
  EXPECT_EQ(m[2].params.at("k_neighbors"), "7");  // wins over the protocol's own value
  EXPECT_TRUE(m[3].params.empty());
}

TEST(ParamOverride, LaterOverridesWin) {
  auto m = methods();
  apply_param_overrides(m, {parse_param_override("smote.k_neighbors=7"), parse_param_override("smote.k_neighbors=2")},
                        "t");
  EXPECT_EQ(m[1].params.at("k_neighbors"), "2");
}

TEST(ParamOverride, UnknownSamplerUnusedSamplerKeyOrValueAreClearErrors) {
  auto m = methods();
  auto apply = [&](const char* text) { return error_of([&] { apply_param_overrides(m, {parse_param_override(text)}, "t"); }); };
  EXPECT_NE(apply("no_such.k=1").find("'no_such' is not a sampler"), std::string::npos);
  const std::string unused = apply("adasyn.n_neighbors=3");
  EXPECT_NE(unused.find("no method of protocol t uses 'adasyn'"), std::string::npos) << unused;
  EXPECT_NE(unused.find("'smote', 'ros'"), std::string::npos) << unused;
  const std::string key = apply("smote.k_neighbours=3");
  EXPECT_NE(key.find("k_neighbours"), std::string::npos) << key;
  EXPECT_NE(key.find("k_neighbors"), std::string::npos) << key;  // lists the valid names
  EXPECT_NE(apply("smote.k_neighbors=0").find("k_neighbors"), std::string::npos);
  EXPECT_NE(apply("smote.k_neighbors=three").find("three"), std::string::npos);
  EXPECT_NE(apply("smote.random_state=3").find("sets random_state itself"), std::string::npos);
  EXPECT_NE(apply("smote.sampling_strategy=auto").find("sets sampling_strategy itself"), std::string::npos);
  // Nothing was changed by the failed attempts.
  EXPECT_TRUE(m[1].params.empty());
  // Methods without samplers (`--methods none`): said so, not an empty list.
  auto none_only = methods();
  none_only.resize(1);
  const std::string no_sampler =
      error_of([&] { apply_param_overrides(none_only, {parse_param_override("smote.k_neighbors=2")}, "t"); });
  EXPECT_NE(no_sampler.find("the methods run use no sampler"), std::string::npos) << no_sampler;
}

}  // namespace
