#include "smrt/generative/autoencoder_params.h"

#include <cmath>
#include <limits>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/nn/layers.h"

namespace smrt {
namespace {

constexpr auto& spec = make_param_spec;  // short name for the tables below

}  // namespace

std::vector<ParamSpec> AutoEncoderParams::specs(bool variational, bool with_random_state) {
  std::vector<ParamSpec> out;
  auto hidden = spec("n_hidden", ParamType::IntList, "None",
                     "Hidden layer sizes, encoder order ('900' or '[256,64]'); the decoder mirrors them. "
                     "None: one layer of round(0.6 x n_features).");
  hidden.nullable = true;
  hidden.min = 1;
  out.push_back(hidden);
  if (variational) {
    auto latent = spec("n_latent_factors", ParamType::Float, "None",
                       "Size of the latent code: a count >= 1, or a fraction < 1 of n_features. "
                       "None: half the last hidden layer.");
    latent.nullable = true;
    latent.min = 0.0;
    latent.min_exclusive = true;
    out.push_back(latent);
  }
  auto act = spec("activation_function", ParamType::String, "sigmoid", "Activation of the hidden layers.");
  act.choices = nn::activation_names();
  out.push_back(act);
  auto layer = spec("layer_type", ParamType::String, "xavier",
                    "Weight initialisation: xavier (uniform +-sqrt(6/(in+out))) or gaussian (N(0, sqrt(2/in))).");
  layer.choices = nn::layer_type_names();
  out.push_back(layer);
  auto bias = spec("bias_strategy", ParamType::String, "zeros", "Initial biases: zeros or ones.");
  bias.choices = nn::bias_strategy_names();
  out.push_back(bias);
  auto drop = spec("dropout", ParamType::Float, "1.0",
                   "Keep probability of hidden units while training (TensorFlow's keep_prob): 1.0 is no dropout.");
  drop.min = 0.0;
  drop.min_exclusive = true;
  drop.max = 1.0;
  out.push_back(drop);
  if (variational) {
    auto eps = spec("eps", ParamType::Float, "1e-10",
                    "Predictions are clipped into [eps, 1 - eps] in the cross-entropy (no log(0)).");
    eps.min = 0.0;
    eps.max = 0.5;
    eps.max_exclusive = true;
    out.push_back(eps);
  }
  auto arch = spec("architecture", ParamType::String, "dense",
                   "dense: fully connected. conv: convolutional encoder/decoder for image data (N x H x W).");
  arch.choices = {"dense", "conv"};
  out.push_back(arch);
  auto conv = spec("conv_channels", ParamType::IntList, "[32,64]",
                   "architecture=conv: filters per level; each level halves height and width.");
  conv.min = 1;
  out.push_back(conv);
  for (auto& s : nn::training_param_specs()) out.push_back(std::move(s));
  if (with_random_state) {
    auto seed = spec("random_state", ParamType::Int, "None",
                     "Seed of weights, dropout, batches and generation; the same seed gives the same model "
                     "at the same thread count.");
    seed.nullable = true;
    seed.min = 0;
    seed.max = static_cast<double>(kLargestSeed);
    out.push_back(seed);
  }
  return out;
}

AutoEncoderParams AutoEncoderParams::from(const ParamValues& v, bool variational) {
  AutoEncoderParams p;
  if (!v.is_none("n_hidden")) p.n_hidden = v.get_int_list("n_hidden");
  if (variational) {
    p.n_latent_factors = v.get_optional_float("n_latent_factors");
    p.eps = v.get_float("eps");
  }
  p.activation_function = v.get_string("activation_function");
  p.layer_type = v.get_string("layer_type");
  p.bias_strategy = v.get_string("bias_strategy");
  p.dropout = v.get_float("dropout");
  p.architecture = v.get_string("architecture");
  p.conv_channels = v.get_int_list("conv_channels");
  p.training = nn::TrainingParams::from(v);
  if (v.values().count("random_state")) {
    auto seed = v.get_optional_int("random_state");
    if (seed) p.random_state = static_cast<uint64_t>(*seed);
  }
  try {
    p.validate(variational);
  } catch (const ParameterError& e) {
    throw ParameterError(msg(v.owner(), ": ", e.what()));
  }
  return p;
}

void GenerateArgs::validate(const std::string& what) const {
  const double largest = std::numeric_limits<float>::max();
  SMRT_THROW_IF_NOT(ParameterError, std::fabs(loc) <= largest && scale >= 0.0 && scale <= largest, what, ": loc=", loc,
                    " and scale=", scale, " must be finite float32 values (at most ", largest,
                    " in magnitude), scale >= 0");
}

void AutoEncoderParams::validate(bool variational) const {
  for (int64_t h : n_hidden) SMRT_THROW_IF_NOT(ParameterError, h >= 1, "n_hidden: layer size ", h, " must be >= 1");
  if (variational && n_latent_factors) {
    const double l = *n_latent_factors;
    SMRT_THROW_IF_NOT(ParameterError, l > 0.0 && (l < 1.0 || std::floor(l) == l), "n_latent_factors=", l,
                      " must be a whole count >= 1 or a fraction in (0, 1)");
  }
  nn::parse_activation(activation_function);
  nn::parse_layer_type(layer_type);
  nn::parse_bias_strategy(bias_strategy);
  SMRT_THROW_IF_NOT(ParameterError, dropout > 0.0 && dropout <= 1.0, "dropout=", dropout,
                    " must be a keep probability in (0, 1]");
  SMRT_THROW_IF_NOT(ParameterError, eps >= 0.0 && eps < 0.5, "eps=", eps, " must be in [0, 0.5)");
  SMRT_THROW_IF_NOT(ParameterError, architecture == "dense" || architecture == "conv", "architecture='", architecture,
                    "' is not allowed; use one of {dense, conv}");
  for (int64_t c : conv_channels) SMRT_THROW_IF_NOT(ParameterError, c >= 1, "conv_channels: ", c, " must be >= 1");
  SMRT_THROW_IF_NOT(ParameterError, training.optimizer.learning_rate > 0.0, "learning_rate=",
                    training.optimizer.learning_rate, " must be > 0");
  SMRT_THROW_IF_NOT(ParameterError, training.optimizer.l2_penalty >= 0.0, "l2_penalty=", training.optimizer.l2_penalty,
                    " must be >= 0");
  nn::TrainOptions train = training.train;
  if (train.n_epochs == 0) train.n_epochs = 1;  // 0: chosen from the data at fit (SMRT's n_epochs=None)
  train.validate();
}

}  // namespace smrt
