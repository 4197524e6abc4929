#pragma once
// Image augmentation in plain C++ (no LibTorch), after the imgaug pipeline
// SMate used: horizontal flip, crop, Gaussian blur, contrast, additive
// Gaussian noise, multiply, affine (rotate / scale / translate / shear).
// Each step runs with its own probability and draws its strength from a
// range. Images are float rows in C x H x W order (an N x C x H x W or
// N x H x W .npy). The `augment` oversampler and SMate's fine-tuning both
// use it.

#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/params.h"
#include "smrt/core/rng.h"

namespace smrt {

struct ImageShape {
  int64_t channels = 1, height = 0, width = 0;
  int64_t size() const { return channels * height * width; }
};

/// The image shape of `data` from its sample_shape ({H, W} or {C, H, W});
/// a DataError naming `method` when the data is a plain table or the shape
/// does not match the number of columns.
ImageShape image_shape_of(const DataView& data, const std::string& method);

/// A closed range [lo, hi] for a random strength.
struct Range {
  double lo = 0.0, hi = 0.0;
};

struct AugmentOptions {
  /// 0 by default: a mirrored digit, letter or left-facing boot is no longer
  /// its class (about a third of mirrored MNIST digits are unrecognisable).
  double flip_p = 0.0;
  double crop_p = 0.5;
  Range crop_percent{0.0, 0.1};  ///< of each side, then resized back
  double blur_p = 0.5;
  Range blur_sigma{0.0, 0.5};    ///< pixels
  double contrast_p = 0.5;
  Range contrast{0.75, 1.5};     ///< factor around the middle of the value range
  double noise_p = 0.5;
  Range noise_scale{0.0, 0.05};  ///< standard deviation, as a share of the value range
  double multiply_p = 0.5;
  Range multiply{0.8, 1.2};
  double affine_p = 0.5;
  Range rotate{-15.0, 15.0};     ///< degrees
  Range scale{0.9, 1.1};
  Range translate{-0.1, 0.1};    ///< share of width / height
  Range shear{-8.0, 8.0};        ///< degrees

  /// The parameters of the table below, with these defaults.
  static std::vector<ParamSpec> param_specs();
  /// Reads them; a range must be two numbers lo,hi with lo <= hi.
  static AugmentOptions from(const ParamValues& values);
};

/// The value range images live in (pixels are clamped into it; noise and
/// contrast are relative to it; empty space after crop/affine gets `lo`).
struct ValueRange {
  float lo = 0.0f, hi = 1.0f;
};
ValueRange value_range_of(const MatrixView& X);

/// Writes one augmented copy of `src` (shape.size() floats) into `dst`.
/// Every draw comes from `rng`, so a per-image fork makes a batch
/// independent of the thread count.
void augment_image(const float* src, float* dst, const ImageShape& shape, const AugmentOptions& options,
                   const ValueRange& range, Rng& rng);

/// `n` augmented images: image i copies row sources[i] of X and draws from
/// rng.fork(first_stream + i). Runs in parallel (OpenMP).
Matrix augment_rows(const MatrixView& X, const std::vector<int64_t>& sources, const ImageShape& shape,
                    const AugmentOptions& options, const ValueRange& range, const Rng& rng, uint64_t first_stream);

}  // namespace smrt
