// Metrics against scikit-learn 1.2 / imbalanced-learn 0.10 on fixed vectors.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "smrt/core/error.h"
#include "smrt/eval/metrics.h"
#include "test_support.h"

namespace {

using smrt::eval::ConfusionMatrix;

std::string py_list(const std::vector<int32_t>& v) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  os << "]";
  return os.str();
}

std::string py_list(const std::vector<double>& v) {
  std::ostringstream os;
  os.precision(17);
  os << "[";
  for (size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  os << "]";
  return os.str();
}

std::vector<double> parse_numbers(const std::string& text) {
  std::istringstream is(text);
  std::vector<double> out;
  std::string tok;
  while (is >> tok) out.push_back(tok == "nan" ? std::nan("") : std::stod(tok));
  return out;
}

/// The reference: one line of numbers per class (precision, recall,
/// specificity, f1, gmean, iba, support), then the weighted averages, then
/// accuracy, balanced accuracy, macro F1, kappa and imblearn's default
/// geometric mean.
std::vector<double> reference_label_metrics(const std::vector<int32_t>& y_true, const std::vector<int32_t>& y_pred,
                                            int n_classes) {
  const std::string script = "import warnings; warnings.simplefilter('ignore')\n"
                             "import numpy as np\n"
                             "from sklearn import metrics as M\n"
                             "from imblearn.metrics import classification_report_imbalanced as R, geometric_mean_score\n"
                             "yt = np.array(" + py_list(y_true) + "); yp = np.array(" + py_list(y_pred) + ")\n"
                             "r = R(yt, yp, labels=list(range(" + std::to_string(n_classes) + ")), output_dict=True, zero_division=0)\n"
                             "out = []\n"
                             "for c in range(" + std::to_string(n_classes) + "):\n"
                             "    d = r[c]; out += [d['pre'], d['rec'], d['spe'], d['f1'], d['geo'], d['iba'], d['sup']]\n"
                             "out += [r['avg_pre'], r['avg_rec'], r['avg_spe'], r['avg_f1'], r['avg_geo'], r['avg_iba']]\n"
                             "out += [M.accuracy_score(yt, yp), M.balanced_accuracy_score(yt, yp), M.f1_score(yt, yp, average='macro'),\n"
                             "        M.cohen_kappa_score(yt, yp), geometric_mean_score(yt, yp)]\n"
                             "print(' '.join(repr(float(x)) for x in out))\n";
  return parse_numbers(smrt::testing::run_python(script));
}

void expect_near_or_both_nan(double ours, double ref, const std::string& what) {
  if (std::isnan(ref)) {
    EXPECT_TRUE(std::isnan(ours)) << what << ": reference is NaN, ours " << ours;
  } else {
    EXPECT_NEAR(ours, ref, 1e-6) << what;
  }
}

void compare_label_metrics(const std::vector<int32_t>& y_true, const std::vector<int32_t>& y_pred, int n_classes) {
  const auto ref = reference_label_metrics(y_true, y_pred, n_classes);
  ASSERT_EQ(ref.size(), static_cast<size_t>(7 * n_classes + 6 + 5));
  ConfusionMatrix cm(y_true, y_pred, n_classes);
  const auto scores = smrt::eval::per_class_scores(cm, 0.1);
  size_t k = 0;
  for (int c = 0; c < n_classes; ++c) {
    const auto& s = scores[static_cast<size_t>(c)];
    const std::string cls = "class " + std::to_string(c) + " ";
    EXPECT_NEAR(s.precision, ref[k++], 1e-6) << cls << "precision";
    EXPECT_NEAR(s.recall, ref[k++], 1e-6) << cls << "recall";
    EXPECT_NEAR(s.specificity, ref[k++], 1e-6) << cls << "specificity";
    EXPECT_NEAR(s.f1, ref[k++], 1e-6) << cls << "f1";
    EXPECT_NEAR(s.geometric_mean, ref[k++], 1e-6) << cls << "geometric mean";
    EXPECT_NEAR(s.iba, ref[k++], 1e-6) << cls << "iba";
    EXPECT_EQ(static_cast<double>(s.support), ref[k++]) << cls << "support";
  }
  const auto avg = smrt::eval::support_weighted_average(scores);
  EXPECT_NEAR(avg.precision, ref[k++], 1e-6) << "avg precision";
  EXPECT_NEAR(avg.recall, ref[k++], 1e-6) << "avg recall";
  EXPECT_NEAR(avg.specificity, ref[k++], 1e-6) << "avg specificity";
  EXPECT_NEAR(avg.f1, ref[k++], 1e-6) << "avg f1";
  EXPECT_NEAR(avg.geometric_mean, ref[k++], 1e-6) << "avg gmean";
  EXPECT_NEAR(avg.iba, ref[k++], 1e-6) << "avg iba";
  EXPECT_NEAR(smrt::eval::accuracy(cm), ref[k++], 1e-6) << "accuracy";
  EXPECT_NEAR(smrt::eval::balanced_accuracy(cm), ref[k++], 1e-6) << "balanced accuracy";
  EXPECT_NEAR(smrt::eval::macro_f1(cm), ref[k++], 1e-6) << "macro f1";
  expect_near_or_both_nan(smrt::eval::cohen_kappa(cm), ref[k++], "cohen kappa");
  EXPECT_NEAR(smrt::eval::geometric_mean(cm), ref[k++], 1e-6) << "geometric mean (multiclass)";
}

class MetricsVsSklearn : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "/usr/bin/python3 has no imbalanced-learn";
  }
};

TEST_F(MetricsVsSklearn, BinaryImbalanced) {
  compare_label_metrics({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1},
                        {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1}, 2);
}

TEST_F(MetricsVsSklearn, ThreeClasses) {
  compare_label_metrics({0, 1, 2, 0, 1, 2, 2, 2, 1, 0, 0, 2, 1, 1}, {0, 2, 1, 0, 0, 1, 2, 2, 1, 0, 1, 2, 1, 2}, 3);
}

TEST_F(MetricsVsSklearn, ClassNeverPredictedHasZeroPrecision) {
  // Class 1 is never predicted: precision and F1 divide by zero and give 0.
  compare_label_metrics({0, 0, 0, 1, 1, 0}, {0, 0, 0, 0, 0, 0}, 2);
}

TEST_F(MetricsVsSklearn, ClassOnlyPredictedHasZeroRecall) {
  // Class 2 appears in y_pred only: recall divides by zero, balanced accuracy
  // skips it, macro F1 counts it.
  compare_label_metrics({0, 0, 1, 1, 1, 0}, {0, 2, 1, 1, 0, 0}, 3);
}

TEST_F(MetricsVsSklearn, ClassAbsentFromBothIsIgnoredByAverages) {
  compare_label_metrics({0, 0, 1, 1, 1, 0, 2}, {0, 2, 1, 1, 0, 0, 2}, 4);
}

TEST_F(MetricsVsSklearn, AllOneClassGivesNanKappa) {
  compare_label_metrics({1, 1, 1, 1}, {1, 1, 1, 1}, 2);
}

TEST_F(MetricsVsSklearn, RocAucAndAveragePrecisionWithTies) {
  const std::vector<int32_t> y = {0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0};
  const std::vector<double> s = {0.1, 0.9, 0.4, 0.4, 0.8, 0.8, 0.2, 0.3, 0.3, 0.05, 0.4, 0.9};
  const auto ref = parse_numbers(smrt::testing::run_python(
      "from sklearn.metrics import roc_auc_score, average_precision_score\n"
      "y = " + py_list(y) + "; s = " + py_list(s) + "\n"
      "print(repr(roc_auc_score(y, s)), repr(average_precision_score(y, s)))\n"));
  ASSERT_EQ(ref.size(), 2u);
  std::vector<uint8_t> pos(y.begin(), y.end());
  EXPECT_NEAR(smrt::eval::roc_auc(pos, s), ref[0], 1e-6);
  EXPECT_NEAR(smrt::eval::average_precision(pos, s), ref[1], 1e-6);
}

TEST_F(MetricsVsSklearn, RocAucAndAveragePrecisionOnManyScores) {
  std::vector<int32_t> y;
  std::vector<double> s;
  for (int i = 0; i < 200; ++i) {
    y.push_back((i * 7919) % 13 < 3 ? 1 : 0);
    s.push_back(std::round(std::sin(i * 1.3) * 20.0) / 20.0 + 0.3 * y.back());  // coarse: many ties
  }
  const auto ref = parse_numbers(smrt::testing::run_python(
      "from sklearn.metrics import roc_auc_score, average_precision_score\n"
      "y = " + py_list(y) + "; s = " + py_list(s) + "\n"
      "print(repr(roc_auc_score(y, s)), repr(average_precision_score(y, s)))\n"));
  ASSERT_EQ(ref.size(), 2u);
  std::vector<uint8_t> pos(y.begin(), y.end());
  EXPECT_NEAR(smrt::eval::roc_auc(pos, s), ref[0], 1e-6);
  EXPECT_NEAR(smrt::eval::average_precision(pos, s), ref[1], 1e-6);
}

TEST(Metrics, AveragePrecisionWithoutPositivesIsZero) {
  EXPECT_EQ(smrt::eval::average_precision({0, 0, 0}, {0.1, 0.2, 0.3}), 0.0);
}

TEST(Metrics, RocAucWithOneClassIsAnError) {
  EXPECT_THROW(smrt::eval::roc_auc({1, 1}, {0.1, 0.2}), smrt::DataError);
}

TEST(Metrics, PerfectRankingScoresOne) {
  EXPECT_DOUBLE_EQ(smrt::eval::roc_auc({0, 0, 1, 1}, {0.1, 0.2, 0.8, 0.9}), 1.0);
  EXPECT_DOUBLE_EQ(smrt::eval::average_precision({0, 0, 1, 1}, {0.1, 0.2, 0.8, 0.9}), 1.0);
}

TEST(Metrics, MismatchedLengthsAndBadIdsAreErrors) {
  EXPECT_THROW(ConfusionMatrix({0, 1}, {0}, 2), smrt::DataError);
  EXPECT_THROW(ConfusionMatrix({0, 2}, {0, 1}, 2), smrt::DataError);
  EXPECT_THROW(smrt::eval::roc_auc({0, 1}, {0.1}), smrt::DataError);
}

}  // namespace
