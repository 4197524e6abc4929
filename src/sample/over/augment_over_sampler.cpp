#include "smrt/sample/over/augment_over_sampler.h"

#include <numeric>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

std::vector<ParamSpec> AugmentOverSampler::param_specs() { return sampler_params(true, AugmentOptions::param_specs()); }

AugmentOverSampler::AugmentOverSampler(const ParamValues& params)
    : Sampler(params), options_(AugmentOptions::from(params)) {}

Resampled AugmentOverSampler::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  const ImageShape shape = image_shape_of(data, "augment");
  const ValueRange range = value_range_of(data.X);
  Resampled out;
  out.sample_indices.resize(static_cast<size_t>(data.n_rows()));
  std::iota(out.sample_indices.begin(), out.sample_indices.end(), int64_t{0});
  out.synthetic = Matrix(0, data.n_cols());
  const auto rows_of = data.class_rows();
  uint64_t stream = 1;  // stream 0 is `rng` itself
  for (int32_t c : plan.targeted_classes()) {
    const auto& rows = rows_of[static_cast<size_t>(c)];
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    std::vector<int64_t> sources(static_cast<size_t>(n_new));
    for (auto& s : sources) s = rows[rng.below(rows.size())];
    const Matrix images = augment_rows(data.X, sources, shape, options_, range, rng, stream);
    stream += static_cast<uint64_t>(n_new);
    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n_new);
    std::copy(images.data(), images.data() + images.n_rows() * images.n_cols(), out.synthetic.row(start));
    out.synthetic_y.insert(out.synthetic_y.end(), static_cast<size_t>(n_new), c);
  }
  return out;
}

void register_augment_over_sampler(SamplerRegistry& registry) {
  registry.add({"augment",
                {"AugmentOverSampler", "image_augment"},
                "over",
                "Image augmentation: new minority images are cropped, blurred, contrast/noise/brightness changed and "
                "affine-warped copies of real ones, mirrored only if flip_p > 0 (N x H x W or N x C x H x W .npy "
                "input).",
                AugmentOverSampler::param_specs(),
                [](const ParamValues& p) { return std::make_unique<AugmentOverSampler>(p); },
                ColumnShift::None});  // multiplies pixel values and reads their range
}

}  // namespace smrt
