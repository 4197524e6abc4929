// `smrt resample / fit / generate` with the GAN family on tiny 8 x 8 images:
// the model file generates the same images every time, and bad requests
// (unknown class, several classes without --class, missing labels, a table,
// a model file whose header disagrees with itself) are clear errors.
#include <gtest/gtest.h>

#include "smrt/core/npy_io.h"
#include "smrt/core/rng.h"
#include "smrt/nn/checkpoint.h"
#include "test_support.h"

namespace {

using smrt::testing::run_smrt;
using smrt::testing::TempDir;

// 30 images of class 3 and 10 of class 7, 8 x 8 uint-like values (`channels` > 1: C x 8 x 8).
void write_toy(const TempDir& dir, bool images = true, int channels = 1) {
  smrt::Dataset d;
  d.X = smrt::Matrix(40, 64 * channels);
  smrt::Rng rng(2);
  std::vector<int64_t> labels;
  for (int i = 0; i < 40; ++i) {
    labels.push_back(i < 30 ? 3 : 7);
    for (int p = 0; p < 64 * channels; ++p) d.X(i, p) = static_cast<float>(rng.below(256));
  }
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  if (images) d.sample_shape = channels > 1 ? std::vector<int64_t>{channels, 8, 8} : std::vector<int64_t>{8, 8};
  smrt::write_npy_dataset(dir.file("X.npy"), dir.file("y.npy"), smrt::RowSelection::all(d));
}

const std::string kTiny = " -p channels=4,8 -p latent_dim=4 -p n_epochs=1 -p batch_size=16 -q";

TEST(GanCli, FitThenGenerateIsReproducible) {
  TempDir dir;
  write_toy(dir);
  const std::string data = dir.file("X.npy") + " --labels " + dir.file("y.npy");
  auto fit = run_smrt("fit -m cgan " + data + " --seed 1 -o " + dir.file("m.smrtm") + kTiny);
  ASSERT_EQ(fit.exit_code, 0) << fit.output;
  for (const char* name : {"a.npy", "b.npy"}) {
    auto gen = run_smrt("generate " + dir.file("m.smrtm") + " --class 7 -n 5 --seed 4 -q -o " + dir.file(name));
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
  }
  EXPECT_EQ(smrt::testing::read_text(dir.file("a.npy")), smrt::testing::read_text(dir.file("b.npy")));
  const auto a = smrt::read_npy(dir.file("a.npy"));
  EXPECT_EQ(a.shape, (std::vector<int64_t>{5, 8, 8}));
  // Extensions in any case, as -o takes them: SEVENS.PNG is a PNG.
  auto grid = run_smrt("generate " + dir.file("m.smrtm") + " --class 7 -n 5 -q -o " + dir.file("c.npy") + " --grid " +
                       dir.file("SEVENS.PNG"));
  ASSERT_EQ(grid.exit_code, 0) << grid.output;
  EXPECT_TRUE(smrt::testing::file_exists(dir.file("SEVENS.PNG")));

  // A strategy that raises no class: one error naming the method once (it said "cgan: cgan: ...").
  auto none = run_smrt("fit -m deepsmote " + data + " -p sampling_strategy=3:30 -o " + dir.file("n.smrtm") + kTiny);
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("smrt: error: deepsmote: sampling_strategy="), std::string::npos) << none.output;
  EXPECT_EQ(none.output.find("deepsmote: deepsmote:"), std::string::npos) << none.output;
  auto unknown = run_smrt("generate " + dir.file("m.smrtm") + " --class 5 -n 5 -o " + dir.file("c.npy"));
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.output.find("generates only 3, 7"), std::string::npos) << unknown.output;
  auto ambiguous = run_smrt("generate " + dir.file("m.smrtm") + " -n 5 -o " + dir.file("c.npy"));
  EXPECT_NE(ambiguous.exit_code, 0);
  EXPECT_NE(ambiguous.output.find("--class"), std::string::npos) << ambiguous.output;
}

// A cgan models every class, so `fit` works on a set where no class needs new rows (it refused:
// "cgan: sampling_strategy='auto' adds rows to no class", so the help's `smrt fit --method cgan
// train_X.npy ...` failed on the balanced Fashion-MNIST), and generates any class of it.
TEST(GanCli, ACganIsFittedOnBalancedImages) {
  TempDir dir;
  smrt::Dataset d;
  d.X = smrt::Matrix(20, 64);
  std::vector<int64_t> labels;
  for (int i = 0; i < 20; ++i) {
    labels.push_back(i % 2 ? 7 : 3);
    for (int p = 0; p < 64; ++p) d.X(i, p) = static_cast<float>((i * 7 + p * 13) % 256);
  }
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  d.sample_shape = {8, 8};
  smrt::write_npy_dataset(dir.file("bX.npy"), dir.file("by.npy"), smrt::RowSelection::all(d));
  const std::string data = dir.file("bX.npy") + " --labels " + dir.file("by.npy");
  for (const char* strategy : {"", " -p sampling_strategy=3:10"}) {
    auto fit = run_smrt("fit -m cgan " + data + strategy + " --seed 1 -o " + dir.file("m.smrtm") + kTiny);
    ASSERT_EQ(fit.exit_code, 0) << strategy << ": " << fit.output;
    for (const char* c : {"3", "7"}) {
      auto gen = run_smrt("generate " + dir.file("m.smrtm") + " --class " + c + " -n 2 -q -o " + dir.file("g.npy"));
      ASSERT_EQ(gen.exit_code, 0) << gen.output;
      EXPECT_EQ(smrt::read_npy(dir.file("g.npy")).shape, (std::vector<int64_t>{2, 8, 8}));
    }
  }
  // resample has nothing to add there, and trains nothing: the images come back as they were.
  auto same = run_smrt("resample " + data + " -m cgan --seed 1 -o " + dir.file("out") + kTiny);
  ASSERT_EQ(same.exit_code, 0) << same.output;
  EXPECT_EQ(smrt::read_npy(dir.file("out_X.npy")).shape, (std::vector<int64_t>{20, 8, 8}));
}

// One class: named with its file, as `resample` says it (it was "input: the labels need at least 2
// classes to resample, got 1").
TEST(GanCli, FitOnOneClassNamesTheFile) {
  TempDir dir;
  smrt::Dataset d;
  d.X = smrt::Matrix(10, 64);
  std::vector<int64_t> labels(10, 4);
  for (int i = 0; i < 10; ++i)
    for (int p = 0; p < 64; ++p) d.X(i, p) = static_cast<float>((i + p) % 256);
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  d.sample_shape = {8, 8};
  smrt::write_npy_dataset(dir.file("X.npy"), dir.file("y.npy"), smrt::RowSelection::all(d));
  for (const char* method : {"cgan", "smate", "deepsmote"}) {
    auto fit = run_smrt(std::string("fit -m ") + method + " " + dir.file("X.npy") + " --labels " + dir.file("y.npy") +
                        " -o " + dir.file("m.smrtm") + kTiny);
    EXPECT_EQ(fit.exit_code, 1) << fit.output;
    EXPECT_NE(fit.output.find("smrt: error: " + dir.file("X.npy") + ": the labels hold only one class ('4'); " +
                              method + " is fitted on at least 2"),
              std::string::npos)
        << fit.output;
    EXPECT_FALSE(smrt::testing::file_exists(dir.file("m.smrtm")));
  }
}

// `smrt generate` wrote (n, H, W) for a VAE fitted on (n, 1, H, W) images and (n, 1, H, W) for a GAN:
// every kind now writes the shape `fit` was given.
TEST(GanCli, GenerateWritesTheShapeFitWasGivenForEveryModelKind) {
  TempDir dir;
  for (const std::vector<int64_t>& shape : {std::vector<int64_t>{8, 8}, {1, 8, 8}}) {
    smrt::Dataset d;
    d.X = smrt::Matrix(24, 64);
    smrt::Rng rng(2);
    std::vector<int64_t> labels;
    for (int i = 0; i < 24; ++i) {
      labels.push_back(i < 16 ? 3 : 7);
      for (int p = 0; p < 64; ++p) d.X(i, p) = static_cast<float>(rng.below(256));
    }
    d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
    d.sample_shape = shape;
    smrt::write_npy_dataset(dir.file("X.npy"), dir.file("y.npy"), smrt::RowSelection::all(d));
    const std::vector<int64_t> expected = shape.size() == 2 ? std::vector<int64_t>{4, 8, 8}
                                                            : std::vector<int64_t>{4, 1, 8, 8};
    const std::string data = dir.file("X.npy") + " --labels " + dir.file("y.npy");
    auto fit = run_smrt("fit -m cgan " + data + " -o " + dir.file("g.smrtm") + kTiny);
    ASSERT_EQ(fit.exit_code, 0) << fit.output;
    fit = run_smrt("fit -m vae " + data + " -p n_hidden=4 -p n_latent_factors=2 -p n_epochs=1 -q -o " +
                   dir.file("v.smrtm"));
    ASSERT_EQ(fit.exit_code, 0) << fit.output;
    auto gen = run_smrt("generate " + dir.file("g.smrtm") + " --class 7 -n 4 -q -o " + dir.file("g.npy"));
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    EXPECT_EQ(smrt::read_npy(dir.file("g.npy")).shape, expected);
    gen = run_smrt("generate " + dir.file("v.smrtm") + " -n 4 -q -o " + dir.file("v.npy") + " --grid " +
                   dir.file("v.png"));
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    EXPECT_EQ(smrt::read_npy(dir.file("v.npy")).shape, expected);
  }
}

// What the core refuses, the CLI says the same way: size errors name the method ("smrt: error: channels has
// 2 levels, ..." named none), and SMate's one-image class without augmentation is a usage error.
TEST(GanCli, ImageMethodErrorsNameTheMethod) {
  TempDir dir;
  write_toy(dir);
  const std::string data = dir.file("X.npy") + " --labels " + dir.file("y.npy");
  auto r = run_smrt("resample " + data + " -m cgan -p channels=2,2,2,2 -p n_epochs=1 -q -o " + dir.file("out"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("smrt: error: cgan: channels has 4 levels, so image height and width must divide by 16"),
            std::string::npos) << r.output;
  smrt::Dataset d;
  d.X = smrt::Matrix(21, 64);
  std::vector<int64_t> labels(21, 3);
  labels.back() = 7;
  for (int i = 0; i < 21; ++i)
    for (int p = 0; p < 64; ++p) d.X(i, p) = static_cast<float>((i + p) % 256);
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  d.sample_shape = {8, 8};
  smrt::write_npy_dataset(dir.file("X1.npy"), dir.file("y1.npy"), smrt::RowSelection::all(d));
  r = run_smrt("fit -m smate " + dir.file("X1.npy") + " --labels " + dir.file("y1.npy") +
               " -p augment_to=0 -p finetune_epochs=1 -o " + dir.file("s.smrtm") + kTiny);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("smrt: error: smate: class 7 has a single image and augment_to=0 adds none"),
            std::string::npos) << r.output;
  EXPECT_FALSE(smrt::testing::file_exists(dir.file("s.smrtm")));
}

TEST(GanCli, ResampleWritesImagesAndRefusesTables) {
  TempDir dir;
  write_toy(dir);
  const std::string data = dir.file("X.npy") + " --labels " + dir.file("y.npy");
  auto ok = run_smrt("resample " + data + " -m deepsmote --seed 1 -o " + dir.file("out") + kTiny);
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(smrt::read_npy(dir.file("out_X.npy")).shape, (std::vector<int64_t>{60, 8, 8}));

  auto unlabelled = run_smrt("fit -m smate " + dir.file("X.npy") + " -o " + dir.file("m.smrtm") + kTiny);
  EXPECT_NE(unlabelled.exit_code, 0);
  EXPECT_NE(unlabelled.output.find("--labels"), std::string::npos) << unlabelled.output;

  TempDir flat;
  write_toy(flat, false);
  auto table = run_smrt("resample " + flat.file("X.npy") + " --labels " + flat.file("y.npy") +
                        " -m augment -o " + flat.file("out"));
  EXPECT_NE(table.exit_code, 0);
  EXPECT_NE(table.output.find("N x H x W"), std::string::npos) << table.output;
}

// A grid of 2-channel images cannot be drawn: refused as a usage error before
// anything is generated or written (the .npy was written, then the grid failed).
TEST(GanCli, GridOfImagesThatCannotBeDrawnWritesNothing) {
  TempDir dir;
  write_toy(dir, true, 2);
  const std::string data = dir.file("X.npy") + " --labels " + dir.file("y.npy");
  auto cgan = run_smrt("fit -m cgan " + data + " --seed 1 -o " + dir.file("cgan.smrtm") + kTiny);
  ASSERT_EQ(cgan.exit_code, 0) << cgan.output;
  auto vae = run_smrt("fit -m vae " + data + " --seed 1 -p n_epochs=1 -o " + dir.file("vae.smrtm"));
  ASSERT_EQ(vae.exit_code, 0) << vae.output;
  for (const char* model : {"cgan.smrtm --class 7", "vae.smrtm"}) {
    auto gen = run_smrt("generate " + dir.file(model) + " -n 3 -o " + dir.file("g.npy") + " --grid " + dir.file("g.png"));
    EXPECT_EQ(gen.exit_code, 2) << model << ": " << gen.output;
    EXPECT_NE(gen.output.find("g.png: images with 2 channels cannot be drawn"), std::string::npos) << gen.output;
    EXPECT_FALSE(smrt::testing::file_exists(dir.file("g.npy"))) << model;
    EXPECT_EQ(dir.list().size(), 4u) << model;  // X.npy, y.npy and the two models
  }
}

// A model file whose header disagrees with itself (re-framed with its
// checksum right) is a file error, status 1, naming the file and the fields;
// nothing is written. Class names fewer than the cgan's labels crashed
// `generate` (SIGSEGV); a sample_shape of 5 wrote (n, 5) arrays of 64-value images.
TEST(GanCli, AModelHeaderThatDisagreesWithItselfIsAFileError) {
  TempDir dir;
  write_toy(dir);
  const std::string data = dir.file("X.npy") + " --labels " + dir.file("y.npy");
  auto fit = run_smrt("fit -m cgan " + data + " --seed 1 -o " + dir.file("m.smrtm") + kTiny);
  ASSERT_EQ(fit.exit_code, 0) << fit.output;
  const smrt::nn::ModelFile good = smrt::nn::parse_model(smrt::testing::read_text(dir.file("m.smrtm")), "m.smrtm");
  auto tampered = [&](const std::string& name, const std::string& field, const nlohmann::json& value) {
    nlohmann::json header = good.header;
    header[field] = value;
    smrt::testing::write_text(dir.file(name), smrt::nn::frame_model_bytes(header, good.payload));
    return dir.file(name);
  };
  const std::string few = tampered("few.smrtm", "class_names", {"3"});
  auto gen = run_smrt("generate " + few + " --class 3 -n 2 -o " + dir.file("g.npy"));
  EXPECT_EQ(gen.exit_code, 1) << gen.output;
  EXPECT_NE(gen.output.find("smrt: error: " + few + ": the cgan model header's class_names lists 1 class(es) but "
                            "architecture.n_labels is 2"),
            std::string::npos)
      << gen.output;
  const std::string flat = tampered("flat.smrtm", "sample_shape", {5});
  gen = run_smrt("generate " + flat + " --class 7 -n 2 -o " + dir.file("g.npy"));
  EXPECT_EQ(gen.exit_code, 1) << gen.output;
  EXPECT_NE(gen.output.find(flat + ": the cgan model header's sample_shape [5] does not describe the 1 x 8 x 8 images"),
            std::string::npos)
      << gen.output;
  EXPECT_FALSE(smrt::testing::file_exists(dir.file("g.npy")));
}

}  // namespace
