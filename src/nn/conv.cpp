#include "smrt/nn/conv.h"

#include "smrt/core/error.h"

namespace smrt::nn {

void ConvOptions::validate() const {
  SMRT_THROW_IF_NOT(ParameterError, image_shape.size() == 3, "a convolutional model needs image data (N x H x W or ",
                    "N x C x H x W); this data has no image shape");
  for (int64_t s : image_shape)  // a model header's [0, 8, 8] reached LibTorch (model fuzz target)
    SMRT_THROW_IF_NOT(ParameterError, s >= 1, "image shape [", image_shape[0], ", ", image_shape[1], ", ",
                      image_shape[2], "] must be positive");
  SMRT_THROW_IF_NOT(ParameterError, !channels.empty() && channels.size() <= 16,
                    channels_param, " must list 1 to 16 levels, got ", channels.size());
  const int64_t factor = int64_t{1} << channels.size();
  SMRT_THROW_IF_NOT(ParameterError, image_shape[1] % factor == 0 && image_shape[2] % factor == 0,
                    channels_param, " has ", channels.size(), " levels, so image height and width must divide by ",
                    factor, "; the images are ", image_shape[1], " x ", image_shape[2]);
  for (int64_t c : channels) SMRT_THROW_IF_NOT(ParameterError, c > 0, channels_param, " must be positive, got ", c);
}

int64_t ConvOptions::encoded_size() const {
  const int64_t factor = int64_t{1} << channels.size();
  return channels.back() * (image_shape[1] / factor) * (image_shape[2] / factor);
}

ConvEncoderImpl::ConvEncoderImpl(ConvOptions options, torch::Generator gen) : options_(std::move(options)) {
  options_.validate();
  int64_t in = options_.image_shape[0];
  for (size_t i = 0; i < options_.channels.size(); ++i) {
    const int64_t out = options_.channels[i];
    auto conv = register_module("conv" + std::to_string(i),
                                torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 4).stride(2).padding(1)));
    init_weight(conv->weight, in * 16, out * 16, options_.layer_type, gen);
    init_bias(conv->bias, options_.bias_strategy);
    convs_.push_back(conv);
    in = out;
  }
}

torch::Tensor ConvEncoderImpl::forward(torch::Tensor x) {
  const auto& s = options_.image_shape;
  x = x.reshape({x.size(0), s[0], s[1], s[2]});
  for (auto& conv : convs_) x = activate(conv->forward(x), options_.activation);
  return x.flatten(1);
}

std::vector<torch::Tensor> ConvEncoderImpl::weights() const {
  std::vector<torch::Tensor> out;
  for (const auto& c : convs_) out.push_back(c->weight);
  return out;
}

ConvDecoderImpl::ConvDecoderImpl(ConvOptions options, torch::Generator gen) : options_(std::move(options)) {
  options_.validate();
  const auto& ch = options_.channels;
  for (size_t i = ch.size(); i-- > 0;) {
    const int64_t in = ch[i];
    const int64_t out = i == 0 ? options_.image_shape[0] : ch[i - 1];
    auto deconv = register_module(
        "deconv" + std::to_string(ch.size() - 1 - i),
        torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1)));
    init_weight(deconv->weight, in * 16, out * 16, options_.layer_type, gen);
    init_bias(deconv->bias, options_.bias_strategy);
    deconvs_.push_back(deconv);
  }
}

torch::Tensor ConvDecoderImpl::forward(torch::Tensor x) {
  const auto& s = options_.image_shape;
  const int64_t factor = int64_t{1} << options_.channels.size();
  x = x.reshape({x.size(0), options_.channels.back(), s[1] / factor, s[2] / factor});
  for (size_t i = 0; i < deconvs_.size(); ++i) {
    x = deconvs_[i]->forward(x);
    x = activate(x, i + 1 < deconvs_.size() ? options_.activation : options_.output_activation);
  }
  return x.flatten(1);
}

std::vector<torch::Tensor> ConvDecoderImpl::weights() const {
  std::vector<torch::Tensor> out;
  for (const auto& d : deconvs_) out.push_back(d->weight);
  return out;
}

}  // namespace smrt::nn
