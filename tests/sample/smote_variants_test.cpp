// Samplers from the smote-variants ranking (Kovacs 2019), checked against
// their papers' definitions on tiny tables: polynomial-fit SMOTE's topologies
// (where its rows lie), Safe-Level-SMOTE's five gap cases, ProWSyn's
// proximity levels and per-level counts, and SMOTE-IPF's filter (a planted
// mislabelled row goes; the sampler removes exactly what its filter flags).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "cleaning_data.h"
#include "smrt/core/error.h"
#include "smrt/sample/combine/decision_tree.h"
#include "smrt/sample/combine/smote_ipf.h"
#include "smrt/sample/over/polynom_fit_smote.h"
#include "smrt/sample/over/prowsyn.h"
#include "smrt/sample/over/safe_level_smote.h"
#include "smrt/sample/registry.h"

namespace {

using smrt::Dataset;
using smrt::Matrix;

using smrt::testing::table;

std::unique_ptr<smrt::Sampler> make(const std::string& method, std::map<std::string, std::string> params) {
  smrt::register_sample_methods();
  return smrt::SamplerRegistry::global().create(method, params);
}

// Majority rows (label 0) on a ring of radius 6 around (2, 2); minority (label 1) `minority`.
Dataset ring_and(const std::vector<std::vector<float>>& minority, int n_majority) {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < n_majority; ++i) {
    const double a = 2 * M_PI * i / n_majority;
    rows.push_back({static_cast<float>(2 + 6 * std::cos(a)), static_cast<float>(2 + 6 * std::sin(a))});
    labels.push_back(0);
  }
  for (const auto& r : minority) rows.push_back(r), labels.push_back(1);
  return table(rows, labels);
}

// The t in [0, 1] with s = a + t (b - a), or -1 when s is not on the segment.
double position_on(const float* s, const float* a, const float* b, int64_t d) {
  double dot = 0, len = 0;
  for (int64_t j = 0; j < d; ++j) dot += (double(s[j]) - a[j]) * (double(b[j]) - a[j]), len += (double(b[j]) - a[j]) * (double(b[j]) - a[j]);
  const double t = len > 0 ? dot / len : 0.0;
  for (int64_t j = 0; j < d; ++j)
    if (std::abs(a[j] + t * (double(b[j]) - a[j]) - s[j]) > 1e-4) return -1;
  return t >= -1e-6 && t <= 1 + 1e-6 ? t : -1;
}

const std::vector<std::vector<float>> kFour = {{0, 0}, {4, 0}, {4, 3}, {1, 4}};

TEST(PolynomFitSMOTE, StarRowsAreEvenlySpacedOnSegmentsToTheClassMean) {
  const Dataset data = ring_and(kFour, 14);  // 10 new rows: 2 or 3 per minority row
  const auto out = make("polynom_fit_smote", {{"random_state", "1"}})->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 10);
  const float mean[2] = {9.0f / 4, 7.0f / 4};
  std::vector<std::vector<double>> per_row(4);
  for (int64_t s = 0; s < 10; ++s) {
    int found = 0;
    for (size_t r = 0; r < 4; ++r) {
      const double t = position_on(out.synthetic.row(s), kFour[r].data(), mean, 2);
      if (t > 0) per_row[r].push_back(t), ++found;
    }
    EXPECT_EQ(found, 1) << "row " << s << " is not on exactly one star segment";
  }
  for (auto& ts : per_row) {  // q rows on a segment sit at j / (q + 1)
    ASSERT_TRUE(ts.size() == 2 || ts.size() == 3) << ts.size();
    std::sort(ts.begin(), ts.end());
    for (size_t j = 0; j < ts.size(); ++j) EXPECT_NEAR(ts[j], double(j + 1) / double(ts.size() + 1), 1e-5);
  }
}

TEST(PolynomFitSMOTE, BusRowsLieOnSegmentsBetweenConsecutiveRows) {
  const Dataset data = ring_and(kFour, 13);  // 9 new rows on 3 segments: 3 each
  const auto out = make("polynom_fit_smote", {{"random_state", "2"}, {"topology", "bus"}})->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 9);
  std::vector<int> per_segment(3, 0);
  for (int64_t s = 0; s < 9; ++s)
    for (size_t r = 0; r + 1 < 4; ++r)
      if (position_on(out.synthetic.row(s), kFour[r].data(), kFour[r + 1].data(), 2) > 0) ++per_segment[r];
  EXPECT_EQ(per_segment, (std::vector<int>{3, 3, 3}));
}

TEST(PolynomFitSMOTE, MeshRowsLieOnSegmentsBetweenAnyTwoRows) {
  const Dataset data = ring_and(kFour, 40);
  const auto out = make("polynom_fit_smote", {{"random_state", "3"}, {"topology", "mesh"}})->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 36);
  bool used_a_diagonal = false;  // (0,0)-(4,3) or (4,0)-(1,4): not a bus or star segment
  for (int64_t s = 0; s < 36; ++s) {
    bool on_any = false;
    for (size_t a = 0; a < 4; ++a)
      for (size_t b = a + 1; b < 4; ++b)
        if (position_on(out.synthetic.row(s), kFour[a].data(), kFour[b].data(), 2) >= 0) {
          on_any = true;
          used_a_diagonal |= (a == 0 && b == 2) || (a == 1 && b == 3);
        }
    EXPECT_TRUE(on_any) << "row " << s;
  }
  EXPECT_TRUE(used_a_diagonal);
}

TEST(PolynomFitSMOTE, PolyRowsLieOnTheFittedCurve) {
  // Rows (x, x^2): degree 2 fits both columns exactly, so new rows satisfy y = x^2 on [0, 4].
  const std::vector<std::vector<float>> parabola = {{3, 9}, {0, 0}, {4, 16}, {1, 1}, {2, 4}};
  const Dataset data = ring_and(parabola, 25);
  const auto out = make("polynom_fit_smote", {{"random_state", "4"}, {"topology", "poly_2"}})->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 20);
  for (int64_t s = 0; s < 20; ++s) {
    const double x = out.synthetic(s, 0);
    EXPECT_NEAR(out.synthetic(s, 1), x * x, 1e-3) << "row " << s;
    EXPECT_TRUE(x >= -1e-4 && x <= 4 + 1e-4) << x;
  }
  // Degree 1 on the same rows: on the least-squares line of each column, not the parabola.
  const auto line = make("polynom_fit_smote", {{"random_state", "4"}, {"topology", "poly_1"}})->fit_resample(data);
  int off_parabola = 0;
  for (int64_t s = 0; s < 20; ++s) off_parabola += std::abs(line.synthetic(s, 1) - line.synthetic(s, 0) * line.synthetic(s, 0)) > 0.1;
  EXPECT_GT(off_parabola, 10);
}

TEST(PolynomFitSMOTE, PolyCurveDoesNotDependOnTheInputOrderEvenWithTiedRowMeans) {
  // Rows 0-3 share the mean 1.5 (and rows 4-5 the mean 4): the fitted curve, hence every new row,
  // must come out the same whichever order the tied rows arrive in.
  const std::vector<std::vector<float>> rows = {{0, 3}, {3, 0}, {1, 2}, {2, 1}, {4, 4}, {5, 3}, {6, 7}};
  const std::vector<std::vector<float>> shuffled = {{2, 1}, {5, 3}, {3, 0}, {6, 7}, {0, 3}, {4, 4}, {1, 2}};
  for (const std::string topology : {"poly_1", "poly_2", "poly_3"}) {
    const auto a = make("polynom_fit_smote", {{"random_state", "5"}, {"topology", topology}})->fit_resample(ring_and(rows, 30));
    const auto b =
        make("polynom_fit_smote", {{"random_state", "5"}, {"topology", topology}})->fit_resample(ring_and(shuffled, 30));
    ASSERT_EQ(a.synthetic.n_rows(), 23);
    ASSERT_EQ(b.synthetic.n_rows(), 23);
    for (int64_t s = 0; s < 23; ++s)
      for (int64_t j = 0; j < 2; ++j) EXPECT_EQ(a.synthetic(s, j), b.synthetic(s, j)) << topology << " row " << s;
  }
}

TEST(PolynomFitSMOTE, PolyfitRecoversAPolynomial) {
  std::vector<double> t, v;
  for (int i = 0; i < 7; ++i) t.push_back(-1 + i / 3.0), v.push_back(0.5 - 2 * t.back() + 3 * t.back() * t.back() * t.back());
  const auto c = smrt::polyfit(t, v, 3);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_NEAR(c[0], 0.5, 1e-9);
  EXPECT_NEAR(c[1], -2, 1e-9);
  EXPECT_NEAR(c[2], 0, 1e-9);
  EXPECT_NEAR(c[3], 3, 1e-9);
}

TEST(PolynomFitSMOTE, PolyfitRecoversHigherDegreesWherePivotingSwapsRows) {
  // From degree 5 the elimination swaps rows more than once; the solve must
  // apply every swap before the multipliers (poly_10 on constant rows gave
  // values from -461 to 325).
  std::vector<double> t;
  for (int i = 0; i < 30; ++i) t.push_back(-1 + 2 * i / 29.0);
  for (int degree : {5, 7, 10, 12}) {
    std::vector<double> truth, v, constant(t.size(), 2.0);
    for (int e = 0; e <= degree; ++e) truth.push_back(std::cos(1.3 * e + degree));
    for (double ti : t) {
      double y = 0, p = 1;
      for (double c : truth) y += c * p, p *= ti;
      v.push_back(y);
    }
    const auto c = smrt::polyfit(t, v, degree);
    ASSERT_EQ(c.size(), truth.size());
    for (size_t e = 0; e < c.size(); ++e) EXPECT_NEAR(c[e], truth[e], 1e-5) << "degree " << degree << " power " << e;
    const auto flat = smrt::polyfit(t, constant, degree);
    EXPECT_NEAR(flat[0], 2.0, 1e-7) << degree;
    for (size_t e = 1; e < flat.size(); ++e) EXPECT_NEAR(flat[e], 0.0, 1e-6) << "degree " << degree << " power " << e;
  }
}

TEST(PolynomFitSMOTE, AllColumnsAtOnceGiveEachColumnsOwnFit) {
  // coefficients_by_power (every column in one pass, rows in `order`) = coefficients per column, exactly.
  Matrix X(6, 3);
  for (int64_t i = 0; i < 6; ++i)
    for (int64_t j = 0; j < 3; ++j) X(i, j) = static_cast<float>(std::sin(1.7 * i + j) * (j + 1));
  const std::vector<int64_t> order = {3, 0, 5, 1, 4, 2};
  std::vector<double> t;
  for (int i = 0; i < 6; ++i) t.push_back(-1 + i / 2.5);
  const smrt::PolynomialFit fit(t, 2);
  const std::vector<double> all = fit.coefficients_by_power(X.view(), order);
  ASSERT_EQ(all.size(), 9u);
  for (int64_t j = 0; j < 3; ++j) {
    std::vector<double> v;
    for (int64_t i : order) v.push_back(X(i, j));
    const std::vector<double> one = fit.coefficients(v);
    for (size_t e = 0; e < 3; ++e) EXPECT_EQ(all[e * 3 + static_cast<size_t>(j)], one[e]) << "column " << j;
  }
}

TEST(PolynomFitSMOTE, BadTopologiesAreParameterErrors) {
  for (const std::string bad : {"ring", "poly_0", "poly_", "poly_x", "poly_100"})
    EXPECT_THROW(make("polynom_fit_smote", {{"topology", bad}}), smrt::ParameterError) << bad;
  const Dataset data = ring_and({{0, 0}, {1, 1}}, 10);
  EXPECT_THROW(make("polynom_fit_smote", {{"topology", "poly_2"}})->fit_resample(data), smrt::ParameterError);
}

TEST(SafeLevelSMOTE, GapFollowsThePapersFiveCases) {
  for (double u : {0.0, 0.3, 0.999}) {
    EXPECT_EQ(smrt::safe_level_gap(3, 0, u), 0.0);                   // sl_n = 0: a copy of p
    EXPECT_EQ(smrt::safe_level_gap(2, 2, u), u);                     // equal: [0, 1)
    EXPECT_NEAR(smrt::safe_level_gap(4, 1, u), u / 4, 1e-12);        // sl_p > sl_n: [0, sl_n / sl_p)
    EXPECT_NEAR(smrt::safe_level_gap(1, 4, u), 0.75 + u / 4, 1e-12); // sl_p < sl_n: [1 - sl_p / sl_n, 1)
    EXPECT_EQ(smrt::safe_level_gap(0, 2, u), 1.0);                   // sl_p = 0 < sl_n: a copy of n
  }
}

// Brute-force safe level: rows of class 1 among row i's k nearest of the table (itself excluded).
int safe_level(const Dataset& d, int64_t i, int k) {
  std::vector<std::pair<double, int64_t>> by;
  for (int64_t o = 0; o < d.n_rows(); ++o) {
    if (o == i) continue;
    double s = 0;
    for (int64_t j = 0; j < d.n_cols(); ++j) s += (double(d.X(i, j)) - d.X(o, j)) * (double(d.X(i, j)) - d.X(o, j));
    by.emplace_back(s, o);
  }
  std::sort(by.begin(), by.end());
  int level = 0;
  for (int q = 0; q < k; ++q) level += d.y[by[static_cast<size_t>(q)].second] == 1;
  return level;
}

TEST(SafeLevelSMOTE, EveryNewRowHasAnAllowedGapPerAttribute) {
  // A minority cluster next to the majority, plus one minority row deep inside the majority.
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 16; ++i) rows.push_back({float(i % 4), float(i / 4)}), labels.push_back(0);
  for (int i = 0; i < 5; ++i) rows.push_back({4.0f + 0.6f * float(i % 2), 0.7f * float(i)}), labels.push_back(1);
  rows.push_back({1.5f, 1.5f}), labels.push_back(1);
  const Dataset d = table(rows, labels);
  const int k = 3;
  const auto out = make("safe_level_smote", {{"random_state", "5"}, {"k_neighbors", "3"}})->fit_resample(d);
  ASSERT_EQ(out.synthetic.n_rows(), 10);
  for (int64_t s = 0; s < out.synthetic.n_rows(); ++s) {
    bool explained = false;
    for (int64_t p = 16; p < d.n_rows() && !explained; ++p)
      for (int64_t n = 0; n < d.n_rows() && !explained; ++n) {
        if (n == p) continue;
        const int sl_p = safe_level(d, p, k), sl_n = safe_level(d, n, k);
        if (sl_p == 0 && sl_n == 0) continue;
        double lo = 0, hi = 1;
        if (sl_n == 0) hi = 0;
        else if (sl_p > sl_n) hi = double(sl_n) / sl_p;
        else if (sl_p < sl_n) lo = 1 - double(sl_p) / sl_n;
        bool ok = true;
        for (int64_t j = 0; j < 2 && ok; ++j) {
          const double diff = double(d.X(n, j)) - d.X(p, j);
          const double off = out.synthetic(s, j) - d.X(p, j);
          if (std::abs(diff) < 1e-9) ok = std::abs(off) < 1e-5;
          else ok = off / diff >= lo - 1e-5 && off / diff <= hi + 1e-5;
        }
        explained = ok;
      }
    EXPECT_TRUE(explained) << "row " << s;
  }
}

TEST(SafeLevelSMOTE, NoRowFromPairsWithTwoUnsafeEnds) {
  // Two far outliers of the minority on either side of a majority grid: each one's nearest rows are
  // majority rows whose own nearest rows are the grid's (sl_p = sl_n = 0 for every pair).
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 20; ++i) rows.push_back({float(i % 5), float(i / 5)}), labels.push_back(0);
  rows.push_back({30.0f, 1.0f}), labels.push_back(1);
  rows.push_back({-30.0f, 1.0f}), labels.push_back(1);
  const Dataset d = table(rows, labels);
  const auto out = make("safe_level_smote", {{"random_state", "1"}, {"k_neighbors", "3"}})->fit_resample(d);
  EXPECT_EQ(out.synthetic.n_rows(), 0);
  EXPECT_EQ(out.n_rows(), d.n_rows());
}

TEST(SafeLevelSMOTE, UnsafeNeighboursGiveCopiesOfTheBase) {
  // Three close minority rows (safe levels 2) whose other neighbour is a far majority row (safe level 0).
  std::vector<std::vector<float>> rows = {{0, 0}, {0.1f, 0}, {0, 0.1f}};
  std::vector<int64_t> labels = {1, 1, 1};
  for (int i = 0; i < 9; ++i) rows.push_back({10.0f + float(i), 0}), labels.push_back(0);
  const Dataset d = table(rows, labels);
  const auto out = make("safe_level_smote", {{"random_state", "2"}, {"k_neighbors", "3"}})->fit_resample(d);
  ASSERT_EQ(out.synthetic.n_rows(), 6);
  for (int64_t s = 0; s < 6; ++s) {  // either a copy of a minority row or between two of them
    const float* r = out.synthetic.row(s);
    EXPECT_TRUE(r[0] >= -1e-6 && r[0] <= 0.1f + 1e-6 && r[1] >= -1e-6 && r[1] <= 0.1f + 1e-6) << r[0] << "," << r[1];
  }
}

TEST(ProWSyn, SplitByWeightsSumsExactlyAndFollowsTheWeights) {
  EXPECT_EQ(smrt::split_by_weights(20, {1.0, std::exp(-1.0), std::exp(-2.0), std::exp(-3.0), std::exp(-4.0)}),
            (std::vector<int64_t>{13, 5, 2, 0, 0}));  // shares 12.73, 4.68, 1.72, 0.63, 0.23
  EXPECT_EQ(smrt::split_by_weights(7, {1, 1, 1}), (std::vector<int64_t>{3, 2, 2}));
  EXPECT_EQ(smrt::split_by_weights(5, {1, 0}), (std::vector<int64_t>{5, 0}));
}

// 1-D: 25 majority rows at x <= 0, minority rows at 1..5: with k_neighbors=1 every majority row's
// nearest remaining minority row is the smallest, so level l holds the row at x = l.
Dataset line_table() {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  for (int i = 0; i < 25; ++i) rows.push_back({-0.1f * float(i)}), labels.push_back(0);
  for (int i = 1; i <= 5; ++i) rows.push_back({float(i)}), labels.push_back(1);
  return table(rows, labels);
}

TEST(ProWSyn, LevelsPeelRowsByProximityAndCountsFollowTheWeights) {
  const Dataset d = line_table();
  smrt::register_sample_methods();
  const auto& info = smrt::SamplerRegistry::global().get("prowsyn");
  smrt::ProWSyn sampler(smrt::ParamValues::resolve("prowsyn", info.params, {{"k_neighbors", "1"}, {"random_state", "3"}}));
  const auto out = sampler.fit_resample(d);
  ASSERT_EQ(sampler.levels().size(), 5u);
  for (int64_t l = 0; l < 5; ++l) EXPECT_EQ(sampler.levels()[static_cast<size_t>(l)], std::vector<int64_t>{l});
  EXPECT_EQ(sampler.level_counts(), (std::vector<int64_t>{13, 5, 2, 0, 0}));
  // One row per level: its new rows are copies of it.
  std::map<float, int> copies;
  for (int64_t s = 0; s < out.synthetic.n_rows(); ++s) ++copies[out.synthetic(s, 0)];
  EXPECT_EQ(copies, (std::map<float, int>{{1.0f, 13}, {2.0f, 5}, {3.0f, 2}}));
}

TEST(ProWSyn, RowsLeftAfterLLevelsJoinTheLastAndThetaZeroSharesEqually) {
  const Dataset d = line_table();
  smrt::register_sample_methods();
  const auto& info = smrt::SamplerRegistry::global().get("prowsyn");
  smrt::ProWSyn sampler(smrt::ParamValues::resolve(
      "prowsyn", info.params, {{"k_neighbors", "1"}, {"L", "2"}, {"theta", "0"}, {"random_state", "3"}}));
  const auto out = sampler.fit_resample(d);
  ASSERT_EQ(sampler.levels().size(), 2u);
  EXPECT_EQ(sampler.levels()[1], (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(sampler.level_counts(), (std::vector<int64_t>{10, 10}));
  for (int64_t s = 0; s < out.synthetic.n_rows(); ++s) {  // level 2's rows lie between 2 and 5
    const float x = out.synthetic(s, 0);
    EXPECT_TRUE(x == 1.0f || (x >= 2.0f && x <= 5.0f)) << x;
  }
}

// Two separated blobs of 40 rows, and one row of class 0 planted in class 1's blob (row 80).
Dataset planted() {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  smrt::Rng rng(11);
  for (int c = 0; c < 2; ++c)
    for (int i = 0; i < 40; ++i)
      rows.push_back({float(10 * c + rng.uniform()), float(rng.uniform())}), labels.push_back(c);
  rows.push_back({10.5f, 0.5f}), labels.push_back(0);
  return table(rows, labels);
}

TEST(SmoteIpf, DecisionTreeFitsItsTrainingRows) {
  const Dataset d = planted();
  std::vector<int64_t> all(static_cast<size_t>(d.n_rows()));
  for (int64_t i = 0; i < d.n_rows(); ++i) all[static_cast<size_t>(i)] = i;
  smrt::DecisionTree tree;
  smrt::Rng rng(1);
  tree.fit(d.X.view(), d.y.data(), 2, all, rng);
  for (int64_t i = 0; i < d.n_rows(); ++i) EXPECT_EQ(tree.predict(d.X.row(i)), d.y[static_cast<size_t>(i)]) << i;
  EXPECT_GE(tree.n_nodes(), 5);  // the planted row needs its own leaf
}

TEST(SmoteIpf, FilterRemovesThePlantedMislabelledRowOnly) {
  const Dataset d = planted();
  smrt::Rng rng(4);
  std::vector<int64_t> rounds;
  const auto kept = smrt::ipf_filter(d.view(), {9, 3, 0.01, false}, rng, &rounds);
  std::vector<int64_t> want(80);
  for (int64_t i = 0; i < 80; ++i) want[static_cast<size_t>(i)] = i;
  EXPECT_EQ(kept, want);
  EXPECT_EQ(rounds, (std::vector<int64_t>{1, 0, 0, 0})) << "three quiet rounds after the removal";
}

TEST(SmoteIpf, ConsensusNeedsEveryTreeIncludingTheOneGrownOnTheRow) {
  // The tree grown on the planted row's part fits it (trees are fully grown),
  // so consensus, which needs all n_folds trees to misclassify, keeps it.
  const Dataset d = planted();
  smrt::Rng rng(4);
  EXPECT_EQ(smrt::ipf_filter(d.view(), {9, 3, 0.01, true}, rng).size(), 81u);
}

TEST(SmoteIpf, NeverRemovesAWholeClass) {
  // Labels without signal (30 then 10 rows of uniform noise): the trees' votes flag rows of
  // either class at random, and round after round they emptied the majority for some seeds.
  int shrunk = 0;
  for (uint64_t seed = 0; seed < 30; ++seed) {
    smrt::Rng data_rng(seed);
    std::vector<std::vector<float>> rows;
    std::vector<int64_t> labels;
    for (int i = 0; i < 40; ++i) rows.push_back({float(data_rng.normal()), float(data_rng.normal())}), labels.push_back(i < 30 ? 0 : 1);
    const Dataset d = table(rows, labels);
    const auto out = make("smote_ipf", {{"random_state", std::to_string(seed)}})->fit_resample(d).materialize(d);
    std::vector<int64_t> counts(2, 0);
    for (int64_t i = 0; i < out.n_rows(); ++i) ++counts[static_cast<size_t>(out.y[static_cast<size_t>(i)])];
    EXPECT_GT(counts[0], 0) << "seed " << seed;
    EXPECT_GT(counts[1], 0) << "seed " << seed;
    shrunk += out.n_rows() < 60;
  }
  EXPECT_GT(shrunk, 0) << "the filter still removes rows on this data";
}

TEST(SmoteIpf, RemovesExactlyWhatItsFilterFlagsInSmotesOutput) {
  Dataset d = planted();
  for (int i = 0; i < 25; ++i) d.y[static_cast<size_t>(40 + i)] = 0;  // class 1: 15 rows + none planted
  d = table([&] {
    std::vector<std::vector<float>> r;
    for (int64_t i = 0; i < d.n_rows(); ++i) r.push_back({d.X(i, 0), d.X(i, 1)});
    return r;
  }(), std::vector<int64_t>(d.y.begin(), d.y.end()));
  const std::map<std::string, std::string> p = {{"random_state", "6"}, {"k_neighbors", "3"}};
  const auto smote = make("smote", p)->fit_resample(d);
  const Dataset over = smote.materialize(d);
  smrt::Rng filter_rng(6, 1);
  const auto kept = smrt::ipf_filter(over.view(), {}, filter_rng);
  const auto ipf = make("smote_ipf", p)->fit_resample(d);
  EXPECT_EQ(ipf.n_rows(), static_cast<int64_t>(kept.size()));
  EXPECT_LT(ipf.n_rows(), over.n_rows());  // the mixed blob has rows to flag
  EXPECT_EQ(ipf.synthetic.n_rows(), static_cast<int64_t>(std::count_if(kept.begin(), kept.end(), [&](int64_t r) {
              return r >= static_cast<int64_t>(smote.sample_indices.size());
            })));
}

TEST(SmotevariantsCounts, EverySamplerReachesTheTargetsOnSeparableData) {
  std::vector<std::vector<float>> rows;
  std::vector<int64_t> labels;
  smrt::Rng rng(8);
  for (int i = 0; i < 60; ++i) rows.push_back({float(rng.normal()), float(rng.normal())}), labels.push_back(0);
  for (int i = 0; i < 12; ++i) rows.push_back({float(6 + rng.normal()), float(rng.normal())}), labels.push_back(1);
  const Dataset d = table(rows, labels);
  for (const std::string m : {"polynom_fit_smote", "prowsyn", "safe_level_smote", "smote_ipf"}) {
    const auto out = make(m, {{"random_state", "1"}})->fit_resample(d);
    const auto counts = out.class_counts(d.view());
    EXPECT_EQ(counts[1], 60) << m;  // IPF finds nothing to remove in separated blobs
    EXPECT_EQ(counts[0], 60) << m;
  }
}

}  // namespace
