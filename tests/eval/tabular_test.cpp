// Protocol d's parts on tiny data: the k-NN classifier, the paired win / tie
// / loss rule, the user-table protocol (folds, scaling, report), and
// `smrt eval DATA.csv --label COL` end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "smrt/core/rng.h"
#include "smrt/eval/experiment.h"
#include "smrt/eval/knn_classifier.h"
#include "smrt/eval/paired.h"
#include "smrt/eval/session.h"
#include "smrt/eval/tabular.h"
#include "test_support.h"

namespace {

using smrt::testing::file_exists;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;

smrt::Dataset line_data() {
  // Class 0 at x = 0, 1, 2; class 1 at x = 10, 11.
  smrt::Dataset d;
  d.X = smrt::Matrix(5, 1);
  const float xs[] = {0, 1, 2, 10, 11};
  for (int i = 0; i < 5; ++i) d.X(i, 0) = xs[i];
  d.classes = smrt::ClassIndex::from_integers({0, 0, 0, 1, 1}, &d.y);
  return d;
}

TEST(KnnClassifier, ProbabilitiesAreNeighbourShares) {
  smrt::eval::KnnClassifierParams p;
  p.k = 3;
  smrt::eval::KnnClassifier knn(p);
  const auto d = line_data();
  knn.fit(d.view());
  smrt::Matrix q(2, 1);
  q(0, 0) = 0.5f;   // neighbours 0, 1, 2: all class 0
  q(1, 0) = 9.0f;   // neighbours 10, 11, 2: two of class 1
  const auto proba = knn.predict_proba(q.view());
  EXPECT_FLOAT_EQ(proba(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(proba(1, 1), 2.0f / 3.0f);
  EXPECT_EQ(knn.predict(q.view()), (std::vector<int32_t>{0, 1}));
  // Balanced votes: class 1 (2 rows of 5) weighs 1.25, class 0 about 0.83.
  p.class_weight = smrt::eval::ClassWeight::Balanced;
  smrt::eval::KnnClassifier weighted(p);
  weighted.fit(d.view());
  q(1, 0) = 5.5f;  // neighbours 2 (class 0), 10 (class 1), 1 (class 0)
  EXPECT_NEAR(weighted.predict_proba(q.view())(1, 1), 1.25 / (1.25 + 2 * 5.0 / 6.0), 1e-6);
}

smrt::eval::ExperimentResult two_methods(const std::vector<double>& a, const std::vector<double>& b) {
  smrt::eval::ExperimentResult r;
  for (size_t s = 0; s < a.size(); ++s) {
    smrt::eval::RunRecord x, y;
    x.method = "SMRT", y.method = "SMOTE";
    x.seed = y.seed = s;
    x.metrics["balanced_accuracy"] = a[s];
    y.metrics["balanced_accuracy"] = b[s];
    r.runs.push_back(x);
    r.runs.push_back(y);
  }
  return r;
}

TEST(Paired, WinTieLossFollowsAPairedTTest) {
  // Consistent +0.02 with little spread: a win.
  auto win = smrt::eval::paired_difference(two_methods({0.82, 0.83, 0.81, 0.84, 0.82}, {0.80, 0.81, 0.79, 0.82, 0.795}),
                                           "SMRT", "SMOTE", "balanced_accuracy");
  EXPECT_EQ(win.n, 5);
  EXPECT_NEAR(win.mean, 0.021, 1e-9);
  EXPECT_EQ(win.outcome, 1);
  // Same mean gap, but noisy: a tie.
  auto tie = smrt::eval::paired_difference(two_methods({0.90, 0.78, 0.83, 0.86, 0.74}, {0.80, 0.81, 0.79, 0.82, 0.795}),
                                           "SMRT", "SMOTE", "balanced_accuracy");
  EXPECT_EQ(tie.outcome, 0);
  auto loss = smrt::eval::paired_difference(two_methods({0.70, 0.71, 0.70}, {0.80, 0.81, 0.79}), "SMRT", "SMOTE",
                                            "balanced_accuracy");
  EXPECT_EQ(loss.outcome, -1);
  EXPECT_EQ(smrt::eval::paired_difference(two_methods({0.7}, {0.8}), "SMRT", "none", "balanced_accuracy").n, 0);
}

/// SMRT at 0.8 + d_i against SMOTE at 0.8 over n seeds, the differences d_i
/// spread evenly with std 0.01 around a mean that gives Student's t = `t`.
smrt::eval::PairedDiff outcome_at_t(int n, double t) {
  std::vector<double> a, b(static_cast<size_t>(n), 0.8);
  double ss = 0;
  for (int i = 0; i < n; ++i) ss += (i - (n - 1) / 2.0) * (i - (n - 1) / 2.0);
  const double unit = std::sqrt(ss / (n - 1)), mean = t * 0.01 / std::sqrt(static_cast<double>(n));
  for (int i = 0; i < n; ++i) a.push_back(0.8 + mean + 0.01 * (i - (n - 1) / 2.0) / unit);
  return smrt::eval::paired_difference(two_methods(a, b), "SMRT", "SMOTE", "balanced_accuracy");
}

TEST(Paired, TheTTestUsesStudentsCriticalValueForItsDegreesOfFreedom) {
  // 5 seeds (4 degrees of freedom): 2.776; a table shifted by one row used 2.571.
  EXPECT_EQ(outcome_at_t(5, 2.70).outcome, 0);
  EXPECT_EQ(outcome_at_t(5, 2.85).outcome, 1);
  EXPECT_EQ(outcome_at_t(5, -2.85).outcome, -1);
  EXPECT_EQ(outcome_at_t(4, 3.10).outcome, 0);  // 3 degrees of freedom: 3.182
  EXPECT_EQ(outcome_at_t(4, 3.25).outcome, 1);
  EXPECT_EQ(outcome_at_t(3, 4.25).outcome, 0);  // 2: 4.303
  EXPECT_EQ(outcome_at_t(30, 2.04).outcome, 0);  // 29: 2.045
  EXPECT_EQ(outcome_at_t(41, 2.00).outcome, 0);  // 40: 2.021, not the normal 1.96
  EXPECT_EQ(outcome_at_t(41, 2.05).outcome, 1);
  EXPECT_EQ(outcome_at_t(1001, 1.97).outcome, 1);  // 1000: 1.962
}

TEST(Paired, StandingsCountEachMethodsCellsAgainstSmote) {
  // Three cells of group "d": X beats SMOTE clearly in two and ties in one;
  // Y ran in the first cell only; SMRT in none (so it gets no row).
  std::vector<smrt::eval::Experiment> cells(3);
  std::vector<smrt::eval::ExperimentResult> results;
  const std::vector<double> smote = {0.80, 0.81, 0.79, 0.82, 0.795};
  const std::vector<std::vector<double>> x = {
      {0.82, 0.83, 0.81, 0.84, 0.82}, {0.85, 0.86, 0.84, 0.87, 0.846}, {0.90, 0.78, 0.83, 0.86, 0.74}};
  for (size_t c = 0; c < cells.size(); ++c) {
    cells[c].group = "d";
    cells[c].title = "cell " + std::to_string(c);
    auto r = two_methods(x[c], smote);
    for (auto& run : r.runs)
      if (run.method == "SMRT") run.method = "X";
    if (c == 0)
      for (size_t s = 0; s < smote.size(); ++s) {
        smrt::eval::RunRecord y;
        y.method = "Y", y.seed = s;
        y.metrics["balanced_accuracy"] = smote[s] - 0.1 - 0.001 * static_cast<double>(s);
        r.runs.push_back(y);
      }
    r.experiment = &cells[c];
    r.methods = {{"X", "x", true, ""}, {"SMOTE", "smote", true, ""}, {"Y", "y", c == 0, ""}, {"SMRT", "smrt", true, ""}};
    results.push_back(r);
  }
  const auto st = smrt::eval::standings(results, "SMOTE", {"balanced_accuracy"});
  ASSERT_EQ(st.size(), 1u);
  ASSERT_EQ(st[0].cells.size(), 3u);  // header, X, Y
  EXPECT_EQ(st[0].cells[1][0], "X");
  EXPECT_EQ(st[0].cells[1][1], "+0.030, 2 / 1 / 0");  // mean of +0.021, +0.050, +0.019
  EXPECT_EQ(st[0].cells[2][0], "Y");
  EXPECT_EQ(st[0].cells[2][1], "-0.102, 0 / 0 / 1");
  EXPECT_NE(smrt::eval::comparison_markdown(results).find("every method against SMOTE"), std::string::npos);
}

// Two Gaussian blobs, 60 : 12 rows, 3 features (the last constant).
smrt::Dataset blobs() {
  smrt::Dataset d;
  d.X = smrt::Matrix(72, 3);
  std::vector<int64_t> labels;
  smrt::Rng rng(7);
  for (int i = 0; i < 72; ++i) {
    const bool minority = i >= 60;
    d.X(i, 0) = static_cast<float>(rng.normal() + (minority ? 2.5 : 0.0)) * 100.0f;
    d.X(i, 1) = static_cast<float>(rng.normal());
    d.X(i, 2) = 3.0f;
    labels.push_back(minority ? 1 : 0);
  }
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  return d;
}

TEST(TableProtocol, StratifiedFoldsCoverEveryRowOnceAndAreStandardised) {
  const auto data = blobs();
  smrt::eval::ProtocolOptions o;
  o.scale = smrt::eval::Scale::Tiny;
  o.methods = {"none", "SMOTE"};
  const auto experiments = smrt::eval::table_protocol(data, "blobs", 4, o);
  ASSERT_EQ(experiments.size(), 2u);  // logistic regression and k-NN
  int64_t test_rows = 0;
  for (uint64_t fold = 0; fold < 4; ++fold) {
    const auto split = experiments[0].make_split(fold);
    test_rows += split.test.n_rows();
    EXPECT_EQ(split.train.n_rows() + split.test.n_rows(), 72);
    EXPECT_EQ(split.test.class_counts()[1], 3) << "fold " << fold;  // 12 minority rows over 4 folds
    EXPECT_EQ(split.minority, std::vector<int32_t>{1});
    double mean = 0, sq = 0;
    for (int64_t i = 0; i < split.train.n_rows(); ++i) mean += split.train.X(i, 0);
    mean /= static_cast<double>(split.train.n_rows());
    for (int64_t i = 0; i < split.train.n_rows(); ++i) sq += std::pow(split.train.X(i, 0) - mean, 2);
    EXPECT_NEAR(mean, 0.0, 1e-4);
    EXPECT_NEAR(sq / static_cast<double>(split.train.n_rows()), 1.0, 1e-3);
    EXPECT_FLOAT_EQ(split.train.X(0, 2), 0.0f);  // a constant column is only centred
  }
  EXPECT_EQ(test_rows, 72);
  const auto result = smrt::eval::run_experiment(experiments[1]);
  EXPECT_EQ(result.runs.size(), 8u);  // 2 methods x 4 folds
  for (const auto& run : result.runs) {
    EXPECT_GT(run.metrics.at("balanced_accuracy"), 0.6) << run.method;
    EXPECT_TRUE(run.metrics.count("average_precision"));
  }
}

// A feature in tiny units (1e-13: farads) is a feature: standardised as
// scikit-learn's StandardScaler does it, not taken for a constant and left
// near 0 (an absolute cut-off at sd 1e-12 dropped it from the classifiers).
TEST(TableProtocol, AFeatureInTinyUnitsIsStandardisedLikeAnyOther) {
  auto plain = blobs(), tiny = blobs(), test = blobs();
  for (int64_t i = 0; i < tiny.n_rows(); ++i) tiny.X(i, 1) *= 1e-13f;
  auto tiny_test = tiny;
  smrt::eval::standardize_split(plain, test);
  smrt::eval::standardize_split(tiny, tiny_test);
  for (int64_t i = 0; i < plain.n_rows(); ++i) {
    EXPECT_NEAR(tiny.X(i, 1), plain.X(i, 1), 1e-4) << "row " << i;
    EXPECT_NEAR(tiny_test.X(i, 1), test.X(i, 1), 1e-4) << "row " << i;
    EXPECT_FLOAT_EQ(tiny.X(i, 2), 0.0f);  // the constant column is still only centred
  }
}

TEST(TableProtocol, MethodsAddsARegisteredSamplerTheProtocolLacks) {
  const auto data = blobs();
  smrt::eval::ProtocolOptions o;
  o.scale = smrt::eval::Scale::Tiny;
  o.methods = {"SMOTE", "prowsyn"};  // ProWSyn is not one of the table protocol's methods
  const auto experiments = smrt::eval::table_protocol(data, "blobs", 4, o);
  ASSERT_FALSE(experiments.empty());
  std::vector<std::string> labels;
  for (const auto& m : experiments[0].methods) labels.push_back(m.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"SMOTE", "ProWSyn"}));
  // A sampler named in another case or by an alias is added once, never dropped; an alias of one of
  // the protocol's own samplers selects that method rather than adding a second row.
  o.methods = {"PROWSYN", "ProWSyn", "RandomOverSampler", "mwMOTE"};
  labels.clear();
  const auto by_alias = smrt::eval::table_protocol(data, "blobs", 4, o);
  for (const auto& m : by_alias[0].methods) labels.push_back(m.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"random over", "ProWSyn", "MWMOTE"}));
  o.methods = {"SMOTE", "no_such_sampler"};
  EXPECT_THROW(smrt::eval::table_protocol(data, "blobs", 4, o), smrt::ParameterError);
}

TEST(TableProtocol, TooFewMinorityRowsForTheFoldsIsAClearError) {
  auto data = blobs();
  smrt::eval::ProtocolOptions o;
  try {
    smrt::eval::table_protocol(data, "blobs.csv", 20, o);
    FAIL() << "20 folds of 12 minority rows were accepted";
  } catch (const smrt::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("fewer than the 20 folds"), std::string::npos) << e.what();
  }
}

TEST(CliEvalTable, OwnCsvGetsTheTabularReportWithWinTieLoss) {
  if (!smrt::testing::have_torch()) GTEST_SKIP() << "built without LibTorch: no SMRT rows";
  TempDir dir;
  const auto data = blobs();
  {
    std::ofstream out(dir.file("t.csv"));
    out << "a,b,c,fraud\n";
    for (int64_t i = 0; i < data.n_rows(); ++i)
      out << data.X(i, 0) << "," << data.X(i, 1) << "," << data.X(i, 2) << "," << data.classes.name(data.y[i]) << "\n";
  }
  // DATA after --methods and --param: each takes one value, so DATA stays DATA (it was taken as a method).
  const auto r = run_smrt("eval --methods none,SMOTE,smrt --param smrt.n_epochs=2 " + dir.file("t.csv") +
                          " --label fraud --folds 3 --scale tiny --out " + dir.file("rep"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("SMRT against SMOTE"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("wins / ties / losses"), std::string::npos) << r.output;
  std::ifstream in(dir.file("rep/index.html"));
  const std::string html((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(html.find("k-nearest neighbours"), std::string::npos);
  EXPECT_NE(html.find("minority F1: SMRT - SMOTE"), std::string::npos);
  EXPECT_TRUE(file_exists(dir.file("rep/table-knn_runs.csv")));
  const auto bad = run_smrt("eval " + dir.file("t.csv") + " --label nope --out " + dir.file("r2"));
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("nope"), std::string::npos) << bad.output;
}

TEST(CliEvalTable, ProtocolDTinyRunsBothClassifiers) {
  if (!smrt::testing::have_torch()) GTEST_SKIP() << "built without LibTorch: no SMRT rows";
  if (!file_exists(smrt::eval::data_dir() + "/tabular/wine_X.npy")) GTEST_SKIP() << "no tabular sets; run scripts/setup";
  TempDir dir;
  const auto r = run_smrt("eval --protocol d --scale tiny --param smrt.n_epochs=2 --out " + dir.file("d"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* id : {"d-breast_cancer-lr", "d-breast_cancer-knn", "d-wine-lr", "d-wine-knn"})
    EXPECT_TRUE(file_exists(dir.file(std::string("d/") + id + "_runs.csv"))) << id;
  EXPECT_NE(r.output.find("protocol d"), std::string::npos) << r.output;
}

}  // namespace

// A far-off column (Unix timestamps) is shifted as it is read, so the
// evaluation sees its spread: the same table with 1.7e9 added to a column
// gives the same scores (float32 alone saw it in steps of 128).
TEST(CliEvalTable, AFarOffColumnScoresAsTheSameColumnNearZero) {
  TempDir dir;
  const auto data = blobs();
  for (const bool far : {false, true}) {
    std::ofstream out(dir.file(far ? "far.csv" : "near.csv"));
    out << "a,b,fraud\n";
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      char a[64];
      const double v = static_cast<double>(data.X(i, 0)) + (far ? 1.7e9 : 0.0);  // exact in double
      *std::to_chars(a, a + sizeof(a) - 1, v).ptr = '\0';
      out << a << "," << data.X(i, 1) << "," << data.classes.name(data.y[static_cast<size_t>(i)]) << "\n";
    }
  }
  auto scores = [&](const std::string& name) {
    const auto r = run_smrt("-q --threads 1 eval " + dir.file(name + ".csv") + " --label fraud --folds 3 --methods "
                            "none,SMOTE --out " + dir.file(name));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::ifstream in(dir.file(name + "/table-lr_runs.csv"));
    std::string line, out;
    while (std::getline(in, line)) {  // every column but the two timings (resample_seconds, fit_seconds)
      std::vector<std::string> cells;
      std::stringstream cells_of(line);
      for (std::string cell; std::getline(cells_of, cell, ',');) cells.push_back(cell);
      for (size_t c = 0; c < cells.size(); ++c)
        if (c != 5 && c != 6) out += cells[c] + ",";
      out += "\n";
    }
    return out;
  };
  const std::string near = scores("near"), far = scores("far");
  EXPECT_GT(std::count(near.begin(), near.end(), '\n'), 6);
  EXPECT_EQ(near, far);
}
