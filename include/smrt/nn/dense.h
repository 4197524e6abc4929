#pragma once
// A fully connected stack: sizes {in, h1, ..., out}, the activation between
// layers, an output activation, dropout (keep probability) on hidden outputs.

#include <torch/torch.h>

#include <vector>

#include "smrt/nn/layers.h"

namespace smrt::nn {

struct DenseOptions {
  std::vector<int64_t> sizes;                        ///< {in, hidden..., out}; at least 2 entries
  Activation activation = Activation::Sigmoid;       ///< after every layer but the last
  Activation output_activation = Activation::Identity;
  double keep_prob = 1.0;                            ///< dropout on hidden outputs while training
  LayerType layer_type = LayerType::Xavier;
  BiasStrategy bias_strategy = BiasStrategy::Zeros;
};

class DenseStackImpl : public torch::nn::Module {
 public:
  /// Weights drawn from `gen`; dropout masks too (the generator is shared).
  DenseStackImpl(DenseOptions options, torch::Generator gen);
  torch::Tensor forward(torch::Tensor x);
  /// The weight matrices (for an L2 penalty on weights only, as the notebook).
  std::vector<torch::Tensor> weights() const;
  const DenseOptions& options() const { return options_; }

 private:
  DenseOptions options_;
  torch::Generator gen_;
  std::vector<torch::nn::Linear> layers_;
};
TORCH_MODULE(DenseStack);

}  // namespace smrt::nn
