#include "smrt/nn/layers.h"

#include <cmath>

#include "smrt/core/error.h"

namespace smrt::nn {
namespace {

template <typename Enum>
Enum parse_name(const std::string& param, const std::string& name, const std::vector<std::string>& names) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  std::string allowed;
  for (const auto& n : names) allowed += (allowed.empty() ? "" : ", ") + n;
  throw ParameterError(msg(param, "='", name, "' is not allowed; use one of {", allowed, "}"));
}

}  // namespace

const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names{"sigmoid", "relu", "elu", "tanh", "identity", "leaky_relu"};
  return names;
}
Activation parse_activation(const std::string& name) {
  // "leaky relu" as written in prose is accepted too.
  if (name == "leaky relu" || name == "leaky-relu") return Activation::LeakyRelu;
  return parse_name<Activation>("activation_function", name, activation_names());
}
std::string to_string(Activation a) { return activation_names()[static_cast<size_t>(a)]; }

torch::Tensor activate(const torch::Tensor& x, Activation a) {
  switch (a) {
    case Activation::Sigmoid: return torch::sigmoid(x);
    case Activation::Relu: return torch::relu(x);
    case Activation::Elu: return torch::elu(x);
    case Activation::Tanh: return torch::tanh(x);
    case Activation::Identity: return x;
    case Activation::LeakyRelu: return torch::leaky_relu(x, 0.2);
  }
  return x;
}

const std::vector<std::string>& layer_type_names() {
  static const std::vector<std::string> names{"xavier", "gaussian"};
  return names;
}
LayerType parse_layer_type(const std::string& name) {
  return parse_name<LayerType>("layer_type", name, layer_type_names());
}
std::string to_string(LayerType t) { return layer_type_names()[static_cast<size_t>(t)]; }

const std::vector<std::string>& bias_strategy_names() {
  static const std::vector<std::string> names{"zeros", "ones"};
  return names;
}
BiasStrategy parse_bias_strategy(const std::string& name) {
  return parse_name<BiasStrategy>("bias_strategy", name, bias_strategy_names());
}
std::string to_string(BiasStrategy b) { return bias_strategy_names()[static_cast<size_t>(b)]; }

void init_weight(torch::Tensor& weight, int64_t fan_in, int64_t fan_out, LayerType type, torch::Generator& gen) {
  torch::NoGradGuard no_grad;
  if (type == LayerType::Xavier) {
    const double bound = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
    weight.uniform_(-bound, bound, gen);
  } else {
    weight.normal_(0.0, std::sqrt(2.0 / static_cast<double>(fan_in)), gen);
  }
}

void init_bias(torch::Tensor& bias, BiasStrategy strategy) {
  torch::NoGradGuard no_grad;
  bias.fill_(strategy == BiasStrategy::Ones ? 1.0 : 0.0);
}

torch::Tensor dropout(const torch::Tensor& x, double keep_prob, bool training, torch::Generator& gen) {
  if (!training || keep_prob >= 1.0) return x;
  auto mask = torch::empty_like(x).bernoulli_(keep_prob, gen);
  return x * mask * (1.0 / keep_prob);
}

}  // namespace smrt::nn
