#pragma once
// The small convolutional networks the GAN samplers share, built from the nn
// layer's ConvEncoder / ConvDecoder (4x4 kernels, stride 2):
//   generator      z (+ one-hot label) -> Linear -> LeakyReLU -> ConvDecoder -> sigmoid image
//   discriminator  image (+ one label map per class) -> ConvEncoder -> Linear -> one logit
// As in the Keras conditional-GAN example, a conditional discriminator sees
// the label as extra constant channels. Images are scaled into [0, 1].

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <vector>

#include "smrt/nn/conv.h"
#include "smrt/sample/over/image_augment.h"

namespace smrt::generative {

struct GanArchitecture {
  ImageShape image;                   ///< C x H x W
  int64_t latent_dim = 64;
  int64_t n_labels = 0;               ///< one-hot label size; 0: unconditional
  std::vector<int64_t> channels{32, 64};  ///< per level, at full resolution first
  /// Generator with batch normalisation after the projection and every
  /// hidden transposed convolution (DCGAN); false: the nn layer's ConvDecoder.
  bool batch_norm = false;

  /// H and W must divide by 2^levels; sizes positive.
  void validate() const;
  nlohmann::json to_json() const;
  static GanArchitecture from_json(const nlohmann::json& j);
};

class ImageGeneratorImpl : public torch::nn::Module {
 public:
  ImageGeneratorImpl(const GanArchitecture& arch, torch::Generator gen);
  /// z: (N, latent_dim); labels: (N, n_labels) one-hot or undefined.
  /// Returns (N, C*H*W) in [0, 1].
  torch::Tensor forward(const torch::Tensor& z, const torch::Tensor& labels = {});
  /// The layers in order (projection, then each transposed convolution), so
  /// that SMate can freeze the first n.
  std::vector<torch::nn::Module*> layers();
  const GanArchitecture& architecture() const { return arch_; }
  int64_t latent_dim() const { return arch_.latent_dim; }
  int64_t n_outputs() const { return arch_.image.size(); }

 private:
  GanArchitecture arch_;
  torch::nn::Linear project_{nullptr};
  nn::ConvDecoder decoder_{nullptr};
  // batch_norm: one block per layer (projection, then each transposed convolution).
  std::vector<torch::nn::Sequential> blocks_;
};
TORCH_MODULE(ImageGenerator);

class ImageDiscriminatorImpl : public torch::nn::Module {
 public:
  ImageDiscriminatorImpl(const GanArchitecture& arch, torch::Generator gen);
  /// images: (N, C*H*W); labels as for the generator. Returns (N) logits.
  torch::Tensor forward(const torch::Tensor& images, const torch::Tensor& labels = {});

 private:
  GanArchitecture arch_;
  nn::ConvEncoder encoder_{nullptr};
  torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(ImageDiscriminator);

/// Copies every parameter and buffer of `from` into `to` (same architecture).
void copy_weights(const torch::nn::Module& from, torch::nn::Module& to);

/// A lower bound of the generator's weights (its projection's and transposed
/// convolutions' kernels, no biases), as a double: the sizes a model header
/// asks for may overflow int64.
double generator_weights(const GanArchitecture& arch);

/// Refuses (ResourceError, the CLI's status 3) a generator and discriminator
/// pair the machine cannot hold, before LibTorch allocates it: a huge
/// latent_dim or channels would otherwise fail deep in its allocator or
/// start an allocation of many GB. `name` is the method ("cgan"); `n_images`
/// the training images, `batch_size` a training batch. A lower bound: the
/// weights with their gradients and Adam's two moments, the images, and one
/// batch's first convolution.
void check_fit_memory(const GanArchitecture& arch, int64_t n_images, int64_t batch_size, const std::string& name);

/// An exponential moving average of a generator's weights (and its batch
/// normalisation statistics) over the updates: GAN weights oscillate from
/// update to update, the average does not, and it draws cleaner images
/// (Karras et al. 2018; Yazici et al. 2019). The decay ramps up from 0 so
/// that early weights do not linger.
class GeneratorAverage {
 public:
  /// `decay` 0 turns averaging off: result() is the live generator.
  GeneratorAverage(ImageGenerator live, double decay, torch::Generator gen);
  /// Call after each generator update.
  void update();
  /// The averaged generator (the live one when averaging is off).
  ImageGenerator result() const { return decay_ > 0 ? average_ : live_; }

 private:
  ImageGenerator live_, average_{nullptr};
  double decay_;
  int64_t n_updates_ = 0;
};

/// Images scaled into [0, 1] from a value range, and back.
torch::Tensor to_unit(const torch::Tensor& X, const ValueRange& range);
torch::Tensor from_unit(const torch::Tensor& U, const ValueRange& range);

}  // namespace smrt::generative
