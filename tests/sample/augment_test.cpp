// The `augment` oversampler and its pipeline: counts follow the strategy,
// outputs stay in the data's value range, each step does what it says, the
// same seed gives the same images whatever the thread count, and non-image
// data is a clear error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/sample/over/image_augment.h"
#include "smrt/sample/registry.h"

namespace {

// Class 0: 6 images, class 1: 20 images, 8 x 8, values 0..255 with a bright
// left half so flips are visible.
smrt::Dataset toy_images() {
  smrt::Dataset d;
  const int n = 26;
  d.X = smrt::Matrix(n, 64);
  smrt::Rng rng(3);
  for (int i = 0; i < n; ++i)
    for (int p = 0; p < 64; ++p) d.X(i, p) = (p % 8 < 4 ? 200.0f : 10.0f) + static_cast<float>(rng.uniform() * 20);
  std::vector<std::string> labels;
  for (int i = 0; i < n; ++i) labels.push_back(i < 6 ? "0" : "1");
  d.classes = smrt::ClassIndex::from_strings(labels, &d.y);
  d.sample_shape = {8, 8};
  return d;
}

smrt::AugmentOptions nothing() {
  smrt::AugmentOptions o;
  o.flip_p = o.crop_p = o.blur_p = o.contrast_p = o.noise_p = o.multiply_p = o.affine_p = 0.0;
  return o;
}

TEST(Augment, CountsFollowStrategyAndValuesStayInRange) {
  smrt::register_sample_methods();
  const auto data = toy_images();
  auto sampler = smrt::SamplerRegistry::global().create("augment", {{"random_state", "1"}});
  auto out = sampler->fit_resample(data);
  const auto counts = out.class_counts(data.view());
  EXPECT_EQ(counts[0], 20);
  EXPECT_EQ(counts[1], 20);
  ASSERT_EQ(out.synthetic.n_rows(), 14);
  for (float v : out.synthetic.storage()) {
    EXPECT_GE(v, 10.0f);
    EXPECT_LE(v, 220.0f);
  }
}

TEST(Augment, SameSeedSameImagesWhateverTheThreadCount) {
  smrt::register_sample_methods();
  const auto data = toy_images();
  auto run = [&](int threads, const std::string& seed) {
    smrt::set_num_threads(threads);
    auto s = smrt::SamplerRegistry::global().create("augment", {{"random_state", seed}, {"sampling_strategy", "all"}});
    return s->fit_resample(data).synthetic.storage();
  };
  const auto one = run(1, "5");
  EXPECT_EQ(one, run(2, "5"));
  EXPECT_NE(one, run(2, "6"));
  smrt::set_num_threads(0);
}

TEST(Augment, EveryStepOffCopiesTheImage) {
  const auto data = toy_images();
  smrt::Rng rng(1);
  std::vector<float> out(64);
  smrt::augment_image(data.X.row(0), out.data(), {1, 8, 8}, nothing(), {0, 255}, rng);
  EXPECT_EQ(out, std::vector<float>(data.X.row(0), data.X.row(0) + 64));
}

TEST(Augment, FlipMirrorsRows) {
  const auto data = toy_images();
  auto o = nothing();
  o.flip_p = 1.0;
  smrt::Rng rng(1);
  std::vector<float> out(64);
  smrt::augment_image(data.X.row(0), out.data(), {1, 8, 8}, o, {0, 255}, rng);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) EXPECT_EQ(out[y * 8 + x], data.X(0, y * 8 + 7 - x));
}

// The default must not mirror: with every other step switched off, each new
// image is an exact copy of a real one (with flip_p 0.5, half were mirrored).
TEST(Augment, DefaultsNeverMirror) {
  smrt::register_sample_methods();
  const auto data = toy_images();
  std::map<std::string, std::string> off{{"random_state", "2"}};
  for (const char* p : {"crop_p", "blur_p", "contrast_p", "noise_p", "multiply_p", "affine_p"}) off[p] = "0";
  auto s = smrt::SamplerRegistry::global().create("augment", off);
  const auto out = s->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 14);
  for (int64_t i = 0; i < out.synthetic.n_rows(); ++i) {
    bool copy = false;
    for (int r = 0; r < 6 && !copy; ++r)
      copy = std::equal(data.X.row(r), data.X.row(r) + 64, out.synthetic.row(i));
    EXPECT_TRUE(copy) << "new image " << i << " is not a plain copy of a real one (mirrored?)";
  }
}

TEST(Augment, BlurAndAffineChangeTheImageButKeepItsMeanRoughly) {
  const auto data = toy_images();
  for (int step = 0; step < 3; ++step) {
    auto o = nothing();
    if (step == 0) o.blur_p = 1.0, o.blur_sigma = {1.0, 1.0};
    if (step == 1) o.affine_p = 1.0, o.rotate = {10, 10}, o.translate = {0, 0}, o.scale = {1, 1}, o.shear = {0, 0};
    if (step == 2) o.crop_p = 1.0, o.crop_percent = {0.1, 0.1};
    smrt::Rng rng(1);
    std::vector<float> out(64);
    smrt::augment_image(data.X.row(0), out.data(), {1, 8, 8}, o, {0, 255}, rng);
    double diff = 0, mean_in = 0, mean_out = 0;
    for (int p = 0; p < 64; ++p) {
      diff += std::fabs(out[p] - data.X(0, p));
      mean_in += data.X(0, p) / 64.0;
      mean_out += out[p] / 64.0;
    }
    EXPECT_GT(diff, 64.0) << "step " << step;
    EXPECT_NEAR(mean_out, mean_in, 40.0) << "step " << step;
  }
}

TEST(Augment, TablesAndBadRangesAreClearErrors) {
  smrt::register_sample_methods();
  auto data = toy_images();
  data.sample_shape = {};
  auto s = smrt::SamplerRegistry::global().create("augment", {{"random_state", "1"}});
  try {
    s->fit_resample(data);
    FAIL() << "a table was accepted";
  } catch (const smrt::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("N x H x W"), std::string::npos) << e.what();
  }
  data.sample_shape = {7, 8};
  EXPECT_THROW(s->fit_resample(data), smrt::DataError);
  EXPECT_THROW(smrt::SamplerRegistry::global().create("augment", {{"rotate", "10,-10"}}), smrt::ParameterError);
  EXPECT_THROW(smrt::SamplerRegistry::global().create("augment", {{"rotate", "10"}}), smrt::ParameterError);
  EXPECT_THROW(smrt::SamplerRegistry::global().create("augment", {{"flip_p", "1.5"}}), smrt::ParameterError);
}

}  // namespace
