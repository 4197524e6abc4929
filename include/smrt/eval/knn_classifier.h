#pragma once
// k-nearest-neighbours classifier, as scikit-learn's
// KNeighborsClassifier(n_neighbors=5) with uniform weights: a row's class
// probabilities are the shares of its k nearest training rows (Euclidean, the
// exact engine; ties at equal distance go to the lower training index), and
// the prediction is the most probable class (the lowest id on a tie).

#include <cstdint>
#include <memory>
#include <string>

#include "smrt/eval/classifier.h"

namespace smrt::eval {

struct KnnClassifierParams {
  int k = 5;
  /// Balanced: each neighbour's vote is weighted by its class's weight
  /// (no scikit-learn equivalent; used for the "class weights" rows).
  ClassWeight class_weight = ClassWeight::None;
};

class KnnClassifier : public Classifier {
 public:
  explicit KnnClassifier(KnnClassifierParams params = {});
  void fit(const DataView& data) override;
  Matrix predict_proba(const MatrixView& X) const override;
  std::string describe() const override;

 private:
  KnnClassifierParams params_;
  Matrix X_;
  std::vector<int32_t> y_;
  std::vector<double> weights_;
  int32_t n_classes_ = 0;
};

}  // namespace smrt::eval
