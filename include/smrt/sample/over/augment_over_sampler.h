#pragma once
// `augment`: over-sampling images by augmentation. Each new image of a
// targeted class is a random image of that class passed through the
// augmentation pipeline (image_augment.h). A baseline for the generative
// samplers, and the augmentation step SMate uses before fine-tuning.

#include "smrt/sample/over/image_augment.h"
#include "smrt/sample/sampler.h"

namespace smrt {

class AugmentOverSampler : public Sampler {
 public:
  explicit AugmentOverSampler(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  AugmentOptions options_;
};

}  // namespace smrt
