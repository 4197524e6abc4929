#include "smrt/generative/image_model.h"

#include <numeric>

#include "smrt/core/error.h"
#include "smrt/generative/cgan.h"
#include "smrt/generative/deepsmote.h"
#include "smrt/generative/smate.h"
#include "smrt/nn/checkpoint.h"
#include "smrt/sample/registry.h"

namespace smrt::generative {

std::unique_ptr<ImageModel> load_image_model(const nn::ModelFile& file) {
  const std::string& path = file.path;
  const std::string kind = file.header.value("class", "");
  try {
    if (kind == "cgan") return ConditionalGan::load(file);
    if (kind == "smate") return Smate::load(file);
    if (kind == "deepsmote") return DeepSmote::load(file);
  } catch (const nlohmann::json::exception& e) {  // a field each method reads after the common header
    throw IoError(msg(path, ": a ", kind, " model header with a missing or malformed field (", e.what(), ")"));
  } catch (const c10::Error& e) {  // what the checks above let through: LibTorch refused to build the network
    const std::string what = e.what_without_backtrace();
    throw IoError(msg(path, ": the ", kind, " model header describes a network that cannot be built (",
                      what.substr(0, what.find('\n')), ")"));
  }
  throw IoError(msg(path, ": a '", kind, "' model, not one of cgan, smate, deepsmote"));
}

std::unique_ptr<ImageModel> load_image_model(const std::string& path) { return load_image_model(nn::read_model(path)); }

void ImageModel::save(const std::string& path) const { nn::write_model_bytes(path, to_bytes()); }

ImageModelSampler::ImageModelSampler(const ParamValues& params, ImageModelFactory make)
    : Sampler(params), params_(params), make_(std::move(make)) {
  make_(params_);  // checks the parameters now, at the boundary
}

std::vector<int32_t> ImageModelSampler::fit_targeted(const DataView& data, const SamplingPlan& plan, Rng& rng,
                                                     bool fit_untargeted) {
  model_ = make_(params_);
  std::vector<std::string> names;
  for (int32_t c = 0; c < data.n_classes; ++c) names.push_back(classes().name(c));
  std::vector<int32_t> targeted;
  for (int32_t c : plan.targeted_classes())
    if (plan.n_to_add(c) > 0) targeted.push_back(c);
  if (!targeted.empty() || (fit_untargeted && model_->models_every_class())) model_->fit(data, targeted, names, rng);
  return targeted;
}

void ImageModelSampler::fit_only(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  // A cgan models every class: on a balanced set (no class below its target) it is fitted all the same,
  // for `generate` to draw any class from later (it refused, so `smrt fit -m cgan` failed on Fashion-MNIST).
  const auto targeted = fit_targeted(data, plan, rng, /*fit_untargeted=*/true);
  SMRT_THROW_IF_NOT(ParameterError, !targeted.empty() || model_->models_every_class(), model_->method(),
                    ": sampling_strategy='", strategy().to_string(),
                    "' adds rows to no class, so there is no class to model");
}

Resampled ImageModelSampler::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out;
  out.sample_indices.resize(static_cast<size_t>(data.n_rows()));
  std::iota(out.sample_indices.begin(), out.sample_indices.end(), int64_t{0});
  out.synthetic = Matrix(0, data.n_cols());
  const auto targeted = fit_targeted(data, plan, rng);
  if (targeted.empty()) return out;
  for (int32_t c : targeted) {
    const int64_t n = plan.n_to_add(c);
    const Matrix images = model_->generate(c, n, rng);
    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n);
    std::copy(images.data(), images.data() + n * data.n_cols(), out.synthetic.row(start));
    out.synthetic_y.insert(out.synthetic_y.end(), static_cast<size_t>(n), c);
  }
  return out;
}

void register_gan_methods() {
  auto& registry = SamplerRegistry::global();
  auto add = [&](std::string name, std::vector<std::string> aliases, std::string summary,
                 std::vector<ParamSpec> specs, ImageModelFactory make) {
    registry.add({std::move(name), std::move(aliases), "generative", std::move(summary), std::move(specs),
                  [make](const ParamValues& p) { return std::make_unique<ImageModelSampler>(p, make); },
                  ColumnShift::None});  // pixel values: scaled by their maximum
  };
  add("cgan", {"ConditionalGAN"},
      "Conditional GAN (Keras example): one convolutional GAN conditioned on one-hot labels generates each "
      "minority class (image .npy input).",
      ConditionalGan::param_specs(), [](const ParamValues& p) { return std::make_unique<ConditionalGan>(p); });
  add("smate", {"SMate"},
      "SMate: a DCGAN pre-trained on the majority classes, its first layers frozen, fine-tuned on each augmented "
      "minority class (image .npy input).",
      Smate::param_specs(), [](const ParamValues& p) { return std::make_unique<Smate>(p); });
  add("deepsmote", {"DeepSMOTE"},
      "DeepSMOTE (Dablain et al. 2021): SMOTE in the latent space of a convolutional autoencoder trained with a "
      "permuted-order penalty, decoded to images (image .npy input).",
      DeepSmote::param_specs(), [](const ParamValues& p) { return std::make_unique<DeepSmote>(p); });
}

}  // namespace smrt::generative
