#pragma once
// Classification metrics with scikit-learn 1.2's and imbalanced-learn 0.10's
// meaning (tests compare them on fixed vectors to 1e-6).
//
// Labels are dense class ids in [0, n_classes). As in scikit-learn, averages
// run over the classes present in y_true or y_pred (balanced accuracy: in
// y_true only); a class absent from both gets zeros and support 0. Divisions
// by zero give 0, scikit-learn's zero_division="warn" value.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace smrt::eval {

class ConfusionMatrix {
 public:
  /// Rows are true classes, columns predicted classes. Ids out of range are a DataError.
  ConfusionMatrix(const std::vector<int32_t>& y_true, const std::vector<int32_t>& y_pred, int32_t n_classes);

  int32_t n_classes() const { return n_; }
  int64_t at(int32_t true_class, int32_t predicted_class) const {
    return counts_[static_cast<size_t>(true_class * n_ + predicted_class)];
  }
  int64_t total() const { return total_; }
  int64_t true_count(int32_t c) const;       ///< support: rows of class c in y_true
  int64_t predicted_count(int32_t c) const;  ///< rows predicted as c
  /// In y_true or y_pred (scikit-learn's unique_labels).
  bool present(int32_t c) const { return true_count(c) > 0 || predicted_count(c) > 0; }

 private:
  int32_t n_;
  int64_t total_ = 0;
  std::vector<int64_t> counts_;
};

/// One row of imbalanced-learn's classification_report_imbalanced.
struct ClassScores {
  double precision = 0, recall = 0, specificity = 0, f1 = 0;
  double geometric_mean = 0;  ///< sqrt(recall * specificity)
  double iba = 0;             ///< (1 + alpha (recall - specificity)) * geometric_mean^2
  int64_t support = 0;
};

/// Per-class scores for every class id (alpha: the index balanced accuracy's weight).
std::vector<ClassScores> per_class_scores(const ConfusionMatrix& cm, double alpha = 0.1);
/// The report's "avg / total" line: averages weighted by support.
ClassScores support_weighted_average(const std::vector<ClassScores>& scores);

double accuracy(const ConfusionMatrix& cm);
/// Mean recall over the classes present in y_true (adjusted=False).
double balanced_accuracy(const ConfusionMatrix& cm);
/// Unweighted mean F1 over the classes present in y_true or y_pred.
double macro_f1(const ConfusionMatrix& cm);
/// Cohen's kappa (unweighted); NaN when expected agreement is total, as scikit-learn.
double cohen_kappa(const ConfusionMatrix& cm);
/// imbalanced-learn's geometric_mean_score with its default average
/// ('multiclass'; for two classes sqrt(sensitivity * specificity)): the
/// geometric mean of the per-class recalls, 0 if any is 0.
double geometric_mean(const ConfusionMatrix& cm);

/// Binary ROC AUC of `score` for positives (`is_positive[i]` != 0), with ties
/// as scikit-learn (trapezoids between distinct thresholds). Throws
/// DataError when y_true holds one class only (scikit-learn raises too).
double roc_auc(const std::vector<uint8_t>& is_positive, const std::vector<double>& score);

/// scikit-learn's average_precision_score: sum over distinct thresholds, in
/// descending order, of (R_k - R_{k-1}) * P_k (no interpolation). 0 when
/// there is no positive.
double average_precision(const std::vector<uint8_t>& is_positive, const std::vector<double>& score);

}  // namespace smrt::eval
