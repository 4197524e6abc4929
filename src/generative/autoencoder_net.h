#pragma once
// The torch network behind AutoEncoder and VariationalAutoEncoder, and the
// architecture record that rebuilds it from a model file's header.

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <vector>

#include "smrt/nn/conv.h"
#include "smrt/nn/dense.h"

namespace smrt::detail {

struct Architecture {
  int64_t n_features = 0;
  std::vector<int64_t> sample_shape;  ///< {d}, or {C, H, W} for images
  std::vector<int64_t> hidden;        ///< encoder order
  int64_t n_latent = 0;               ///< VAE latent size; 0 for a plain autoencoder
  nn::Activation activation = nn::Activation::Sigmoid;
  nn::Activation output_activation = nn::Activation::Sigmoid;
  nn::LayerType layer_type = nn::LayerType::Xavier;
  nn::BiasStrategy bias_strategy = nn::BiasStrategy::Zeros;
  double keep_prob = 1.0;
  bool conv = false;
  std::vector<int64_t> conv_channels;
  /// > 0: a conditional VAE; a one-hot class row of this width joins the
  /// encoder's input (after the convolutions) and the decoder's code.
  int64_t n_conditions = 0;

  bool variational() const { return n_latent > 0; }
  /// Size of the code encode() returns.
  int64_t code_size() const { return variational() ? n_latent : hidden.back(); }
  nlohmann::json to_json() const;
  static Architecture from_json(const nlohmann::json& j);
};

class AutoEncoderNetImpl : public torch::nn::Module {
 public:
  AutoEncoderNetImpl(const Architecture& arch, torch::Generator gen);

  /// Plain autoencoder: the code. VAE: the latent mean and log sigma.
  /// `condition`: the rows' one-hot classes (conditional models only).
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x, const torch::Tensor& condition = {});
  torch::Tensor decode(const torch::Tensor& code, const torch::Tensor& condition = {});
  std::vector<torch::Tensor> weights() const;
  std::vector<torch::Tensor> biases();

 private:
  Architecture arch_;
  nn::ConvEncoder conv_encoder_{nullptr};
  nn::DenseStack encoder_{nullptr};
  torch::nn::Linear z_mean_{nullptr}, z_log_sigma_{nullptr};
  nn::DenseStack decoder_{nullptr};
  nn::ConvDecoder conv_decoder_{nullptr};
};
TORCH_MODULE(AutoEncoderNet);

}  // namespace smrt::detail
