// One set of checks that every sampler in the registry passes (as
// imbalanced-learn's estimator checks): counts follow the strategy, classes
// the strategy leaves alone are untouched, the same seed gives the same
// output whatever the thread count, no NaN comes out, one class is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "cleaning_data.h"
#include "smrt/core/threads.h"
#include "smrt/sample/registry.h"

namespace {

using smrt::Dataset;
using Params = std::map<std::string, std::string>;

// Parameters a method needs to run on the test table (none needed yet).
const std::map<std::string, Params> kExtraParams = {
    {"smotenc", {{"categorical_features", "0"}}},
};
// Methods whose counts only approximate the plan, as in imbalanced-learn:
// ADASYN rounds per row; IHT keeps ties at the threshold; SVMSMOTE and
// KMeansSMOTE may find too few rows to draw from.
const std::set<std::string> kApproximateCounts = {"adasyn", "iht", "svmsmote", "kmeans_smote", "kmeanssmote"};

// Methods that only take images: they get the same table seen as 2 x 3 images.
const std::set<std::string> kImageMethods = {"augment"};

// 60 / 30 / 15 rows of three overlapping classes in 6-D, labels 0, 1, 2.
Dataset table(const std::string& method) {
  Dataset d = smrt::testing::blobs({0, 1, 2}, {60, 30, 15}, {0.0, 0.7, -0.7}, 6, 5);
  if (kImageMethods.count(method)) d.sample_shape = {2, 3};
  return d;
}

bool has_param(const smrt::SamplerInfo& info, const std::string& name) {
  return std::any_of(info.params.begin(), info.params.end(), [&](const smrt::ParamSpec& p) { return p.name == name; });
}

// The second strategy form each family is checked with.
std::string targeted_form(const std::string& family) {
  if (family == "over") return "2:60";
  if (family == "under") return "0:20";
  if (family == "clean") return "[0]";
  return "";
}

struct Outcome {
  smrt::Resampled out;
  smrt::SamplingPlan plan;
};

Outcome run(const smrt::SamplerInfo& info, const Dataset& d, Params params) {
  if (has_param(info, "random_state")) params.emplace("random_state", "7");
  auto extra = kExtraParams.find(info.name);
  if (extra != kExtraParams.end()) params.insert(extra->second.begin(), extra->second.end());
  auto sampler = smrt::SamplerRegistry::global().create(info.name, params);
  auto out = sampler->fit_resample(d);
  return {std::move(out), sampler->plan()};
}

std::vector<float> values(const smrt::Matrix& m) { return {m.data(), m.data() + m.n_rows() * m.n_cols()}; }

void expect_same(const smrt::Resampled& a, const smrt::Resampled& b, const std::string& what) {
  EXPECT_EQ(a.sample_indices, b.sample_indices) << what;
  EXPECT_EQ(values(a.synthetic), values(b.synthetic)) << what;
  EXPECT_EQ(a.synthetic_y, b.synthetic_y) << what;
  EXPECT_EQ(a.synthetic_at, b.synthetic_at) << what;
}

void check_counts(const smrt::SamplerInfo& info, const Dataset& d, const Outcome& r) {
  const auto view = d.view();
  const auto before = view.class_counts();
  const auto after = r.out.class_counts(view);
  const auto by_class = view.class_rows();
  const bool approximate = kApproximateCounts.count(info.name) > 0;
  for (int32_t c = 0; c < view.n_classes; ++c) {
    SCOPED_TRACE("class " + std::to_string(c));
    const auto n_before = before[static_cast<size_t>(c)], n_after = after[static_cast<size_t>(c)];
    const bool targeted = r.plan.targets(c);
    if (info.family == "over" && targeted) {
      const auto want = n_before + r.plan.n_to_add(c);
      if (approximate) {
        EXPECT_GE(n_after, n_before);
        // KMeansSMOTE rounds each cluster's share up: up to one row more per cluster (8 by default).
        EXPECT_LE(n_after, want + (info.name == "kmeans_smote" ? 8 : 2));
      } else {
        EXPECT_EQ(n_after, want);
      }
    } else if (info.family == "under" && targeted) {
      if (approximate) {
        EXPECT_GE(n_after, r.plan.n_to_keep(c));
      } else {
        EXPECT_EQ(n_after, r.plan.n_to_keep(c));
      }
      EXPECT_LE(n_after, n_before);
    } else if ((info.family == "clean" || info.family == "combine") && targeted) {
      if (info.family == "clean") {
        EXPECT_LE(n_after, n_before);
      }
    } else if (info.family != "combine") {
      // Untouched: exactly its own rows, once each, nothing new.
      std::vector<int64_t> rows;
      for (int64_t i : r.out.sample_indices)
        if (view.y[i] == c) rows.push_back(i);
      std::sort(rows.begin(), rows.end());
      EXPECT_EQ(rows, by_class[static_cast<size_t>(c)]) << "an untouched class changed";
      EXPECT_EQ(std::count(r.out.synthetic_y.begin(), r.out.synthetic_y.end(), c), 0);
    }
  }
}

class Conformance : public ::testing::TestWithParam<std::string> {};

TEST_P(Conformance, FollowsTheStrategyAndIsReproducible) {
  const auto& info = smrt::SamplerRegistry::global().get(GetParam());
  if (info.family == "combine" && !smrt::SamplerRegistry::global().contains("smote"))
    GTEST_SKIP() << info.name << " needs the registry's SMOTE, not registered in this build";
  const Dataset d = table(info.name);
  for (const std::string& form : {std::string("auto"), targeted_form(info.family)}) {
    if (form.empty()) continue;
    SCOPED_TRACE(info.name + " sampling_strategy=" + form);
    smrt::set_num_threads(1);
    const Outcome one = run(info, d, {{"sampling_strategy", form}});
    smrt::set_num_threads(2);
    const Outcome two = run(info, d, {{"sampling_strategy", form}});
    const Outcome again = run(info, d, {{"sampling_strategy", form}});
    smrt::set_num_threads(0);
    check_counts(info, d, one);
    expect_same(one.out, two.out, "1 vs 2 threads");
    expect_same(two.out, again.out, "same seed");
    for (int64_t i : one.out.sample_indices) ASSERT_TRUE(i >= 0 && i < d.n_rows()) << i;
    for (float v : values(one.out.synthetic)) ASSERT_TRUE(std::isfinite(v));
    if (one.out.synthetic.n_rows() > 0) {
      EXPECT_EQ(one.out.synthetic.n_cols(), d.n_cols());
    }
    EXPECT_GT(one.out.n_rows(), 0);
  }
}

// random_state=None draws a seed; the combinations pass it on to their SMOTE,
// which refused a drawn seed past 2^32 - 1 (SMOTEENN, SMOTETomek, SMOTEIPF
// failed on every run without a seed).
TEST_P(Conformance, RunsWithoutASeed) {
  const auto& info = smrt::SamplerRegistry::global().get(GetParam());
  if (info.family == "combine" && !smrt::SamplerRegistry::global().contains("smote"))
    GTEST_SKIP() << info.name << " needs the registry's SMOTE, not registered in this build";
  const Dataset d = table(info.name);
  // A method that draws nothing has no random_state: it runs as it is.
  const Params unseeded = has_param(info, "random_state") ? Params{{"random_state", "None"}} : Params{};
  for (int attempt = 0; attempt < 3; ++attempt) check_counts(info, d, run(info, d, unseeded));
}

TEST_P(Conformance, RefusesOneClass) {
  const auto& info = smrt::SamplerRegistry::global().get(GetParam());
  Dataset d = table(info.name);
  std::fill(d.y.begin(), d.y.end(), 0);
  d.classes = smrt::ClassIndex::of_integers({0});
  EXPECT_THROW(run(info, d, {}), smrt::DataError);
}

// Values whose squares overflow float (1e19 x the table): a finite result or
// a DataError, never a crash or a non-finite row (k-means once crashed here).
TEST_P(Conformance, HugeValuesGiveFiniteRowsOrAClearError) {
  const auto& info = smrt::SamplerRegistry::global().get(GetParam());
  Dataset d = table(info.name);
  for (auto& v : d.X.storage()) v *= 1e19f;
  try {
    const auto o = run(info, d, {});
    const smrt::MatrixView rows = o.out.synthetic.view();
    for (int64_t i = 0; i < rows.n_rows * rows.n_cols; ++i) ASSERT_TRUE(std::isfinite(rows.data[i])) << info.name;
  } catch (const smrt::DataError&) {
  }
}

std::vector<std::string> every_sampler() {
  smrt::register_sample_methods();
  std::vector<std::string> names;
  for (const auto* info : smrt::SamplerRegistry::global().all()) names.push_back(info->name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(EverySampler, Conformance, ::testing::ValuesIn(every_sampler()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(ConformanceSuite, CoversTheClassicalSamplers) {
  const auto names = every_sampler();
  for (const char* n : {"rus", "ros", "tomek", "enn", "renn", "allknn", "cnn", "oss", "ncr", "nearmiss",
                        "cluster_centroids", "iht", "smote_enn", "smote_tomek"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
}

}  // namespace
