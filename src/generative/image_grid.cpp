#include "smrt/generative/image_grid.h"

#include <algorithm>

#include "smrt/core/atomic_file.h"
#include "smrt/core/error.h"

#define STB_IMAGE_WRITE_STATIC  // private copy: other layers may embed stb too
#define STB_IMAGE_WRITE_IMPLEMENTATION
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace smrt {
namespace {

void append_bytes(void* context, void* data, int size) {
  static_cast<AtomicFile*>(context)->write(data, static_cast<size_t>(size));
}

}  // namespace

void check_image_grid_shape(const std::string& path, const std::vector<int64_t>& shape) {
  SMRT_THROW_IF_NOT(ParameterError, shape.size() == 2 || shape.size() == 3, path,
                    ": an image grid needs image-shaped rows (H x W or C x H x W); these rows have shape of ",
                    shape.size(), " dimension(s)");
  const int64_t c = shape.size() == 3 ? shape[0] : 1;
  SMRT_THROW_IF_NOT(ParameterError, c == 1 || c == 3, path, ": images with ", c,
                    " channels cannot be drawn (1: grey, or 3: RGB)");
}

void write_image_grid_png(const std::string& path, const MatrixView& images, const std::vector<int64_t>& shape,
                          const ImageGridOptions& o) {
  check_image_grid_shape(path, shape);
  const int64_t c = shape.size() == 3 ? shape[0] : 1, h = shape[shape.size() - 2], w = shape.back();
  SMRT_THROW_IF_NOT(ParameterError, c * h * w == images.n_cols, path, ": image shape does not match rows of ",
                    images.n_cols, " values");
  SMRT_THROW_IF_NOT(ParameterError, images.n_rows >= 1 && o.n_cols >= 1 && o.zoom >= 1 && o.gap >= 0, path,
                    ": nothing to draw");
  float lo = o.lo, hi = o.hi;
  if (hi <= lo) {
    // The images' own range, read as the usual pixel scales: [0, 1], [0, 255], [-1, 1] (tanh-scaled), else
    // their minimum and maximum (12- or 16-bit images, standardised pixels). A fixed [0, 1] or [0, 255] drew
    // 16-bit images all white and the negative half of [-1, 1] images black.
    const int64_t total = checked_size(images.n_rows, images.n_cols);
    const auto [min_it, max_it] = std::minmax_element(images.data, images.data + total);
    const float min = *min_it, max = *max_it;
    if (min >= 0.0f) {
      lo = 0.0f;
      hi = max <= 1.0f ? 1.0f : max <= 255.0f ? 255.0f : max;
    } else if (min >= -1.0f && max <= 1.0f) {
      lo = -1.0f;
      hi = 1.0f;
    } else {
      lo = min;
      hi = max > min ? max : min + 1.0f;
    }
  }
  const int64_t cols = std::min(o.n_cols, images.n_rows), rows = (images.n_rows + cols - 1) / cols;
  const int64_t cell_w = w * o.zoom + o.gap, cell_h = h * o.zoom + o.gap;
  const int64_t width = cols * cell_w + o.gap, height = rows * cell_h + o.gap;
  std::vector<unsigned char> pixels(static_cast<size_t>(width * height * 3), 255);
  for (int64_t k = 0; k < images.n_rows; ++k) {
    const int64_t x0 = o.gap + (k % cols) * cell_w, y0 = o.gap + (k / cols) * cell_h;
    const float* img = images.row(k);
    for (int64_t y = 0; y < h * o.zoom; ++y)
      for (int64_t x = 0; x < w * o.zoom; ++x)
        for (int64_t ch = 0; ch < 3; ++ch) {
          const int64_t src_ch = c == 3 ? ch : 0;
          const float v = img[src_ch * h * w + (y / o.zoom) * w + x / o.zoom];
          const float t = std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f);
          pixels[static_cast<size_t>(((y0 + y) * width + x0 + x) * 3 + ch)] = static_cast<unsigned char>(t * 255.0f + 0.5f);
        }
  }
  AtomicFile file(path);
  const int ok = stbi_write_png_to_func(append_bytes, &file, static_cast<int>(width), static_cast<int>(height), 3,
                                        pixels.data(), static_cast<int>(width * 3));
  SMRT_THROW_IF_NOT(IoError, ok != 0, path, ": PNG encoding failed");
  file.commit();
}

}  // namespace smrt
