#include "smrt/sample/over/image_augment.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"
#include "smrt/core/first_exception.h"

namespace smrt {
namespace {

constexpr double kPi = 3.14159265358979323846;

double draw(const Range& r, Rng& rng) { return r.lo + (r.hi - r.lo) * rng.uniform(); }

ParamSpec probability(const std::string& name, double value, const std::string& what) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::Float;
  p.default_value = msg(value);
  p.min = 0.0;
  p.max = 1.0;
  p.doc = "Probability of " + what + " for each new image.";
  return p;
}

ParamSpec range(const std::string& name, const Range& r, const std::string& doc) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::FloatList;
  p.default_value = msg(r.lo, ",", r.hi);
  p.doc = doc + " Two numbers lo,hi; each image draws uniformly from [lo, hi].";
  return p;
}

Range read_range(const ParamValues& values, const std::string& name, double min, double max) {
  const auto v = values.get_float_list(name);
  SMRT_THROW_IF_NOT(ParameterError, v.size() == 2, values.owner(), ": ", name, " must be two numbers lo,hi; got ",
                    v.size(), " number(s)");
  SMRT_THROW_IF_NOT(ParameterError, v[0] <= v[1], values.owner(), ": ", name, "=", v[0], ",", v[1],
                    " must have lo <= hi");
  SMRT_THROW_IF_NOT(ParameterError, v[0] >= min && v[1] <= max, values.owner(), ": ", name, "=", v[0], ",", v[1],
                    " must lie within [", min, ", ", max, "]");
  return {v[0], v[1]};
}

/// Bilinear sample of one plane at (x, y); outside the image gives `fill`.
float bilinear(const float* plane, int64_t h, int64_t w, double x, double y, float fill) {
  const double fx = std::floor(x), fy = std::floor(y);
  const auto x0 = static_cast<int64_t>(fx), y0 = static_cast<int64_t>(fy);
  const double ax = x - fx, ay = y - fy;
  auto at = [&](int64_t yy, int64_t xx) -> double {
    return (xx < 0 || yy < 0 || xx >= w || yy >= h) ? fill : plane[yy * w + xx];
  };
  const double top = at(y0, x0) * (1 - ax) + at(y0, x0 + 1) * ax;
  const double bottom = at(y0 + 1, x0) * (1 - ax) + at(y0 + 1, x0 + 1) * ax;
  return static_cast<float>(top * (1 - ay) + bottom * ay);
}

void flip(float* img, const ImageShape& s) {
  for (int64_t r = 0; r < s.channels * s.height; ++r) std::reverse(img + r * s.width, img + (r + 1) * s.width);
}

/// Crops each side by its own share, then resizes the box back to H x W.
void crop(float* img, std::vector<float>& tmp, const ImageShape& s, const Range& percent, Rng& rng) {
  const double top = draw(percent, rng) * static_cast<double>(s.height);
  const double bottom = draw(percent, rng) * static_cast<double>(s.height);
  const double left = draw(percent, rng) * static_cast<double>(s.width);
  const double right = draw(percent, rng) * static_cast<double>(s.width);
  const double sy = (static_cast<double>(s.height) - top - bottom) / static_cast<double>(s.height);
  const double sx = (static_cast<double>(s.width) - left - right) / static_cast<double>(s.width);
  tmp.assign(img, img + s.size());
  for (int64_t c = 0; c < s.channels; ++c) {
    const float* src = tmp.data() + c * s.height * s.width;
    float* dst = img + c * s.height * s.width;
    for (int64_t y = 0; y < s.height; ++y)
      for (int64_t x = 0; x < s.width; ++x) {
        // Pixel centres map onto the box; clamp so edges replicate.
        const double sxp = std::clamp(left + (static_cast<double>(x) + 0.5) * sx - 0.5, 0.0,
                                      static_cast<double>(s.width - 1));
        const double syp = std::clamp(top + (static_cast<double>(y) + 0.5) * sy - 0.5, 0.0,
                                      static_cast<double>(s.height - 1));
        dst[y * s.width + x] = bilinear(src, s.height, s.width, sxp, syp, 0.0f);
      }
  }
}

/// Separable Gaussian, borders replicated.
void blur(float* img, std::vector<float>& tmp, const ImageShape& s, double sigma) {
  if (sigma < 0.05) return;  // a kernel this narrow changes nothing
  const auto radius = static_cast<int64_t>(std::ceil(3.0 * sigma));
  std::vector<double> k(static_cast<size_t>(2 * radius + 1));
  double total = 0.0;
  for (int64_t i = -radius; i <= radius; ++i)
    total += k[static_cast<size_t>(i + radius)] = std::exp(-0.5 * static_cast<double>(i * i) / (sigma * sigma));
  for (auto& v : k) v /= total;
  tmp.resize(static_cast<size_t>(s.size()));
  const int64_t h = s.height, w = s.width;
  for (int64_t c = 0; c < s.channels; ++c) {
    float* p = img + c * h * w;
    float* t = tmp.data() + c * h * w;
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) {
        double acc = 0.0;
        for (int64_t i = -radius; i <= radius; ++i)
          acc += k[static_cast<size_t>(i + radius)] * p[y * w + std::clamp<int64_t>(x + i, 0, w - 1)];
        t[y * w + x] = static_cast<float>(acc);
      }
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) {
        double acc = 0.0;
        for (int64_t i = -radius; i <= radius; ++i)
          acc += k[static_cast<size_t>(i + radius)] * t[std::clamp<int64_t>(y + i, 0, h - 1) * w + x];
        p[y * w + x] = static_cast<float>(acc);
      }
  }
}

/// Rotation, scale, translation and shear about the image centre, by
/// inverse mapping with bilinear sampling; uncovered pixels get `fill`.
void affine(float* img, std::vector<float>& tmp, const ImageShape& s, const AugmentOptions& o, float fill, Rng& rng) {
  const double angle = draw(o.rotate, rng) * kPi / 180.0;
  const double scale = draw(o.scale, rng);
  const double tx = draw(o.translate, rng) * static_cast<double>(s.width);
  const double ty = draw(o.translate, rng) * static_cast<double>(s.height);
  const double shear = draw(o.shear, rng) * kPi / 180.0;
  // Forward map: p' = R * Sh * S * (p - c) + c + t, with Sh = [[1, tan(shear)], [0, 1]].
  const double cs = std::cos(angle), sn = std::sin(angle), sh = std::tan(shear);
  const double a = scale * cs, b = scale * (cs * sh - sn);
  const double c = scale * sn, d = scale * (sn * sh + cs);
  const double det = a * d - b * c;
  if (std::fabs(det) < 1e-9) return;
  const double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
  const double cx = (static_cast<double>(s.width) - 1) / 2, cy = (static_cast<double>(s.height) - 1) / 2;
  tmp.assign(img, img + s.size());
  for (int64_t ch = 0; ch < s.channels; ++ch) {
    const float* src = tmp.data() + ch * s.height * s.width;
    float* dst = img + ch * s.height * s.width;
    for (int64_t y = 0; y < s.height; ++y)
      for (int64_t x = 0; x < s.width; ++x) {
        const double u = static_cast<double>(x) - cx - tx, v = static_cast<double>(y) - cy - ty;
        dst[y * s.width + x] = bilinear(src, s.height, s.width, ia * u + ib * v + cx, ic * u + id * v + cy, fill);
      }
  }
}

}  // namespace

ImageShape image_shape_of(const DataView& data, const std::string& method) {
  const auto& ss = data.sample_shape;
  SMRT_THROW_IF_NOT(DataError, ss.size() == 2 || ss.size() == 3, method,
                    " needs images (N x H x W or N x C x H x W: an array of that shape, or such a .npy file); this data is a "
                    "table of ", data.n_cols(),
                    " column(s)");
  check_channels_first(ss, method);
  ImageShape s;
  if (ss.size() == 3) s = {ss[0], ss[1], ss[2]};
  else s = {1, ss[0], ss[1]};
  SMRT_THROW_IF_NOT(DataError, s.channels >= 1 && s.height >= 1 && s.width >= 1, method, ": bad image shape ",
                    s.channels, " x ", s.height, " x ", s.width);
  SMRT_THROW_IF_NOT(DataError, s.size() == data.n_cols(), method, ": image shape ", s.channels, " x ", s.height, " x ",
                    s.width, " does not match the ", data.n_cols(), " values per row");
  return s;
}

std::vector<ParamSpec> AugmentOptions::param_specs() {
  const AugmentOptions d;
  return {
      [&] {
        auto p = probability("flip_p", d.flip_p, "a horizontal flip");
        p.doc += " Off by default: mirrored digits, letters or left-facing boots stop looking like their class; "
                 "set it only for classes that are mirror-symmetric (e.g. photos of objects).";
        return p;
      }(),
      probability("crop_p", d.crop_p, "a crop (resized back to the full size)"),
      range("crop_percent", d.crop_percent, "Share of each side cropped away, in [0, 0.45]."),
      probability("blur_p", d.blur_p, "a Gaussian blur"),
      range("blur_sigma", d.blur_sigma, "Blur standard deviation in pixels, in [0, 10]."),
      probability("contrast_p", d.contrast_p, "a contrast change"),
      range("contrast", d.contrast, "Contrast factor around the middle of the value range, in [0, 10]."),
      probability("noise_p", d.noise_p, "additive Gaussian noise"),
      range("noise_scale", d.noise_scale, "Noise standard deviation as a share of the value range, in [0, 1]."),
      probability("multiply_p", d.multiply_p, "multiplying every pixel by one factor"),
      range("multiply", d.multiply, "Brightness factor, in [0, 10]."),
      probability("affine_p", d.affine_p, "an affine transform"),
      range("rotate", d.rotate, "Rotation in degrees, in [-180, 180]."),
      range("scale", d.scale, "Zoom factor, in [0.1, 10]."),
      range("translate", d.translate, "Shift as a share of width / height, in [-1, 1]."),
      range("shear", d.shear, "Shear in degrees, in [-60, 60]."),
  };
}

AugmentOptions AugmentOptions::from(const ParamValues& v) {
  AugmentOptions o;
  o.flip_p = v.get_float("flip_p");
  o.crop_p = v.get_float("crop_p");
  o.crop_percent = read_range(v, "crop_percent", 0.0, 0.45);
  o.blur_p = v.get_float("blur_p");
  o.blur_sigma = read_range(v, "blur_sigma", 0.0, 10.0);
  o.contrast_p = v.get_float("contrast_p");
  o.contrast = read_range(v, "contrast", 0.0, 10.0);
  o.noise_p = v.get_float("noise_p");
  o.noise_scale = read_range(v, "noise_scale", 0.0, 1.0);
  o.multiply_p = v.get_float("multiply_p");
  o.multiply = read_range(v, "multiply", 0.0, 10.0);
  o.affine_p = v.get_float("affine_p");
  o.rotate = read_range(v, "rotate", -180.0, 180.0);
  o.scale = read_range(v, "scale", 0.1, 10.0);
  o.translate = read_range(v, "translate", -1.0, 1.0);
  o.shear = read_range(v, "shear", -60.0, 60.0);
  return o;
}

ValueRange value_range_of(const MatrixView& X) {
  const int64_t n = X.n_rows * X.n_cols;
  if (n == 0) return {};
  const auto [lo, hi] = std::minmax_element(X.data, X.data + n);
  return {*lo, std::max(*hi, *lo + 1e-6f)};
}

void augment_image(const float* src, float* dst, const ImageShape& s, const AugmentOptions& o, const ValueRange& range,
                   Rng& rng) {
  std::copy(src, src + s.size(), dst);
  std::vector<float> tmp;
  const double span = static_cast<double>(range.hi) - range.lo;
  const double middle = (static_cast<double>(range.hi) + range.lo) / 2;
  // Every step draws its coin even when it is off, so changing one
  // probability does not shift the draws of the others.
  if (rng.uniform() < o.flip_p) flip(dst, s);
  if (rng.uniform() < o.crop_p) crop(dst, tmp, s, o.crop_percent, rng);
  if (rng.uniform() < o.blur_p) blur(dst, tmp, s, draw(o.blur_sigma, rng));
  if (rng.uniform() < o.contrast_p) {
    const double alpha = draw(o.contrast, rng);
    for (int64_t i = 0; i < s.size(); ++i) dst[i] = static_cast<float>(middle + alpha * (dst[i] - middle));
  }
  if (rng.uniform() < o.noise_p) {
    const double sd = draw(o.noise_scale, rng) * span;
    for (int64_t i = 0; i < s.size(); ++i) dst[i] = static_cast<float>(dst[i] + sd * rng.normal());
  }
  if (rng.uniform() < o.multiply_p) {
    const double m = draw(o.multiply, rng);
    for (int64_t i = 0; i < s.size(); ++i) dst[i] = static_cast<float>(dst[i] * m);
  }
  if (rng.uniform() < o.affine_p) affine(dst, tmp, s, o, range.lo, rng);
  for (int64_t i = 0; i < s.size(); ++i) dst[i] = std::clamp(dst[i], range.lo, range.hi);
}

Matrix augment_rows(const MatrixView& X, const std::vector<int64_t>& sources, const ImageShape& shape,
                    const AugmentOptions& options, const ValueRange& range, const Rng& rng, uint64_t first_stream) {
  SMRT_ASSERT(shape.size() == X.n_cols, "image size ", shape.size(), " != ", X.n_cols, " columns");
  const auto n = static_cast<int64_t>(sources.size());
  Matrix out(n, X.n_cols);
  FirstException error;
#pragma omp parallel for schedule(dynamic, 16)
  for (int64_t i = 0; i < n; ++i) {
    if (error.caught()) continue;
    try {
      Rng r = rng.fork(first_stream + static_cast<uint64_t>(i));
      augment_image(X.row(sources[static_cast<size_t>(i)]), out.row(i), shape, options, range, r);
    } catch (...) {
      error.capture();
    }
  }
  error.rethrow_if_any();
  return out;
}

}  // namespace smrt
