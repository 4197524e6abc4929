#pragma once
// Data of any range in, the same units out. Models train on scaled values:
//   none      data already in [0, 1]           -> sigmoid output, binary cross-entropy
//   max       non-negative images (0..255)     -> divided by the maximum, as above
//   standard  anything else                    -> per-column z-scores, identity output, squared error
// The scaler is stored in a model file's header.

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt::nn {

class FeatureScaler {
 public:
  enum class Kind { None, Max, Standard };

  /// Picks the kind from the data (see above); `image` allows Max.
  static FeatureScaler fit(const MatrixView& X, bool image);
  static FeatureScaler from_json(const nlohmann::json& j);
  nlohmann::json to_json() const;

  Kind kind() const { return kind_; }
  /// True when scaled values lie in [0, 1] (binary cross-entropy applies).
  bool unit_range() const { return kind_ != Kind::Standard; }
  int64_t n_features() const { return static_cast<int64_t>(offset_.size()); }

  torch::Tensor transform(const torch::Tensor& X) const;
  torch::Tensor inverse_transform(const torch::Tensor& Z) const;

 private:
  Kind kind_ = Kind::None;
  std::vector<float> offset_, scale_;  // x_scaled = (x - offset) / scale
};

std::string to_string(FeatureScaler::Kind k);

}  // namespace smrt::nn
