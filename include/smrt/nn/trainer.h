#pragma once
// The training loop every neural model shares: mini-batches (reshuffled each
// epoch from an smrt::Rng), gradient clipping, early stopping, a progress
// bar with the loss, the notebook's "Epoch: i, cost=..." lines, and the
// per-epoch costs (epoch_costs_).
//
// A model with one optimiser hands fit() a loss function; a model with
// several (a GAN) hands run() a step that does its own updates, using
// apply_gradients() for the shared backward / clip / step sequence.

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "smrt/core/rng.h"

namespace smrt::nn {

struct TrainOptions {
  int64_t n_epochs = 20;
  int64_t batch_size = 128;
  /// 0: off. N >= 1: stop once N epochs in a row changed the cost by at most
  /// min_change (the notebook's early_stopping=True is N = 1).
  int64_t early_stopping = 0;
  double min_change = 1e-3;
  /// 0 silent; 1 progress bar and a summary; 2 also "Epoch: i, cost=..."
  /// every display_step epochs (the notebook's verbose=2).
  int64_t verbose = 0;
  int64_t display_step = 5;
  bool clip = true;  ///< clip each gradient value into [gclip_min, gclip_max]
  double gclip_min = -5.0;
  double gclip_max = 5.0;
  /// > 0: after value clipping, scale every gradient down so that their
  /// global L2 norm is at most this (not a user parameter; the VAE sets it).
  double max_grad_norm = 0.0;
  bool shuffle = true;  ///< new batch order every epoch
  std::string label = "training";

  /// Throws ParameterError naming the first bad value.
  void validate() const;
};

struct TrainHistory {
  std::vector<double> epoch_costs;  ///< mean batch cost per epoch
  std::vector<double> epoch_times;  ///< seconds per epoch
  bool stopped_early = false;
};

/// zero_grad is the caller's; this does backward, clipping and the step.
void apply_gradients(const torch::Tensor& loss, torch::optim::Optimizer& optimizer, const TrainOptions& options);

class Trainer {
 public:
  explicit Trainer(TrainOptions options);

  /// Cost of one batch (rows of the training tensor), with the graph.
  using LossFn = std::function<torch::Tensor(const torch::Tensor& batch)>;
  /// One custom update on a batch; returns the cost to report.
  using StepFn = std::function<double(const torch::Tensor& batch)>;

  /// Minimises `loss` with `optimizer` over the rows of `data`.
  TrainHistory fit(const torch::Tensor& data, const LossFn& loss, torch::optim::Optimizer& optimizer, Rng& rng) const;
  /// Calls `step` on every batch of every epoch.
  TrainHistory run(const torch::Tensor& data, const StepFn& step, Rng& rng) const;

  const TrainOptions& options() const { return options_; }

 private:
  TrainOptions options_;
};

}  // namespace smrt::nn
