#include "smrt/generative/smrt_balance.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "smrt/core/error.h"

namespace smrt {
namespace {

/// Indices of `errors` from lowest to highest (ties keep row order).
std::vector<int64_t> rank_by_error(const std::vector<double>& errors) {
  std::vector<int64_t> order(errors.size());
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return errors[static_cast<size_t>(a)] < errors[static_cast<size_t>(b)]; });
  return order;
}

int64_t archetype_count(int64_t n, double fraction) {
  return std::clamp<int64_t>(std::llround(fraction * static_cast<double>(n)), 1, n);
}

}  // namespace

void SmrtOptions::validate() const {
  SMRT_THROW_IF_NOT(ParameterError, min_error_sample > 0.0 && min_error_sample <= 1.0, "min_error_sample=",
                    min_error_sample, " must be a fraction in (0, 1]");
  SMRT_THROW_IF_NOT(ParameterError, std::isfinite(generate_args.loc) && std::isfinite(generate_args.scale) &&
                                        generate_args.scale >= 0.0,
                    "generate_args: loc=", generate_args.loc, ", scale=", generate_args.scale,
                    " must be finite with scale >= 0");
  vae.validate(true);
  for (const auto& [c, est] : prefit_estimators)
    SMRT_THROW_IF_NOT(ParameterError, est && est->is_fitted(), "prefit_estimators: the estimator for class id ", c,
                      " is not fitted");
}

namespace {

/// Class c's VAE: the prefit one, or one fitted on its rows with a seed of
/// its own (so adding a class changes no other). `class_rng` is rng.fork(c + 1).
std::shared_ptr<VariationalAutoEncoder> class_vae(const DataView& data, const Matrix& X_class, int32_t c,
                                                  const SmrtOptions& options, Rng& class_rng) {
  auto pre = options.prefit_estimators.find(c);
  if (pre != options.prefit_estimators.end()) {
    SMRT_THROW_IF_NOT(DataError, pre->second->n_features() == data.n_cols(), "prefit_estimators: the estimator for class id ",
                      c, " expects ", pre->second->n_features(), " features, the data has ", data.n_cols());
    return pre->second;
  }
  AutoEncoderParams params = options.vae;
  params.random_state = class_rng.next_u64() >> 1;
  params.training.train.label = "SMRT VAE (class id " + std::to_string(c) + ")";
  auto vae = std::make_shared<VariationalAutoEncoder>(params);
  vae->fit(X_class.view(), data.sample_shape);
  return vae;
}

}  // namespace

void smrt_fit_models(const DataView& data, const SamplingPlan& plan, const SmrtOptions& options, Rng& rng,
                     std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>* estimators) {
  options.validate();
  const auto rows_of = data.class_rows();
  for (int32_t c : plan.targeted_classes()) {
    if (plan.n_to_add(c) <= 0) continue;
    Rng class_rng = rng.fork(static_cast<uint64_t>(c) + 1);
    (*estimators)[c] = class_vae(data, gather_rows(data.X, rows_of[static_cast<size_t>(c)]), c, options, class_rng);
  }
}

Resampled smrt_synthesize(const DataView& data, const SamplingPlan& plan, const SmrtOptions& options, Rng& rng,
                          std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>* estimators) {
  options.validate();
  Resampled out;
  out.sample_indices.resize(static_cast<size_t>(data.n_rows()));
  std::iota(out.sample_indices.begin(), out.sample_indices.end(), int64_t{0});
  out.synthetic = Matrix(0, data.n_cols());
  const auto rows_of = data.class_rows();
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new <= 0) continue;
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    // Each class's VAE has its own seed, so adding a class changes no other.
    Rng class_rng = rng.fork(static_cast<uint64_t>(c) + 1);
    const std::shared_ptr<VariationalAutoEncoder> vae = class_vae(data, X_class, c, options, class_rng);
    if (estimators) (*estimators)[c] = vae;

    Matrix synthetic;
    if (options.interpolate) {
      // Pairs of archetypes, a point on the segment between their codes.
      const auto order = rank_by_error(vae->reconstruction_error(X_class.view()));
      const int64_t keep = archetype_count(X_class.n_rows(), options.min_error_sample);
      std::vector<int64_t> from(static_cast<size_t>(n_new)), to(static_cast<size_t>(n_new));
      std::vector<double> u(static_cast<size_t>(n_new));
      for (size_t i = 0; i < from.size(); ++i) {
        const auto a = class_rng.below(static_cast<uint64_t>(keep));
        auto b = class_rng.below(static_cast<uint64_t>(keep));
        if (keep > 1 && b == a) b = (a + 1 + class_rng.below(static_cast<uint64_t>(keep - 1))) % static_cast<uint64_t>(keep);
        from[i] = order[a];
        to[i] = order[b];
        u[i] = class_rng.uniform();
      }
      const Matrix A = gather_rows(X_class.view(), from), B = gather_rows(X_class.view(), to);
      synthetic = vae->generate_between(A.view(), B.view(), u, options.generate_args);
    } else if (options.gen_from_samples) {
      // Posterior draws around archetypes picked uniformly with replacement.
      const auto order = rank_by_error(vae->reconstruction_error(X_class.view()));
      const int64_t keep = archetype_count(X_class.n_rows(), options.min_error_sample);
      std::vector<int64_t> picks(static_cast<size_t>(n_new));
      for (auto& p : picks) p = order[class_rng.below(static_cast<uint64_t>(keep))];
      const Matrix seeds = gather_rows(X_class.view(), picks);
      synthetic = vae->generate_from_sample(seeds.view(), options.generate_args);
    } else {
      // Prior draws; keep the best-reconstructed (most archetypal) n_new.
      const auto n_candidates = static_cast<int64_t>(std::ceil(static_cast<double>(n_new) / options.min_error_sample));
      const Matrix candidates = vae->generate(n_candidates, options.generate_args);
      auto order = rank_by_error(vae->reconstruction_error(candidates.view()));
      order.resize(static_cast<size_t>(n_new));
      std::sort(order.begin(), order.end());  // generation order among the kept rows
      synthetic = gather_rows(candidates.view(), order);
    }
    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n_new);
    std::copy(synthetic.data(), synthetic.data() + checked_size(n_new, data.n_cols()), out.synthetic.row(start));
    out.synthetic_y.insert(out.synthetic_y.end(), static_cast<size_t>(n_new), c);
  }
  return out;
}

SmrtBalanceResult smrt_balance(const DataView& data, double balance_ratio, bool shuffle, bool return_estimators,
                               const SmrtOptions& options, uint64_t random_state) {
  validate_dataset(data, "smrt_balance");
  std::vector<int64_t> ids(static_cast<size_t>(data.n_classes));
  std::iota(ids.begin(), ids.end(), int64_t{0});
  const SamplingPlan plan = resolve_sampling_strategy(SamplingStrategy::balance_ratio(balance_ratio),
                                                      data.class_counts(), ClassIndex::of_integers(ids),
                                                      SamplingType::OverSampling);
  Rng rng(random_state);
  SmrtBalanceResult result;
  const Resampled r = smrt_synthesize(data, plan, options, rng, return_estimators ? &result.estimators : nullptr);

  const int64_t n = r.n_rows(), d = data.n_cols();
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});
  if (shuffle) smrt::shuffle(order.data(), n, rng);
  result.X = Matrix(n, d);
  result.y.resize(static_cast<size_t>(n));
  const int64_t n_kept = data.n_rows();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t src = order[static_cast<size_t>(i)];
    const float* row = src < n_kept ? data.X.row(src) : r.synthetic.row(src - n_kept);
    std::copy(row, row + d, result.X.row(i));
    result.y[static_cast<size_t>(i)] =
        src < n_kept ? data.y[src] : r.synthetic_y[static_cast<size_t>(src - n_kept)];
  }
  return result;
}

}  // namespace smrt
