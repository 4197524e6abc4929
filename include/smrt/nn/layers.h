#pragma once
// The building blocks the SMRT notebook names: activation_function,
// layer_type (weight initialisation), bias_strategy and dropout.

#include <torch/torch.h>

#include <string>
#include <vector>

namespace smrt::nn {

enum class Activation { Sigmoid, Relu, Elu, Tanh, Identity, LeakyRelu };
enum class LayerType { Xavier, Gaussian };
enum class BiasStrategy { Zeros, Ones };

/// "sigmoid", "relu", "elu", "tanh", "identity", "leaky_relu".
const std::vector<std::string>& activation_names();
/// Throws ParameterError naming activation_function and the allowed values.
Activation parse_activation(const std::string& name);
std::string to_string(Activation a);
torch::Tensor activate(const torch::Tensor& x, Activation a);

const std::vector<std::string>& layer_type_names();  ///< "xavier", "gaussian"
LayerType parse_layer_type(const std::string& name);
std::string to_string(LayerType t);

const std::vector<std::string>& bias_strategy_names();  ///< "zeros", "ones"
BiasStrategy parse_bias_strategy(const std::string& name);
std::string to_string(BiasStrategy b);

/// Fills a weight of shape (fan_out x fan_in [x kernel...]):
/// xavier: U(-sqrt(6 / (fan_in + fan_out)), +...); gaussian: N(0, sqrt(2 / fan_in)).
void init_weight(torch::Tensor& weight, int64_t fan_in, int64_t fan_out, LayerType type, torch::Generator& gen);
void init_bias(torch::Tensor& bias, BiasStrategy strategy);

/// Inverted dropout with a keep probability (the notebook's `dropout` is
/// TensorFlow's keep_prob: 1.0 keeps every unit). Identity when not training
/// or keep_prob >= 1.
torch::Tensor dropout(const torch::Tensor& x, double keep_prob, bool training, torch::Generator& gen);

}  // namespace smrt::nn
