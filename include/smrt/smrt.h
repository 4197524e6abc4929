#pragma once
// smrt's library API: the one entry point the CLI, the Python package and the
// Dask layer call, and what C++ users link (`find_package(smrt)`,
// `target_link_libraries(app smrt::smrt)`).
//
//   smrt::Estimator e = smrt::Estimator::create("smote", {{"k_neighbors", int64_t{3}}, {"random_state", int64_t{0}}});
//   smrt::ResampleResult r = e.fit_resample(smrt::Features::of(X, n, d), smrt::Labels::of(y, n));
//   // rows X[r.sample_indices] (exact, not copied), then r.synthetic with labels r.synthetic_y
//   // (ClusterCentroids: placed between them by r.synthetic_at)
//
// Errors are exceptions (smrt/core/error.h): ParameterError and DataError for
// what the caller gave, IoError for files, Error for the rest; nothing input
// can reach aborts. Parameters are declared once per method (SamplerInfo::params):
// `smrt list`, docs/parameters.md and the Python signatures come from them.
// LibTorch stays behind this header: C++ users compile without its headers.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "smrt/core/class_index.h"
#include "smrt/core/error.h"
#include "smrt/core/interrupt.h"
#include "smrt/core/matrix.h"
#include "smrt/core/params.h"
#include "smrt/core/progress.h"
#include "smrt/core/synthetic_destination.h"
#include "smrt/core/warnings.h"
#include "smrt/sample/registry.h"

namespace smrt {

/// The library's version ("0.1.0").
const char* version();

/// Registers every method this build has: the classical samplers, and the
/// generative ones when built with LibTorch. Idempotent; every call below
/// makes it first.
void register_all_methods();
/// Whether this build has the generative layer (LibTorch).
bool has_generative();
/// Every method, in registration order.
std::vector<const SamplerInfo*> list_methods();
/// A method by name or alias (case-insensitive); ParameterError lists the valid ones.
const SamplerInfo& method_info(const std::string& name);

/// Validates `params` against a declaration table (unknown names, types,
/// ranges, choices), naming `owner` in errors; the checked text values.
std::map<std::string, std::string> resolve_params(const std::string& owner, const std::vector<ParamSpec>& specs,
                                                  const ParamMap& params);

/// Features handed over without a copy: row-major n_rows x n_cols float32 or
/// float64 values. Computation runs in float32: float64 values are converted
/// (a finite value beyond float32's range is a DataError naming row and
/// feature); kept rows are never copied, so callers return them exactly.
struct Features {
  const void* data = nullptr;
  bool float64 = false;
  int64_t n_rows = 0;
  int64_t n_cols = 0;
  /// {n_cols} for tables, {H, W} or {C, H, W} for images; empty means {n_cols}.
  std::vector<int64_t> sample_shape;

  static Features of(const float* X, int64_t n_rows, int64_t n_cols) { return {X, false, n_rows, n_cols, {}}; }
  static Features of(const double* X, int64_t n_rows, int64_t n_cols) { return {X, true, n_rows, n_cols, {}}; }
};

/// Class labels: one dense id per row (0..n_classes-1) and the classes in
/// id order (sorted, as numpy.unique sorts them).
struct Labels {
  const int32_t* ids = nullptr;
  int64_t n = 0;
  ClassIndex classes;

  /// Integer labels: ids and classes computed here (the ids are stored in `storage`).
  static Labels of(const int64_t* labels, int64_t n, std::vector<int32_t>& storage);
  /// Text labels ("cat", "3"): integer-looking sets sort numerically.
  static Labels of(const std::vector<std::string>& labels, std::vector<int32_t>& storage);
};

/// Per-call settings: threads (0: the process setting, else the default count
/// of smrt/core/threads.h) and where progress goes (no callback: stderr,
/// unless quiet).
struct RunOptions {
  int n_threads = 0;
  Verbosity verbosity = Verbosity::Normal;
  ProgressCallback progress;
  /// Over-samplers only (optional): room for the new rows, asked for once
  /// their number is known. A caller that returns the input's rows followed
  /// by the new ones passes its output's tail; ResampleResult::synthetic then
  /// lives there (synthetic.in_buffer()) unless the rows did not fit.
  SyntheticAllocator synthetic_destination;
  /// Optional: asked now and then during long work (network training, at
  /// most every kInterruptPollMs ms, on the calling thread); returning true
  /// stops the call with smrt::Interrupted (Python: Ctrl-C).
  InterruptCheck interrupted;
};

/// A resampled table without copies of kept rows: the input's rows at
/// sample_indices (output order), then the synthetic rows, unless
/// synthetic_at places them between the kept rows.
struct ResampleResult {
  std::vector<int64_t> sample_indices;
  Matrix synthetic;
  std::vector<int32_t> synthetic_y;  ///< class ids
  /// Empty (the synthetic rows come last), or one entry per synthetic row,
  /// non-decreasing: synthetic row j right after the first synthetic_at[j]
  /// kept rows (ClusterCentroids: imbalanced-learn's class-by-class order).
  /// RowSelection::extra_at takes it as it is.
  std::vector<int64_t> synthetic_at;
  /// imbalanced-learn's sampling_strategy_: class id -> its count (rows to
  /// add for over-samplers, to keep for under-samplers, ...).
  std::map<int32_t, int64_t> sampling_strategy;
  /// What the call warned about (a class that got no new row, a class of one
  /// image that DeepSMOTE can only copy), for the caller to show its own way.
  std::vector<std::string> warnings;
};

class Model;

/// A method with validated parameters; fit_resample may be called many times.
/// A copy is an estimator of its own (the same parameters, prefit models and
/// last fitted models), so copies can run in different threads; one
/// estimator is not for two threads at once.
class Estimator {
 public:
  Estimator(const Estimator& other);
  Estimator& operator=(const Estimator& other);
  Estimator(Estimator&&) noexcept = default;
  Estimator& operator=(Estimator&&) noexcept = default;
  ~Estimator() = default;

  /// Builds the method `name` (or alias) with `params` (the rest default).
  static Estimator create(const std::string& name, const ParamMap& params = {});
  /// The same with parameters in their text form ("k_neighbors" -> "3").
  static Estimator create_from_text(const std::string& name, const std::map<std::string, std::string>& params);

  const SamplerInfo& info() const;
  /// Every declared parameter's value, as text (defaults included).
  const std::map<std::string, std::string>& get_params() const { return params_; }

  /// Resamples (X, y): see ResampleResult. The same random_state gives the
  /// same result at any thread count.
  ResampleResult fit_resample(const Features& X, const Labels& y, const RunOptions& options = {});

  /// imbalanced-learn's sampling_strategy_ for these class counts (rows per
  /// class id), without the data: what a distributed front end splits up.
  std::map<int32_t, int64_t> sampling_targets(const std::vector<int64_t>& class_counts,
                                              const ClassIndex& classes) const;

  /// Generative methods: fits the model of the classes sampling_strategy
  /// targets, without generating (then see model()).
  void fit(const Features& X, const Labels& y, const RunOptions& options = {});
  /// The model of the last fit or fit_resample, when the method has one.
  std::shared_ptr<Model> model() const;
  /// SMRT: fitted VAEs by class label text, used instead of fitting.
  void set_prefit_models(const std::map<std::string, std::shared_ptr<Model>>& models);
  /// SMRT: the VAE of each class the last fit_resample balanced, by label text.
  std::map<std::string, std::shared_ptr<Model>> class_models() const;

 private:
  Estimator() = default;
  struct State;
  std::shared_ptr<State> state_;
  std::map<std::string, std::string> params_;
};

/// A fitted generative model: AutoEncoder, VariationalAutoEncoder, or an
/// image GAN (cgan, smate, deepsmote). Saves to files and to bytes (pickling).
/// One model is not for two threads at once: generation advances its call
/// counter (copies of an Estimator share their last fitted models).
class Model {
 public:
  /// Fits "autoencoder" / "vae" (aliases AutoEncoder / VariationalAutoEncoder)
  /// on every row of X, with the notebook's constructor parameters.
  static std::shared_ptr<Model> fit_autoencoder(const std::string& kind, const ParamMap& params, const Features& X,
                                                const RunOptions& options = {});
  /// The parameter table of "autoencoder" or "vae".
  static std::vector<ParamSpec> autoencoder_params(const std::string& kind);
  static std::shared_ptr<Model> load(const std::string& path);
  static std::shared_ptr<Model> from_bytes(const std::string& bytes);

  void save(const std::string& path) const;
  std::string to_bytes() const;
  /// "AutoEncoder", "VariationalAutoEncoder", "cgan", "smate", "deepsmote".
  std::string kind() const;
  bool is_image_model() const;
  int64_t n_features() const;
  /// The shape of one sample as fit was given it ({d} for tables, {H, W} or {C, H, W} for images): the
  /// shape generated rows take, for every kind of model.
  std::vector<int64_t> sample_shape() const;

  // AutoEncoder and VariationalAutoEncoder.
  /// Column names kept in the model file (a CSV header); empty when unknown.
  std::vector<std::string> feature_names() const;
  /// One name per feature, or none.
  void set_feature_names(std::vector<std::string> names);
  Matrix feed_forward(const Features& X, const RunOptions& options = {}) const;
  Matrix encode(const Features& X, const RunOptions& options = {}) const;
  std::vector<double> reconstruction_error(const Features& X, const RunOptions& options = {}) const;
  std::vector<double> epoch_costs() const;
  uint64_t seed() const;
  /// The constructor parameters it was fitted with, as text (kept in its
  /// file). An autoencoder without them (one SMRT fitted, a file written
  /// before they were kept) gives those its network shows: n_hidden, the
  /// latent size, activation, dropout, ... Image models: empty.
  std::map<std::string, std::string> params() const;
  // VariationalAutoEncoder only.
  Matrix generate(int64_t n, double loc = 0.0, double scale = 1.0, const RunOptions& options = {});
  Matrix generate_from_sample(const Features& X, double loc = 0.0, double scale = 1.0, const RunOptions& options = {});
  Matrix decode(const Features& Z, const RunOptions& options = {}) const;
  int64_t n_latent_factors() const;

  // Image models: the class labels they can generate, and n images of one.
  std::vector<std::string> classes() const;
  Matrix generate_class(const std::string& label, int64_t n, uint64_t seed, const RunOptions& options = {});

  struct Impl;
  explicit Model(std::unique_ptr<Impl> impl);
  ~Model();
  Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace smrt
