#include "smrt/eval/image_grid.h"

#include <algorithm>
#include <vector>

#include "smrt/core/atomic_file.h"
#include "smrt/core/error.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace smrt::eval {
namespace {

void append_bytes(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<unsigned char>*>(context);
  const auto* bytes = static_cast<const unsigned char*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

void write_image_strip_png(const std::string& path, const Matrix& images, int64_t height, int64_t width, int zoom) {
  SMRT_THROW_IF_NOT(DataError, images.n_rows() > 0, path, ": no images to draw");
  SMRT_THROW_IF_NOT(DataError, height * width == images.n_cols(), path, ": images of ", images.n_cols(),
                    " values are not ", height, " x ", width);
  SMRT_THROW_IF_NOT(ParameterError, zoom >= 1 && zoom <= 16, "image zoom ", zoom, " must be in [1, 16]");
  const int64_t gap = 2, n = images.n_rows();
  const int64_t tile_w = width * zoom, tile_h = height * zoom;
  const int64_t out_w = n * tile_w + (n - 1) * gap, out_h = tile_h;
  std::vector<unsigned char> pixels(static_cast<size_t>(out_w * out_h), 255);
  for (int64_t k = 0; k < n; ++k) {
    const float* img = images.row(k);
    for (int64_t y = 0; y < tile_h; ++y)
      for (int64_t x = 0; x < tile_w; ++x) {
        const float v = std::clamp(img[(y / zoom) * width + x / zoom], 0.0f, 1.0f);
        // Dark strokes on white, as printed digits.
        pixels[static_cast<size_t>(y * out_w + k * (tile_w + gap) + x)] =
            static_cast<unsigned char>(255.0f - 255.0f * v + 0.5f);
      }
  }
  std::vector<unsigned char> png;
  const int ok = stbi_write_png_to_func(&append_bytes, &png, static_cast<int>(out_w), static_cast<int>(out_h), 1,
                                        pixels.data(), static_cast<int>(out_w));
  SMRT_THROW_IF_NOT(IoError, ok != 0, path, ": PNG encoding failed");
  AtomicFile file(path);
  file.write(png.data(), png.size());
  file.commit();
}

}  // namespace smrt::eval
