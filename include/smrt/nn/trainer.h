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
#include "smrt/nn/optimizer.h"  // fit() takes the optimiser make_optimizer() builds

namespace smrt::nn {

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
