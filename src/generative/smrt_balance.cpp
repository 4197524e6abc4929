#include "smrt/generative/smrt_balance.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "smrt/core/error.h"
#include "smrt/core/memory.h"
#include "smrt/generative/neighbour_filter.h"
#include "smrt/sample/over/image_augment.h"

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

/// The range `data` spans in each column (lowest, highest).
struct ColumnRanges {
  std::vector<float> lo, hi;
};

ColumnRanges column_ranges(const MatrixView& data) {
  ColumnRanges r;
  if (data.n_rows == 0) return r;
  r.lo.assign(data.row(0), data.row(0) + data.n_cols);
  r.hi = r.lo;
  for (int64_t i = 1; i < data.n_rows; ++i)
    for (int64_t j = 0; j < data.n_cols; ++j) {
      r.lo[static_cast<size_t>(j)] = std::min(r.lo[static_cast<size_t>(j)], data(i, j));
      r.hi[static_cast<size_t>(j)] = std::max(r.hi[static_cast<size_t>(j)], data(i, j));
    }
  return r;
}

/// Keeps each column of `rows` within `ranges`: a residual row can step past
/// a bound the data never crosses (pixels in [0, 1], counts >= 0).
void clamp_to_columns(Matrix& rows, const ColumnRanges& ranges) {
  if (rows.n_rows() == 0 || ranges.lo.empty()) return;
  for (int64_t i = 0; i < rows.n_rows(); ++i)
    for (int64_t j = 0; j < rows.n_cols(); ++j)
      rows(i, j) = std::clamp(rows(i, j), ranges.lo[static_cast<size_t>(j)], ranges.hi[static_cast<size_t>(j)]);
}

/// The min(k, keep - 1) nearest other archetypes (positions in `order`) of
/// each of the first `keep` rows of `order` (the archetypes); k = 0 in the
/// result when k = 0 or there is a single archetype (any pair is allowed).
KnnResult nearest_archetypes(const MatrixView& X_class, const std::vector<int64_t>& order, int64_t keep, int k) {
  const int k_near = static_cast<int>(std::min<int64_t>(k, keep - 1));
  if (k_near <= 0) return {};
  const Matrix arch = gather_rows(X_class, std::vector<int64_t>(order.begin(), order.begin() + keep));
  auto index = make_neighbor_index("exact");
  index->fit(arch.view());
  return index->search_self(k_near);
}

/// rows += real - reconstruction: the real rows' own detail, which the VAE's
/// decoding misses, kept on the decoded rows.
void add_residual(Matrix& rows, const MatrixView& real, const Matrix& reconstruction) {
  for (int64_t i = 0; i < rows.n_rows(); ++i)
    for (int64_t j = 0; j < rows.n_cols(); ++j) rows(i, j) += real(i, j) - reconstruction(i, j);
}

/// Gradient steps SMRT's n_epochs=None aims for: the seed's 20 epochs of 128
/// rows are about 20 steps on a 37-row class, which leaves the VAE near its
/// initialisation (docs/neural.md: SMRT's defaults).
constexpr int64_t kAutoSteps = 1000;
constexpr int64_t kAutoMinEpochs = 20, kAutoMaxEpochs = 1000;
constexpr int64_t kWideInput = 200;  // above this many features (images): a fixed 400-unit layer, 20 factors
/// The stream of a class's rng that augments its generated images.
constexpr uint64_t kAugmentStream = 0xa06;
/// The stream of a class's rng that seeds a prefit VAE's generation noise.
constexpr uint64_t kPrefitNoiseStream = 0x9e5;
/// transfer=None on images: other classes' rows decoded as the raised class
/// are half its new rows but at most this many per real row. Protocol a
/// (docs/neural.md): uncapped, nine per real row at ratio 1 cut precision
/// to 0.90; capped at 2 or 4 the mean gain over SMOTE rose (+0.009, +0.011).
constexpr int64_t kAutoTransferPerRealRow = 4;

}  // namespace

AutoEncoderParams smrt_vae_params(const AutoEncoderParams& given, int64_t n_rows, int64_t n_features) {
  AutoEncoderParams p = given;
  const bool wide = n_features > kWideInput;
  if (p.n_hidden.empty()) p.n_hidden = {wide ? int64_t{400} : std::max<int64_t>(32, 2 * n_features)};
  if (!p.n_latent_factors)
    p.n_latent_factors = static_cast<double>(wide ? int64_t{20} : std::max<int64_t>(2, n_features / 2));
  auto& epochs = p.training.train.n_epochs;
  if (epochs == 0) {
    const int64_t batch = std::max<int64_t>(1, p.training.train.batch_size);
    const int64_t steps_per_epoch = std::max<int64_t>(1, (n_rows + batch - 1) / batch);
    epochs = std::clamp<int64_t>((kAutoSteps + steps_per_epoch - 1) / steps_per_epoch, kAutoMinEpochs, kAutoMaxEpochs);
  }
  return p;
}

void SmrtOptions::validate() const {
  SMRT_THROW_IF_NOT(ParameterError, min_error_sample > 0.0 && min_error_sample <= 1.0, "min_error_sample=",
                    min_error_sample, " must be a fraction in (0, 1]");
  generate_args.validate("generate_args");
  SMRT_THROW_IF_NOT(ParameterError, interpolate_neighbors >= 0, "interpolate_neighbors=", interpolate_neighbors,
                    " must be >= 0");
  vae.validate(true);
  for (const auto& [c, est] : prefit_estimators)
    SMRT_THROW_IF_NOT(ParameterError, est && est->is_fitted(), "prefit_estimators: the estimator for class id ", c,
                      " is not fitted");
}

std::vector<int64_t> transfer_sources(const DataView& data, const MatrixView& X_class, int32_t c, int k) {
  std::vector<int64_t> others = data.rows_not_of(c);  // not const: returned as it is when k <= 0
  SMRT_THROW_IF_NOT(DataError, !others.empty(), "SMRT: transfer needs rows of another class");
  if (k <= 0) return others;
  const Matrix other_rows = gather_rows(data.X, others);
  auto index = make_neighbor_index("exact");
  index->fit(other_rows.view());
  const KnnResult nn = index->search(X_class, static_cast<int>(std::min<int64_t>(k, static_cast<int64_t>(others.size()))));
  std::vector<int64_t> pool(nn.indices.begin(), nn.indices.end());
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  for (auto& i : pool) i = others[static_cast<size_t>(i)];
  return pool;
}

namespace {

/// An error of the VAE SMRT fits as the caller chose it: smrt, not the VariationalAutoEncoder inside
/// ("smrt: conv_channels has 2 levels, ...", "smrt's VariationalAutoEncoder with n_hidden=... needs ...").
std::string as_smrt(const std::string& text) {
  const std::string vae = "VariationalAutoEncoder";
  if (text.rfind(vae + ": ", 0) == 0) return "smrt: " + text.substr(vae.size() + 2);
  if (text.rfind(vae + " ", 0) == 0) return "smrt's " + text;
  return text;
}

/// Runs `fit` (a VAE's fit); its errors keep their type and name smrt (as_smrt).
template <typename Fit>
void fit_as_smrt(Fit&& fit) {
  try {
    fit();
  } catch (const ParameterError& e) {
    throw ParameterError(as_smrt(e.what()));
  } catch (const DataError& e) {
    throw DataError(as_smrt(e.what()));
  } catch (const ResourceError& e) {
    throw ResourceError(as_smrt(e.what()));
  }
}

/// With options.conditional: one VAE over every class of `data`, fitted when
/// some class the plan raises has no prefit estimator (else null). Its seed
/// is rng.fork(0); the classes' own streams are rng.fork(c + 1).
std::shared_ptr<VariationalAutoEncoder> shared_vae(const DataView& data, const SamplingPlan& plan,
                                                   const SmrtOptions& options, Rng& rng) {
  if (!options.conditional) return nullptr;
  bool needed = false;
  for (int32_t c : plan.targeted_classes())
    needed |= plan.n_to_add(c) > 0 && !options.prefit_estimators.count(c);
  if (!needed) return nullptr;
  Rng shared_rng = rng.fork(0);
  AutoEncoderParams params = smrt_vae_params(
      options.vae, VariationalAutoEncoder::conditional_training_rows(data.class_counts()), data.n_cols());
  params.random_state = shared_rng.next_u64() >> 1;
  params.training.train.label = "SMRT conditional VAE";
  auto vae = std::make_shared<VariationalAutoEncoder>(params);
  std::vector<int32_t> ids(data.y, data.y + data.n_rows());
  fit_as_smrt([&] { vae->fit_conditional(data.X, ids, data.n_classes, data.sample_shape); });
  return vae;
}

/// Class c's VAE: the prefit one, the shared conditional one for class c, or
/// one fitted on its rows with a seed of its own (so adding a class changes
/// no other). `class_rng` is rng.fork(c + 1).
std::shared_ptr<VariationalAutoEncoder> class_vae(const DataView& data, const Matrix& X_class, int32_t c,
                                                  const SmrtOptions& options, Rng& class_rng,
                                                  const std::shared_ptr<VariationalAutoEncoder>& shared) {
  auto pre = options.prefit_estimators.find(c);
  if (pre != options.prefit_estimators.end()) {
    SMRT_THROW_IF_NOT(DataError, pre->second->n_features() == data.n_cols(), "prefit_estimators: the estimator for class id ",
                      c, " expects ", pre->second->n_features(), " features, the data has ", data.n_cols());
    return pre->second;
  }
  if (shared) return std::make_shared<VariationalAutoEncoder>(shared->for_class(c));
  AutoEncoderParams params = smrt_vae_params(options.vae, X_class.n_rows(), X_class.n_cols());
  params.random_state = class_rng.next_u64() >> 1;
  params.training.train.label = "SMRT VAE (class id " + std::to_string(c) + ")";
  auto vae = std::make_shared<VariationalAutoEncoder>(params);
  fit_as_smrt([&] { vae->fit(X_class.view(), data.sample_shape); });
  return vae;
}

}  // namespace

void smrt_fit_models(const DataView& data, const SamplingPlan& plan, const SmrtOptions& options, Rng& rng,
                     std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>* estimators) {
  options.validate();
  const auto rows_of = data.class_rows();
  const auto shared = shared_vae(data, plan, options, rng);
  for (int32_t c : plan.targeted_classes()) {
    if (plan.n_to_add(c) <= 0) continue;
    Rng class_rng = rng.fork(static_cast<uint64_t>(c) + 1);
    (*estimators)[c] =
        class_vae(data, gather_rows(data.X, rows_of[static_cast<size_t>(c)]), c, options, class_rng, shared);
  }
}

Resampled smrt_synthesize(const DataView& data, const SamplingPlan& plan, const SmrtOptions& options, Rng& rng,
                          std::map<int32_t, std::shared_ptr<VariationalAutoEncoder>>* estimators,
                          std::map<int32_t, FilterReport>* filter_reports) {
  options.validate();
  Resampled out;
  out.sample_indices.resize(static_cast<size_t>(data.n_rows()));
  std::iota(out.sample_indices.begin(), out.sample_indices.end(), int64_t{0});
  out.synthetic = Matrix(0, data.n_cols());
  const auto rows_of = data.class_rows();
  const auto shared = shared_vae(data, plan, options, rng);
  const bool augment = options.augment > 0 || (options.augment < 0 && data.sample_shape.size() >= 2);
  const ImageShape image_shape = augment ? image_shape_of(data, "smrt (augment)") : ImageShape{};
  const ValueRange image_range = augment ? value_range_of(data.X) : ValueRange{};
  const bool image = data.sample_shape.size() >= 2;
  const double transfer_share = !options.conditional ? 0.0 : options.transfer < 0 ? (image ? 0.5 : 0.0) : options.transfer;
  // Residual rows are clamped to the data's column ranges: computed once, not per class.
  const bool residual = (options.residual && (options.gen_from_samples || options.interpolate)) ||
                        (options.transfer_residual && transfer_share > 0);
  const ColumnRanges ranges = residual ? column_ranges(data.X) : ColumnRanges{};
  std::unique_ptr<NeighbourFilter> filter;
  if (options.filter_neighbors > 0) filter = std::make_unique<NeighbourFilter>(data, options.filter_neighbors, options.filter_share);
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new <= 0) continue;
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    // Each class's VAE has its own seed, so adding a class changes no other.
    Rng class_rng = rng.fork(static_cast<uint64_t>(c) + 1);
    std::shared_ptr<VariationalAutoEncoder> vae = class_vae(data, X_class, c, options, class_rng, shared);
    if (estimators) (*estimators)[c] = vae;
    // A prefit VAE generates from this call's random_state, not from its own seed and call count:
    // the same random_state gives the same rows, whatever the model generated before.
    if (options.prefit_estimators.count(c))
      vae = std::make_shared<VariationalAutoEncoder>(vae->with_generation_seed(class_rng.fork(kPrefitNoiseStream).next_u64() >> 1));

    const Rng augment_rng = class_rng.fork(kAugmentStream);
    uint64_t augmented = 0;  // rows augmented so far: each gets its own stream
    std::vector<int64_t> sources;  // rows transfer draws from, found at its first use
    std::vector<int64_t> by_error;  // the class's rows, lowest reconstruction error first, found at its first use
    auto archetypes = [&]() -> const std::vector<int64_t>& {
      if (by_error.empty()) by_error = rank_by_error(vae->reconstruction_error(X_class.view()));
      return by_error;
    };
    // transfer=None: at most kAutoTransferPerRealRow transferred rows per real row of the class.
    const int64_t transfer_cap = options.transfer < 0 ? kAutoTransferPerRealRow * X_class.n_rows() : plan.n_to_add(c);
    // n new rows of class c, as the options say (own draws, then transferred rows).
    auto make_rows = [&](int64_t count) {
      Matrix synthetic;
      const auto n_transfer = vae->condition() < 0 ? int64_t{0}  // a prefit per-class VAE cannot transfer
                                                   : std::min({count, transfer_cap, static_cast<int64_t>(std::llround(transfer_share * static_cast<double>(count)))});
      const int64_t n_own = count - n_transfer;
      Matrix transferred(0, data.n_cols());
      if (n_transfer > 0) {
        // Other classes' rows, decoded as class c: their style, this class.
        if (sources.empty()) sources = transfer_sources(data, X_class.view(), c, options.transfer_neighbors);
        const std::vector<int64_t>& others = sources;
        std::vector<int64_t> picks(static_cast<size_t>(n_transfer));
        for (auto& p : picks) p = others[class_rng.below(others.size())];
        std::sort(picks.begin(), picks.end(), [&](int64_t a, int64_t b) { return data.y[a] < data.y[b]; });
        transferred = Matrix(n_transfer, data.n_cols());
        for (size_t lo = 0; lo < picks.size();) {
          size_t hi = lo;
          while (hi < picks.size() && data.y[picks[hi]] == data.y[picks[lo]]) ++hi;
          const std::vector<int64_t> group(picks.begin() + static_cast<std::ptrdiff_t>(lo), picks.begin() + static_cast<std::ptrdiff_t>(hi));
          const Matrix rows = gather_rows(data.X, group);
          Matrix made = vae->generate_from_class_rows(rows.view(), data.y[picks[lo]], options.generate_args);
          // The source row's own detail (what its own class's decoding misses) kept on the new class's decoding.
          if (options.transfer_residual)
            add_residual(made, rows.view(), vae->for_class(data.y[picks[lo]]).feed_forward(rows.view()));
          std::copy(made.data(), made.data() + checked_size(made.n_rows(), made.n_cols()), transferred.row(static_cast<int64_t>(lo)));
          lo = hi;
        }
      }
      if (n_own == 0) {
        synthetic = std::move(transferred);
      } else if (options.interpolate) {
        // Pairs of archetypes, a point on the segment between their codes.
        const auto& order = archetypes();
        const int64_t keep = archetype_count(X_class.n_rows(), options.min_error_sample);
        std::vector<int64_t> from(static_cast<size_t>(n_own)), to(static_cast<size_t>(n_own));
        std::vector<double> u(static_cast<size_t>(n_own));
        // interpolate_neighbors = k > 0: the second archetype is one of the first's k nearest archetypes (SMOTE's rule).
        const KnnResult near = nearest_archetypes(X_class.view(), order, keep, options.interpolate_neighbors);
        for (size_t i = 0; i < from.size(); ++i) {
          const auto a = class_rng.below(static_cast<uint64_t>(keep));
          uint64_t b;
          if (near.k > 0) {
            b = static_cast<uint64_t>(near.neighbors(static_cast<int64_t>(a))[class_rng.below(static_cast<uint64_t>(near.k))]);
          } else {
            b = class_rng.below(static_cast<uint64_t>(keep));
            if (keep > 1 && b == a) b = (a + 1 + class_rng.below(static_cast<uint64_t>(keep - 1))) % static_cast<uint64_t>(keep);
          }
          from[i] = order[a];
          to[i] = order[b];
          u[i] = class_rng.uniform();
        }
        const Matrix A = gather_rows(X_class.view(), from), B = gather_rows(X_class.view(), to);
        synthetic = vae->generate_between(A.view(), B.view(), u, options.generate_args);
        if (options.residual) {
          const Matrix rec_a = vae->feed_forward(A.view()), rec_b = vae->feed_forward(B.view());
          for (int64_t i = 0; i < synthetic.n_rows(); ++i) {
            const float w = static_cast<float>(u[static_cast<size_t>(i)]);
            for (int64_t j = 0; j < synthetic.n_cols(); ++j)
              synthetic(i, j) += (1 - w) * (A(i, j) - rec_a(i, j)) + w * (B(i, j) - rec_b(i, j));
          }
        }
      } else if (options.gen_from_samples) {
        // Posterior draws around archetypes picked uniformly with replacement.
        const auto& order = archetypes();
        const int64_t keep = archetype_count(X_class.n_rows(), options.min_error_sample);
        std::vector<int64_t> picks(static_cast<size_t>(n_own));
        for (auto& p : picks) p = order[class_rng.below(static_cast<uint64_t>(keep))];
        const Matrix seeds = gather_rows(X_class.view(), picks);
        synthetic = vae->generate_from_sample(seeds.view(), options.generate_args);
        if (options.residual) {
          // seed + decode(z_new) - decode(mean): the seed's detail, the VAE's displacement.
          add_residual(synthetic, seeds.view(), vae->feed_forward(seeds.view()));
        }
      } else {
        // Prior draws; keep the best-reconstructed (most archetypal) n_own.
        const auto n_candidates = static_cast<int64_t>(std::ceil(static_cast<double>(n_own) / options.min_error_sample));
        const Matrix candidates = vae->generate(n_candidates, options.generate_args);
        auto kept = rank_by_error(vae->reconstruction_error(candidates.view()));
        kept.resize(static_cast<size_t>(n_own));
        std::sort(kept.begin(), kept.end());  // generation order among the kept rows
        synthetic = gather_rows(candidates.view(), kept);
      }
      if (n_transfer > 0 && n_own > 0) {
        const int64_t own_rows = synthetic.n_rows();
        synthetic.resize_rows(own_rows + n_transfer);
        std::copy(transferred.data(), transferred.data() + checked_size(n_transfer, data.n_cols()), synthetic.row(own_rows));
      }
      if (residual) clamp_to_columns(synthetic, ranges);
      if (augment) {
        // Classic augmentation of the generated images: the VAE's variation, then shifts, turns and contrast.
        std::vector<int64_t> each_row(static_cast<size_t>(synthetic.n_rows()));
        std::iota(each_row.begin(), each_row.end(), int64_t{0});
        synthetic = augment_rows(synthetic.view(), each_row, image_shape, AugmentOptions{}, image_range, augment_rng,
                                 augmented);
        augmented += static_cast<uint64_t>(each_row.size());
      }
      return synthetic;
    };
    Matrix synthetic = make_rows(n_new);
    if (filter) {
      const FilterReport report = keep_rows_like_their_class(*filter, c, make_rows, synthetic);
      if (filter_reports) (*filter_reports)[c] = report;
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
