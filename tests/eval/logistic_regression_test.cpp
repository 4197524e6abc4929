// Logistic regression against scikit-learn's LogisticRegression(solver='liblinear').
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/eval/logistic_regression.h"
#include "test_support.h"

namespace {

using smrt::eval::ClassWeight;
using smrt::eval::LogisticRegression;

/// Gaussian blobs, one per class, slightly overlapping; class c has counts[c] rows.
smrt::Dataset blobs(const std::vector<int64_t>& counts, int64_t d, uint64_t seed) {
  smrt::Rng rng(seed);
  smrt::Dataset data;
  int64_t n = 0;
  for (auto c : counts) n += c;
  data.X = smrt::Matrix(n, d);
  int64_t row = 0;
  for (size_t c = 0; c < counts.size(); ++c)
    for (int64_t i = 0; i < counts[c]; ++i, ++row) {
      for (int64_t j = 0; j < d; ++j)
        data.X(row, j) = static_cast<float>(rng.normal() + (j == static_cast<int64_t>(c % d) ? 1.5 : 0.0));
      data.y.push_back(static_cast<int32_t>(c));
    }
  std::vector<int64_t> names;
  for (size_t c = 0; c < counts.size(); ++c) names.push_back(static_cast<int64_t>(c));
  data.classes = smrt::ClassIndex::of_integers(names);
  return data;
}

std::string to_python(const smrt::Dataset& data) {
  std::ostringstream os;
  os.precision(9);
  os << "X = np.array([";
  for (int64_t i = 0; i < data.n_rows(); ++i) {
    os << "[";
    for (int64_t j = 0; j < data.n_cols(); ++j) os << (j ? "," : "") << data.X(i, j);
    os << "],";
  }
  os << "])\ny = np.array([";
  for (auto v : data.y) os << v << ",";
  os << "])\n";
  return os.str();
}

/// scikit-learn's coef_ (one row per one-vs-rest model; one row for two
/// classes) and intercept_, flattened. Both solve to tol=1e-4, so they agree
/// to about 1e-4, not to rounding.
std::vector<double> sklearn_fit(const smrt::Dataset& data, bool balanced) {
  std::string script = "import numpy as np, warnings\nwarnings.simplefilter('ignore')\n"
                       "from sklearn.linear_model import LogisticRegression\n" +
                       to_python(data) + "m = LogisticRegression(solver='liblinear'" +
                       (balanced ? ", class_weight='balanced'" : "") +
                       ").fit(X, y)\nprint(' '.join(repr(float(v)) for v in list(m.coef_.ravel()) + "
                       "list(m.intercept_)))\n";
  std::istringstream is(smrt::testing::run_python(script));
  std::vector<double> out;
  double v;
  while (is >> v) out.push_back(v);
  return out;
}

void expect_matches_sklearn(const smrt::Dataset& data, bool balanced) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "no scikit-learn under /usr/bin/python3";
  smrt::eval::LogisticRegressionParams params;
  params.class_weight = balanced ? ClassWeight::Balanced : ClassWeight::None;
  LogisticRegression lr(params);
  lr.fit(data.view());
  const auto ref = sklearn_fit(data, balanced);
  const int32_t k = data.classes.n_classes();
  const int32_t n_models = k == 2 ? 1 : k;
  ASSERT_EQ(ref.size(), static_cast<size_t>(n_models * (data.n_cols() + 1)));
  for (int32_t m = 0; m < n_models; ++m) {
    const int32_t c = k == 2 ? 1 : m;
    const auto w = lr.coefficients(c);
    for (int64_t j = 0; j < data.n_cols(); ++j)
      EXPECT_NEAR(w[static_cast<size_t>(j)], ref[static_cast<size_t>(m * data.n_cols() + j)], 1e-3)
          << "model " << m << " weight " << j;
    EXPECT_NEAR(lr.intercept(c), ref[static_cast<size_t>(n_models * data.n_cols() + m)], 1e-3) << "intercept " << m;
  }
}

TEST(LogisticRegression, BinaryMatchesSklearnLiblinear) { expect_matches_sklearn(blobs({60, 25}, 4, 1), false); }

TEST(LogisticRegression, BalancedClassWeightMatchesSklearn) { expect_matches_sklearn(blobs({80, 10}, 3, 2), true); }

TEST(LogisticRegression, ThreeClassesOneVsRestMatchesSklearn) {
  expect_matches_sklearn(blobs({40, 30, 20}, 3, 3), false);
}

TEST(LogisticRegression, BalancedWeightsRaiseMinorityRecall) {
  const auto data = blobs({300, 12}, 2, 4);
  LogisticRegression plain, weighted({1.0, 1e-4, 1.0, ClassWeight::Balanced});
  plain.fit(data.view());
  weighted.fit(data.view());
  auto recall = [&](const LogisticRegression& m) {
    const auto pred = m.predict(data.X.view());
    int hit = 0;
    for (size_t i = 0; i < pred.size(); ++i) hit += data.y[i] == 1 && pred[i] == 1;
    return hit;
  };
  EXPECT_GT(recall(weighted), recall(plain));
}

TEST(LogisticRegression, ProbabilitiesSumToOneAndMatchDecision) {
  const auto data = blobs({50, 50}, 2, 5);
  LogisticRegression lr;
  lr.fit(data.view());
  const auto p = lr.predict_proba(data.X.view());
  const auto d = lr.decision_function(data.X.view());
  for (int64_t i = 0; i < p.n_rows(); ++i) {
    EXPECT_NEAR(p(i, 0) + p(i, 1), 1.0, 1e-3);
    EXPECT_NEAR(p(i, 1), 1.0 / (1.0 + std::exp(-d[static_cast<size_t>(i)])), 1e-3);
  }
}

TEST(LogisticRegression, WrongWidthAndBadParametersAreErrors) {
  const auto data = blobs({10, 10}, 3, 6);
  LogisticRegression lr;
  EXPECT_THROW(lr.predict_proba(data.X.view()), smrt::Error);
  lr.fit(data.view());
  smrt::Matrix narrow(2, 2);
  EXPECT_THROW(lr.predict_proba(narrow.view()), smrt::DataError);
  EXPECT_THROW(LogisticRegression({0.0, 1e-4, 1.0, ClassWeight::None}), smrt::ParameterError);
}

}  // namespace
