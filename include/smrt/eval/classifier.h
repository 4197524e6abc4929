#pragma once
// Classifiers that score a resampling method: fit on the (resampled)
// training set, predict the untouched test set.

#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/matrix.h"

namespace smrt::eval {

/// scikit-learn's class_weight: none, or 'balanced'
/// (n_samples / (n_classes * count_c), over the classes present).
enum class ClassWeight { None, Balanced };

/// Per-class weights for `counts` (rows per class id); classes with no rows get 0.
std::vector<double> class_weights(ClassWeight mode, const std::vector<int64_t>& counts);

class Classifier {
 public:
  virtual ~Classifier() = default;

  /// Fits on `data` (class ids in [0, data.n_classes)).
  virtual void fit(const DataView& data) = 0;
  /// Class probabilities, n_rows x n_classes of the training data.
  virtual Matrix predict_proba(const MatrixView& X) const = 0;
  /// Most probable class id per row.
  std::vector<int32_t> predict(const MatrixView& X) const;
  /// Training loss per epoch, for classifiers trained in epochs (else empty).
  virtual std::vector<double> loss_curve() const { return {}; }
  virtual std::string describe() const = 0;
};

}  // namespace smrt::eval
