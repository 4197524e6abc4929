#include "smrt/nn/dense.h"

#include "smrt/core/error.h"

namespace smrt::nn {

DenseStackImpl::DenseStackImpl(DenseOptions options, torch::Generator gen)
    : options_(std::move(options)), gen_(std::move(gen)) {
  SMRT_ASSERT(options_.sizes.size() >= 2, "a dense stack needs an input and an output size");
  for (size_t i = 0; i + 1 < options_.sizes.size(); ++i) {
    const int64_t fan_in = options_.sizes[i], fan_out = options_.sizes[i + 1];
    SMRT_ASSERT(fan_in > 0 && fan_out > 0, "layer ", i, ": ", fan_in, " -> ", fan_out);
    auto layer = register_module("linear" + std::to_string(i), torch::nn::Linear(fan_in, fan_out));
    init_weight(layer->weight, fan_in, fan_out, options_.layer_type, gen_);
    init_bias(layer->bias, options_.bias_strategy);
    layers_.push_back(layer);
  }
}

torch::Tensor DenseStackImpl::forward(torch::Tensor x) {
  for (size_t i = 0; i < layers_.size(); ++i) {
    x = layers_[i]->forward(x);
    if (i + 1 < layers_.size()) {
      x = activate(x, options_.activation);
      x = dropout(x, options_.keep_prob, is_training(), gen_);
    } else {
      x = activate(x, options_.output_activation);
    }
  }
  return x;
}

std::vector<torch::Tensor> DenseStackImpl::weights() const {
  std::vector<torch::Tensor> out;
  for (const auto& layer : layers_) out.push_back(layer->weight);
  return out;
}

}  // namespace smrt::nn
