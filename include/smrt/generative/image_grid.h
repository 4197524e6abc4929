#pragma once
// Image grids as PNG (stb_image_write): generated digits, or the notebook's
// rows of real / SMRT / SMOTE samples.

#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/matrix.h"

namespace smrt {

struct ImageGridOptions {
  int64_t n_cols = 10;  ///< images per grid row
  int zoom = 2;         ///< each pixel drawn zoom x zoom
  int gap = 2;          ///< pixels between images
  /// Value range mapped to black..white; hi <= lo means: from the images,
  /// [0, 1], [0, 255] or [0, max] when no value is negative (the smallest that
  /// holds them), [-1, 1] when that holds them, else [min, max].
  float lo = 0.0f, hi = 0.0f;
};

/// Throws ParameterError unless rows of `sample_shape` can be drawn to `path`
/// ({H, W}, {1, H, W} or {3, H, W}): callers check before any work or output.
void check_image_grid_shape(const std::string& path, const std::vector<int64_t>& sample_shape);

/// Writes the rows of `images` (each one image of `sample_shape`: {H, W},
/// {1, H, W} or {3, H, W}) left to right, top to bottom, atomically.
/// Throws ParameterError when the rows are not images.
void write_image_grid_png(const std::string& path, const MatrixView& images, const std::vector<int64_t>& sample_shape,
                          const ImageGridOptions& options = {});

}  // namespace smrt
