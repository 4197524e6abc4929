#pragma once
// Optimisers by the notebook's `learning_function` name. Where torch's
// defaults differ from the TensorFlow 1.x ones the notebook ran with, the
// TensorFlow values are used (rms_prop decay 0.9 and eps 1e-10; momentum 0.9;
// adagrad initial accumulator 0.1; adadelta rho 0.95, eps 1e-8).

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "smrt/nn/options.h"

namespace smrt::nn {

/// Builds the optimiser over two groups: `decayed` (weights, with the L2
/// penalty) and `plain` (biases, without). For speed the parameters are
/// re-seated as views of one buffer per group (values kept), with gradients
/// as views of one gradient buffer: the optimiser's parameters are these two
/// flat tensors. Do not reset the parameters' gradients to undefined (e.g.
/// Module::zero_grad(true)); use optimizer.zero_grad().
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimizerOptions& options,
                                                        std::vector<torch::Tensor> decayed,
                                                        std::vector<torch::Tensor> plain = {});

/// Adadelta (Zeiler 2012), which torch's C++ frontend lacks.
struct AdadeltaOptions : public torch::optim::OptimizerCloneableOptions<AdadeltaOptions> {
  explicit AdadeltaOptions(double lr = 1.0) : lr_(lr) {}
  TORCH_ARG(double, lr);
  TORCH_ARG(double, rho) = 0.95;
  TORCH_ARG(double, eps) = 1e-8;
  TORCH_ARG(double, weight_decay) = 0.0;
  double get_lr() const override { return lr_; }
  void set_lr(const double lr) override { lr_ = lr; }
};

class Adadelta : public torch::optim::Optimizer {
 public:
  Adadelta(std::vector<torch::optim::OptimizerParamGroup> groups, AdadeltaOptions defaults);
  torch::Tensor step(LossClosure closure = nullptr) override;

 private:
  std::map<const void*, std::pair<torch::Tensor, torch::Tensor>> state_;  // square_avg, acc_delta
};

}  // namespace smrt::nn
