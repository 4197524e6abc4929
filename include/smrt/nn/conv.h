#pragma once
// Convolutional encoder and decoder for images (N x C x H x W). Each level
// halves (encoder) or doubles (decoder) the height and width with a 4x4
// kernel, stride 2, padding 1, so H and W must be divisible by 2^levels.

#include <torch/torch.h>

#include <string>
#include <vector>

#include "smrt/nn/layers.h"

namespace smrt::nn {

struct ConvOptions {
  std::vector<int64_t> image_shape;               ///< {C, H, W}
  std::vector<int64_t> channels{32, 64};          ///< filters per level (encoder order)
  Activation activation = Activation::Relu;
  Activation output_activation = Activation::Identity;  ///< decoder only
  LayerType layer_type = LayerType::Xavier;
  BiasStrategy bias_strategy = BiasStrategy::Zeros;
  /// The caller's parameter that sets `channels`, as errors name it (the GANs call theirs `channels`).
  std::string channels_param = "conv_channels";

  /// Throws ParameterError unless H and W divide by 2^levels.
  void validate() const;
  /// Values per image after the encoder: channels.back() * (H / 2^L) * (W / 2^L).
  int64_t encoded_size() const;
};

/// (N, C*H*W) or (N, C, H, W) -> (N, encoded_size()) flattened features.
class ConvEncoderImpl : public torch::nn::Module {
 public:
  ConvEncoderImpl(ConvOptions options, torch::Generator gen);
  torch::Tensor forward(torch::Tensor x);
  std::vector<torch::Tensor> weights() const;

 private:
  ConvOptions options_;
  std::vector<torch::nn::Conv2d> convs_;
};
TORCH_MODULE(ConvEncoder);

/// (N, encoded_size()) -> (N, C*H*W) flattened images.
class ConvDecoderImpl : public torch::nn::Module {
 public:
  ConvDecoderImpl(ConvOptions options, torch::Generator gen);
  torch::Tensor forward(torch::Tensor x);
  std::vector<torch::Tensor> weights() const;

 private:
  ConvOptions options_;
  std::vector<torch::nn::ConvTranspose2d> deconvs_;
};
TORCH_MODULE(ConvDecoder);

}  // namespace smrt::nn
