// The randomised under-samplers (ClusterCentroids, InstanceHardnessThreshold)
// give imbalanced-learn 0.10's class counts (ClusterCentroids: in its row
// order); bad parameters are clear errors; knn=hnsw keeps nearly all of exact
// mode's decisions.
#include <gtest/gtest.h>

#include <cmath>

#include "cleaning_data.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/instance_hardness_threshold.h"
#include "test_support.h"

namespace {

using smrt::testing::cleaning_datasets;

TEST(UnderSamplers, CountsMatchImbalancedLearn) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "imbalanced-learn not installed under /usr/bin/python3";
  smrt::register_sample_methods();
  const auto data = cleaning_datasets();
  struct Case {
    std::string method, strategy, python;
  };
  // IHT's counts depend only on the percentile rule when probabilities are
  // distinct, so imblearn runs it with a logistic regression too.
  const std::vector<Case> all = {
      {"cluster_centroids", "auto", "ClusterCentroids(random_state=0, sampling_strategy='auto')"},
      {"cluster_centroids", "all", "ClusterCentroids(random_state=0, sampling_strategy='all')"},
      {"cluster_centroids", "0:40", "ClusterCentroids(random_state=0, sampling_strategy={0: 40})"},
      {"iht", "auto", "InstanceHardnessThreshold(estimator=LR(solver='liblinear'), random_state=0)"},
      {"iht", "majority", "InstanceHardnessThreshold(estimator=LR(solver='liblinear'), random_state=0, sampling_strategy='majority')"},
      {"iht", "0:45", "InstanceHardnessThreshold(estimator=LR(solver='liblinear'), random_state=0, sampling_strategy={0: 45})"},
  };
  nlohmann::json input = nlohmann::json::array();
  for (size_t d = 0; d < 2; ++d) input.push_back(smrt::testing::to_json(data[d].data));
  std::string script =
      "import json, collections, warnings, numpy as np\n"
      "warnings.filterwarnings('ignore')\n"
      "from imblearn.under_sampling import ClusterCentroids, InstanceHardnessThreshold\n"
      "from sklearn.linear_model import LogisticRegression as LR\n"
      "data = json.loads(r'''" + input.dump() + "''')\n"
      "cases = [\n";
  for (const auto& c : all) script += "  lambda: " + c.python + ",\n";
  script +=
      "]\n"
      "out = []\n"
      "for d in data:\n"
      "    X = np.asarray(d['X'], dtype=np.float32); y = np.asarray(d['y'])\n"
      "    for make in cases:\n"
      "        _, yr = make().fit_resample(X, y)\n"
      "        c = collections.Counter(yr.tolist()); classes = sorted(set(y.tolist()))\n"
      "        out.append([[c[k] for k in classes], np.searchsorted(classes, yr).tolist()])\n"
      "print(json.dumps(out))\n";
  const auto expected = nlohmann::json::parse(smrt::testing::run_python(script));
  size_t at = 0;
  for (size_t d = 0; d < 2; ++d)
    for (const auto& c : all) {
      SCOPED_TRACE(data[d].name + ": " + c.python);
      const auto& want = expected[at++];
      const auto& table = data[d].data;
      const smrt::Resampled r = smrt::SamplerRegistry::global()
                                    .create(c.method, {{"sampling_strategy", c.strategy}, {"random_state", "0"}})
                                    ->fit_resample(table);
      EXPECT_EQ(r.class_counts(table.view()), want[0].get<std::vector<int64_t>>());
      // ClusterCentroids: imbalanced-learn's class-by-class row order too
      // (IHT's kept rows follow its own classifier).
      if (c.method == "cluster_centroids") {
        const auto y = r.materialize(table).y;
        EXPECT_EQ(std::vector<int64_t>(y.begin(), y.end()), want[1].get<std::vector<int64_t>>());
      }
    }
}

TEST(UnderSamplers, ClusterCentroidsHardVotingKeepsRealRows) {
  smrt::register_sample_methods();
  const auto data = cleaning_datasets();
  const auto& d = data[1].data;
  auto soft = smrt::SamplerRegistry::global().create("cluster_centroids", {{"random_state", "3"}})->fit_resample(d);
  auto hard = smrt::SamplerRegistry::global()
                  .create("cluster_centroids", {{"random_state", "3"}, {"voting", "hard"}})
                  ->fit_resample(d);
  EXPECT_EQ(soft.synthetic.n_rows(), 2 * 25);  // two classes cut to the minority's 25 centres
  EXPECT_EQ(hard.synthetic.n_rows(), 0);
  EXPECT_EQ(hard.class_counts(d.view()), soft.class_counts(d.view()));
}

// imbalanced-learn's output order: class by class, each class's rows as they
// were or its centres (hard voting: the rows nearest them). Class 1 is cut,
// classes 0 and 2 are left alone: the centres come between them, not last.
TEST(UnderSamplers, ClusterCentroidsReturnsClassByClass) {
  smrt::register_sample_methods();
  const smrt::Dataset d = smrt::testing::blobs({0, 1, 2}, {20, 40, 15}, {0.0, 3.0, -3.0}, 3, 8);
  const auto by_class = d.view().class_rows();
  for (const char* voting : {"soft", "hard"}) {
    SCOPED_TRACE(voting);
    const smrt::Resampled r = smrt::SamplerRegistry::global()
                                  .create("cluster_centroids",
                                          {{"random_state", "0"}, {"sampling_strategy", "1:5"}, {"voting", voting}})
                                  ->fit_resample(d);
    const smrt::Dataset out = r.materialize(d);
    ASSERT_EQ(out.n_rows(), 20 + 5 + 15);
    std::vector<int32_t> want_y(20, 0);
    want_y.insert(want_y.end(), 5, 1);
    want_y.insert(want_y.end(), 15, 2);
    EXPECT_EQ(out.y, want_y);
    auto row = [](const smrt::Matrix& m, int64_t i) { return std::vector<float>(m.row(i), m.row(i) + m.n_cols()); };
    for (int64_t i = 0; i < 20; ++i) EXPECT_EQ(row(out.X, i), row(d.X, by_class[0][static_cast<size_t>(i)])) << i;
    for (int64_t i = 0; i < 15; ++i) EXPECT_EQ(row(out.X, 25 + i), row(d.X, by_class[2][static_cast<size_t>(i)])) << i;
    for (int64_t i = 0; i < 5; ++i) {
      if (std::string(voting) == "soft") {
        EXPECT_EQ(row(out.X, 20 + i), row(r.synthetic, i)) << "centre " << i;
      } else {
        EXPECT_EQ(row(out.X, 20 + i), row(d.X, r.sample_indices[static_cast<size_t>(20 + i)])) << "nearest row " << i;
        EXPECT_EQ(d.y[static_cast<size_t>(r.sample_indices[static_cast<size_t>(20 + i)])], 1);
      }
    }
  }
}

// A class asked down to 0 rows: imbalanced-learn's ClusterCentroids raises (a KMeans with n_clusters=0),
// it does not drop the class; RandomUnderSampler and NearMiss, which pick rows, drop it.
TEST(UnderSamplers, ClusterCentroidsRefusesZeroRowsOfAClass) {
  smrt::register_sample_methods();
  const smrt::Dataset d = smrt::testing::blobs({0, 1, 2}, {20, 40, 15}, {0.0, 3.0, -3.0}, 3, 8);
  for (const char* voting : {"soft", "hard"}) {
    SCOPED_TRACE(voting);
    auto sampler = smrt::SamplerRegistry::global().create(
        "cluster_centroids", {{"random_state", "0"}, {"sampling_strategy", "1:0"}, {"voting", voting}});
    try {
      sampler->fit_resample(d);
      ADD_FAILURE() << "class 1 was dropped instead of refused";
    } catch (const smrt::ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find("0 rows of class '1'"), std::string::npos) << e.what();
    }
  }
  for (const char* method : {"rus", "nearmiss"}) {
    SCOPED_TRACE(method);
    const auto r = smrt::SamplerRegistry::global().create(method, {{"sampling_strategy", "1:0"}})->fit_resample(d);
    EXPECT_EQ(r.class_counts(d.view()), (std::vector<int64_t>{20, 0, 15}));
  }
}

TEST(UnderSamplers, PercentileIsNumpysLinearInterpolation) {
  // numpy.percentile([1, 2, 3, 4], q) for q = 0, 10, 50, 90, 100.
  const std::vector<double> v = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(smrt::percentile_linear(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(smrt::percentile_linear(v, 10), 1.3);
  EXPECT_DOUBLE_EQ(smrt::percentile_linear(v, 50), 2.5);
  EXPECT_DOUBLE_EQ(smrt::percentile_linear(v, 90), 3.7);
  EXPECT_DOUBLE_EQ(smrt::percentile_linear(v, 100), 4.0);
}

TEST(UnderSamplers, HardnessProbabilitiesAreProbabilitiesOfTheOwnClass) {
  const auto data = cleaning_datasets();
  smrt::Rng rng(1);
  const auto p = smrt::cross_validated_own_class_probability(data[0].data.view(), 5, 1.0, rng);
  double mean_majority = 0, mean_minority = 0;
  for (int64_t i = 0; i < data[0].data.n_rows(); ++i) {
    EXPECT_GE(p[static_cast<size_t>(i)], 0.0);
    EXPECT_LE(p[static_cast<size_t>(i)], 1.0);
    (data[0].data.y[static_cast<size_t>(i)] == 0 ? mean_majority : mean_minority) += p[static_cast<size_t>(i)];
  }
  // 120 vs 30 rows: the majority is the easier class on average.
  EXPECT_GT(mean_majority / 120, mean_minority / 30);
}

TEST(UnderSamplers, BadParametersAreClearErrors) {
  smrt::register_sample_methods();
  const auto data = cleaning_datasets();
  const auto& d = data[0].data;  // 120 + 30 rows
  auto expect_error = [&](const std::string& method, const std::map<std::string, std::string>& params,
                          const std::string& words) {
    SCOPED_TRACE(method);
    try {
      smrt::SamplerRegistry::global().create(method, params)->fit_resample(d);
      ADD_FAILURE() << "no error";
    } catch (const smrt::Error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  expect_error("enn", {{"n_neighbors", "150"}}, "n_neighbors=150");
  expect_error("enn", {{"n_neighbors", "0"}}, "n_neighbors");
  expect_error("enn", {{"kind_sel", "most"}}, "kind_sel");
  expect_error("tomek", {{"sampling_strategy", "0.5"}}, "cleaning samplers");
  expect_error("renn", {{"sampling_strategy", "0:10"}}, "class list");
  expect_error("ncr", {{"threshold_cleaning", "0"}}, "threshold_cleaning");
  // 0.10's threshold is a fraction of all rows; 0.12's a multiple of the minority's size.
  expect_error("ncr", {{"threshold_cleaning", "1.5"}, {"rule", "imblearn-0.10"}}, "threshold_cleaning=1.5");
  expect_error("ncr", {{"kind_sel", "mode"}}, "kind_sel='mode' is imbalanced-learn 0.10's");
  expect_error("ncr", {{"rule", "0.12"}}, "rule");
  expect_error("nearmiss", {{"n_neighbors", "31"}}, "n_neighbors=31");
  expect_error("nearmiss", {{"version", "4"}}, "version");
  expect_error("nearmiss", {{"version", "3"}, {"n_neighbors_ver3", "500"}}, "n_neighbors_ver3=500");
  expect_error("iht", {{"cv", "200"}}, "cv=200");
  expect_error("enn", {{"knn", "annoy"}}, "knn");
  expect_error("tomek", {{"knn", "hnsw:1"}}, "M (links per node");
  expect_error("tomek", {{"sampling_strategy", "[7]"}}, "not present");
}

// HNSW search keeps nearly every decision of the exact search (graphs of 500
// rows: 4 of them; a table of one default shard would be searched exactly).
TEST(UnderSamplers, HnswAgreesWithExactOnNearlyAllRows) {
  smrt::register_sample_methods();
  const smrt::Dataset d = smrt::testing::blobs({0, 1}, {1800, 200}, {0.0, 1.0}, 8, 21);
  for (const char* method : {"enn", "tomek", "ncr", "allknn"}) {
    SCOPED_TRACE(method);
    auto kept = [&](const char* knn) {
      std::vector<bool> k(static_cast<size_t>(d.n_rows()), false);
      for (int64_t r : smrt::SamplerRegistry::global().create(method, {{"knn", knn}})->fit_resample(d).sample_indices)
        k[static_cast<size_t>(r)] = true;
      return k;
    };
    const auto exact = kept("exact"), approx = kept("hnsw:16,64,64,500");
    int64_t same = 0, removed = 0;
    for (size_t i = 0; i < exact.size(); ++i) same += exact[i] == approx[i], removed += !exact[i];
    EXPECT_GT(removed, 10);
    EXPECT_GE(static_cast<double>(same), 0.99 * static_cast<double>(d.n_rows()));
  }
}

}  // namespace
