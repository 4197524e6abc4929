#include "smrt/eval/knn_classifier.h"

#include <algorithm>

#include "smrt/core/error.h"
#include "smrt/neighbors/neighbor_index.h"

namespace smrt::eval {

KnnClassifier::KnnClassifier(KnnClassifierParams params) : params_(params) {
  SMRT_THROW_IF_NOT(ParameterError, params_.k >= 1, "k-nearest neighbours: k=", params_.k, " must be >= 1");
}

void KnnClassifier::fit(const DataView& data) {
  SMRT_THROW_IF_NOT(DataError, data.n_rows() >= 1, "k-nearest neighbours: no training rows");
  X_ = Matrix(data.n_rows(), data.n_cols());
  std::copy(data.X.data, data.X.data + data.n_rows() * data.n_cols(), X_.data());
  y_.assign(data.y, data.y + data.n_rows());
  n_classes_ = data.n_classes;
  weights_ = class_weights(params_.class_weight, data.class_counts());
}

Matrix KnnClassifier::predict_proba(const MatrixView& X) const {
  SMRT_THROW_IF_NOT(Error, n_classes_ > 0, "k-nearest neighbours: predict before fit");
  SMRT_THROW_IF_NOT(DataError, X.n_cols == X_.n_cols(), "k-nearest neighbours: ", X.n_cols,
                    " columns, the training data had ", X_.n_cols());
  const int k = static_cast<int>(std::min<int64_t>(params_.k, X_.n_rows()));
  auto index = make_neighbor_index("exact");
  index->fit(X_.view());
  const KnnResult nn = index->search(X, k);
  Matrix proba(X.n_rows, n_classes_);
  for (int64_t q = 0; q < X.n_rows; ++q) {
    double total = 0;
    for (int j = 0; j < k; ++j) {
      const int32_t c = y_[static_cast<size_t>(nn.neighbors(q)[j])];
      const double w = params_.class_weight == ClassWeight::None ? 1.0 : weights_[static_cast<size_t>(c)];
      proba(q, c) += static_cast<float>(w);
      total += w;
    }
    if (total > 0)
      for (int32_t c = 0; c < n_classes_; ++c) proba(q, c) = static_cast<float>(proba(q, c) / total);
  }
  return proba;
}

std::string KnnClassifier::describe() const {
  return msg("k-nearest neighbours (k=", params_.k, ", Euclidean, uniform weights",
             params_.class_weight == ClassWeight::Balanced ? ", votes weighted by class_weight='balanced'" : "", ")");
}

}  // namespace smrt::eval
