#pragma once
// Constructor parameters of the notebook's AutoEncoder and
// VariationalAutoEncoder, with its names and defaults
// (smrt 0.4: smrt/autoencode/autoencoder.py), plus `architecture` for the
// optional convolutional encoder/decoder.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smrt/core/params.h"
#include "smrt/nn/training_params.h"

namespace smrt {

struct AutoEncoderParams {
  /// Hidden layer sizes, encoder order; the decoder mirrors them. Empty
  /// (None) means one layer of round(0.6 x n_features), at least 2.
  std::vector<int64_t> n_hidden;
  /// VAE only. A count >= 1, or a fraction < 1 of n_features (as the
  /// notebook); None means half the last hidden layer, at least 2.
  std::optional<double> n_latent_factors;
  std::string activation_function = "sigmoid";
  std::string layer_type = "xavier";
  std::string bias_strategy = "zeros";
  /// Keep probability (TensorFlow's keep_prob): 1.0 is no dropout.
  double dropout = 1.0;
  /// Predictions are clipped into [eps, 1 - eps] inside the cross-entropy.
  double eps = 1e-10;
  /// "dense" (fully connected) or "conv" (images only).
  std::string architecture = "dense";
  std::vector<int64_t> conv_channels{32, 64};
  /// learning_function, learning_rate, n_epochs, batch_size, min_change,
  /// early_stopping, verbose, display_step, clip, gclip_min/max, l2_penalty.
  nn::TrainingParams training;
  /// None: a fresh seed per fit (recorded in the model).
  std::optional<uint64_t> random_state;

  /// The parameter table; `variational` adds n_latent_factors and eps,
  /// `with_random_state` adds random_state (samplers declare their own).
  static std::vector<ParamSpec> specs(bool variational, bool with_random_state = true);
  /// Reads resolved values; every name in specs() must be present.
  static AutoEncoderParams from(const ParamValues& values, bool variational);
  /// Throws ParameterError naming the first bad value.
  void validate(bool variational) const;
};

/// Arguments of generate() / generate_from_sample(): the latent noise is
/// Normal(loc, scale), as the notebook's generate_args passed to numpy.
struct GenerateArgs {
  double loc = 0.0;
  double scale = 1.0;

  /// Throws ParameterError naming `what` unless loc and scale are finite
  /// float32 values (the draws are float32) and scale >= 0.
  void validate(const std::string& what) const;
};

}  // namespace smrt
