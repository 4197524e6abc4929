#include "smrt/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "smrt/core/error.h"

namespace smrt::eval {
namespace {

double divide_or_zero(double num, double den) { return den == 0.0 ? 0.0 : num / den; }

/// Rows sorted by descending score; returns (tps, fps) at each distinct
/// threshold, as scikit-learn's _binary_clf_curve.
void binary_curve(const std::vector<uint8_t>& is_positive, const std::vector<double>& score,
                  std::vector<double>* tps, std::vector<double>* fps) {
  SMRT_THROW_IF_NOT(DataError, is_positive.size() == score.size(), "metrics: ", is_positive.size(),
                    " labels but ", score.size(), " scores");
  SMRT_THROW_IF_NOT(DataError, !score.empty(), "metrics: no samples");
  for (double s : score) SMRT_THROW_IF_NOT(DataError, std::isfinite(s), "metrics: a score is not finite (", s, ")");
  std::vector<size_t> order(score.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
  double tp = 0, fp = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    if (is_positive[order[k]]) tp += 1;
    else fp += 1;
    const bool last_of_threshold = k + 1 == order.size() || score[order[k + 1]] != score[order[k]];
    if (last_of_threshold) {
      tps->push_back(tp);
      fps->push_back(fp);
    }
  }
}

}  // namespace

ConfusionMatrix::ConfusionMatrix(const std::vector<int32_t>& y_true, const std::vector<int32_t>& y_pred,
                                 int32_t n_classes)
    : n_(n_classes), counts_(static_cast<size_t>(n_classes) * static_cast<size_t>(n_classes), 0) {
  SMRT_THROW_IF_NOT(DataError, n_classes >= 1, "metrics: n_classes=", n_classes, " must be >= 1");
  SMRT_THROW_IF_NOT(DataError, y_true.size() == y_pred.size(), "metrics: y_true has ", y_true.size(),
                    " labels but y_pred has ", y_pred.size());
  for (size_t i = 0; i < y_true.size(); ++i) {
    const int32_t t = y_true[i], p = y_pred[i];
    SMRT_THROW_IF_NOT(DataError, t >= 0 && t < n_ && p >= 0 && p < n_, "metrics: label at row ", i,
                      " (true ", t, ", predicted ", p, ") is outside [0, ", n_, ")");
    ++counts_[static_cast<size_t>(t * n_ + p)];
  }
  total_ = static_cast<int64_t>(y_true.size());
}

int64_t ConfusionMatrix::true_count(int32_t c) const {
  int64_t s = 0;
  for (int32_t p = 0; p < n_; ++p) s += at(c, p);
  return s;
}

int64_t ConfusionMatrix::predicted_count(int32_t c) const {
  int64_t s = 0;
  for (int32_t t = 0; t < n_; ++t) s += at(t, c);
  return s;
}

std::vector<ClassScores> per_class_scores(const ConfusionMatrix& cm, double alpha) {
  std::vector<ClassScores> out(static_cast<size_t>(cm.n_classes()));
  const auto total = static_cast<double>(cm.total());
  for (int32_t c = 0; c < cm.n_classes(); ++c) {
    const auto tp = static_cast<double>(cm.at(c, c));
    const auto true_sum = static_cast<double>(cm.true_count(c));
    const auto pred_sum = static_cast<double>(cm.predicted_count(c));
    const double tn = total - (pred_sum + true_sum - tp);
    ClassScores& s = out[static_cast<size_t>(c)];
    s.precision = divide_or_zero(tp, pred_sum);
    s.recall = divide_or_zero(tp, true_sum);
    s.specificity = divide_or_zero(tn, tn + pred_sum - tp);
    const double denom = s.precision + s.recall;
    s.f1 = denom == 0.0 ? 0.0 : 2.0 * s.precision * s.recall / denom;
    s.geometric_mean = std::sqrt(s.recall * s.specificity);
    s.iba = (1.0 + alpha * (s.recall - s.specificity)) * s.geometric_mean * s.geometric_mean;
    s.support = cm.true_count(c);
  }
  return out;
}

ClassScores support_weighted_average(const std::vector<ClassScores>& scores) {
  ClassScores avg;
  double w = 0;
  for (const auto& s : scores) {
    const auto n = static_cast<double>(s.support);
    avg.precision += n * s.precision;
    avg.recall += n * s.recall;
    avg.specificity += n * s.specificity;
    avg.f1 += n * s.f1;
    avg.geometric_mean += n * s.geometric_mean;
    avg.iba += n * s.iba;
    avg.support += s.support;
    w += n;
  }
  SMRT_THROW_IF_NOT(DataError, w > 0, "metrics: weighted average of scores with zero total support");
  for (double* v : {&avg.precision, &avg.recall, &avg.specificity, &avg.f1, &avg.geometric_mean, &avg.iba}) *v /= w;
  return avg;
}

double accuracy(const ConfusionMatrix& cm) {
  int64_t correct = 0;
  for (int32_t c = 0; c < cm.n_classes(); ++c) correct += cm.at(c, c);
  return divide_or_zero(static_cast<double>(correct), static_cast<double>(cm.total()));
}

double balanced_accuracy(const ConfusionMatrix& cm) {
  double sum = 0;
  int n = 0;
  for (int32_t c = 0; c < cm.n_classes(); ++c) {
    if (cm.true_count(c) == 0) continue;
    sum += static_cast<double>(cm.at(c, c)) / static_cast<double>(cm.true_count(c));
    ++n;
  }
  return divide_or_zero(sum, n);
}

double macro_f1(const ConfusionMatrix& cm) {
  const auto scores = per_class_scores(cm);
  double sum = 0;
  int n = 0;
  for (int32_t c = 0; c < cm.n_classes(); ++c) {
    if (!cm.present(c)) continue;
    sum += scores[static_cast<size_t>(c)].f1;
    ++n;
  }
  return divide_or_zero(sum, n);
}

double cohen_kappa(const ConfusionMatrix& cm) {
  const auto total = static_cast<double>(cm.total());
  double observed_disagree = 0, expected_disagree = 0;
  for (int32_t t = 0; t < cm.n_classes(); ++t) {
    for (int32_t p = 0; p < cm.n_classes(); ++p) {
      if (t == p) continue;
      observed_disagree += static_cast<double>(cm.at(t, p));
      expected_disagree += static_cast<double>(cm.true_count(t)) * static_cast<double>(cm.predicted_count(p)) / total;
    }
  }
  if (expected_disagree == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return 1.0 - observed_disagree / expected_disagree;
}

double geometric_mean(const ConfusionMatrix& cm) {
  double log_sum = 0;
  int n = 0;
  for (int32_t c = 0; c < cm.n_classes(); ++c) {
    if (!cm.present(c)) continue;
    const double recall = divide_or_zero(static_cast<double>(cm.at(c, c)), static_cast<double>(cm.true_count(c)));
    if (recall == 0.0) return 0.0;
    log_sum += std::log(recall);
    ++n;
  }
  return n == 0 ? 0.0 : std::exp(log_sum / n);
}

double roc_auc(const std::vector<uint8_t>& is_positive, const std::vector<double>& score) {
  std::vector<double> tps, fps;
  binary_curve(is_positive, score, &tps, &fps);
  const double p = tps.back(), n = fps.back();
  SMRT_THROW_IF_NOT(DataError, p > 0 && n > 0,
                    "roc_auc: only one class present in y_true; ROC AUC is not defined in that case");
  double area = 0, prev_tpr = 0, prev_fpr = 0;
  for (size_t k = 0; k < tps.size(); ++k) {
    const double tpr = tps[k] / p, fpr = fps[k] / n;
    area += (fpr - prev_fpr) * (tpr + prev_tpr) / 2.0;
    prev_tpr = tpr;
    prev_fpr = fpr;
  }
  return area;
}

double average_precision(const std::vector<uint8_t>& is_positive, const std::vector<double>& score) {
  std::vector<double> tps, fps;
  binary_curve(is_positive, score, &tps, &fps);
  const double p = tps.back();
  if (p == 0) return 0.0;
  double ap = 0, prev_recall = 0;
  for (size_t k = 0; k < tps.size(); ++k) {
    const double recall = tps[k] / p;
    ap += (recall - prev_recall) * tps[k] / (tps[k] + fps[k]);
    prev_recall = recall;
  }
  return ap;
}

}  // namespace smrt::eval
