#pragma once
// Logistic regression on LIBLINEAR (Debian liblinear 2.3), as scikit-learn's
// LogisticRegression(solver='liblinear'): L2 penalty, C = 1.0, tol = 1e-4,
// intercept_scaling = 1, one-vs-rest for more than two classes.
//
// Differences from scikit-learn's default solver (lbfgs, multinomial since
// 0.22): liblinear penalises the intercept like any weight (scikit-learn's
// liblinear does the same), and multi-class problems are one-vs-rest. The
// SMRT notebook (scikit-learn 0.19) used exactly this solver: it was the
// default then. Probabilities are liblinear's (one-vs-rest, normalised).

#include <memory>

#include "smrt/eval/classifier.h"

struct model;

namespace smrt::eval {

struct LogisticRegressionParams {
  double C = 1.0;
  double tol = 1e-4;
  double intercept_scaling = 1.0;  ///< value of the constant feature; <= 0: no intercept
  ClassWeight class_weight = ClassWeight::None;
};

class LogisticRegression : public Classifier {
 public:
  explicit LogisticRegression(LogisticRegressionParams params = {});
  ~LogisticRegression() override;

  void fit(const DataView& data) override;
  Matrix predict_proba(const MatrixView& X) const override;
  std::string describe() const override;

  /// Two classes only: w.x + b, positive for class 1 (scikit-learn's decision_function).
  std::vector<double> decision_function(const MatrixView& X) const;
  /// Weights of class c's one-vs-rest model (for two classes: signed towards c),
  /// and its intercept (intercept_scaling x the constant feature's weight).
  std::vector<double> coefficients(int32_t c) const;
  double intercept(int32_t c) const;

 private:
  struct ModelDeleter {
    void operator()(struct model* m) const;
  };
  LogisticRegressionParams params_;
  std::unique_ptr<struct model, ModelDeleter> model_;
  int32_t n_classes_ = 0;
  int64_t n_features_ = 0;
  std::vector<int32_t> liblinear_to_class_;  // liblinear's label order -> our class id
};

}  // namespace smrt::eval
