#include "autoencoder_net.h"

#include "smrt/core/error.h"
#include "smrt/nn/checkpoint.h"

namespace smrt::detail {

nlohmann::json Architecture::to_json() const {
  return {{"n_features", n_features},
          {"sample_shape", sample_shape},
          {"hidden", hidden},
          {"n_latent", n_latent},
          {"activation", nn::to_string(activation)},
          {"output_activation", nn::to_string(output_activation)},
          {"layer_type", nn::to_string(layer_type)},
          {"bias_strategy", nn::to_string(bias_strategy)},
          {"keep_prob", keep_prob},
          {"conv", conv},
          {"conv_channels", conv_channels},
          {"n_conditions", n_conditions}};
}

Architecture Architecture::from_json(const nlohmann::json& j) {
  Architecture a;
  a.n_features = nn::whole_numbers(j.at("n_features"), "n_features", false).get<int64_t>();
  a.sample_shape = nn::whole_numbers(j.at("sample_shape"), "sample_shape", true).get<std::vector<int64_t>>();
  a.hidden = nn::whole_numbers(j.at("hidden"), "hidden", true).get<std::vector<int64_t>>();
  a.n_latent = nn::whole_numbers(j.at("n_latent"), "n_latent", false).get<int64_t>();
  a.activation = nn::parse_activation(j.at("activation").get<std::string>());
  a.output_activation = nn::parse_activation(j.at("output_activation").get<std::string>());
  a.layer_type = nn::parse_layer_type(j.at("layer_type").get<std::string>());
  a.bias_strategy = nn::parse_bias_strategy(j.at("bias_strategy").get<std::string>());
  a.keep_prob = j.at("keep_prob").get<double>();
  a.conv = j.at("conv").get<bool>();
  a.conv_channels = nn::whole_numbers(j.at("conv_channels"), "conv_channels", true).get<std::vector<int64_t>>();
  a.n_conditions = j.contains("n_conditions") ? nn::whole_numbers(j.at("n_conditions"), "n_conditions", false).get<int64_t>() : 0;  // absent before conditional models
  SMRT_THROW_IF_NOT(IoError, a.n_conditions >= 0 && (a.n_conditions == 0 || a.n_latent > 0),
                    "the model header has n_conditions=", a.n_conditions, " (conditional models are VAEs)");
  SMRT_THROW_IF_NOT(IoError, a.n_features >= 1 && !a.hidden.empty() && a.n_latent >= 0,
                    "the model header's architecture is incomplete");
  for (int64_t h : a.hidden) SMRT_THROW_IF_NOT(IoError, h >= 1, "the model header has a hidden layer of size ", h);
  return a;
}

AutoEncoderNetImpl::AutoEncoderNetImpl(const Architecture& arch, torch::Generator gen) : arch_(arch) {
  int64_t body_in = arch.n_features;
  nn::ConvOptions conv;
  if (arch.conv) {
    conv.image_shape = arch.sample_shape;
    conv.channels = arch.conv_channels;
    conv.activation = arch.activation;
    conv.output_activation = arch.output_activation;
    conv.layer_type = arch.layer_type;
    conv.bias_strategy = arch.bias_strategy;
    conv_encoder_ = register_module("conv_encoder", nn::ConvEncoder(conv, gen));
    body_in = conv.encoded_size();
  }
  nn::DenseOptions enc;
  enc.sizes = {body_in};
  enc.sizes.insert(enc.sizes.end(), arch.hidden.begin(), arch.hidden.end());
  enc.activation = enc.output_activation = arch.activation;
  enc.keep_prob = arch.keep_prob;
  enc.layer_type = arch.layer_type;
  enc.bias_strategy = arch.bias_strategy;
  nn::DenseOptions dec = enc;
  dec.sizes.assign(enc.sizes.rbegin(), enc.sizes.rend());
  enc.sizes.front() += arch.n_conditions;
  encoder_ = register_module("encoder", nn::DenseStack(enc, gen));
  if (arch.variational()) {
    // Linear heads: the notebook passed the mean and log sigma through the
    // hidden activation too, which bounds them (sigmoid) and fights the prior.
    z_mean_ = register_module("z_mean", torch::nn::Linear(arch.hidden.back(), arch.n_latent));
    z_log_sigma_ = register_module("z_log_sigma", torch::nn::Linear(arch.hidden.back(), arch.n_latent));
    for (auto* head : {&z_mean_, &z_log_sigma_}) {
      nn::init_weight((*head)->weight, arch.hidden.back(), arch.n_latent, arch.layer_type, gen);
      nn::init_bias((*head)->bias, nn::BiasStrategy::Zeros);
    }
    dec.sizes.insert(dec.sizes.begin(), arch.n_latent + arch.n_conditions);
  }
  // Dense-only models end in the output activation; conv models end in the
  // deconvolutions, which take it.
  dec.output_activation = arch.conv ? arch.activation : arch.output_activation;
  decoder_ = register_module("decoder", nn::DenseStack(dec, gen));
  if (arch.conv) conv_decoder_ = register_module("conv_decoder", nn::ConvDecoder(conv, gen));
}

std::pair<torch::Tensor, torch::Tensor> AutoEncoderNetImpl::encode(const torch::Tensor& x,
                                                                   const torch::Tensor& condition) {
  torch::Tensor h = arch_.conv ? conv_encoder_->forward(x) : x;
  if (arch_.n_conditions > 0) h = torch::cat({h, condition}, 1);
  h = encoder_->forward(h);
  if (!arch_.variational()) return {h, torch::Tensor()};
  return {z_mean_->forward(h), z_log_sigma_->forward(h)};
}

torch::Tensor AutoEncoderNetImpl::decode(const torch::Tensor& code, const torch::Tensor& condition) {
  torch::Tensor out = decoder_->forward(arch_.n_conditions > 0 ? torch::cat({code, condition}, 1) : code);
  return arch_.conv ? conv_decoder_->forward(out) : out;
}

std::vector<torch::Tensor> AutoEncoderNetImpl::weights() const {
  std::vector<torch::Tensor> out;
  auto add = [&](const std::vector<torch::Tensor>& w) { out.insert(out.end(), w.begin(), w.end()); };
  if (arch_.conv) add(conv_encoder_->weights());
  add(encoder_->weights());
  if (arch_.variational()) {
    out.push_back(z_mean_->weight);
    out.push_back(z_log_sigma_->weight);
  }
  add(decoder_->weights());
  if (arch_.conv) add(conv_decoder_->weights());
  return out;
}

std::vector<torch::Tensor> AutoEncoderNetImpl::biases() {
  std::vector<torch::Tensor> out;
  for (auto& p : named_parameters(true))
    if (p.key().size() >= 4 && p.key().compare(p.key().size() - 4, 4, "bias") == 0) out.push_back(p.value());
  return out;
}

}  // namespace smrt::detail
