#pragma once
// cgan: a conditional GAN after the Keras conditional-GAN example (label as
// one-hot input to the generator and as constant channels to the
// discriminator), trained on the imbalanced set; each targeted class is then
// generated up to its target count. `minority_repeat` k > 1 is the blog's
// second experiment: the targeted classes' images are repeated k times
// before GAN training.

#include <nlohmann/json.hpp>

#include "smrt/generative/gan_training.h"
#include "smrt/generative/gan_model.h"
#include "smrt/nn/checkpoint.h"

namespace smrt::generative {

class ConditionalGan : public GanImageModel {
 public:
  explicit ConditionalGan(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();
  static std::unique_ptr<ImageModel> load(const nn::ModelFile& file);

  std::string method() const override { return "cgan"; }
  void fit(const DataView& data, const std::vector<int32_t>& targeted, const std::vector<std::string>& class_names,
           Rng& rng) override;
  Matrix generate(int32_t c, int64_t n, Rng& rng) override;
  std::vector<int32_t> classes() const override;
  bool models_every_class() const override { return true; }
  std::string to_bytes() const override;

 private:
  ConditionalGan() = default;

  GanTraining training_;
  AdversarialLoss loss_;
  int64_t max_per_class_ = 1000;
  int64_t minority_repeat_ = 1;
  double ema_decay_ = 0.0;
  ImageGenerator generator_{nullptr};
};

}  // namespace smrt::generative
