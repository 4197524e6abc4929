#pragma once
// The notebook's AutoEncoder and VariationalAutoEncoder, on LibTorch.
//
// Input is a float32 matrix of any range (rows; images flattened, with their
// shape given as sample_shape); models scale it inside (see nn/scaler.h) and
// return values in the data's own units. This header hides torch, so the CLI
// and the eval layer compile without its headers.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smrt/core/matrix.h"
#include "smrt/generative/autoencoder_params.h"

namespace smrt {
namespace nn {
struct ModelFile;
}

class BaseAutoEncoder {
 public:
  virtual ~BaseAutoEncoder();
  BaseAutoEncoder(BaseAutoEncoder&&) noexcept;
  BaseAutoEncoder& operator=(BaseAutoEncoder&&) noexcept;

  /// Trains on the rows of X (n x d). `sample_shape` is {d}, {H, W} or
  /// {C, H, W} with product d; empty means {d}. Refits from scratch.
  BaseAutoEncoder& fit(const MatrixView& X, const std::vector<int64_t>& sample_shape = {});
  /// Encodes and decodes (the reconstruction), in the data's units.
  Matrix feed_forward(const MatrixView& X) const;
  /// The code (AutoEncoder: last hidden layer; VAE: the latent mean).
  Matrix encode(const MatrixView& X) const;
  Matrix transform(const MatrixView& X) const { return encode(X); }
  /// Mean squared reconstruction error of each row, in the data's units.
  std::vector<double> reconstruction_error(const MatrixView& X) const;

  bool is_fitted() const;
  /// Mean training cost of each epoch (the notebook's epoch_costs_).
  const std::vector<double>& epoch_costs() const;
  /// The seed actually used (random_state, or the one drawn for None).
  uint64_t seed() const;
  int64_t n_features() const;
  /// The network's sample shape: {d}, or {C, H, W} for images ({H, W} given: {1, H, W}).
  const std::vector<int64_t>& sample_shape() const;
  /// The shape of the samples fit was given ({d}, {H, W} or {C, H, W}), which
  /// generated rows take: (n, H, W) images in, (n, H, W) images out. Files
  /// written before it was kept give sample_shape() with a single channel dropped.
  const std::vector<int64_t>& input_shape() const;
  /// The smallest and largest value of the training data; nullopt for files
  /// written before it was kept. SMRT checks prefit models against it.
  std::optional<std::array<float, 2>> value_range() const;
  const AutoEncoderParams& params() const;
  /// "AutoEncoder" or "VariationalAutoEncoder".
  virtual std::string class_name() const = 0;
  /// The columns' names (a CSV header), kept in the model file so generated
  /// tables carry them; empty when unknown. fit() clears them.
  const std::vector<std::string>& feature_names() const;
  /// Names one per feature (or none: empty); ParameterError otherwise.
  void set_feature_names(std::vector<std::string> names);
  /// The parameters as text (the declaration's names): as given at fit where
  /// set_param_text recorded them (kept in the model file), else those the
  /// network itself shows (its layers, activation, dropout, ...).
  std::map<std::string, std::string> param_text() const;
  void set_param_text(std::map<std::string, std::string> text);

  /// Writes the model (weights + JSON header), atomically.
  void save(const std::string& path) const;
  /// The same bytes as save() writes (for pickling).
  std::string to_bytes() const;

 protected:
  BaseAutoEncoder(AutoEncoderParams params, bool variational);
  /// fit(); with class ids, a conditional model over n_classes classes.
  BaseAutoEncoder& fit_rows(const MatrixView& X, const std::vector<int64_t>& sample_shape,
                            const std::vector<int32_t>* class_ids, int32_t n_classes);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend std::unique_ptr<BaseAutoEncoder> load_autoencoder(const nn::ModelFile& file);
};

class AutoEncoder : public BaseAutoEncoder {
 public:
  explicit AutoEncoder(AutoEncoderParams params = {});
  std::string class_name() const override { return "AutoEncoder"; }
  static AutoEncoder load(const std::string& path);
};

class VariationalAutoEncoder : public BaseAutoEncoder {
 public:
  explicit VariationalAutoEncoder(AutoEncoderParams params = {});
  std::string class_name() const override { return "VariationalAutoEncoder"; }
  static VariationalAutoEncoder load(const std::string& path);

  /// n rows decoded from latent draws z ~ Normal(loc, scale) (the prior).
  Matrix generate(int64_t n, const GenerateArgs& args = {});
  /// Encodes X, draws z = mean + e * sigma with e ~ Normal(loc, scale),
  /// decodes: one new row near each row of X.
  Matrix generate_from_sample(const MatrixView& X, const GenerateArgs& args = {});
  /// Row i decodes z = mean(A_i) + u_i (mean(B_i) - mean(A_i)) + e * sigma(A_i),
  /// e ~ Normal(loc, scale): a point between two rows' latent codes (SMOTE in
  /// latent space), with posterior noise scaled by `scale` (a temperature).
  Matrix generate_between(const MatrixView& A, const MatrixView& B, const std::vector<double>& u,
                          const GenerateArgs& args = {});
  /// Decodes latent rows (n x n_latent_factors).
  Matrix decode(const MatrixView& Z) const;
  int64_t n_latent_factors() const;

  /// One conditional VAE over every class (class_ids[i] in [0, n_classes)):
  /// the class joins the encoder's input and the decoder's code, and batches
  /// hold every class equally, so rare classes borrow the structure the
  /// others teach. The fitted model encodes and generates class 0; for_class
  /// gives the same network for another class.
  VariationalAutoEncoder& fit_conditional(const MatrixView& X, const std::vector<int32_t>& class_ids,
                                          int32_t n_classes, const std::vector<int64_t>& sample_shape = {});
  /// Conditional models: encodes X's rows as class `rows_class`, draws
  /// z = mean + e * sigma (e ~ Normal(loc, scale)) and decodes z as this
  /// model's class: the rows' style (slant, stroke, scale) with this class.
  Matrix generate_from_class_rows(const MatrixView& X, int32_t rows_class, const GenerateArgs& args = {});
  /// This conditional model, encoding and generating `class_id` (the weights are shared).
  VariationalAutoEncoder for_class(int32_t class_id) const;
  /// This model drawing its generation noise from `seed`'s streams (from the
  /// first call on; the weights are shared): a caller's random_state decides
  /// what a prefit model generates.
  VariationalAutoEncoder with_generation_seed(uint64_t seed) const;
  /// The class a conditional model encodes and generates; -1 if unconditional.
  int32_t condition() const;
  /// Rows one epoch of fit_conditional visits for these class counts.
  static int64_t conditional_training_rows(const std::vector<int64_t>& class_counts);
};

/// Loads either class from a model file (see nn/checkpoint.h).
std::unique_ptr<BaseAutoEncoder> load_autoencoder(const std::string& path);
/// The same from a parsed model file.
std::unique_ptr<BaseAutoEncoder> load_autoencoder(const nn::ModelFile& file);

}  // namespace smrt
