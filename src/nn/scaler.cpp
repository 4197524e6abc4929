#include "smrt/nn/scaler.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"

namespace smrt::nn {

std::string to_string(FeatureScaler::Kind k) {
  switch (k) {
    case FeatureScaler::Kind::None: return "none";
    case FeatureScaler::Kind::Max: return "max";
    case FeatureScaler::Kind::Standard: return "standard";
  }
  return "?";
}

FeatureScaler FeatureScaler::fit(const MatrixView& X, bool image) {
  FeatureScaler s;
  const auto d = static_cast<size_t>(X.n_cols);
  s.offset_.assign(d, 0.0f);
  s.scale_.assign(d, 1.0f);
  float lo = 0.0f, hi = 0.0f;
  const int64_t total = checked_size(X.n_rows, X.n_cols);
  if (total > 0) {
    auto [mn, mx] = std::minmax_element(X.data, X.data + total);
    lo = *mn;
    hi = *mx;
  }
  if (lo >= 0.0f && hi <= 1.0f) {
    s.kind_ = Kind::None;
  } else if (image && lo >= 0.0f) {
    s.kind_ = Kind::Max;
    std::fill(s.scale_.begin(), s.scale_.end(), hi);
  } else {
    s.kind_ = Kind::Standard;
    // Two passes in double: columns of large magnitude keep their precision.
    std::vector<double> mean(d, 0.0), var(d, 0.0);
    for (int64_t i = 0; i < X.n_rows; ++i)
      for (size_t j = 0; j < d; ++j) mean[j] += X.row(i)[j];
    for (auto& m : mean) m /= static_cast<double>(std::max<int64_t>(X.n_rows, 1));
    for (int64_t i = 0; i < X.n_rows; ++i)
      for (size_t j = 0; j < d; ++j) {
        const double diff = X.row(i)[j] - mean[j];
        var[j] += diff * diff;
      }
    for (size_t j = 0; j < d; ++j) {
      const double sd = std::sqrt(var[j] / static_cast<double>(std::max<int64_t>(X.n_rows, 1)));
      s.offset_[j] = static_cast<float>(mean[j]);
      s.scale_[j] = sd > 1e-12 ? static_cast<float>(sd) : 1.0f;  // a constant column stays constant
    }
  }
  return s;
}

nlohmann::json FeatureScaler::to_json() const {
  return {{"kind", to_string(kind_)}, {"offset", offset_}, {"scale", scale_}};
}

FeatureScaler FeatureScaler::from_json(const nlohmann::json& j) {
  FeatureScaler s;
  const std::string kind = j.at("kind").get<std::string>();
  if (kind == "none") s.kind_ = Kind::None;
  else if (kind == "max") s.kind_ = Kind::Max;
  else if (kind == "standard") s.kind_ = Kind::Standard;
  else throw IoError(msg("unknown scaling '", kind, "' in the model header"));
  s.offset_ = j.at("offset").get<std::vector<float>>();
  s.scale_ = j.at("scale").get<std::vector<float>>();
  SMRT_THROW_IF_NOT(IoError, s.offset_.size() == s.scale_.size(), "scaling: offset and scale lengths differ");
  return s;
}

torch::Tensor FeatureScaler::transform(const torch::Tensor& X) const {
  if (kind_ == Kind::None) return X;
  auto offset = torch::from_blob(const_cast<float*>(offset_.data()), {n_features()}, torch::kFloat32);
  auto scale = torch::from_blob(const_cast<float*>(scale_.data()), {n_features()}, torch::kFloat32);
  return (X - offset) / scale;
}

torch::Tensor FeatureScaler::inverse_transform(const torch::Tensor& Z) const {
  if (kind_ == Kind::None) return Z;
  auto offset = torch::from_blob(const_cast<float*>(offset_.data()), {n_features()}, torch::kFloat32);
  auto scale = torch::from_blob(const_cast<float*>(scale_.data()), {n_features()}, torch::kFloat32);
  return Z * scale + offset;
}

}  // namespace smrt::nn
