#pragma once
// The notebook's AutoEncoder and VariationalAutoEncoder, on LibTorch.
//
// Input is a float32 matrix of any range (rows; images flattened, with their
// shape given as sample_shape); models scale it inside (see nn/scaler.h) and
// return values in the data's own units. This header hides torch, so the CLI
// and the eval layer compile without its headers.

#include <cstdint>
#include <memory>
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
  const std::vector<int64_t>& sample_shape() const;
  const AutoEncoderParams& params() const;
  /// "AutoEncoder" or "VariationalAutoEncoder".
  virtual std::string class_name() const = 0;

  /// Writes the model (weights + JSON header), atomically.
  void save(const std::string& path) const;
  /// The same bytes as save() writes (for pickling).
  std::string to_bytes() const;

 protected:
  BaseAutoEncoder(AutoEncoderParams params, bool variational);
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
};

/// Loads either class from a model file (see nn/checkpoint.h).
std::unique_ptr<BaseAutoEncoder> load_autoencoder(const std::string& path);
/// The same from a parsed model file.
std::unique_ptr<BaseAutoEncoder> load_autoencoder(const nn::ModelFile& file);

}  // namespace smrt
