// cgan, smate and deepsmote on tiny 8 x 8 toy images (a few steps each):
// class counts follow the strategy, values stay in the data's range, the
// same seed gives the same images, save -> load -> generate reproduces the
// output, every SMate loss trains, and bad input is a clear error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

#include "smrt/core/error.h"
#include "smrt/generative/gan_training.h"
#include "smrt/generative/image_model.h"
#include "smrt/generative/model_file.h"
#include "smrt/nn/checkpoint.h"
#include "smrt/sample/registry.h"
#include "test_support.h"

namespace {

using Params = std::map<std::string, std::string>;

// Three classes of 8 x 8 images in 0..255: a bright left half (class a),
// a bright top half (class b), a bright centre (class c, the minority).
smrt::Dataset toy_images(int n_a = 24, int n_b = 24, int n_c = 6) {
  smrt::Dataset d;
  const int n = n_a + n_b + n_c;
  d.X = smrt::Matrix(n, 64);
  std::vector<std::string> labels;
  smrt::Rng rng(11);
  for (int i = 0; i < n; ++i) {
    const char cls = i < n_a ? 'a' : i < n_a + n_b ? 'b' : 'c';
    labels.push_back(std::string(1, cls));
    for (int p = 0; p < 64; ++p) {
      const int y = p / 8, x = p % 8;
      const bool on = cls == 'a' ? x < 4 : cls == 'b' ? y < 4 : (x > 1 && x < 6 && y > 1 && y < 6);
      d.X(i, p) = (on ? 200.0f : 20.0f) + static_cast<float>(rng.uniform() * 30);
    }
  }
  d.classes = smrt::ClassIndex::from_strings(labels, &d.y);
  d.sample_shape = {8, 8};
  return d;
}

Params tiny(const std::string& method, Params extra = {}) {
  Params p{{"random_state", "3"}, {"verbose", "0"}, {"channels", "4,8"}, {"latent_dim", "8"},
           {"n_epochs", "2"},     {"batch_size", "16"}};
  if (method == "smate") p["finetune_epochs"] = "2", p["augment_to"] = "16";
  for (auto& kv : extra) p[kv.first] = kv.second;
  return p;
}

const smrt::SamplerRegistry& registry() {
  smrt::register_sample_methods();
  smrt::generative::register_gan_methods();
  return smrt::SamplerRegistry::global();
}

class GanSamplers : public ::testing::TestWithParam<std::string> {};

TEST_P(GanSamplers, BalanceTheClassesWithImagesInRange) {
  const auto data = toy_images();
  auto sampler = registry().create(GetParam(), tiny(GetParam()));
  auto out = sampler->fit_resample(data);
  EXPECT_EQ(out.class_counts(data.view()), (std::vector<int64_t>{24, 24, 24}));
  ASSERT_EQ(out.synthetic.n_rows(), 18);
  for (float v : out.synthetic.storage()) {
    ASSERT_TRUE(std::isfinite(v));
    EXPECT_GE(v, 20.0f - 1e-3f);
    EXPECT_LE(v, 230.0f + 1e-3f);
  }
  for (int32_t id : out.synthetic_y) EXPECT_EQ(id, 2);
}

TEST_P(GanSamplers, AClassOfOneImageAndALastBatchOfOneTrain) {
  // 24 + 8 + 1 images: one minority image, and batches of 16 leave one image over (no class
  // balancing for deepsmote). Batch normalisation cannot train on a batch of one: those steps are skipped.
  const auto data = toy_images(24, 8, 1);
  const Params extra = GetParam() == "deepsmote" ? Params{{"balance", "False"}} : Params{};
  auto sampler = registry().create(GetParam(), tiny(GetParam(), extra));
  auto out = sampler->fit_resample(data);
  EXPECT_EQ(out.class_counts(data.view()), (std::vector<int64_t>{24, 24, 24}));
  for (float v : out.synthetic.storage()) ASSERT_TRUE(std::isfinite(v));
}

// Images of one value (every pixel 255, above 16 where lo + 1e-6 rounds back to lo): the range they were
// scaled by was empty, and training stopped on NaN losses ("lower learning_rate") or LibTorch's
// "all elements of input should be between 0 and 1".
TEST_P(GanSamplers, ConstantImagesTrainAndGiveThatValue) {
  auto data = toy_images();
  std::fill(data.X.storage().begin(), data.X.storage().end(), 255.0f);
  auto out = registry().create(GetParam(), tiny(GetParam()))->fit_resample(data);
  ASSERT_EQ(out.synthetic.n_rows(), 18);
  for (float v : out.synthetic.storage()) {
    ASSERT_TRUE(std::isfinite(v));
    EXPECT_NEAR(v, 255.0f, 0.3f);
  }
}

TEST_P(GanSamplers, SameSeedSameImagesOtherSeedOthers) {
  const auto data = toy_images();
  auto run = [&](const std::string& seed) {
    auto p = tiny(GetParam());
    p["random_state"] = seed;
    return registry().create(GetParam(), p)->fit_resample(data).synthetic.storage();
  };
  const auto first = run("5");
  EXPECT_EQ(first, run("5"));
  EXPECT_NE(first, run("6"));
}

TEST_P(GanSamplers, SaveLoadGenerateReproducesTheOutput) {
  const auto data = toy_images();
  auto sampler = registry().create(GetParam(), tiny(GetParam()));
  sampler->fit_resample(data);
  auto* model = dynamic_cast<smrt::generative::ImageModelSampler&>(*sampler).model();
  ASSERT_NE(model, nullptr);
  smrt::testing::TempDir dir;
  model->save(dir.file("model.smrtm"));
  auto loaded = smrt::generative::load_image_model(dir.file("model.smrtm"));
  EXPECT_EQ(loaded->method(), GetParam());
  EXPECT_EQ(loaded->class_names(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(loaded->sample_shape(), (std::vector<int64_t>{8, 8}));
  smrt::Rng r1(9), r2(9);
  auto before = model->generate(2, 7, r1);
  auto after = loaded->generate(2, 7, r2);
  EXPECT_EQ(before.storage(), after.storage());
}

TEST_P(GanSamplers, TablesAndBadShapesAreClearErrors) {
  auto data = toy_images();
  data.sample_shape = {};
  try {
    registry().create(GetParam(), tiny(GetParam()))->fit_resample(data);
    FAIL() << "a table was accepted";
  } catch (const smrt::DataError& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam()), std::string::npos) << e.what();
  }
  data.sample_shape = {4, 16};  // 4 levels of halving do not divide 4
  try {
    registry().create(GetParam(), tiny(GetParam(), {{"channels", "2,2,2,2"}}))->fit_resample(data);
    FAIL() << "4 levels of halving on 4 x 16 images were accepted";
  } catch (const smrt::ParameterError& e) {  // named no method: "smrt: error: channels has 4 levels, ..."
    EXPECT_EQ(std::string(e.what()).rfind(GetParam() + ": channels has 4 levels", 0), 0u) << e.what();
  }
  // Batch normalisation skips batches of one image: batch_size=1 trained nothing (losses 0), silently.
  data.sample_shape = {8, 8};
  try {
    registry().create(GetParam(), tiny(GetParam(), {{"batch_size", "1"}}))->fit_resample(data);
    FAIL() << "batch_size=1 was accepted with batch_norm=True";
  } catch (const smrt::ParameterError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(GetParam() + ": batch_size=1 trains nothing with batch_norm=True", 0), 0u)
        << e.what();
  }
  EXPECT_EQ(registry().create(GetParam(), tiny(GetParam(), {{"batch_size", "1"}, {"batch_norm", "False"}, {"n_epochs", "1"}}))
                ->fit_resample(data).synthetic.n_rows(),
            18);
}

INSTANTIATE_TEST_SUITE_P(Methods, GanSamplers, ::testing::Values("cgan", "smate", "deepsmote"));

TEST(Smate, EveryLossTrains) {
  const auto data = toy_images();
  for (const char* loss : {"gan", "wgan-gp", "lsgan", "dragan", "hinge"}) {
    auto out = registry().create("smate", tiny("smate", {{"loss", loss}, {"n_epochs", "1"}}))->fit_resample(data);
    EXPECT_EQ(out.synthetic.n_rows(), 18) << loss;
    for (float v : out.synthetic.storage()) ASSERT_TRUE(std::isfinite(v)) << loss;
  }
}

TEST(Smate, OneGeneratorPerTargetedClassAndOneLayerLeftToTrain) {
  auto data = toy_images(30, 6, 6);
  auto sampler = registry().create("smate", tiny("smate", {{"n_frozen", "2"}}));
  sampler->fit_resample(data);
  auto* model = dynamic_cast<smrt::generative::ImageModelSampler&>(*sampler).model();
  EXPECT_EQ(model->classes(), (std::vector<int32_t>{1, 2}));
  EXPECT_THROW(registry().create("smate", tiny("smate", {{"n_frozen", "3"}})), smrt::ParameterError);
}

// A class of one image that augment_to=0 does not grow was never fine-tuned (batch normalisation skips
// batches of one): its generator stayed the pre-trained one and drew the majority classes' images, silently.
TEST(Smate, AClassOfOneImageNotAugmentedIsRefusedUnderBatchNorm) {
  const auto data = toy_images(24, 8, 1);
  try {
    registry().create("smate", tiny("smate", {{"augment_to", "0"}}))->fit_resample(data);
    FAIL() << "a class of one image was left to the pre-trained generator";
  } catch (const smrt::ParameterError& e) {
    const std::string text = e.what();
    EXPECT_EQ(text.rfind("smate: class 'c' has a single image and augment_to=0 adds none", 0), 0u) << text;
    EXPECT_NE(text.find("set augment_to to 2 or more"), std::string::npos) << text;
    EXPECT_NE(text.find("batch_norm=False"), std::string::npos) << text;
  }
  // Either change trains it.
  for (const Params& fix : {Params{{"augment_to", "2"}}, Params{{"augment_to", "0"}, {"batch_norm", "False"}}}) {
    const auto out = registry().create("smate", tiny("smate", fix))->fit_resample(data);
    EXPECT_EQ(out.class_counts(data.view()), (std::vector<int64_t>{24, 24, 24}));
  }
}

TEST(GanParameters, BadValuesNameTheParameter) {
  EXPECT_THROW(registry().create("smate", {{"loss", "wasserstein"}}), smrt::ParameterError);
  EXPECT_THROW(registry().create("cgan", {{"minority_repeat", "0"}}), smrt::ParameterError);
  EXPECT_THROW(registry().create("deepsmote", {{"k_neighbors", "0"}}), smrt::ParameterError);
  EXPECT_THROW(registry().create("cgan", {{"beta1", "1"}}), smrt::ParameterError);
  smrt::testing::TempDir dir;
  smrt::testing::write_text(dir.file("junk.smrtm"), "not a model");
  EXPECT_THROW(smrt::generative::load_image_model(dir.file("junk.smrtm")), smrt::IoError);
}

}  // namespace

namespace {

TEST(GanBatchNorm, NetworksWithAndWithoutBatchNormTrainSaveAndLoad) {
  const auto data = toy_images();
  for (const std::string method : {"cgan", "deepsmote"})
    for (const std::string bn : {"True", "False"}) {
      SCOPED_TRACE(method + " batch_norm=" + bn);
      Params extra{{"batch_norm", bn}};
      if (method == "cgan") extra["ema_decay"] = "0";
      auto sampler = registry().create(method, tiny(method, extra));
      auto out = sampler->fit_resample(data);
      for (float v : out.synthetic.storage()) ASSERT_TRUE(std::isfinite(v));
      auto* model = dynamic_cast<smrt::generative::ImageModelSampler&>(*sampler).model();
      smrt::testing::TempDir dir;
      model->save(dir.file("bn.smrtm"));
      auto loaded = smrt::generative::load_image_model(dir.file("bn.smrtm"));
      const int32_t c = method == "cgan" ? 0 : 2;  // deepsmote keeps codes of the targeted class only
      smrt::Rng r1(2), r2(2);
      EXPECT_EQ(model->generate(c, 5, r1).storage(), loaded->generate(c, 5, r2).storage());
    }
}

TEST(GanTraining, BalancedRowsRepeatEachSmallerClassUpToTheLargest) {
  const auto data = toy_images(24, 10, 6);
  std::vector<int64_t> rows;
  for (int64_t r = 0; r < data.n_rows(); ++r)
    if (r % 2 == 0 || data.y[static_cast<size_t>(r)] != 0) rows.push_back(r);  // class a: 12 of its 24
  smrt::Rng rng(4);
  const auto out = smrt::generative::balanced_rows(data.view(), rows, rng);
  ASSERT_EQ(out.size(), 36u);
  EXPECT_TRUE(std::equal(rows.begin(), rows.end(), out.begin()));  // the originals first, in order
  std::map<int32_t, int64_t> count;
  for (size_t i = 0; i < out.size(); ++i) {
    ++count[data.y[static_cast<size_t>(out[i])]];
    if (i >= rows.size()) {  // a repeat of a row that was given, never another of the class
      EXPECT_NE(std::find(rows.begin(), rows.end(), out[i]), rows.end()) << out[i];
    }
  }
  EXPECT_EQ(count, (std::map<int32_t, int64_t>{{0, 12}, {1, 12}, {2, 12}}));
}

TEST(GanModelFiles, AMissingCommonHeaderFieldIsAnIoErrorNamingTheFile) {
  smrt::testing::TempDir dir;
  for (const std::string kind : {"cgan", "smate", "deepsmote"}) {
    const std::string path = dir.file(kind + "_bare.smrtm");
    torch::nn::Module empty;
    smrt::nn::save_model(path, {{"class", kind}}, empty);
    try {
      smrt::generative::load_image_model(path);
      ADD_FAILURE() << kind << ": a header without architecture loaded";
    } catch (const smrt::IoError& e) {
      EXPECT_NE(std::string(e.what()).find(kind + "_bare.smrtm"), std::string::npos) << e.what();
    }
  }
}

// `method`'s model fitted on the toy images, as its file's header and weights.
smrt::nn::ModelFile fitted_model_file(const std::string& method) {
  auto sampler = registry().create(method, tiny(method));
  sampler->fit_resample(toy_images());
  auto* model = dynamic_cast<smrt::generative::ImageModelSampler&>(*sampler).model();
  if (model == nullptr) throw std::logic_error(method + " kept no model");
  return smrt::nn::parse_model(model->to_bytes(), "good");
}

// Loading `header` over `good`'s weights (re-framed with its checksum set
// right, as the model fuzz target does) is an IoError naming `file`, with `needle`.
void expect_load_error(const smrt::nn::ModelFile& good, const nlohmann::json& header, const std::string& file,
                       const std::string& needle) {
  try {
    smrt::generative::load_model_bytes(smrt::nn::frame_model_bytes(header, good.payload), file);
    ADD_FAILURE() << "loaded; expected " << needle;
  } catch (const smrt::IoError& e) {
    EXPECT_NE(std::string(e.what()).find(file + ": "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

// A damaged header is an IoError before anything is built from it: a field a
// method reads after the common header (it escaped as nlohmann's exception),
// an architecture larger than the file's weights (it was allocated first),
// DeepSMOTE code rows that are no row counts. Headers re-framed with their
// checksum set right, as the model fuzz target does.
TEST_P(GanSamplers, DamagedHeadersAreIoErrorsBeforeAnythingIsBuilt) {
  const smrt::nn::ModelFile good = fitted_model_file(GetParam());
  auto expect_error = [&](const nlohmann::json& header, const std::string& needle) {
    expect_load_error(good, header, "damaged.smrtm", needle);
  };
  const std::string own_field = GetParam() == "deepsmote" ? "k_neighbors" : "loss";
  nlohmann::json missing = good.header;
  missing.erase(own_field);
  expect_error(missing, "'" + own_field + "' not found");
  nlohmann::json huge = good.header;
  huge["architecture"]["latent_dim"] = 1000000000;
  expect_error(huge, "more than the file's");
  if (GetParam() == "deepsmote") {
    nlohmann::json negative = good.header;
    negative["code_rows"][0] = -5;
    expect_error(negative, "code_rows holds -5");
  }
  // Whole-number fields holding other numbers: nlohmann's get<int64_t> cast 1e30
  // (undefined behaviour) and truncated 2.5; each is refused by name.
  std::vector<std::pair<std::vector<std::string>, nlohmann::json>> not_whole = {
      {{"architecture", "latent_dim"}, 1e30},
      {{"architecture", "n_labels"}, 0.5},
      {{"architecture", "channels"}, {8.5}},
      {{"architecture", "image_shape"}, {1, 8.0, 1e30}},
      {{"sample_shape"}, {8, 8.5}}};
  if (GetParam() != "cgan") {  // the cgan's classes are its labels: it keeps no list of them
    not_whole.push_back({{"classes"}, {1.5}});
    not_whole.push_back({{GetParam() == "deepsmote" ? "k_neighbors" : "n_frozen"}, 1e30});
  }
  for (const auto& [keys, value] : not_whole) {
    nlohmann::json header = good.header;
    nlohmann::json* field = &header;
    for (const auto& key : keys) field = &(*field)[key];
    *field = value;
    expect_error(header, "the model header's " + keys.back() + " " + value.dump() + " is not");
  }
}

// A header whose fields disagree with each other is an IoError naming the
// file and the fields, before anything is indexed or shaped from them: class
// names fewer than the cgan's labels (Model::classes() read past them and
// crashed), a sample shape that does not hold the generator's images (the CLI
// wrote (n, 5) arrays of 64-value images), class ids that are no class.
TEST_P(GanSamplers, HeadersThatDisagreeWithThemselvesAreIoErrors) {
  const smrt::nn::ModelFile good = fitted_model_file(GetParam());
  ASSERT_NO_THROW(smrt::generative::load_model_bytes(smrt::nn::frame_model_bytes(good.header, good.payload), "good"));
  auto expect_error = [&](const std::function<void(nlohmann::json&)>& edit, const std::string& needle) {
    nlohmann::json header = good.header;
    edit(header);
    expect_load_error(good, header, "mixed.smrtm", needle);
  };
  const bool cgan = GetParam() == "cgan";
  // One class name fewer: the cgan has 3 labels; smate's and deepsmote's class 2 is no class.
  expect_error([](auto& h) { h["class_names"] = {"a", "b"}; },
               cgan ? "class_names lists 2 class(es) but architecture.n_labels is 3" : "classes holds 2");
  expect_error([](auto& h) { h["class_names"] = {"a", "b", "a"}; }, "class_names lists 'a' more than once");
  for (const nlohmann::json& shape : {nlohmann::json{5}, nlohmann::json{8, 9}, nlohmann::json{-8, -8},
                                      nlohmann::json{1, 1, 8, 8}, nlohmann::json::array()})
    expect_error([&](auto& h) { h["sample_shape"] = shape; }, "sample_shape [");
  expect_error([](auto& h) { h["sample_shape"] = {5}; },
               "sample_shape [5] does not describe the 1 x 8 x 8 images of its architecture.image_shape");
  expect_error([](auto& h) { h["value_range"] = {255, 0}; }, "value_range [255, 0]");
  if (cgan) {
    expect_error([](auto& h) { h["architecture"]["n_labels"] = 4; }, "architecture.n_labels is 4");
  } else {
    expect_error([](auto& h) { h["architecture"]["n_labels"] = 3; }, "architecture.n_labels is 3");
    expect_error([](auto& h) { h["classes"] = {-1}; }, "classes holds -1");
    expect_error([](auto& h) { h["classes"] = nlohmann::json::array(); }, "classes lists no class");
    expect_error([](auto& h) { h["classes"] = {2, 2}; }, "classes lists 2 more than once");
  }
  if (GetParam() == "smate") expect_error([](auto& h) { h["n_frozen"] = 3; }, "n_frozen is 3 for a generator of 3 layers");
  if (GetParam() == "deepsmote") {
    expect_error([](auto& h) { h["k_neighbors"] = 0; }, "k_neighbors is 0");
    expect_error([](auto& h) { h["code_rows"][0] = 0; }, "code_rows holds 0");
  }
}

}  // namespace
