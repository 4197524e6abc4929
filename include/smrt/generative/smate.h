#pragma once
// SMate (Rodriguez Bertorello & Koh): transfer learning for minority-class
// GANs. A DCGAN is pre-trained on the majority (non-targeted) classes; for
// each targeted class a copy has its first `n_frozen` generator layers
// frozen (none by default) and the rest fine-tuned on that class's images,
// augmented up to `augment_to` images (crop and affine by default; flip,
// blur, contrast, noise and multiply are available but off).
// Losses: gan, wgan-gp, lsgan, dragan, hinge; Adam lr 2e-4, beta1 0.5.

#include <map>

#include <nlohmann/json.hpp>

#include "smrt/generative/gan_training.h"
#include "smrt/generative/gan_model.h"
#include "smrt/nn/checkpoint.h"
#include "smrt/sample/over/image_augment.h"

namespace smrt::generative {

class Smate : public GanImageModel {
 public:
  explicit Smate(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();
  static std::unique_ptr<ImageModel> load(const nn::ModelFile& file);

  std::string method() const override { return "smate"; }
  void fit(const DataView& data, const std::vector<int32_t>& targeted, const std::vector<std::string>& class_names,
           Rng& rng) override;
  Matrix generate(int32_t c, int64_t n, Rng& rng) override;
  std::vector<int32_t> classes() const override;
  std::string to_bytes() const override;

 private:
  Smate() = default;

  GanTraining pretrain_, finetune_;
  AdversarialLoss loss_;
  int64_t max_per_class_ = 0;
  int64_t n_frozen_ = 1;
  int64_t augment_to_ = 0;
  double ema_decay_ = 0.0;
  AugmentOptions augment_;
  std::map<int32_t, ImageGenerator> generators_;  ///< one per targeted class
};

}  // namespace smrt::generative
