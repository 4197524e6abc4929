// The SMOTE family: every synthetic row lies on a segment between a row of its
// class and one of that row's k nearest same-class neighbours (checked
// geometrically), class counts equal imbalanced-learn 0.10's, ADASYN's rows
// per base follow its density weights, the same seed gives the same output
// with 1 and 2 threads, and bad parameters are clear errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <nlohmann/json.hpp>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/sample/over/adasyn.h"
#include "smrt/sample/over/kmeans_smote.h"
#include "smrt/sample/registry.h"
#include "test_support.h"

namespace {

using smrt::Dataset;
using smrt::Matrix;

// Gaussian blobs, one per class, labels interleaved; `categorical` columns hold small integers.
Dataset blobs(const std::vector<int>& counts, int d, uint64_t seed, int categorical = 0) {
  Dataset data;
  std::vector<int64_t> labels;
  std::vector<int> left = counts;
  for (bool any = true; any;) {
    any = false;
    for (size_t c = 0; c < counts.size(); ++c)
      if (left[c] > 0) labels.push_back(static_cast<int64_t>(c)), --left[c], any = true;
  }
  data.classes = smrt::ClassIndex::from_integers(labels, &data.y);
  data.X = Matrix(static_cast<int64_t>(labels.size()), d);
  smrt::Rng rng(seed);
  for (int64_t i = 0; i < data.n_rows(); ++i)
    for (int j = 0; j < d; ++j)
      data.X(i, j) = j < categorical ? static_cast<float>(rng.below(3) + (data.y[i] == 0 && rng.uniform() < 0.5 ? 1 : 0))
                                     : static_cast<float>(rng.normal() + 1.5 * data.y[i]);
  return data;
}

std::unique_ptr<smrt::Sampler> make(const std::string& method, std::map<std::string, std::string> params) {
  smrt::register_sample_methods();
  return smrt::SamplerRegistry::global().create(method, params);
}

// Indices of the k nearest rows of rows[i] among `rows` by (distance, index), itself excluded.
std::vector<int64_t> brute_neighbours(const Matrix& X, const std::vector<int64_t>& rows, size_t i, int k) {
  std::vector<std::pair<double, int64_t>> all;
  for (size_t o = 0; o < rows.size(); ++o) {
    double s = 0;
    for (int64_t j = 0; j < X.n_cols(); ++j) {
      const double diff = double(X(rows[i], j)) - X(rows[o], j);
      s += diff * diff;
    }
    all.emplace_back(s, static_cast<int64_t>(o));
  }
  std::sort(all.begin(), all.end());
  std::vector<int64_t> out;
  for (int q = 1; q <= k; ++q) out.push_back(rows[static_cast<size_t>(all[static_cast<size_t>(q)].second)]);
  return out;
}

// Whether s = x + t (n - x) for some t in [lo, hi], up to float rounding.
bool on_segment(const float* s, const float* x, const float* n, int64_t d, double lo = 0.0, double hi = 1.0) {
  double dot = 0, len = 0;
  for (int64_t j = 0; j < d; ++j) dot += (double(s[j]) - x[j]) * (double(n[j]) - x[j]), len += (double(n[j]) - x[j]) * (double(n[j]) - x[j]);
  const double t = len > 0 ? dot / len : 0.0;
  if (t < lo - 1e-6 || t > hi + 1e-6) return false;
  for (int64_t j = 0; j < d; ++j)
    if (std::abs(x[j] + t * (double(n[j]) - x[j]) - s[j]) > 1e-4 * (1 + std::abs(s[j]))) return false;
  return true;
}

// Every synthetic row of class c lies on a segment from a class row to one of its k nearest same-class rows.
void expect_on_neighbour_segments(const Dataset& data, const smrt::Resampled& out, int k, const std::string& what) {
  const auto rows_of = data.view().class_rows();
  ASSERT_GT(out.synthetic.n_rows(), 0) << what;
  std::map<int64_t, std::vector<int64_t>> nn;
  for (int64_t s = 0; s < out.synthetic.n_rows(); ++s) {
    const auto& rows = rows_of[static_cast<size_t>(out.synthetic_y[static_cast<size_t>(s)])];
    bool found = false;
    for (size_t i = 0; i < rows.size() && !found; ++i) {
      if (!nn.count(rows[i])) nn[rows[i]] = brute_neighbours(data.X, rows, i, k);
      for (int64_t n : nn[rows[i]])
        if (on_segment(out.synthetic.row(s), data.X.row(rows[i]), data.X.row(n), data.n_cols())) {
          found = true;
          break;
        }
    }
    ASSERT_TRUE(found) << what << ": synthetic row " << s << " is on no segment to a k-nearest neighbour";
  }
}

TEST(OverSamplers, SyntheticRowsLieOnSegmentsToNearestSameClassNeighbours) {
  const Dataset binary = blobs({200, 30}, 4, 1), multi = blobs({120, 25, 40}, 3, 2);
  for (const Dataset* data : {&binary, &multi}) {
    for (const std::string method : {"smote", "adasyn", "borderline_smote"}) {
      for (int k : {1, 3, 5}) {
        const std::string k_name = method == "adasyn" ? "n_neighbors" : "k_neighbors";
        auto sampler = make(method, {{"random_state", "3"}, {k_name, std::to_string(k)}});
        const auto out = sampler->fit_resample(*data);
        expect_on_neighbour_segments(*data, out, k, smrt::msg(method, " k=", k, " classes=", data->classes.n_classes()));
      }
    }
    // borderline-2 and SVMSMOTE's danger rows also interpolate; KMeansSMOTE's within a cluster's rows of the class.
    auto kmeans = make("kmeans_smote", {{"random_state", "4"}, {"kmeans_estimator", "2"}, {"cluster_balance_threshold", "0.0"}});
    const auto out = kmeans->fit_resample(*data);
    const auto rows_of = data->view().class_rows();
    for (int64_t s = 0; s < out.synthetic.n_rows(); ++s) {
      const auto& rows = rows_of[static_cast<size_t>(out.synthetic_y[static_cast<size_t>(s)])];
      bool found = false;
      for (size_t a = 0; a < rows.size() && !found; ++a)
        for (size_t b = 0; b < rows.size() && !found; ++b)
          found = a != b && on_segment(out.synthetic.row(s), data->X.row(rows[a]), data->X.row(rows[b]), data->n_cols());
      ASSERT_TRUE(found) << "kmeans_smote synthetic row " << s;
    }
  }
  // Few new rows next to the class (a 0.2 ratio adds 10 to 30): only the
  // drawn rows' neighbours are searched, which must be the same neighbours.
  for (int k : {1, 3}) {
    auto sampler = make("smote", {{"random_state", "5"}, {"k_neighbors", std::to_string(k)}, {"sampling_strategy", "0.2"}});
    const auto out = sampler->fit_resample(binary);
    ASSERT_EQ(out.synthetic.n_rows(), 10);
    expect_on_neighbour_segments(binary, out, k, smrt::msg("smote sampling_strategy=0.2 k=", k));
  }
}

// borderline-2: each new row lies on a segment from a class row either to one
// of its k nearest same-class rows or, at most half-way, to one of its k
// nearest rows of other classes. k > m / 2 also sends some rows to a search
// of the other classes alone (their k are not all among the m + 1 nearest).
TEST(OverSamplers, BorderlineTwoDrawsTowardsNearestRowsOfEitherKind) {
  const Dataset data = blobs({200, 40}, 3, 8);
  const auto rows_of = data.view().class_rows();
  for (const auto& [k, m] : {std::pair<int, int>{3, 10}, {8, 6}}) {
    const auto out = make("borderline_smote", {{"random_state", "2"}, {"kind", "borderline-2"},
                                               {"k_neighbors", std::to_string(k)}, {"m_neighbors", std::to_string(m)}})
                         ->fit_resample(data);
    ASSERT_GT(out.synthetic.n_rows(), 0);
    const auto& own = rows_of[1];
    const auto& other = rows_of[0];
    int towards_other = 0;
    for (int64_t s = 0; s < out.synthetic.n_rows(); ++s) {
      bool found = false;
      for (size_t i = 0; i < own.size() && !found; ++i) {
        const float* x = data.X.row(own[i]);
        for (int64_t n : brute_neighbours(data.X, own, i, k))
          found = found || on_segment(out.synthetic.row(s), x, data.X.row(n), data.n_cols());
        // The k nearest other-class rows: the class row added to their list, then dropped as its own first neighbour.
        std::vector<int64_t> with_base = other;
        with_base.insert(with_base.begin(), own[i]);
        for (int64_t n : brute_neighbours(data.X, with_base, 0, k))
          if (!found && on_segment(out.synthetic.row(s), x, data.X.row(n), data.n_cols(), 0.0, 0.5)) found = true, ++towards_other;
      }
      ASSERT_TRUE(found) << "k=" << k << " m=" << m << ": borderline-2 row " << s << " is on no segment";
    }
    EXPECT_GT(towards_other, 0) << "k=" << k << " m=" << m << ": no row was drawn towards the other class";
  }
}

TEST(OverSamplers, SmotencInterpolatesContinuousAndVotesCategorical) {
  const Dataset data = blobs({150, 30}, 4, 5, 2);
  const auto out = make("smotenc", {{"random_state", "1"}, {"categorical_features", "0,1"}})->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 120);
  std::set<float> seen;
  for (int64_t i = 0; i < data.n_rows(); ++i) seen.insert(data.X(i, 0)), seen.insert(data.X(i, 1));
  for (int64_t s = 0; s < out.synthetic.n_rows(); ++s) {
    EXPECT_TRUE(seen.count(out.synthetic(s, 0)) && seen.count(out.synthetic(s, 1))) << "categorical value not from the data";
  }
}

TEST(OverSamplers, SmotenCopiesExistingCategories) {
  Dataset data = blobs({90, 20}, 3, 6, 3);
  const auto out = make("smoten", {{"random_state", "1"}})->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 70);
  for (int64_t s = 0; s < out.synthetic.n_rows(); ++s)
    for (int j = 0; j < 3; ++j) EXPECT_TRUE(out.synthetic(s, j) >= 0 && out.synthetic(s, j) <= 3 && out.synthetic(s, j) == std::floor(out.synthetic(s, j)));
}

TEST(OverSamplers, AdasynCountsPerRowFollowDensityWeights) {
  const Dataset data = blobs({300, 40}, 3, 7);
  smrt::register_sample_methods();
  const auto& info = smrt::SamplerRegistry::global().get("adasyn");
  smrt::ADASYN adasyn(smrt::ParamValues::resolve("adasyn", info.params, {{"random_state", "0"}}));
  const auto out = adasyn.fit_resample(data);
  const auto& counts = adasyn.generation_counts(1);
  // Reference: the share of class-0 rows among each minority row's 5 nearest rows (whole table), normalised.
  std::vector<int64_t> all(static_cast<size_t>(data.n_rows()));
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
  const auto minority = data.view().class_rows()[1];
  std::vector<double> ratio;
  double total = 0;
  for (int64_t r : minority) {
    int other = 0;
    for (int64_t n : brute_neighbours(data.X, all, static_cast<size_t>(r), 5)) other += data.y[static_cast<size_t>(n)] != 1;
    ratio.push_back(other / 5.0);
    total += other / 5.0;
  }
  int64_t sum = 0;
  ASSERT_EQ(counts.size(), minority.size());
  for (size_t i = 0; i < minority.size(); ++i) {
    EXPECT_EQ(counts[i], static_cast<int64_t>(std::nearbyint(ratio[i] / total * 260))) << "row " << minority[i];
    sum += counts[i];
  }
  EXPECT_EQ(out.synthetic.n_rows(), sum);
}

TEST(OverSamplers, SameSeedSameOutputWithOneAndTwoThreads) {
  const Dataset data = blobs({9000, 2000}, 5, 8, 1);  // big enough for several generation blocks
  const std::vector<std::pair<std::string, std::map<std::string, std::string>>> methods = {
      {"smote", {}}, {"adasyn", {}}, {"borderline_smote", {{"kind", "borderline-2"}}}, {"kmeans_smote", {}},
      {"smotenc", {{"categorical_features", "0"}}}, {"smoten", {}}};
  for (const auto& [method, params] : methods) {
    auto p = params;
    p["random_state"] = "11";
    smrt::set_num_threads(1);
    auto one = make(method, p)->fit_resample(data);
    smrt::set_num_threads(2);
    auto two = make(method, p)->fit_resample(data);
    p["random_state"] = "12";
    auto other = make(method, p)->fit_resample(data);
    smrt::set_num_threads(0);
    EXPECT_EQ(one.synthetic.storage(), two.synthetic.storage()) << method;
    EXPECT_EQ(one.synthetic_y, two.synthetic_y) << method;
    if (method != "smoten") {
      EXPECT_NE(one.synthetic.storage(), other.synthetic.storage()) << method;
    }
  }
}

// A smoothed bootstrap whose noise overflows float32 is refused, not written as inf.
TEST(OverSamplers, ShrinkageThatOverflowsIsAClearError) {
  const Dataset data = blobs({60, 20}, 3, 31);
  try {
    make("ros", {{"random_state", "0"}, {"shrinkage", "1e300"}})->fit_resample(data);
    FAIL() << "no error";
  } catch (const smrt::ParameterError& e) {
    EXPECT_NE(std::string(e.what()).find("lower shrinkage"), std::string::npos) << e.what();
  }
  const auto out = make("ros", {{"random_state", "0"}, {"shrinkage", "1"}})->fit_resample(data);
  EXPECT_EQ(out.synthetic.n_rows(), 40);
}

TEST(OverSamplers, BadParametersAreClearErrors) {
  const Dataset data = blobs({50, 4}, 3, 9);
  auto error_of = [&](const std::string& method, const std::map<std::string, std::string>& params) -> std::string {
    try {
      make(method, params)->fit_resample(data);
    } catch (const smrt::Error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error_of("smote", {{"k_neighbors", "5"}}).find("k_neighbors=5 needs at least 6 rows in class '1'"),
            std::string::npos)
      << error_of("smote", {{"k_neighbors", "5"}});
  EXPECT_NE(error_of("smotenc", {{"categorical_features", "0,7"}}).find("out of range"), std::string::npos);
  EXPECT_NE(error_of("smotenc", {{"categorical_features", "0,1,2"}}).find("every column is categorical"), std::string::npos);
  EXPECT_NE(error_of("smotenc", {}).find("categorical_features"), std::string::npos);
  EXPECT_NE(error_of("borderline_smote", {{"kind", "borderline-3"}}).find("kind"), std::string::npos);
  EXPECT_NE(error_of("svm_smote", {{"out_step", "2"}}).find("out_step"), std::string::npos);
  EXPECT_NE(error_of("kmeans_smote", {{"density_exponent", "dense"}}).find("density_exponent"), std::string::npos);
  EXPECT_NE(error_of("smote", {{"knn", "kdtree"}}).find("knn"), std::string::npos);
  EXPECT_NE(error_of("smote", {{"sampling_strategy", "sideways"}}).find("sampling_strategy"), std::string::npos);
}

// --- class counts against imbalanced-learn 0.10 ----------------------------------

nlohmann::json to_json(const Dataset& d) {
  nlohmann::json X = nlohmann::json::array();
  for (int64_t i = 0; i < d.n_rows(); ++i) X.push_back(std::vector<float>(d.X.row(i), d.X.row(i) + d.n_cols()));
  return {{"X", X}, {"y", d.y}};
}

TEST(OverSamplers, ClassCountsEqualImbalancedLearns) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "imbalanced-learn not installed under /usr/bin/python3";
  // The third set has integer values: distances tie, and ADASYN's weights
  // depend on which tied rows count as neighbours (scikit-learn's KD-tree order).
  Dataset grid = blobs({150, 40, 60}, 3, 23, 1);
  for (int64_t i = 0; i < grid.n_rows(); ++i)
    for (int64_t j = 0; j < grid.n_cols(); ++j) grid.X(i, j) = std::round(grid.X(i, j));
  const std::vector<Dataset> sets = {blobs({200, 30}, 4, 21, 2), blobs({120, 25, 40}, 3, 22, 1), grid};
  struct Case {
    size_t set;
    std::string ours, params, python;
  };
  const std::vector<Case> cases = {
      {0, "smote", "", "SMOTE(random_state=0)"},
      {1, "smote", "sampling_strategy=not majority", "SMOTE(random_state=0, sampling_strategy='not majority')"},
      {0, "adasyn", "", "ADASYN(random_state=0)"},
      {1, "adasyn", "", "ADASYN(random_state=0)"},
      {2, "adasyn", "", "ADASYN(random_state=0)"},
      {2, "adasyn", "n_neighbors=3", "ADASYN(random_state=0, n_neighbors=3)"},
      {2, "adasyn", "n_neighbors=8", "ADASYN(random_state=0, n_neighbors=8)"},
      {0, "borderline_smote", "", "BorderlineSMOTE(random_state=0)"},
      {1, "borderline_smote", "m_neighbors=6", "BorderlineSMOTE(random_state=0, m_neighbors=6)"},
      {0, "smotenc", "categorical_features=0,1", "SMOTENC(categorical_features=[0, 1], random_state=0)"},
      {1, "smotenc", "categorical_features=0", "SMOTENC(categorical_features=[0], random_state=0)"},
      {0, "smoten", "", "SMOTEN(random_state=0)"},
      {1, "smoten", "k_neighbors=3", "SMOTEN(random_state=0, k_neighbors=3)"},
  };
  nlohmann::json input = {{"sets", nlohmann::json::array()}, {"cases", nlohmann::json::array()}};
  for (const auto& s : sets) input["sets"].push_back(to_json(s));
  for (const auto& c : cases) input["cases"].push_back({{"set", c.set}, {"make", c.python}});
  smrt::testing::TempDir dir;
  smrt::testing::write_text(dir.file("input.json"), input.dump());
  const std::string script = "import json, numpy as np, collections\n"
                             "from imblearn.over_sampling import *\n"
                             "data = json.load(open('" + dir.file("input.json") + "'))\n"
                             "out = []\n"
                             "for c in data['cases']:\n"
                             "    s = data['sets'][c['set']]\n"
                             "    X = np.array(s['X'], dtype=np.float64); y = np.array(s['y'])\n"
                             "    _, yr = eval(c['make']).fit_resample(X, y)\n"
                             "    out.append([int(v) for v in np.bincount(yr, minlength=int(y.max()) + 1)])\n"
                             "print(json.dumps(out))\n";
  const auto ref = nlohmann::json::parse(smrt::testing::run_python(script));
  for (size_t i = 0; i < cases.size(); ++i) {
    std::map<std::string, std::string> params{{"random_state", "0"}};
    if (!cases[i].params.empty()) {
      const auto eq = cases[i].params.find('=');
      params[cases[i].params.substr(0, eq)] = cases[i].params.substr(eq + 1);
    }
    const Dataset& data = sets[cases[i].set];
    const auto out = make(cases[i].ours, params)->fit_resample(data);
    EXPECT_EQ(out.class_counts(data.view()), ref[i].get<std::vector<int64_t>>()) << cases[i].python;
  }
}


// KMeansSMOTE's cluster weights where imbalanced-learn divides 0 by 0 (every
// row of the class identical: mean distance 0) or inf by inf (the power of the
// mean distance overflows): the rows to add are still shared out, never NaN
// (cast to a negative row count).
TEST(KMeansSmote, DegenerateClusterSparsityStillSharesTheRows) {
  Dataset same;
  std::vector<int64_t> labels(28, 0);
  for (size_t i = 20; i < labels.size(); ++i) labels[i] = 1;
  same.classes = smrt::ClassIndex::from_integers(labels, &same.y);
  same.X = Matrix(28, 2);
  for (int64_t i = 0; i < 28; ++i) same.X(i, 0) = same.X(i, 1) = 1.0f;
  for (const char* clusters : {"1", "8"}) {
    auto out = make("kmeans_smote", {{"random_state", "1"}, {"kmeans_estimator", clusters}, {"cluster_balance_threshold", "0.2"}})
                   ->fit_resample(same);
    EXPECT_EQ(out.class_counts(same.view()), (std::vector<int64_t>{20, 20})) << clusters << " clusters";
    for (int64_t i = 0; i < out.synthetic.n_rows(); ++i) EXPECT_EQ(out.synthetic(i, 0), 1.0f);
  }
  // Two groups of the minority far apart, spreads 1 and 20: 20^400 overflows, the ratio does not.
  Dataset far = blobs({40, 20}, 2, 5);
  for (int64_t i = 0; i < far.n_rows(); ++i)
    if (far.y[i] == 1 && i % 4 == 1) far.X(i, 0) = far.X(i, 0) * 20.0f + 1000.0f;
  auto out = make("kmeans_smote", {{"random_state", "2"}, {"kmeans_estimator", "2"}, {"cluster_balance_threshold", "0"},
                                   {"density_exponent", "400"}})
                 ->fit_resample(far);
  const auto counts = out.class_counts(far.view());
  EXPECT_GE(counts[1], 40);
  EXPECT_LE(counts[1], 42);  // each cluster's share is rounded up
}

// KMeansSMOTE's clustering finds well-separated groups, both when it clusters
// every row and when it fits on a sample (more than 16,384 rows) and assigns
// the rest afterwards; nine centres (more than one block of four) are used.
TEST(KMeansLabels, SeparatesDistantGroups) {
  for (const int64_t per_group : {40, 2000}) {
    const int groups = 9, d = 3;
    Matrix X(groups * per_group, d);
    smrt::Rng rng(7);
    for (int64_t i = 0; i < X.n_rows(); ++i)
      for (int j = 0; j < d; ++j)
        X(i, j) = static_cast<float>(0.1 * rng.normal() + (j == 0 ? 10.0 * static_cast<double>(i % groups) : 0.0));
    smrt::Rng kmeans_rng(3);
    const auto labels = smrt::kmeans_labels(X.view(), groups, kmeans_rng);
    ASSERT_EQ(static_cast<int64_t>(labels.size()), X.n_rows());
    std::set<int32_t> seen;
    for (int g = 0; g < groups; ++g) {
      const int32_t label = labels[static_cast<size_t>(g)];
      seen.insert(label);
      for (int64_t i = g; i < X.n_rows(); i += groups)
        ASSERT_EQ(labels[static_cast<size_t>(i)], label) << "row " << i << " of group " << g << " (" << per_group << " a group)";
    }
    EXPECT_EQ(static_cast<int>(seen.size()), groups) << per_group << " rows a group";
  }
}

// Values near 1e-26 (masses in kilograms): squares of their differences
// underflow float, so k-means and the cluster sparsities work on an exactly
// scaled copy. With density_exponent=1 the weights do not depend on the unit,
// so the table scaled by 2^-86 gives the original's rows scaled by 2^-86, bit
// for bit (before, every distance was 0: one cluster, or "no cluster").
TEST(KMeansSmote, TinyValuesClusterAsTheirScaledTable) {
  Dataset data = blobs({60, 20, 10}, 4, 3);
  Dataset tiny = data;
  const float factor = std::ldexp(1.0f, -86);
  for (int64_t i = 0; i < tiny.n_rows(); ++i)
    for (int64_t j = 0; j < tiny.n_cols(); ++j) tiny.X(i, j) = data.X(i, j) * factor;
  smrt::Rng a(5), b(5);
  EXPECT_EQ(smrt::kmeans_labels(tiny.X.view(), 3, a), smrt::kmeans_labels(data.X.view(), 3, b));
  const std::map<std::string, std::string> params{{"random_state", "4"}, {"kmeans_estimator", "3"}, {"density_exponent", "1"}};
  const auto out = make("kmeans_smote", params)->fit_resample(data);
  const auto tiny_out = make("kmeans_smote", params)->fit_resample(tiny);
  ASSERT_EQ(tiny_out.synthetic.n_rows(), out.synthetic.n_rows());
  for (int64_t i = 0; i < out.synthetic.n_rows(); ++i)
    for (int64_t j = 0; j < out.synthetic.n_cols(); ++j)
      ASSERT_EQ(tiny_out.synthetic(i, j), out.synthetic(i, j) * factor) << "row " << i << ", column " << j;
}

}  // namespace
