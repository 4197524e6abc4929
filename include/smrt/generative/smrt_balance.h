#pragma once
// SMRT (Synthetic Minority Reconstruction Technique): one variational
// autoencoder per minority class; synthetic rows until every class reaches
// balance_ratio x the majority count (smrt 0.4: smrt/balance/smrt.py).
//
// Archetype selection, which the SMRT paper describes but its code never did:
// each class's rows are ranked by reconstruction error and only the
// lowest-error fraction `min_error_sample` (the archetypes) seeds new rows.
// With gen_from_samples, new rows are posterior draws around archetypes;
// otherwise prior draws are over-generated 1 / min_error_sample times and the
// best-reconstructed ones kept. min_error_sample = 1 turns selection off.

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/rng.h"
#include "smrt/core/sampling_strategy.h"
#include "smrt/generative/autoencoder.h"
#include "smrt/generative/neighbour_filter.h"
#include "smrt/sample/sampler.h"

namespace smrt {

struct SmrtOptions {
  /// Hyper-parameters of every VAE SMRT fits (n_hidden, n_latent_factors, ...).
  /// random_state here is ignored: each class's VAE is seeded from the balancer's.
  AutoEncoderParams vae;
  bool gen_from_samples = false;
  /// Between two archetypes' latent codes (wins over gen_from_samples).
  bool interpolate = false;
  /// With interpolate: k > 0 pairs each archetype with one of its k nearest
  /// archetypes (data space, as SMOTE); 0: with any archetype (the new rows
  /// drift to the class's middle: protocol d, docs/neural.md).
  int interpolate_neighbors = 5;
  /// With posterior draws or interpolation: a new row is its seed row (or the
  /// seeds' linear interpolation) plus the decoder's displacement
  /// decode(z_new) - decode(z_seed), so the row keeps the real row's detail and
  /// moves the way the VAE learned the class varies. Off: decode(z_new).
  bool residual = false;
  /// One conditional VAE over every class (VariationalAutoEncoder::
  /// fit_conditional) instead of one VAE per class on its own rows.
  bool conditional = false;
  /// Conditional only: the share of new rows made by decoding other classes'
  /// rows as this class (generate_from_class_rows); the rest as configured.
  /// Negative: 0.5 on image data (sample_shape of 2 or 3 dimensions), at most
  /// 4 rows per real row of the class, else 0.
  double transfer = 0.0;
  /// k > 0: a new row is kept only when at least filter_share of its k
  /// nearest real rows (every class) are of its class; rejected rows are
  /// drawn again (neighbour_filter.h). 0: no filter.
  int filter_neighbors = 0;
  double filter_share = 0.5;
  /// Transfer draws from the union of the k nearest rows of other classes
  /// to each real row of the class; 0: from every row of another class.
  int transfer_neighbors = 30;
  /// A transferred row keeps its source row's residual (source - its own
  /// class's reconstruction, the detail the VAE blurs away) on top of its
  /// decoding as the raised class; clamped to the data's column ranges.
  bool transfer_residual = true;
  /// Classic image augmentation (image_augment.h, its defaults) of every
  /// generated row: 1 on, 0 off, -1 on for image-shaped data only.
  int augment = 0;
  GenerateArgs generate_args;
  double min_error_sample = 0.25;
  /// Already-fitted VAEs by class id, used instead of fitting one.
  std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>> prefit_estimators;

  void validate() const;
};

/// The rows transfer decodes as class c (row indices of `data`, ascending):
/// the union of the `k` nearest rows of other classes to each row of
/// `X_class` (the other classes' rows that border c, whose style is nearest
/// to it); k = 0: every row of another class. DataError when there is none.
std::vector<int64_t> transfer_sources(const DataView& data, const MatrixView& X_class, int32_t c, int k);

/// SMRT's network for `n_rows` x `n_features` training rows: the given
/// parameters, with n_hidden / n_latent_factors / n_epochs left unset (None)
/// chosen from the data size (docs/neural.md has the measurements).
AutoEncoderParams smrt_vae_params(const AutoEncoderParams& given, int64_t n_rows, int64_t n_features);

/// The synthetic rows for the plan's targeted classes (kept rows: all input
/// rows). `estimators` receives the VAE used for each class, `filter_reports`
/// what the neighbour filter rejected in each class (with filter_neighbors).
Resampled smrt_synthesize(const DataView& data, const SamplingPlan& plan, const SmrtOptions& options, Rng& rng,
                          std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>* estimators = nullptr,
                          std::map<int32_t, FilterReport>* filter_reports = nullptr);

/// Fits (or takes from prefit_estimators) the VAE of every class the plan
/// adds rows to, as smrt_synthesize() would with the same rng, and generates
/// nothing: SMRT's fit without resampling.
void smrt_fit_models(const DataView& data, const SamplingPlan& plan, const SmrtOptions& options, Rng& rng,
                     std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>* estimators);

struct SmrtBalanceResult {
  Matrix X;
  std::vector<int32_t> y;  ///< class ids
  /// Filled when return_estimators: the VAE of each balanced class.
  std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>> estimators;
};

/// The notebook's smrt_balance(X, y, balance_ratio=0.2, shuffle=True,
/// return_estimators=False, prefit_estimators=None, gen_from_samples=False,
/// generate_args=None, random_state=42, **vae_params). Classes below
/// int(balance_ratio x majority) are raised to it; the output is the input
/// rows then the synthetic rows, shuffled when `shuffle`.
SmrtBalanceResult smrt_balance(const DataView& data, double balance_ratio = 0.2, bool shuffle = true,
                               bool return_estimators = false, const SmrtOptions& options = {},
                               uint64_t random_state = 42);

}  // namespace smrt
