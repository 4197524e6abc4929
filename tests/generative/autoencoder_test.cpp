// AutoEncoder and VariationalAutoEncoder through the public API: training
// lowers the cost, the same seed gives the same model, save -> load gives the
// same generation, damaged files are clear errors, every parameter value is
// accepted or rejected with a message naming it.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <functional>

#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"
#include "smrt/core/rng.h"
#include "smrt/core/threads.h"
#include "smrt/generative/autoencoder.h"
#include "smrt/generative/image_grid.h"
#include "smrt/nn/optimizer.h"
#include "smrt/nn/layers.h"
#include "smrt/nn/checkpoint.h"
#include "test_support.h"

#define STB_IMAGE_STATIC  // a private decoder for the grid tests
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

namespace {

using smrt::AutoEncoder;
using smrt::AutoEncoderParams;
using smrt::Matrix;
using smrt::VariationalAutoEncoder;

// Three Gaussian blobs in 6 features, far outside [0, 1] (standard scaling).
Matrix blobs(int n = 90, uint64_t seed = 3) {
  Matrix X(n, 6);
  smrt::Rng rng(seed);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < 6; ++j) X(i, j) = static_cast<float>(10.0 * (i % 3) + 100.0 * (j == 0) + rng.normal());
  return X;
}

// 8 x 8 "digits" in 0..255: a bright ring with noise (max scaling, cross-entropy).
Matrix rings(int n = 64, uint64_t seed = 5) {
  Matrix X(n, 64);
  smrt::Rng rng(seed);
  for (int i = 0; i < n; ++i)
    for (int p = 0; p < 64; ++p) {
      const int y = p / 8, x = p % 8;
      const bool on = (x == 1 || x == 6 || y == 1 || y == 6) && x > 0 && x < 7 && y > 0 && y < 7;
      X(i, p) = static_cast<float>(std::clamp((on ? 220.0 : 15.0) + 25.0 * rng.normal(), 0.0, 255.0));
    }
  return X;
}

AutoEncoderParams small(int epochs = 5) {
  AutoEncoderParams p;
  p.n_hidden = {16};
  p.n_latent_factors = 3;
  p.training.train.n_epochs = epochs;
  p.training.train.batch_size = 16;
  p.training.optimizer.learning_function = smrt::nn::LearningFunction::Adam;
  p.training.optimizer.learning_rate = 0.01;
  p.random_state = 7;
  return p;
}

std::vector<float> values(const smrt::Matrix& m) { return std::vector<float>(m.data(), m.data() + m.n_rows() * m.n_cols()); }

bool same(const Matrix& a, const Matrix& b) {
  return a.n_rows() == b.n_rows() && a.n_cols() == b.n_cols() && values(a) == values(b);
}

class AutoEncoderTest : public ::testing::Test {
 protected:
  void SetUp() override { smrt::set_num_threads(1); }
};

TEST_F(AutoEncoderTest, ReconstructsInTheDataUnits) {
  const Matrix X = blobs();
  AutoEncoder ae(small(40));
  ae.fit(X.view());
  const Matrix rec = ae.feed_forward(X.view());
  ASSERT_EQ(rec.n_rows(), X.n_rows());
  ASSERT_EQ(rec.n_cols(), X.n_cols());
  // Column 0 sits near 110: a model that forgot to unscale would return ~0.
  double mean0 = 0;
  for (int i = 0; i < rec.n_rows(); ++i) mean0 += rec(i, 0);
  EXPECT_NEAR(mean0 / rec.n_rows(), 110.0, 3.0);
  EXPECT_EQ(ae.encode(X.view()).n_cols(), 16);
  const auto err = ae.reconstruction_error(X.view());
  ASSERT_EQ(err.size(), static_cast<size_t>(X.n_rows()));
  for (double e : err) EXPECT_TRUE(std::isfinite(e) && e >= 0);
}

TEST_F(AutoEncoderTest, EpochCostsDecrease) {
  const Matrix X = rings();
  VariationalAutoEncoder vae(small(30));
  vae.fit(X.view(), {8, 8});
  const auto& c = vae.epoch_costs();
  ASSERT_EQ(c.size(), 30u);
  EXPECT_LT(c.back(), 0.8 * c.front());
  EXPECT_LT(c[20], c[2]);
}

TEST_F(AutoEncoderTest, EpochCostsDecreaseOnRealDigits) {
  const std::string x = std::string(SMRT_SOURCE_DIR) + "/data/mnist/X.npy";
  const std::string y = std::string(SMRT_SOURCE_DIR) + "/data/mnist/y.npy";
  if (!smrt::testing::file_exists(x)) GTEST_SKIP() << "data/mnist not prepared (scripts/setup)";
  const smrt::Dataset d = smrt::read_npy_dataset(x, y);
  std::vector<int64_t> threes;
  for (int64_t i = 0; i < d.n_rows() && threes.size() < 200; ++i)
    if (d.classes.name(d.y[static_cast<size_t>(i)]) == "3") threes.push_back(i);
  const Matrix X = smrt::gather_rows(d.X.view(), threes);
  AutoEncoderParams p = small(6);
  p.n_hidden = {64};
  p.n_latent_factors = 8;
  p.training.optimizer.learning_rate = 0.005;
  VariationalAutoEncoder vae(p);
  vae.fit(X.view(), d.sample_shape);
  const auto& c = vae.epoch_costs();
  for (size_t i = 1; i < c.size(); ++i) EXPECT_LT(c[i], c[i - 1]) << "epoch " << i + 1;
}

TEST_F(AutoEncoderTest, SameSeedSameModelAndDraws) {
  const Matrix X = rings();
  auto p = small(4);
  p.dropout = 0.8;  // dropout masks come from the seeded generator too
  VariationalAutoEncoder a(p), b(p);
  a.fit(X.view(), {8, 8});
  b.fit(X.view(), {8, 8});
  EXPECT_EQ(a.epoch_costs(), b.epoch_costs());
  EXPECT_TRUE(same(a.generate(20), b.generate(20)));
  EXPECT_TRUE(same(a.generate_from_sample(X.view()), b.generate_from_sample(X.view())));
  p.random_state = 8;
  VariationalAutoEncoder c(p);
  c.fit(X.view(), {8, 8});
  EXPECT_NE(a.epoch_costs(), c.epoch_costs());
}

TEST_F(AutoEncoderTest, GenerateFollowsLocAndScale) {
  const Matrix X = blobs();
  VariationalAutoEncoder vae(small(10));
  vae.fit(X.view());
  const Matrix g = vae.generate(50, {0.0, 0.0});  // scale 0: every row decodes the same z
  for (int i = 1; i < g.n_rows(); ++i) EXPECT_EQ(g(i, 3), g(0, 3));
  EXPECT_EQ(vae.generate(0).n_rows(), 0);
  EXPECT_THROW(vae.generate(5, {0.0, -1.0}), smrt::ParameterError);
  EXPECT_EQ(vae.decode(Matrix(4, 3).view()).n_cols(), 6);
  EXPECT_THROW(vae.decode(Matrix(4, 2).view()), smrt::DataError);
}

TEST_F(AutoEncoderTest, SaveLoadGeneratesTheSame) {
  smrt::testing::TempDir dir;
  const Matrix X = rings();
  VariationalAutoEncoder vae(small(3));
  vae.fit(X.view(), {8, 8});
  vae.save(dir.file("m.smrtm"));
  const Matrix before = vae.generate(12);
  VariationalAutoEncoder loaded = VariationalAutoEncoder::load(dir.file("m.smrtm"));
  EXPECT_TRUE(same(before, loaded.generate(12)));
  EXPECT_TRUE(same(vae.feed_forward(X.view()), loaded.feed_forward(X.view())));
  EXPECT_EQ(loaded.epoch_costs(), vae.epoch_costs());
  EXPECT_EQ(loaded.sample_shape(), (std::vector<int64_t>{1, 8, 8}));
  // A second draw continues the stream, as it would have before saving.
  EXPECT_TRUE(same(vae.generate(5), loaded.generate(5)));
}

// The file keeps the shape fit was given, which generated rows take ((n, H, W) and (n, 1, H, W) images
// come back as they went in: `smrt generate` wrote (n, H, W) for both, where the GANs kept (n, 1, H, W)),
// and the training data's range, which SMRT checks a prefit model against. A file without them (written
// before) gives its network shape less a single channel, as before, and no range.
TEST_F(AutoEncoderTest, TheFileKeepsTheInputShapeAndValueRange) {
  smrt::testing::TempDir dir;
  const Matrix X = rings(16);
  const auto [lo, hi] = std::minmax_element(X.data(), X.data() + X.n_rows() * X.n_cols());
  for (const std::vector<int64_t>& shape : {std::vector<int64_t>{8, 8}, {1, 8, 8}, {64}, {}}) {
    VariationalAutoEncoder vae(small(1));
    vae.fit(X.view(), shape);
    const std::vector<int64_t> expected = shape.empty() ? std::vector<int64_t>{64} : shape;
    EXPECT_EQ(vae.input_shape(), expected);
    vae.save(dir.file("m.smrtm"));
    VariationalAutoEncoder loaded = VariationalAutoEncoder::load(dir.file("m.smrtm"));
    EXPECT_EQ(loaded.input_shape(), expected);
    ASSERT_TRUE(loaded.value_range().has_value());
    EXPECT_EQ(*loaded.value_range(), (std::array<float, 2>{*lo, *hi}));
  }
  VariationalAutoEncoder vae(small(1));
  vae.fit(X.view(), {1, 8, 8});
  const smrt::nn::ModelFile good = smrt::nn::parse_model(vae.to_bytes(), "good");
  auto load_edited = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json header = good.header;
    edit(header);
    return smrt::load_autoencoder(smrt::nn::parse_model(smrt::nn::frame_model_bytes(header, good.payload), "e.smrtm"));
  };
  const auto legacy = load_edited([](nlohmann::json& h) { h.erase("input_shape"), h.erase("value_range"); });
  EXPECT_EQ(legacy->input_shape(), (std::vector<int64_t>{8, 8}));
  EXPECT_FALSE(legacy->value_range().has_value());
  const std::vector<std::pair<std::function<void(nlohmann::json&)>, std::string>> bad{
      {[](nlohmann::json& h) { h["input_shape"] = {1, 27, 27}; }, "input_shape [1, 27, 27] does not describe rows of"},
      {[](nlohmann::json& h) { h["input_shape"] = {-8, -8}; }, "input_shape [-8, -8] does not describe"},
      {[](nlohmann::json& h) { h["input_shape"] = nlohmann::json::array(); }, "input_shape [] does not describe"},
      // A float was cast to int64 (undefined behaviour past its range: model fuzz target).
      {[](nlohmann::json& h) { h["input_shape"] = {1e30}; }, "input_shape [1e+30] is not a list of whole numbers"},
      {[](nlohmann::json& h) { h["input_shape"] = {8.0, 8.0}; }, "input_shape [8.0,8.0] is not a list of whole"},
      {[](nlohmann::json& h) { h["generate_calls"] = -1e30; }, "generate_calls -1e+30 is not a whole number"},
      {[](nlohmann::json& h) { h["value_range"] = {2.0, 1.0}; }, "value_range is not a range"},
      {[](nlohmann::json& h) { h["value_range"] = {1.0}; }, "value_range is not a range"}};
  for (const auto& [edit, needle] : bad) {
    try {
      load_edited(edit);
      ADD_FAILURE() << "no error for " << needle;
    } catch (const smrt::IoError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("e.smrtm: ", 0), 0u) << e.what();
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }
}

TEST_F(AutoEncoderTest, DamagedFilesAreClearErrors) {
  smrt::testing::TempDir dir;
  const Matrix X = blobs();
  VariationalAutoEncoder vae(small(1));
  vae.fit(X.view());
  const std::string path = dir.file("m.smrtm");
  vae.save(path);
  const std::string bytes = smrt::testing::read_text(path);
  auto expect_error = [&](const std::string& content, const std::string& needle) {
    smrt::testing::write_text(dir.file("bad.smrtm"), content);
    try {
      VariationalAutoEncoder::load(dir.file("bad.smrtm"));
      ADD_FAILURE() << "no error for " << needle;
    } catch (const smrt::IoError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("hello", "not an smrt model file");
  expect_error(bytes.substr(0, bytes.size() / 2), "truncated");
  std::string flipped = bytes;
  flipped[flipped.size() - 100] ^= 0x55;
  expect_error(flipped, "checksum");
  std::string bad_header = bytes;
  bad_header[22] = '#';  // the opening brace of the JSON header
  expect_error(bad_header, "corrupt model header");
  // Re-framed with a right checksum: a header asking for more weights than the
  // file holds is refused before the network is built; a mangled seed is an
  // IoError (std::stoull threw past the reader; model fuzz target).
  const smrt::nn::ModelFile good = smrt::nn::parse_model(bytes, "good");
  nlohmann::json huge = good.header;
  huge["architecture"]["hidden"] = {100000000};
  expect_error(smrt::nn::frame_model_bytes(huge, good.payload), "more than the file's");
  nlohmann::json seed = good.header;
  seed["seed"] = "c6376";
  expect_error(smrt::nn::frame_model_bytes(seed, good.payload), "seed 'c6376' is not a whole number");
  // Architecture sizes that are no whole numbers (get<int64_t> cast 1e30: undefined behaviour).
  for (const char* key : {"n_features", "n_latent", "n_conditions"}) {
    nlohmann::json odd = good.header;
    odd["architecture"][key] = 1e30;
    expect_error(smrt::nn::frame_model_bytes(odd, good.payload), std::string(key) + " 1e+30 is not a whole number");
  }
  for (const char* key : {"hidden", "sample_shape", "conv_channels"}) {
    nlohmann::json odd = good.header;
    odd["architecture"][key] = {2.5};
    expect_error(smrt::nn::frame_model_bytes(odd, good.payload), std::string(key) + " [2.5] is not a list of whole");
  }
  try {
    AutoEncoder::load(path);
    ADD_FAILURE() << "loaded a VAE as an AutoEncoder";
  } catch (const smrt::IoError& e) {
    EXPECT_NE(std::string(e.what()).find("holds a VariationalAutoEncoder"), std::string::npos) << e.what();
  }
  EXPECT_THROW(VariationalAutoEncoder::load(dir.file("missing.smrtm")), smrt::IoError);
}

// A header whose sample_shape disagrees with its n_features or convolutions is
// an IoError naming the file, before a network is built or an output shaped
// from it (the CLI wrote (n, 27, 27) .npy headers over 784-value rows).
TEST_F(AutoEncoderTest, HeadersThatDisagreeWithThemselvesAreIoErrors) {
  const Matrix X = rings(32);
  auto p = small(1);
  VariationalAutoEncoder dense(p);
  dense.fit(X.view(), {8, 8});
  p.architecture = "conv";
  p.conv_channels = {4, 8};
  VariationalAutoEncoder conv(p);
  conv.fit(X.view(), {8, 8});
  auto expect_error = [](const VariationalAutoEncoder& model, const nlohmann::json& shape, const std::string& needle) {
    const smrt::nn::ModelFile good = smrt::nn::parse_model(model.to_bytes(), "good");
    nlohmann::json header = good.header;
    header["architecture"]["sample_shape"] = shape;
    try {
      smrt::load_autoencoder(smrt::nn::parse_model(smrt::nn::frame_model_bytes(header, good.payload), "mixed.smrtm"));
      ADD_FAILURE() << "loaded sample_shape " << shape.dump() << "; expected " << needle;
    } catch (const smrt::IoError& e) {
      EXPECT_NE(std::string(e.what()).find("mixed.smrtm: "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  for (const auto* model : {&dense, &conv}) {
    expect_error(*model, {1, 27, 27}, "sample_shape [1, 27, 27] does not describe rows of its n_features 64 values");
    expect_error(*model, {8, 8}, "sample_shape [8, 8] does not describe");      // normalised to {1, 8, 8} on fit
    expect_error(*model, {-1, -8, 8}, "sample_shape [-1, -8, 8] does not describe");
    expect_error(*model, nlohmann::json::array(), "sample_shape [] does not describe");
  }
  expect_error(conv, {1, 2, 32}, "convolutional architecture is invalid");  // 2 rows do not halve twice
  expect_error(conv, {64}, "convolutional architecture is invalid");
}

// Every damaged field names the file: the scaling's and the architecture's own
// checks did not ("smrt: error: unknown scaling 'std' in the model header"),
// and the parameters a model keeps are checked as a fit checks them.
TEST_F(AutoEncoderTest, DamagedHeaderFieldsNameTheFile) {
  VariationalAutoEncoder vae(small(1));
  vae.fit(rings(16).view(), {8, 8});
  vae.set_param_text({{"n_epochs", "1"}, {"dropout", "1.0"}});  // as smrt::Model::fit_autoencoder records them
  const smrt::nn::ModelFile good = smrt::nn::parse_model(vae.to_bytes(), "good");
  ASSERT_TRUE(good.header.contains("params")) << good.header.dump();
  const std::vector<std::pair<std::function<void(nlohmann::json&)>, std::string>> edits{
      {[](nlohmann::json& h) { h["scaling"]["kind"] = "std"; }, "unknown scaling 'std'"},
      {[](nlohmann::json& h) { h["architecture"]["hidden"] = nlohmann::json::array(); }, "architecture is incomplete"},
      {[](nlohmann::json& h) { h["params"]["dropout"] = "2"; }, "dropout"},
      {[](nlohmann::json& h) { h["params"]["n_hiden"] = "4"; }, "n_hiden"},
      {[](nlohmann::json& h) { h["params"] = 3; }, "incomplete"}};
  for (const auto& [edit, needle] : edits) {
    nlohmann::json header = good.header;
    edit(header);
    try {
      smrt::load_autoencoder(smrt::nn::parse_model(smrt::nn::frame_model_bytes(header, good.payload), "bad.smrtm"));
      ADD_FAILURE() << "loaded " << header.dump();
    } catch (const smrt::IoError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("bad.smrtm: ", 0), 0u) << e.what();
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }
}

TEST_F(AutoEncoderTest, EarlyStoppingStops) {
  const Matrix X = blobs();
  auto p = small(500);
  p.training.train.early_stopping = 1;
  p.training.train.min_change = 1e9;  // every epoch counts as converged
  VariationalAutoEncoder vae(p);
  vae.fit(X.view());
  EXPECT_EQ(vae.epoch_costs().size(), 2u);
  p.training.train.early_stopping = 3;
  VariationalAutoEncoder patient(p);
  patient.fit(X.view());
  EXPECT_EQ(patient.epoch_costs().size(), 4u);
}

TEST_F(AutoEncoderTest, EveryChoiceTrains) {
  const Matrix X = blobs(40);
  for (const auto& f : smrt::nn::learning_function_names()) {
    auto p = small(2);
    p.training.optimizer.learning_function = smrt::nn::parse_learning_function(f);
    VariationalAutoEncoder vae(p);
    EXPECT_NO_THROW(vae.fit(X.view())) << f;
    for (double c : vae.epoch_costs()) EXPECT_TRUE(std::isfinite(c)) << f;
  }
  for (const auto& a : smrt::nn::activation_names()) {
    auto p = small(1);
    p.activation_function = a;
    EXPECT_NO_THROW(AutoEncoder(p).fit(X.view())) << a;
  }
  for (const auto& t : smrt::nn::layer_type_names())
    for (const auto& b : smrt::nn::bias_strategy_names()) {
      auto p = small(1);
      p.layer_type = t;
      p.bias_strategy = b;
      p.training.train.clip = false;
      p.training.optimizer.l2_penalty = 0;
      EXPECT_NO_THROW(VariationalAutoEncoder(p).fit(X.view())) << t << "/" << b;
    }
}

TEST_F(AutoEncoderTest, ConvolutionalModelOnImages) {
  const Matrix X = rings(32);
  auto p = small(2);
  p.architecture = "conv";
  // {1, 1}: the encoded image (4 values) is far smaller than the image (64),
  // so its dense layers hold fewer weights than a dense model's would (its file
  // was refused as "a damaged header").
  for (const std::vector<int64_t>& channels : {std::vector<int64_t>{4, 8}, std::vector<int64_t>{1, 1}}) {
    p.conv_channels = channels;
    VariationalAutoEncoder vae(p);
    vae.fit(X.view(), {8, 8});
    EXPECT_EQ(vae.generate(5).n_cols(), 64);
    EXPECT_EQ(vae.feed_forward(X.view()).n_rows(), 32);
    smrt::testing::TempDir dir;
    vae.save(dir.file("c.smrtm"));
    auto loaded = VariationalAutoEncoder::load(dir.file("c.smrtm"));
    EXPECT_TRUE(same(vae.generate(4), loaded.generate(4))) << channels.size();
    AutoEncoder ae(p);
    ae.fit(X.view(), {8, 8});
    ae.save(dir.file("a.smrtm"));
    EXPECT_TRUE(same(ae.feed_forward(X.view()), AutoEncoder::load(dir.file("a.smrtm")).feed_forward(X.view())));
  }
  p.conv_channels = {4, 8};
  VariationalAutoEncoder tabular(p);
  EXPECT_THROW(tabular.fit(blobs().view()), smrt::ParameterError);
  p.conv_channels = {4, 8, 8, 8};  // 8 x 8 does not halve four times
  VariationalAutoEncoder too_deep(p);
  EXPECT_THROW(too_deep.fit(X.view(), {8, 8}), smrt::ParameterError);
}

TEST_F(AutoEncoderTest, BadInputIsAnError) {
  VariationalAutoEncoder vae(small(1));
  EXPECT_THROW(vae.generate(3), smrt::Error);  // not fitted
  Matrix X = blobs(10);
  X(3, 2) = std::nanf("");
  EXPECT_THROW(vae.fit(X.view()), smrt::DataError);
  EXPECT_THROW(vae.fit(blobs(10).view(), {5}), smrt::DataError);  // shape does not match 6 columns
  auto p = small(1);
  p.dropout = 0;
  EXPECT_THROW(VariationalAutoEncoder{p}, smrt::ParameterError);
  p = small(1);
  p.activation_function = "softmax";
  EXPECT_THROW(VariationalAutoEncoder{p}, smrt::ParameterError);
}

TEST_F(AutoEncoderTest, ImageGridPng) {
  smrt::testing::TempDir dir;
  const Matrix X = rings(12);
  smrt::write_image_grid_png(dir.file("g.png"), X.view(), {8, 8});
  const std::string png = smrt::testing::read_text(dir.file("g.png"));
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  EXPECT_THROW(smrt::write_image_grid_png(dir.file("t.png"), blobs().view(), {6}), smrt::ParameterError);
}

// The grid's grey levels follow the images' own scale: 16-bit images were drawn all white
// (mapped from [0, 255]) and [-1, 1] images had their negative half black (mapped from [0, 1]).
TEST_F(AutoEncoderTest, ImageGridPngFollowsTheImagesRange) {
  smrt::testing::TempDir dir;
  // The grey (0-255) of pixel `p` of the first image of a grid, decoded from the PNG (zoom 2, gap 2).
  auto grey_of = [&](const std::vector<float>& values, int p) {
    Matrix X(1, static_cast<int64_t>(values.size()));
    std::copy(values.begin(), values.end(), X.row(0));
    smrt::write_image_grid_png(dir.file("g.png"), X.view(), {1, static_cast<int64_t>(values.size())});
    int w = 0, h = 0, c = 0;
    unsigned char* pixels = stbi_load(dir.file("g.png").c_str(), &w, &h, &c, 1);
    EXPECT_NE(pixels, nullptr);
    if (!pixels) return -1;
    const int grey = pixels[2 * w + 2 + 2 * p];
    stbi_image_free(pixels);
    return grey;
  };
  const std::vector<float> twelve_bit{0.0f, 2000.0f, 4000.0f};
  EXPECT_EQ(grey_of(twelve_bit, 0), 0);
  EXPECT_EQ(grey_of(twelve_bit, 1), 128);
  EXPECT_EQ(grey_of(twelve_bit, 2), 255);
  const std::vector<float> tanh_scaled{-1.0f, 0.0f, 0.5f};
  EXPECT_EQ(grey_of(tanh_scaled, 0), 0);
  EXPECT_EQ(grey_of(tanh_scaled, 1), 128);
  EXPECT_EQ(grey_of(tanh_scaled, 2), 191);
  const std::vector<float> standardised{-2.0f, 0.0f, 2.0f};
  EXPECT_EQ(grey_of(standardised, 0), 0);
  EXPECT_EQ(grey_of(standardised, 1), 128);
  EXPECT_EQ(grey_of(standardised, 2), 255);
  // The usual scales as before: [0, 1] and [0, 255].
  EXPECT_EQ(grey_of({0.0f, 0.5f, 1.0f}, 1), 128);
  EXPECT_EQ(grey_of({0.0f, 51.0f, 200.0f}, 1), 51);
}

}  // namespace

namespace {

// 37 binary-ish 28 x 28 "strokes" (a bright bar at a random row and column).
Matrix strokes(int n = 37, uint64_t seed = 11) {
  Matrix X(n, 784);
  smrt::Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    const auto r = static_cast<int>(rng.below(20)) + 4, c = static_cast<int>(rng.below(20)) + 4;
    for (int p = 0; p < 784; ++p) {
      const int y = p / 28, x = p % 28;
      X(i, p) = (std::abs(y - r) <= 1 || std::abs(x - c) <= 1) ? 1.0f : 0.0f;
    }
  }
  return X;
}

// The SMRT notebook's v_encoder (SGD at 0.075, 900 sigmoid units, 15 latent
// factors, dropout keep 0.4, no clipping, no L2) on 37 rows: before the
// gradient-norm cap its linear log-sigma head reached exp overflow within a
// few epochs and fit() threw "cost is not finite".
TEST_F(AutoEncoderTest, NotebookVEncoderSettingsTrainWithoutDiverging) {
  AutoEncoderParams p;
  p.n_hidden = {900};
  p.n_latent_factors = 15;
  p.dropout = 0.4;
  p.training.train.n_epochs = 25;
  p.training.train.batch_size = 256;
  p.training.train.clip = false;
  p.training.optimizer.learning_function = smrt::nn::LearningFunction::Sgd;
  p.training.optimizer.learning_rate = 0.075;
  p.training.optimizer.l2_penalty = 0.0;
  p.random_state = 0;
  VariationalAutoEncoder vae(p);
  const Matrix X = strokes();
  ASSERT_NO_THROW(vae.fit(X.view()));
  const auto& costs = vae.epoch_costs();
  ASSERT_EQ(costs.size(), 25u);
  for (double c : costs) EXPECT_TRUE(std::isfinite(c)) << c;
  EXPECT_LT(costs.back(), 0.8 * costs.front());
  const Matrix fake = vae.generate(5);
  for (float v : values(fake)) EXPECT_TRUE(std::isfinite(v));
}

}  // namespace
