#pragma once
// The loop for models trained with two optimisers (GANs): the same
// mini-batches, shuffling and options as Trainer, but each step reports two
// losses (discriminator and generator) and the progress bar shows both.
// The step does its own updates with apply_gradients() (trainer.h).

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "smrt/core/rng.h"
#include "smrt/nn/trainer.h"

namespace smrt::nn {

struct StepLosses {
  double d_loss = 0.0;  ///< discriminator / critic (or reconstruction for autoencoders)
  double g_loss = 0.0;  ///< generator (or a second term)
};

struct AdversarialHistory {
  std::vector<StepLosses> epoch_losses;  ///< batch means per epoch
  std::vector<double> epoch_times;       ///< seconds per epoch
};

/// Calls `step` on every batch of every epoch (n_epochs, batch_size, shuffle,
/// verbose, display_step and label from `options`; early stopping does not
/// apply: adversarial losses do not settle). `names` label the two losses
/// in the progress bar ("d_loss", "g_loss").
AdversarialHistory train_adversarial(const torch::Tensor& data, const TrainOptions& options,
                                     const std::function<StepLosses(const torch::Tensor& batch)>& step, Rng& rng,
                                     const char* first_name = "d_loss", const char* second_name = "g_loss");

}  // namespace smrt::nn
