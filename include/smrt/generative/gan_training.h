#pragma once
// What the GAN family shares: its training parameters (Adam with the DCGAN
// settings), the cap on training rows per class that bounds the time on a
// CPU, and one adversarial update.

#include <torch/torch.h>

#include <optional>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/params.h"
#include "smrt/generative/gan_losses.h"
#include "smrt/generative/gan_networks.h"
#include "smrt/nn/adversarial_trainer.h"

namespace smrt::generative {

struct GanTraining {
  int64_t n_epochs = 10;
  int64_t batch_size = 64;
  double learning_rate = 2e-4;
  double beta1 = 0.5;
  double beta2 = 0.999;
  int64_t verbose = 1;

  /// n_epochs, batch_size, learning_rate, beta1, beta2, verbose with the
  /// given defaults.
  static std::vector<ParamSpec> param_specs(const GanTraining& defaults);
  static GanTraining from(const ParamValues& values);
  /// The loop's options, labelled for the progress bar.
  nn::TrainOptions train_options(const std::string& label) const;
  torch::optim::Adam adam(std::vector<torch::Tensor> params) const;
};

/// latent_dim, channels (conv filters per level), max_per_class and, for a
/// GAN generator (`batch_norm` given), batch_norm.
std::vector<ParamSpec> architecture_param_specs(int64_t latent_dim, const std::string& channels,
                                                int64_t max_per_class, std::optional<bool> batch_norm);
GanArchitecture architecture_from(const ParamValues& values);

/// Row indices to train on: every row of a class with at most
/// `max_per_class` rows, else a random `max_per_class` of them (0: all).
std::vector<int64_t> capped_rows(const DataView& data, int64_t max_per_class, Rng& rng);

/// `rows` followed by random repeats of the smaller classes' rows, so that
/// every class present has as many entries as the largest: a shuffled pass
/// then gives each class the same share of the batches.
std::vector<int64_t> balanced_rows(const DataView& data, std::vector<int64_t> rows, Rng& rng);

/// A (rows x D) tensor of the images at `rows`, scaled into [0, 1].
torch::Tensor unit_images(const DataView& data, const std::vector<int64_t>& rows, const ValueRange& range);

/// (rows x n_classes) one-hot labels of the rows.
torch::Tensor one_hot_labels(const DataView& data, const std::vector<int64_t>& rows);

/// The `label_smoothing` parameter of the adversarial samplers.
ParamSpec label_smoothing_spec(double default_value);

/// The `ema_decay` parameter: the decay of the generator weight average
/// (GeneratorAverage) that draws the images.
ParamSpec ema_decay_spec(double default_value);

/// sampler_params(true, own) for the image networks (cGAN, SMate, DeepSMOTE),
/// whose random_state doc says what holds for them: LibTorch's convolutions
/// sum in an order that depends on the thread count, so the same seed gives
/// the same images for the same thread count only.
std::vector<ParamSpec> image_network_sampler_params(std::vector<ParamSpec> own);

/// The adversarial loss and its discriminator-side smoothing.
struct AdversarialLoss {
  GanLoss loss = GanLoss::Gan;
  double label_smoothing = 0.0;  ///< see discriminator_loss
};

/// One discriminator update then one generator update on a real batch
/// (labels undefined for an unconditional model).
nn::StepLosses adversarial_step(ImageGenerator& generator, ImageDiscriminator& discriminator,
                                torch::optim::Optimizer& g_opt, torch::optim::Optimizer& d_opt,
                                const AdversarialLoss& loss, const torch::Tensor& real, const torch::Tensor& labels,
                                torch::Generator& gen, const nn::TrainOptions& options);

/// Trains the pair adversarially on the rows of `table` (each an image, then
/// `n_label_columns` one-hot label columns; 0 for an unconditional model),
/// updating `average` after every step.
nn::AdversarialHistory train_with_average(ImageGenerator& generator, ImageDiscriminator& discriminator,
                                          torch::optim::Optimizer& g_opt, torch::optim::Optimizer& d_opt,
                                          const AdversarialLoss& loss, const torch::Tensor& table,
                                          int64_t n_label_columns, GeneratorAverage& average, torch::Generator& gen,
                                          const nn::TrainOptions& options, Rng& rng);

/// `n` images from `generator` (for class one-hot `labels_of_one`, or
/// unconditional when undefined), in chunks, back in data units.
Matrix sample_generator(ImageGenerator& generator, int64_t latent_dim, int64_t n, const torch::Tensor& labels_of_one,
                        const ValueRange& range, Rng& rng);

}  // namespace smrt::generative
