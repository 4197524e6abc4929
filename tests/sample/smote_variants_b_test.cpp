// MWMOTE, Geometric SMOTE and SMOBD (issue 18) against their papers'
// definitions on tables small enough to check by hand: G-SMOTE's rows lie in
// the truncated, deformed hyper-sphere of a center and its selected surface
// point; MWMOTE's weights follow the closeness and density factors, noise is
// never drawn and new rows stay inside their average-linkage cluster; SMOBD's
// density follows its formula and its outliers are never drawn.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "cleaning_data.h"
#include "smrt/core/error.h"
#include "smrt/sample/over/average_linkage.h"
#include "smrt/sample/over/geometric_smote.h"
#include "smrt/sample/over/mwmote.h"
#include "smrt/sample/over/smobd.h"
#include "smrt/sample/registry.h"

namespace {

using smrt::Dataset;
using smrt::Matrix;
using Params = std::map<std::string, std::string>;

using smrt::testing::table;

std::unique_ptr<smrt::Sampler> make(const std::string& method, Params params) {
  smrt::register_sample_methods();
  params.emplace("random_state", "3");
  return smrt::SamplerRegistry::global().create(method, params);
}

// Rows of class c in the output (kept and new).
int64_t count_of(const Dataset& data, const smrt::Resampled& out, int32_t c) {
  return out.class_counts(data.view())[static_cast<size_t>(c)];
}

double distance(const float* a, const float* b, int64_t d) {
  double s = 0;
  for (int64_t j = 0; j < d; ++j) s += (double(a[j]) - b[j]) * (double(a[j]) - b[j]);
  return std::sqrt(s);
}

// ---------------------------------------------------------------- average linkage

// 1-D rows 0, 1, 10, 11.5, 30: merges at 1, 1.5, then {0,1}-{10,11.5} at the
// mean of 10, 11.5, 9, 10.5 = 10.25 (single linkage would say 9), then 30 at
// the mean of 30, 29, 20, 18.5 = 24.375.
TEST(AverageLinkage, MergesAtMeanDistances) {
  const Dataset d = table({{0}, {1}, {10}, {11.5f}, {30}}, {0, 0, 0, 0, 0});
  const auto merges = smrt::average_linkage(d.X.view());
  ASSERT_EQ(merges.size(), 4u);
  EXPECT_NEAR(merges[0].height, 1.0, 1e-6);
  EXPECT_NEAR(merges[1].height, 1.5, 1e-6);
  EXPECT_NEAR(merges[2].height, 10.25, 1e-5);
  EXPECT_NEAR(merges[3].height, 24.375, 1e-5);
  EXPECT_EQ(smrt::cut_dendrogram(merges, 5, 9.5), (std::vector<int32_t>{0, 0, 1, 1, 2}));
  EXPECT_EQ(smrt::cut_dendrogram(merges, 5, 10.25), (std::vector<int32_t>{0, 0, 0, 0, 1}));
  EXPECT_EQ(smrt::cut_dendrogram(merges, 5, 1e9, 3), (std::vector<int32_t>{0, 0, 1, 1, 2}));
  EXPECT_EQ(smrt::cut_dendrogram(merges, 5, 0.5), (std::vector<int32_t>{0, 1, 2, 3, 4}));
}

// ---------------------------------------------------------------- Geometric SMOTE

// Where z lies relative to center c and surface point s: its coordinate along
// e = (s - c) / |s - c| and its distance across e, both in units of |s - c|.
struct SpherePosition {
  double along = 0, across = 0;
};

SpherePosition position(const float* z, const float* c, const float* s, int64_t d) {
  const double r = distance(s, c, d);
  SpherePosition p;
  for (int64_t j = 0; j < d; ++j) p.along += (double(z[j]) - c[j]) / r * (double(s[j]) - c[j]) / r;
  double across2 = 0;
  for (int64_t j = 0; j < d; ++j) {
    const double v = (double(z[j]) - c[j]) / r - p.along * (double(s[j]) - c[j]) / r;
    across2 += v * v;
  }
  p.across = std::sqrt(across2);
  return p;
}

// The paper's region: the ellipsoid with half-axis 1 along e and 1 - deformation
// across it, cut by the truncation hyperplane.
bool in_region(const SpherePosition& p, double truncation, double deformation) {
  constexpr double tol = 1e-4;
  const double squeeze = 1.0 - deformation;
  if (squeeze <= 0) {
    if (p.across > tol || std::abs(p.along) > 1 + tol) return false;
  } else if (p.along * p.along + (p.across / squeeze) * (p.across / squeeze) > 1 + tol) {
    return false;
  }
  if (truncation > 0 && p.along < truncation - 1 - tol) return false;
  if (truncation < 0 && p.along > truncation + 1 + tol) return false;
  return true;
}

TEST(GeometricSample, StaysInTheTruncatedDeformedSphereAndFillsIt) {
  const int64_t d = 3;
  const float c[d] = {1, 2, 3}, s[d] = {2, 0, 3.5f};
  smrt::Rng rng(11);
  for (double truncation : {1.0, 0.5, 0.0, -0.5, -1.0}) {
    for (double deformation : {0.0, 0.4, 1.0}) {
      SCOPED_TRACE(::testing::Message() << "truncation " << truncation << " deformation " << deformation);
      double lowest = 1, highest = -1, widest = 0;
      for (int i = 0; i < 2000; ++i) {
        double ball[d];
        double n2 = 0;
        for (double& v : ball) v = rng.normal(), n2 += v * v;
        const double scale = std::pow(rng.uniform(), 1.0 / d) / std::sqrt(n2);
        for (double& v : ball) v *= scale;
        float z[d];
        smrt::geometric_sample(c, s, d, truncation, deformation, ball, z);
        const SpherePosition p = position(z, c, s, d);
        ASSERT_TRUE(in_region(p, truncation, deformation)) << "along " << p.along << " across " << p.across;
        lowest = std::min(lowest, p.along), highest = std::max(highest, p.along), widest = std::max(widest, p.across);
      }
      // The region is filled, not a part of it: both ends along e are reached...
      EXPECT_NEAR(lowest, truncation > 0 ? truncation - 1 : -1, 0.15);
      EXPECT_NEAR(highest, truncation < 0 ? truncation + 1 : 1, 0.15);
      // ...and across it as far as the deformation allows.
      EXPECT_NEAR(widest, 1 - deformation, 0.1);
    }
  }
  float z[d];
  double ball[d] = {0.3, 0.2, 0.1};
  smrt::geometric_sample(c, c, d, 1.0, 0.0, ball, z);  // surface point = center: the center
  EXPECT_EQ(std::vector<float>(z, z + d), std::vector<float>(c, c + d));
}

// 2-D: minority rows on the x axis 0, 1, ..., 5 (label 1), majority rows
// above some of them at heights that make the nearest other-class row closer
// than the minority neighbours for some centers and farther for others.
Dataset gsmote_table() {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 6; ++i) rows.push_back({float(i), 0}), labels.push_back(1);
  const std::vector<std::vector<float>> majority = {{0, 0.4f}, {2, 3}, {4, 0.6f}, {5, 5}, {-3, -3}, {8, 2},
                                                    {1, -4},   {3, 6}, {6, -1},   {-2, 2}, {7, 7},  {2.5f, -2.5f}};
  for (const auto& r : majority) rows.push_back(r), labels.push_back(0);
  return table(rows, labels);
}

// The surface points a strategy may choose for center row c (table indices).
std::vector<int64_t> surface_candidates(const Dataset& data, int64_t c, const std::string& strategy, int k) {
  const int64_t d = data.n_cols();
  std::vector<std::pair<double, int64_t>> same, other;
  for (int64_t i = 0; i < data.n_rows(); ++i) {
    if (i == c) continue;
    (data.y[i] == data.y[c] ? same : other).emplace_back(distance(data.X.row(c), data.X.row(i), d), i);
  }
  std::sort(same.begin(), same.end());
  std::sort(other.begin(), other.end());
  if (strategy == "majority") return {other[0].second};
  std::vector<int64_t> out;
  for (int j = 0; j < k; ++j) {
    const bool closer_other = strategy == "combined" && same[static_cast<size_t>(j)].first > other[0].first;
    out.push_back(closer_other ? other[0].second : same[static_cast<size_t>(j)].second);
  }
  return out;
}

void expect_geometric_rows(const std::string& strategy, double truncation, double deformation) {
  SCOPED_TRACE(strategy + " truncation " + std::to_string(truncation) + " deformation " + std::to_string(deformation));
  const Dataset data = gsmote_table();
  const int k = 2;
  auto sampler = make("gsmote", {{"selection_strategy", strategy},
                                 {"truncation_factor", std::to_string(truncation)},
                                 {"deformation_factor", std::to_string(deformation)},
                                 {"k_neighbors", std::to_string(k)}});
  const auto out = sampler->fit_resample(data);
  EXPECT_EQ(count_of(data, out, 1), 12);  // 'auto': as many as the majority
  ASSERT_EQ(out.synthetic.n_rows(), 6);
  for (int64_t r = 0; r < out.synthetic.n_rows(); ++r) {
    bool found = false;
    for (int64_t c = 0; c < 6 && !found; ++c)
      for (int64_t s : surface_candidates(data, c, strategy, k))
        found = found || in_region(position(out.synthetic.row(r), data.X.row(c), data.X.row(s), 2), truncation, deformation);
    EXPECT_TRUE(found) << "new row " << out.synthetic.row(r)[0] << ", " << out.synthetic.row(r)[1]
                       << " lies in no allowed region";
  }
}

TEST(GeometricSMOTE, RowsLieInTheRegionOfTheirCenterAndSelectedSurfacePoint) {
  for (const char* strategy : {"minority", "majority", "combined"}) {
    expect_geometric_rows(strategy, 1.0, 1.0);  // segments: the surface point is exact
    expect_geometric_rows(strategy, 1.0, 0.0);  // the reference's default: a half sphere
    expect_geometric_rows(strategy, -0.5, 0.5);
  }
}

// A strategy's rows do not fit another strategy's surface points: with
// segments (deformation 1), majority rows leave the x axis, minority rows never do.
TEST(GeometricSMOTE, StrategiesChooseDifferentSurfacePoints) {
  const Dataset data = gsmote_table();
  Params segments = {{"truncation_factor", "1"}, {"deformation_factor", "1"}, {"k_neighbors", "2"},
                     {"sampling_strategy", "1:200"}};
  auto params = segments;
  params["selection_strategy"] = "minority";
  const auto minority = make("gsmote", params)->fit_resample(data);
  for (int64_t r = 0; r < minority.synthetic.n_rows(); ++r) EXPECT_NEAR(minority.synthetic.row(r)[1], 0.0, 1e-6);
  params["selection_strategy"] = "majority";
  const auto majority = make("gsmote", params)->fit_resample(data);
  int64_t off_axis = 0;
  for (int64_t r = 0; r < majority.synthetic.n_rows(); ++r) off_axis += std::abs(majority.synthetic.row(r)[1]) > 1e-3;
  EXPECT_GT(off_axis, majority.synthetic.n_rows() * 9 / 10);
  EXPECT_EQ(count_of(data, majority, 1), 200);
}

TEST(GeometricSMOTE, BadParametersNameThemselves) {
  smrt::register_sample_methods();
  auto& registry = smrt::SamplerRegistry::global();
  for (const Params& bad : {Params{{"truncation_factor", "1.5"}}, Params{{"deformation_factor", "-0.1"}},
                            Params{{"selection_strategy", "nearest"}}}) {
    try {
      registry.create("GeometricSMOTE", bad);
      ADD_FAILURE() << bad.begin()->first << " accepted";
    } catch (const smrt::ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find(bad.begin()->first), std::string::npos) << e.what();
    }
  }
}

// ---------------------------------------------------------------- MWMOTE

// 1-D: minority 0..4 (label 1), majority 5..14. Every minority row keeps a
// minority neighbour; the borderline majority is {5, 6, 7} (k2 = 3); with
// k3 = half the class = 2 the informative rows are {3, 4}. With cmax = 2 and
// cf_th = 5, Cf(y, x) = 0.4 / |y - x|: Sw(4) = 0.4^2/0.6 + 0.2^2/(1/3) +
// (2/15)^2/(7/30), Sw(3) = 0.2^2/0.6 + (2/15)^2/(1/3) + 0.1^2/(7/30).
TEST(MWMOTE, SelectionWeightsFollowTheClosenessAndDensityFactors) {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 15; ++i) rows.push_back({float(i)}), labels.push_back(i < 5 ? 1 : 0);
  const Dataset data = table(rows, labels);
  auto sampler = make("MWMOTE", {});
  const auto out = sampler->fit_resample(data);
  EXPECT_EQ(count_of(data, out, 1), 10);
  const auto& w = dynamic_cast<const smrt::MWMOTE&>(*sampler).selection_weights(1);
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w[0], 0.0);
  EXPECT_EQ(w[1], 0.0);
  EXPECT_EQ(w[2], 0.0);
  EXPECT_NEAR(w[3], 0.04 / 0.6 + (4.0 / 225) / (1.0 / 3) + 0.01 / (7.0 / 30), 1e-9);
  EXPECT_NEAR(w[4], 0.16 / 0.6 + 0.04 / (1.0 / 3) + (4.0 / 225) / (7.0 / 30), 1e-9);
  // New rows start at row 3 or 4: none lies below 0 or above 4 (one cluster here).
  for (int64_t r = 0; r < out.synthetic.n_rows(); ++r) {
    EXPECT_GE(out.synthetic.row(r)[0], 0.0f);
    EXPECT_LE(out.synthetic.row(r)[0], 4.0f);
  }
}

// Two minority clusters 100 apart, majority rows around each and between
// them, and one minority row alone among the majority rows below the first
// cluster (all its k1 nearest rows are majority: noise), 2 from a borderline
// majority row. New rows stay inside one cluster; the noise row weighs 0
// (it is not informative even though it is the nearest class row of a
// borderline row) and no new row comes near it.
TEST(MWMOTE, NewRowsStayInsideTheirClusterAndNoiseIsNeverDrawn) {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (float centre : {0.0f, 100.0f})
    for (int i = 0; i < 6; ++i) rows.push_back({centre + float(i % 3), float(i / 3)}), labels.push_back(1);
  rows.push_back({2, -5}), labels.push_back(1);  // noise: row 12
  for (float x = -6; x <= 106; x += 4)
    for (float y : {-6.0f, -3.0f, 4.0f}) rows.push_back({x, y}), labels.push_back(0);
  const Dataset data = table(rows, labels);
  auto sampler = make("mwmote", {{"k1", "5"}});
  const auto out = sampler->fit_resample(data);
  EXPECT_EQ(count_of(data, out, 1), count_of(data, out, 0));
  const auto& mw = dynamic_cast<const smrt::MWMOTE&>(*sampler);
  EXPECT_EQ(mw.selection_weights(1)[12], 0.0);
  const auto& cl = mw.clusters(1);
  for (int i = 1; i < 6; ++i) EXPECT_EQ(cl[static_cast<size_t>(i)], cl[0]);
  for (int i = 7; i < 12; ++i) EXPECT_EQ(cl[static_cast<size_t>(i)], cl[6]);
  EXPECT_NE(cl[0], cl[6]);
  EXPECT_NE(cl[12], cl[0]);
  EXPECT_NE(cl[12], cl[6]);
  int64_t left = 0, right = 0;
  for (int64_t r = 0; r < out.synthetic.n_rows(); ++r) {
    const float x = out.synthetic.row(r)[0], y = out.synthetic.row(r)[1];
    EXPECT_TRUE((x >= 0 && x <= 2) || (x >= 100 && x <= 102)) << "new row at x = " << x << " between clusters";
    EXPECT_TRUE(y >= 0 && y <= 1) << y;
    left += x <= 2, right += x >= 100;
  }
  EXPECT_GT(left, 0);
  EXPECT_GT(right, 0);
}

TEST(MWMOTE, MGivesTheNumberOfClusters) {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 8; ++i) rows.push_back({float(i * 10)}), labels.push_back(1);
  for (int i = 0; i < 16; ++i) rows.push_back({float(100 + i)}), labels.push_back(0);
  const Dataset data = table(rows, labels);
  for (int m : {2, 3}) {
    auto sampler = make("mwmote", {{"M", std::to_string(m)}});
    sampler->fit_resample(data);
    const auto& cl = dynamic_cast<const smrt::MWMOTE&>(*sampler).clusters(1);
    EXPECT_EQ(*std::max_element(cl.begin(), cl.end()), m - 1);
  }
}

TEST(MWMOTE, AllNoiseIsAClearError) {
  // Each minority row sits among majority rows only.
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 3; ++i) rows.push_back({float(i * 100)}), labels.push_back(1);
  for (int i = 0; i < 3; ++i)
    for (int j = 1; j <= 6; ++j) rows.push_back({float(i * 100) + float(j) * (j % 2 ? 1.0f : -1.0f)}), labels.push_back(0);
  const Dataset data = table(rows, labels);
  EXPECT_THROW(make("mwmote", {})->fit_resample(data), smrt::DataError);
  // A class of one row is noise whatever k1 is: the message says so instead of "raise k1".
  rows.resize(4), labels.resize(4);
  rows[0] = {0.0f}, rows[1] = {1.0f}, rows[2] = {2.0f}, rows[3] = {50.0f};
  labels = {0, 0, 0, 1};
  try {
    make("mwmote", {{"k1", "3"}})->fit_resample(table(rows, labels));
    ADD_FAILURE() << "a one-row class resampled";
  } catch (const smrt::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("has a single row"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("raise k1"), std::string::npos) << e.what();
  }
}

TEST(MWMOTE, BadParametersNameThemselves) {
  smrt::register_sample_methods();
  for (const Params& bad : {Params{{"cp", "0"}}, Params{{"k3", "0"}}, Params{{"cf_th", "-1"}}}) {
    try {
      smrt::SamplerRegistry::global().create("mwmote", bad);
      ADD_FAILURE() << bad.begin()->first << " accepted";
    } catch (const smrt::ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find(bad.begin()->first), std::string::npos) << e.what();
    }
  }
}

// ---------------------------------------------------------------- SMOBD

// 1-D minority 0, 1, 2, 3, 10 with min_samples = 2: core distances 1, 1, 1,
// 1, 7; reachabilities 1, 1, 1, 1, 7; both means 2.2, so row 10 (7 > 1.8 x
// 2.2) is noise. Rows within max_eps = 1: 2, 3, 3, 2. Density = 0.5 core / 7
// + 0.5 count / 3, normalised.
TEST(SMOBD, DensityFollowsTheFormulaAndOutliersAreNeverDrawn) {
  std::vector<std::vector<float>> rows = {{0}, {1}, {2}, {3}, {10}};
  std::vector<int64_t> labels(5, 1);
  for (int i = 0; i < 10; ++i) rows.push_back({float(-20 - i)}), labels.push_back(0);
  const Dataset data = table(rows, labels);
  auto sampler = make("SMOBD", {{"min_samples", "2"}});
  const auto out = sampler->fit_resample(data);
  EXPECT_EQ(count_of(data, out, 1), 10);
  const auto& density = dynamic_cast<const smrt::SMOBD&>(*sampler).density(1);
  const double edge = 0.5 / 7 + 0.5 * 2 / 3, inner = 0.5 / 7 + 0.5 * 3 / 3, sum = 2 * edge + 2 * inner;
  ASSERT_EQ(density.size(), 5u);
  EXPECT_NEAR(density[0], edge / sum, 1e-9);
  EXPECT_NEAR(density[1], inner / sum, 1e-9);
  EXPECT_NEAR(density[2], inner / sum, 1e-9);
  EXPECT_NEAR(density[3], edge / sum, 1e-9);
  EXPECT_EQ(density[4], 0.0);
  // The outlier is never a base, and no other row has it among its 2 nearest.
  for (int64_t r = 0; r < out.synthetic.n_rows(); ++r) EXPECT_LE(out.synthetic.row(r)[0], 3.0f);
}

// A cluster of 12 rows and one far outlier: the outlier weighs 0, and the
// more rows within max_eps, the more a row is drawn.
TEST(SMOBD, OutlierWeighsNothingInTwoDimensions) {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 12; ++i) rows.push_back({float(i % 4) * 0.5f, float(i / 4) * 0.5f}), labels.push_back(1);
  rows.push_back({30, 30}), labels.push_back(1);
  for (int i = 0; i < 30; ++i) rows.push_back({-10.0f - float(i % 6), float(i / 6)}), labels.push_back(0);
  const Dataset data = table(rows, labels);
  auto sampler = make("smobd", {});
  const auto out = sampler->fit_resample(data);
  EXPECT_EQ(count_of(data, out, 1), 30);
  const auto& density = dynamic_cast<const smrt::SMOBD&>(*sampler).density(1);
  EXPECT_EQ(density[12], 0.0);
  for (int i = 0; i < 12; ++i) EXPECT_GT(density[static_cast<size_t>(i)], 0.0);
  EXPECT_GT(density[5], density[0]);  // an inner row has more rows within max_eps than a corner
  for (int64_t r = 0; r < out.synthetic.n_rows(); ++r) EXPECT_LT(out.synthetic.row(r)[0], 2.0f);
}

TEST(SMOBD, BadParametersNameThemselves) {
  smrt::register_sample_methods();
  for (const Params& bad : {Params{{"eta1", "1.5"}}, Params{{"t", "-1"}}, Params{{"min_samples", "0"}}}) {
    try {
      smrt::SamplerRegistry::global().create("smobd", bad);
      ADD_FAILURE() << bad.begin()->first << " accepted";
    } catch (const smrt::ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find(bad.begin()->first), std::string::npos) << e.what();
    }
  }
}

// ---------------------------------------------------------------- counts

TEST(SmoteVariantsB, CountsReachTheTargets) {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  smrt::Rng rng(5);
  const int counts[3] = {40, 15, 9};
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < counts[c]; ++i)
      rows.push_back({float(rng.normal() + c), float(rng.normal() - c), float(rng.normal())}), labels.push_back(c);
  const Dataset data = table(rows, labels);
  for (const char* method : {"mwmote", "gsmote", "smobd"}) {
    SCOPED_TRACE(method);
    const auto all = make(method, {})->fit_resample(data);
    for (int32_t c = 0; c < 3; ++c) EXPECT_EQ(count_of(data, all, c), 40);
    const auto one = make(method, {{"sampling_strategy", "2:25"}})->fit_resample(data);
    EXPECT_EQ(count_of(data, one, 0), 40);
    EXPECT_EQ(count_of(data, one, 1), 15);
    EXPECT_EQ(count_of(data, one, 2), 25);
  }
}

}  // namespace
