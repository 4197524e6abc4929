#include "smrt/sample/combine/smote_then_clean.h"

#include <algorithm>

#include "smrt/sample/registry.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {

std::vector<ParamSpec> smote_step_params() {
  ParamSpec k;
  k.name = "k_neighbors";
  k.type = ParamType::Int;
  k.default_value = "5";
  k.min = 1;
  k.doc = "SMOTE: nearest same-class neighbours to interpolate towards.";
  return {k};
}

Resampled smote_then_clean(const DataView& data, const ClassIndex& classes, const SamplingStrategy& strategy, Rng& rng,
                           const std::map<std::string, std::string>& smote_params, const CleaningStep& clean) {
  const SamplerInfo& smote_info = SamplerRegistry::global().get("smote");
  std::map<std::string, std::string> given;
  auto offer = [&](const std::string& name, const std::string& value) {
    const bool known = std::any_of(smote_info.params.begin(), smote_info.params.end(),
                                   [&](const ParamSpec& s) { return s.name == name; });
    if (known) given[name] = value;
  };
  offer("sampling_strategy", strategy.to_string());
  offer("random_state", std::to_string(rng.seed()));
  for (const auto& [name, value] : smote_params) offer(name, value);
  auto smote = smote_info.make(ParamValues::resolve(smote_info.name, smote_info.params, given));
  const Resampled over = smote->fit_resample(data, classes);

  // The over-sampled table: SMOTE's kept input rows, then its new rows.
  const auto n_kept = static_cast<int64_t>(over.sample_indices.size());
  const int64_t d = data.n_cols();
  Matrix X(over.n_rows(), d);
  const Matrix kept = gather_rows(data.X, over.sample_indices);
  std::copy(kept.data(), kept.data() + n_kept * d, X.data());
  std::copy(over.synthetic.data(), over.synthetic.data() + over.synthetic.n_rows() * d, X.data() + n_kept * d);
  std::vector<int32_t> y;
  y.reserve(static_cast<size_t>(over.n_rows()));
  for (int64_t r : over.sample_indices) y.push_back(data.y[r]);
  y.insert(y.end(), over.synthetic_y.begin(), over.synthetic_y.end());
  DataView oversampled;
  oversampled.X = X.view();
  oversampled.y = y.data();
  oversampled.n_classes = data.n_classes;
  oversampled.sample_shape = data.sample_shape;

  Resampled out;
  out.synthetic = Matrix(0, d);
  std::vector<int64_t> synthetic_kept;
  for (int64_t r : clean(oversampled)) {
    if (r < n_kept) out.sample_indices.push_back(over.sample_indices[static_cast<size_t>(r)]);
    else synthetic_kept.push_back(r);
  }
  for (int64_t r : synthetic_kept) {
    out.synthetic.append_row(X.row(r));
    out.synthetic_y.push_back(y[static_cast<size_t>(r)]);
  }
  return out;
}

}  // namespace smrt
