#include "smrt/eval/classifier.h"

namespace smrt::eval {

std::vector<double> class_weights(ClassWeight mode, const std::vector<int64_t>& counts) {
  std::vector<double> w(counts.size(), 1.0);
  if (mode == ClassWeight::None) return w;
  int64_t total = 0, present = 0;
  for (int64_t n : counts) {
    total += n;
    present += n > 0;
  }
  for (size_t c = 0; c < counts.size(); ++c)
    w[c] = counts[c] > 0 ? static_cast<double>(total) / (static_cast<double>(present) * static_cast<double>(counts[c]))
                         : 0.0;
  return w;
}

std::vector<int32_t> Classifier::predict(const MatrixView& X) const {
  const Matrix p = predict_proba(X);
  std::vector<int32_t> out(static_cast<size_t>(X.n_rows));
  for (int64_t i = 0; i < p.n_rows(); ++i) {
    int32_t best = 0;
    for (int64_t c = 1; c < p.n_cols(); ++c)
      if (p(i, c) > p(i, best)) best = static_cast<int32_t>(c);
    out[static_cast<size_t>(i)] = best;
  }
  return out;
}

}  // namespace smrt::eval
