#include "smrt/generative/gan_networks.h"

#include <algorithm>

#include "smrt/core/error.h"
#include "smrt/core/memory.h"
#include "smrt/nn/checkpoint.h"
#include "smrt/nn/layers.h"

namespace smrt::generative {
namespace {

nn::ConvOptions conv_options(const GanArchitecture& a, int64_t extra_channels, nn::Activation output) {
  nn::ConvOptions o;
  o.image_shape = {a.image.channels + extra_channels, a.image.height, a.image.width};
  o.channels = a.channels;
  o.channels_param = "channels";
  o.activation = nn::Activation::LeakyRelu;
  o.output_activation = output;
  o.layer_type = nn::LayerType::Gaussian;  // He-style init suits (leaky) ReLUs
  return o;
}

torch::nn::Linear make_linear(int64_t in, int64_t out, torch::Generator& gen) {
  torch::nn::Linear l(in, out);
  nn::init_weight(l->weight, in, out, nn::LayerType::Xavier, gen);
  nn::init_bias(l->bias, nn::BiasStrategy::Zeros);
  return l;
}

}  // namespace

void GanArchitecture::validate() const {
  SMRT_THROW_IF_NOT(ParameterError, latent_dim >= 1, "latent_dim=", latent_dim, " must be >= 1");
  SMRT_THROW_IF_NOT(ParameterError, n_labels >= 0, "n_labels=", n_labels, " must be >= 0");
  conv_options(*this, 0, nn::Activation::Sigmoid).validate();
}

nlohmann::json GanArchitecture::to_json() const {
  return {{"image_shape", {image.channels, image.height, image.width}},
          {"latent_dim", latent_dim},
          {"n_labels", n_labels},
          {"channels", channels},
          {"batch_norm", batch_norm}};
}

GanArchitecture GanArchitecture::from_json(const nlohmann::json& j) {
  GanArchitecture a;
  const auto s = nn::whole_numbers(j.at("image_shape"), "image_shape", true).get<std::vector<int64_t>>();
  SMRT_THROW_IF_NOT(IoError, s.size() == 3, "model file: image_shape must have 3 entries");
  a.image = {s[0], s[1], s[2]};
  a.latent_dim = nn::whole_numbers(j.at("latent_dim"), "latent_dim", false).get<int64_t>();
  a.n_labels = nn::whole_numbers(j.at("n_labels"), "n_labels", false).get<int64_t>();
  a.channels = nn::whole_numbers(j.at("channels"), "channels", true).get<std::vector<int64_t>>();
  a.batch_norm = j.value("batch_norm", false);
  a.validate();
  return a;
}

namespace {

double encoded_values(const GanArchitecture& a) {
  const double levels = static_cast<double>(int64_t{1} << a.channels.size());
  return static_cast<double>(a.channels.back()) * (static_cast<double>(a.image.height) / levels) *
         (static_cast<double>(a.image.width) / levels);
}

// Kernel weights of 4x4 convolutions from `in` channels through a.channels
// (biases left out: these are lower bounds).
double conv_weights(const GanArchitecture& a, double in) {
  double weights = 0.0;
  for (int64_t c : a.channels) {
    weights += in * static_cast<double>(c) * 16.0;
    in = static_cast<double>(c);
  }
  return weights;
}

}  // namespace

double generator_weights(const GanArchitecture& a) {
  const double in = static_cast<double>(a.latent_dim) + static_cast<double>(a.n_labels);
  return in * encoded_values(a) + conv_weights(a, static_cast<double>(a.image.channels));
}

void check_fit_memory(const GanArchitecture& a, int64_t n_images, int64_t batch_size, const std::string& name) {
  // In double: the sizes asked for may overflow int64. The discriminator:
  // convolutions over the image and its label maps, then a linear head.
  const double h = static_cast<double>(a.image.height), w = static_cast<double>(a.image.width);
  const double weights = generator_weights(a) + conv_weights(a, static_cast<double>(a.image.channels + a.n_labels)) +
                         encoded_values(a) + 1.0;
  const double first = static_cast<double>(a.channels.front()) * (h / 2.0) * (w / 2.0);
  const double bytes = 4.0 * (4.0 * weights + static_cast<double>(n_images) * static_cast<double>(a.image.size()) +
                              2.0 * static_cast<double>(std::max<int64_t>(1, std::min(batch_size, n_images))) * first);
  std::string channels;
  for (int64_t c : a.channels) channels += (channels.empty() ? "" : ",") + std::to_string(c);
  check_memory(bytes, msg(name, " with latent_dim=", a.latent_dim, " and channels=[", channels, "] (", weights,
                          " weights) on ", n_images, " images of ", a.image.channels, "x", a.image.height, "x",
                          a.image.width));
}

ImageGeneratorImpl::ImageGeneratorImpl(const GanArchitecture& arch, torch::Generator gen) : arch_(arch) {
  arch_.validate();
  const auto options = conv_options(arch_, 0, nn::Activation::Sigmoid);
  const int64_t in = arch_.latent_dim + arch_.n_labels;
  if (!arch_.batch_norm) {
    project_ = register_module("project", make_linear(in, options.encoded_size(), gen));
    decoder_ = register_module("decoder", nn::ConvDecoder(options, gen));
    return;
  }
  const auto& ch = arch_.channels;
  torch::nn::Sequential first(make_linear(in, options.encoded_size(), gen), torch::nn::BatchNorm1d(options.encoded_size()));
  blocks_.push_back(register_module("block0", first));
  for (size_t i = ch.size(); i-- > 0;) {
    const int64_t from = ch[i], to = i == 0 ? arch_.image.channels : ch[i - 1];
    torch::nn::ConvTranspose2d deconv(torch::nn::ConvTranspose2dOptions(from, to, 4).stride(2).padding(1));
    nn::init_weight(deconv->weight, from * 16, to * 16, nn::LayerType::Gaussian, gen);
    nn::init_bias(deconv->bias, nn::BiasStrategy::Zeros);
    torch::nn::Sequential block(deconv);
    if (i > 0) block->push_back(torch::nn::BatchNorm2d(to));
    blocks_.push_back(register_module("block" + std::to_string(ch.size() - i), block));
  }
}

torch::Tensor ImageGeneratorImpl::forward(const torch::Tensor& z, const torch::Tensor& labels) {
  torch::Tensor in = arch_.n_labels > 0 ? torch::cat({z, labels}, 1) : z;
  if (!arch_.batch_norm) return decoder_->forward(torch::leaky_relu(project_->forward(in), 0.2));
  const auto& ch = arch_.channels;
  const int64_t factor = int64_t{1} << ch.size();
  torch::Tensor x = torch::leaky_relu(blocks_[0]->forward(in), 0.2);
  x = x.reshape({x.size(0), ch.back(), arch_.image.height / factor, arch_.image.width / factor});
  for (size_t i = 1; i < blocks_.size(); ++i) {
    x = blocks_[i]->forward(x);
    x = i + 1 < blocks_.size() ? torch::leaky_relu(x, 0.2) : torch::sigmoid(x);
  }
  return x.flatten(1);
}

std::vector<torch::nn::Module*> ImageGeneratorImpl::layers() {
  std::vector<torch::nn::Module*> out;
  if (arch_.batch_norm) {
    for (auto& b : blocks_) out.push_back(b.ptr().get());
    return out;
  }
  out.push_back(project_.get());
  for (auto& child : decoder_->children()) out.push_back(child.get());
  return out;
}

ImageDiscriminatorImpl::ImageDiscriminatorImpl(const GanArchitecture& arch, torch::Generator gen) : arch_(arch) {
  arch_.validate();
  const auto options = conv_options(arch_, arch_.n_labels, nn::Activation::Identity);
  encoder_ = register_module("encoder", nn::ConvEncoder(options, gen));
  head_ = register_module("head", make_linear(options.encoded_size(), 1, gen));
}

torch::Tensor ImageDiscriminatorImpl::forward(const torch::Tensor& images, const torch::Tensor& labels) {
  const auto& s = arch_.image;
  torch::Tensor x = images.reshape({images.size(0), s.channels, s.height, s.width});
  if (arch_.n_labels > 0) {
    // One constant map per class, as the Keras example's repeated one-hot.
    auto maps = labels.reshape({labels.size(0), arch_.n_labels, 1, 1}).expand({-1, -1, s.height, s.width});
    x = torch::cat({x, maps}, 1);
  }
  return head_->forward(encoder_->forward(x)).reshape({-1});
}

void copy_weights(const torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto src = from.named_parameters(true);
  for (auto& p : to.named_parameters(true)) p.value().copy_(src[p.key()]);
  auto src_buffers = from.named_buffers(true);
  for (auto& b : to.named_buffers(true)) b.value().copy_(src_buffers[b.key()]);
}

GeneratorAverage::GeneratorAverage(ImageGenerator live, double decay, torch::Generator gen)
    : live_(std::move(live)), decay_(decay) {
  if (decay_ <= 0) return;
  average_ = ImageGenerator(live_->architecture(), gen);
  copy_weights(*live_, *average_);
  for (auto& p : average_->parameters()) p.requires_grad_(false);
}

void GeneratorAverage::update() {
  if (decay_ <= 0) return;
  torch::NoGradGuard no_grad;
  ++n_updates_;
  const double n = static_cast<double>(n_updates_);
  const double d = std::min(decay_, (1.0 + n) / (10.0 + n));
  auto live_p = live_->named_parameters(true);
  for (auto& p : average_->named_parameters(true)) p.value().mul_(d).add_(live_p[p.key()], 1.0 - d);
  auto live_b = live_->named_buffers(true);
  for (auto& b : average_->named_buffers(true)) {
    if (b.value().is_floating_point()) b.value().mul_(d).add_(live_b[b.key()], 1.0 - d);
    else b.value().copy_(live_b[b.key()]);
  }
}

torch::Tensor to_unit(const torch::Tensor& X, const ValueRange& range) {
  return (X - range.lo) / (range.hi - range.lo);
}

torch::Tensor from_unit(const torch::Tensor& U, const ValueRange& range) {
  return U * (range.hi - range.lo) + range.lo;
}

}  // namespace smrt::generative
