#pragma once
// PNG strips of grey images (real and synthetic samples) for the report.

#include <cstdint>
#include <string>

#include "smrt/core/matrix.h"

namespace smrt::eval {

/// Writes the rows of `images` (each height x width values, nominally in
/// [0, 1], clamped) side by side as one PNG strip, each pixel `zoom` x `zoom`,
/// with a 2-pixel gap. Written atomically; an IoError names the path.
void write_image_strip_png(const std::string& path, const Matrix& images, int64_t height, int64_t width,
                           int zoom = 2);

}  // namespace smrt::eval
