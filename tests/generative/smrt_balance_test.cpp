// SMRT: balance_ratio counts, seeds, prefit estimators, archetype selection,
// the registered `smrt` sampler's parameter table, and the fit / generate /
// resample commands.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/core/threads.h"
#include "smrt/generative/register.h"
#include "smrt/generative/smrt_balance.h"
#include "smrt/generative/smrt_sampler.h"
#include "smrt/sample/registry.h"
#include "test_support.h"

namespace {

using Params = std::map<std::string, std::string>;

// Three classes of 4 features: 100 / 30 / 10 rows around different centres.
smrt::Dataset three_classes() {
  smrt::Dataset d;
  const int counts[3] = {100, 30, 10};
  d.X = smrt::Matrix(140, 4);
  std::vector<int64_t> labels;
  smrt::Rng rng(1);
  int row = 0;
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < counts[c]; ++i, ++row) {
      for (int j = 0; j < 4; ++j) d.X(row, j) = static_cast<float>(5.0 * c + (j == c ? 3.0 : 0.0) + rng.normal());
      labels.push_back(c * 10);
    }
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  return d;
}

smrt::SmrtOptions quick() {
  smrt::SmrtOptions o;
  o.vae.n_hidden = {8};
  o.vae.n_latent_factors = 2;
  o.vae.training.train.n_epochs = 3;
  o.vae.training.train.batch_size = 16;
  return o;
}

// quick() trained long enough (Adam) for its rows to look like their class.
smrt::SmrtOptions trained() {
  smrt::SmrtOptions o = quick();
  o.vae.training.train.n_epochs = 60;
  o.vae.training.optimizer.learning_function = smrt::nn::LearningFunction::Adam;
  o.vae.training.optimizer.learning_rate = 0.01;
  return o;
}

Params quick_params() {
  return {{"n_hidden", "8"}, {"n_latent_factors", "2"}, {"n_epochs", "3"}, {"batch_size", "16"}};
}

std::vector<float> values(const smrt::Matrix& m) { return std::vector<float>(m.data(), m.data() + m.n_rows() * m.n_cols()); }

std::vector<int64_t> counts_of(const std::vector<int32_t>& y, int n_classes) {
  std::vector<int64_t> out(static_cast<size_t>(n_classes), 0);
  for (int32_t c : y) ++out[static_cast<size_t>(c)];
  return out;
}

class SmrtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    smrt::set_num_threads(1);
    smrt::register_generative_methods();
  }
};

TEST_F(SmrtTest, BalanceRatioCounts) {
  const auto d = three_classes();
  auto r = smrt::smrt_balance(d.view(), 0.5, false, true, quick());
  EXPECT_EQ(counts_of(r.y, 3), (std::vector<int64_t>{100, 50, 50}));
  EXPECT_EQ(r.estimators.size(), 2u);
  // Not shuffled: the input rows come first, unchanged.
  for (int j = 0; j < 4; ++j) EXPECT_EQ(r.X(7, j), d.X(7, j));
  r = smrt::smrt_balance(d.view(), 0.2, true, false, quick());
  EXPECT_EQ(counts_of(r.y, 3), (std::vector<int64_t>{100, 30, 20}));  // 30 >= int(0.2 x 100)
  EXPECT_TRUE(r.estimators.empty());
  for (float v : values(r.X)) EXPECT_TRUE(std::isfinite(v));
  EXPECT_THROW(smrt::smrt_balance(d.view(), 1.5, true, false, quick()), smrt::ParameterError);
}

TEST_F(SmrtTest, SameSeedSameRows) {
  const auto d = three_classes();
  for (bool from_samples : {false, true}) {
    auto o = quick();
    o.gen_from_samples = from_samples;
    const auto a = smrt::smrt_balance(d.view(), 0.5, true, false, o, 3);
    const auto b = smrt::smrt_balance(d.view(), 0.5, true, false, o, 3);
    const auto c = smrt::smrt_balance(d.view(), 0.5, true, false, o, 4);
    EXPECT_EQ(values(a.X), values(b.X));
    EXPECT_EQ(a.y, b.y);
    EXPECT_NE(values(a.X), values(c.X));
  }
}

// interpolate: with no noise, every new row decodes a point on the segment
// between two archetype codes; a decoder that is nearly linear on 2 latent
// factors keeps it inside the class's range, and the same seed repeats it.
TEST_F(SmrtTest, InterpolationBetweenArchetypesStaysInTheClass) {
  const auto d = three_classes();
  auto o = trained();
  o.interpolate = true;
  o.generate_args.scale = 0.0;
  const auto a = smrt::smrt_balance(d.view(), 0.5, false, true, o, 5);
  const auto b = smrt::smrt_balance(d.view(), 0.5, false, false, o, 5);
  EXPECT_EQ(values(a.X), values(b.X));
  EXPECT_EQ(counts_of(a.y, 3), (std::vector<int64_t>{100, 50, 50}));
  double mean2 = 0;
  int n = 0;
  for (int64_t i = d.n_rows(); i < a.X.n_rows(); ++i) {
    for (int j = 0; j < 4; ++j) EXPECT_TRUE(std::isfinite(a.X(i, j)));
    if (a.y[static_cast<size_t>(i)] == 2) mean2 += a.X(i, 2), ++n;
  }
  ASSERT_EQ(n, 40);
  EXPECT_NEAR(mean2 / n, 13.0, 1.5);  // class id 2's feature 2 sits at 13
  // generate_between checks its shapes.
  auto& vae = *a.estimators.at(2);
  smrt::Matrix two(2, 4), one(1, 4);
  EXPECT_THROW(vae.generate_between(two.view(), one.view(), {0.5, 0.5}), smrt::DataError);
}

// interpolate_neighbors: a class of two far clusters (feature 0 at -8 and
// +8). Pairs of neighbouring archetypes stay inside a cluster; pairs of any
// archetypes cross the gap, putting rows where the class has none.
TEST_F(SmrtTest, InterpolationBetweenNeighbouringArchetypesStaysInItsCluster) {
  smrt::Dataset d;
  d.X = smrt::Matrix(72, 4);
  std::vector<int64_t> labels;
  smrt::Rng rng(2);
  for (int64_t i = 0; i < 72; ++i) {
    const bool minority = i >= 60;
    const double centre0 = !minority ? 0.0 : i % 2 == 0 ? -8.0 : 8.0;
    d.X(i, 0) = static_cast<float>(centre0 + 0.3 * rng.normal());
    d.X(i, 1) = static_cast<float>((minority ? 10.0 : 0.0) + 0.3 * rng.normal());
    for (int j = 2; j < 4; ++j) d.X(i, j) = static_cast<float>(0.3 * rng.normal());
    labels.push_back(minority ? 1 : 0);
  }
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  auto o = trained();
  o.interpolate = true;
  o.residual = true;
  o.min_error_sample = 1.0;
  o.generate_args.scale = 0.0;
  auto rows_in_the_gap = [&](int k) {
    o.interpolate_neighbors = k;
    const auto r = smrt::smrt_balance(d.view(), 1.0, false, false, o, 7);
    EXPECT_EQ(counts_of(r.y, 2), (std::vector<int64_t>{60, 60}));
    int in_gap = 0;
    for (int64_t i = d.n_rows(); i < r.X.n_rows(); ++i) in_gap += std::abs(r.X(i, 0)) < 4.0f;
    return in_gap;
  };
  EXPECT_EQ(rows_in_the_gap(5), 0);  // each cluster has 6 rows: its 5 nearest are its own
  EXPECT_GE(rows_in_the_gap(0), 4);  // about a quarter of 48 when any two pair
  o.interpolate_neighbors = -1;
  EXPECT_THROW(smrt::smrt_balance(d.view(), 1.0, false, false, o, 7), smrt::ParameterError);
}

TEST_F(SmrtTest, SyntheticRowsLookLikeTheirClass) {
  const auto d = three_classes();
  auto o = trained();
  const auto r = smrt::smrt_balance(d.view(), 0.5, false, false, o);
  // Class id 2 is centred on 10 with feature 2 at 13; class id 1 on 5.
  double mean0 = 0, mean2 = 0;
  int n = 0;
  for (int64_t i = d.n_rows(); i < r.X.n_rows(); ++i)
    if (r.y[static_cast<size_t>(i)] == 2) {
      mean0 += r.X(i, 0);
      mean2 += r.X(i, 2);
      ++n;
    }
  ASSERT_EQ(n, 40);
  EXPECT_NEAR(mean0 / n, 10.0, 1.5);
  EXPECT_NEAR(mean2 / n, 13.0, 1.5);
}

TEST_F(SmrtTest, ArchetypesLeaveOutliersOut) {
  // Class id 1: 36 rows near 0 and 4 outliers at 40 in feature 0.
  smrt::Dataset d;
  d.X = smrt::Matrix(140, 3);
  std::vector<int64_t> labels;
  smrt::Rng rng(2);
  for (int i = 0; i < 140; ++i) {
    const bool minority = i >= 100, outlier = i >= 136;
    for (int j = 0; j < 3; ++j) d.X(i, j) = static_cast<float>((minority ? 0.0 : 20.0) + 0.5 * rng.normal());
    if (outlier) d.X(i, 0) = 40.0f;
    labels.push_back(minority ? 1 : 0);
  }
  d.classes = smrt::ClassIndex::from_integers(labels, &d.y);
  auto o = trained();
  o.gen_from_samples = true;
  o.min_error_sample = 0.5;
  o.vae.n_latent_factors = 2;
  const auto r = smrt::smrt_balance(d.view(), 1.0, false, true, o);
  const auto errors = r.estimators.at(1)->reconstruction_error(d.X.view());
  // The outliers are the worst-reconstructed rows of their class...
  double worst_inlier = 0;
  for (int i = 100; i < 136; ++i) worst_inlier = std::max(worst_inlier, errors[static_cast<size_t>(i)]);
  for (int i = 136; i < 140; ++i) EXPECT_GT(errors[static_cast<size_t>(i)], worst_inlier);
  // ...so no new row is drawn around them.
  for (int64_t i = d.n_rows(); i < r.X.n_rows(); ++i) EXPECT_LT(r.X(i, 0), 20.0f) << "row " << i;
}

TEST_F(SmrtTest, RegisteredSamplerAndPrefitEstimators) {
  const auto d = three_classes();
  auto& reg = smrt::SamplerRegistry::global();
  ASSERT_TRUE(reg.contains("smrt"));
  auto p = quick_params();
  auto sampler = reg.create("smrt", p);
  const auto out = sampler->fit_resample(d);
  // Default sampling_strategy is the notebook's balance_ratio 0.2.
  EXPECT_EQ(out.class_counts(d.view()), (std::vector<int64_t>{100, 30, 20}));
  const auto again = reg.create("smrt", p)->fit_resample(d);
  EXPECT_EQ(values(out.synthetic), values(again.synthetic));

  smrt::testing::TempDir dir;
  auto* smrt_sampler = dynamic_cast<smrt::SmrtSampler*>(sampler.get());
  ASSERT_NE(smrt_sampler, nullptr);
  ASSERT_EQ(smrt_sampler->estimators().count(2), 1u);
  smrt_sampler->estimators().at(2)->save(dir.file("v20.smrtm"));
  p["prefit_estimators"] = "20:" + dir.file("v20.smrtm");
  p["n_epochs"] = "1";  // would change the model if it were refitted
  auto prefit = reg.create("smrt", p);
  prefit->fit_resample(d);
  EXPECT_EQ(dynamic_cast<smrt::SmrtSampler*>(prefit.get())->estimators().at(2)->epoch_costs(),
            smrt_sampler->estimators().at(2)->epoch_costs());
  p["prefit_estimators"] = "99:" + dir.file("v20.smrtm");
  EXPECT_THROW(reg.create("smrt", p)->fit_resample(d), smrt::ParameterError);
}

// The seed's ratio sweep passes one prefit VAE at every balance_ratio: a class
// already at the ratio is left alone (the original's rule), while a strategy
// that names its classes must name the prefit one. A prefit VAE generates
// from the call's random_state: the same seed gives the same rows however
// often the model was used before, another seed other rows.
TEST_F(SmrtTest, PrefitEstimatorsFollowTheCallNotTheModelsHistory) {
  const auto d = three_classes();  // counts 100, 30, 10
  auto& reg = smrt::SamplerRegistry::global();
  auto p = quick_params();
  p["random_state"] = "1";
  auto fitted = reg.create("smrt", p);
  fitted->fit_resample(d);
  const auto vae = dynamic_cast<smrt::SmrtSampler*>(fitted.get())->estimators().at(2);
  smrt::testing::TempDir dir;
  vae->save(dir.file("v.smrtm"));

  p["prefit_estimators"] = "20:" + dir.file("v.smrtm");
  p["sampling_strategy"] = "balance_ratio:0.05";  // 0.05 x 100 = 5 rows: class 20 has 10 already
  auto unraised = reg.create("smrt", p)->fit_resample(d);
  EXPECT_EQ(unraised.synthetic.n_rows(), 0);
  p["sampling_strategy"] = "{\"10\": 40}";
  EXPECT_THROW(reg.create("smrt", p)->fit_resample(d), smrt::ParameterError);

  p.erase("prefit_estimators");
  p["sampling_strategy"] = "balance_ratio:0.2";
  auto sampler = reg.create("smrt", p);
  auto* smrt_sampler = dynamic_cast<smrt::SmrtSampler*>(sampler.get());
  smrt_sampler->set_prefit_models({{"20", vae}});
  const auto first = sampler->fit_resample(d);
  ASSERT_EQ(first.synthetic.n_rows(), 10);
  vae->generate(5);  // the model's own generation stream moves on
  EXPECT_EQ(values(sampler->fit_resample(d).synthetic), values(first.synthetic));
  EXPECT_EQ(smrt_sampler->estimators().at(2), vae);  // the estimator returned is the caller's own
  p["random_state"] = "2";
  auto other = reg.create("smrt", p);
  dynamic_cast<smrt::SmrtSampler*>(other.get())->set_prefit_models({{"20", vae}});
  EXPECT_NE(values(other->fit_resample(d).synthetic), values(first.synthetic));
}

// residual: a new row is its archetype plus decode(z_new) - decode(z_seed);
// without latent noise that is the archetype itself, bit for bit (the decoded
// row alone is not), and with noise rows stay inside the data's column ranges.
// A prefit VAE fitted on data of other units (100x the values resampled, as 0-255 pixels against 0-1 ones)
// generated rows in its own units into the data, silently: refused, naming both ranges. 2x passes.
TEST_F(SmrtTest, APrefitEstimatorOfOtherUnitsIsRefused) {
  const auto d = three_classes();  // class 20's rows lie in about [8, 17]
  auto& reg = smrt::SamplerRegistry::global();
  auto prefit_fitted_on = [&](float factor) {
    auto scaled = three_classes();
    for (float& v : scaled.X.storage()) v *= factor;
    auto fitted = reg.create("smrt", quick_params());
    fitted->fit_resample(scaled);
    return dynamic_cast<smrt::SmrtSampler*>(fitted.get())->estimators().at(2);
  };
  auto resample_with = [&](const std::shared_ptr<smrt::VariationalAutoEncoder>& vae) {
    auto sampler = reg.create("smrt", quick_params());
    dynamic_cast<smrt::SmrtSampler*>(sampler.get())->set_prefit_models({{"20", vae}});
    return sampler->fit_resample(d);
  };
  try {
    resample_with(prefit_fitted_on(100.0f));
    FAIL() << "a VAE fitted on 100x the values was used";
  } catch (const smrt::DataError& e) {
    const std::string text = e.what();
    EXPECT_EQ(text.rfind("prefit_estimators: the estimator for class '20' was fitted on values in [", 0), 0u) << text;
    EXPECT_NE(text.find("x apart (more than 10x)"), std::string::npos) << text;
  }
  EXPECT_EQ(resample_with(prefit_fitted_on(2.0f)).synthetic.n_rows(), 10);
  // The same check on a model file (`smrt resample -p prefit_estimators=20:FILE`).
  smrt::testing::TempDir dir;
  prefit_fitted_on(0.01f)->save(dir.file("v.smrtm"));
  auto p = quick_params();
  p["prefit_estimators"] = "20:" + dir.file("v.smrtm");
  EXPECT_THROW(reg.create("smrt", p)->fit_resample(d), smrt::DataError);
}

// The VAE SMRT fits is SMRT's: its errors named VariationalAutoEncoder, a class the caller never chose.
TEST_F(SmrtTest, ErrorsOfTheVaeItFitsNameSmrt) {
  auto d = three_classes();
  auto& reg = smrt::SamplerRegistry::global();
  auto expect_error = [&](const Params& extra, const std::string& start) {
    auto p = quick_params();
    for (const auto& [k, v] : extra) p[k] = v;
    try {
      reg.create("smrt", p)->fit_resample(d);
      ADD_FAILURE() << "no error; expected " << start;
    } catch (const smrt::ParameterError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(start, 0), 0u) << e.what();
    }
  };
  expect_error({{"architecture", "conv"}}, "smrt: architecture=conv needs image data");
  expect_error({{"architecture", "conv"}, {"conditional", "True"}}, "smrt: architecture=conv needs image data");
  d.sample_shape = {2, 2};
  expect_error({{"architecture", "conv"}, {"conv_channels", "4,4"}},
               "smrt: conv_channels has 2 levels, so image height and width must divide by 4");
}

TEST_F(SmrtTest, ResidualRowsAreArchetypesPlusTheDecodersDisplacement) {
  const auto d = three_classes();
  auto o = quick();
  o.gen_from_samples = true;
  o.min_error_sample = 1.0;
  o.generate_args.scale = 0.0;
  o.residual = true;
  const auto still = smrt::smrt_balance(d.view(), 0.5, false, false, o, 7);
  auto is_input_row = [&](const smrt::Matrix& X, int64_t i) {
    for (int64_t r = 0; r < d.n_rows(); ++r)
      if (std::equal(X.row(i), X.row(i) + 4, d.X.row(r))) return true;
    return false;
  };
  for (int64_t i = d.n_rows(); i < still.X.n_rows(); ++i) EXPECT_TRUE(is_input_row(still.X, i)) << "row " << i;
  o.residual = false;
  const auto decoded = smrt::smrt_balance(d.view(), 0.5, false, false, o, 7);
  EXPECT_FALSE(is_input_row(decoded.X, d.n_rows()));
  o.residual = true;
  o.generate_args.scale = 25.0;  // far-flung draws: the clamp must hold them
  const auto wide = smrt::smrt_balance(d.view(), 0.5, false, false, o, 7);
  for (int j = 0; j < 4; ++j) {
    float lo = d.X(0, j), hi = d.X(0, j);
    for (int64_t r = 0; r < d.n_rows(); ++r) lo = std::min(lo, d.X(r, j)), hi = std::max(hi, d.X(r, j));
    for (int64_t i = d.n_rows(); i < wide.X.n_rows(); ++i) {
      EXPECT_GE(wide.X(i, j), lo);
      EXPECT_LE(wide.X(i, j), hi);
    }
  }
}

// conditional: one VAE over every class; each raised class gets a view of it
// for its own class, which saves, loads and generates as the original does.
TEST_F(SmrtTest, ConditionalVaeServesEveryClassFromOneNetwork) {
  const auto d = three_classes();
  auto o = quick();
  o.conditional = true;
  o.gen_from_samples = true;
  o.vae.training.train.n_epochs = 40;
  o.vae.training.optimizer.learning_function = smrt::nn::LearningFunction::Adam;
  o.vae.training.optimizer.learning_rate = 0.01;
  const auto r = smrt::smrt_balance(d.view(), 0.5, false, true, o, 9);
  EXPECT_EQ(counts_of(r.y, 3), (std::vector<int64_t>{100, 50, 50}));
  ASSERT_EQ(r.estimators.size(), 2u);
  EXPECT_EQ(r.estimators.at(1)->condition(), 1);
  EXPECT_EQ(r.estimators.at(2)->condition(), 2);
  // One training run: both views report the same costs.
  EXPECT_EQ(r.estimators.at(1)->epoch_costs(), r.estimators.at(2)->epoch_costs());
  // The class steers the decoder: class 2's rows sit near its centre (10, feature 2 at 13).
  double mean2 = 0;
  int n = 0;
  for (int64_t i = d.n_rows(); i < r.X.n_rows(); ++i)
    if (r.y[static_cast<size_t>(i)] == 2) mean2 += r.X(i, 2), ++n;
  ASSERT_EQ(n, 40);
  EXPECT_NEAR(mean2 / n, 13.0, 2.0);
  // Save / load keeps the condition; the loaded model generates what the original does.
  smrt::testing::TempDir dir;
  r.estimators.at(2)->save(dir.file("c2.smrtm"));
  auto loaded = smrt::VariationalAutoEncoder::load(dir.file("c2.smrtm"));
  EXPECT_EQ(loaded.condition(), 2);
  EXPECT_EQ(values(loaded.generate(5)), values(r.estimators.at(2)->generate(5)));
  auto twin = loaded.for_class(2), other = loaded.for_class(1);  // fresh generation streams
  EXPECT_NE(values(twin.generate(5)), values(other.generate(5)));
  EXPECT_THROW(twin.for_class(3), smrt::ParameterError);
  smrt::VariationalAutoEncoder plain;
  EXPECT_EQ(plain.condition(), -1);
}

// transfer: on image-shaped rows the conditional VAE decodes other classes'
// rows as the raised class by default; on tables it does not.
TEST_F(SmrtTest, TransferDecodesOtherClassesRowsAsTheRaisedClassOnImages) {
  auto d = three_classes();
  auto o = quick();
  o.conditional = true;
  o.gen_from_samples = true;
  o.residual = true;
  o.transfer = -1.0;  // the sampler's None
  const auto table = smrt::smrt_balance(d.view(), 0.5, false, false, o, 11);
  o.transfer = 0.0;
  const auto none = smrt::smrt_balance(d.view(), 0.5, false, false, o, 11);
  EXPECT_EQ(values(table.X), values(none.X));  // tables: no transfer
  d.sample_shape = {2, 2};
  o.transfer = -1.0;
  const auto image = smrt::smrt_balance(d.view(), 0.5, false, true, o, 11);
  EXPECT_EQ(counts_of(image.y, 3), (std::vector<int64_t>{100, 50, 50}));
  EXPECT_NE(values(image.X), values(none.X));
  o.transfer = 0.5;  // half transferred, half residual draws
  const auto half = smrt::smrt_balance(d.view(), 0.5, false, false, o, 11);
  EXPECT_EQ(counts_of(half.y, 3), (std::vector<int64_t>{100, 50, 50}));
  for (float v : values(half.X)) EXPECT_TRUE(std::isfinite(v));
  // The conditional model refuses a class it does not know.
  smrt::Matrix rows(1, 4);
  EXPECT_THROW(image.estimators.at(2)->generate_from_class_rows(rows.view(), 7), smrt::ParameterError);
}

// transfer_residual: a transferred row is its decoding as the raised class
// plus its source row's residual (the source minus its reconstruction as its
// own class), clamped to the data's column ranges. With every new row
// transferred and no latent noise, each row made with it is the row made
// without it plus the residual of one of the transfer's source rows.
TEST_F(SmrtTest, TransferResidualAddsTheSourceRowsOwnDetail) {
  const auto d = three_classes();
  auto o = trained();
  o.conditional = true;
  o.transfer = 1.0;
  o.generate_args.scale = 0.0;
  o.transfer_residual = false;
  const auto plain = smrt::smrt_balance(d.view(), 0.5, false, true, o, 13);
  o.transfer_residual = true;
  const auto kept = smrt::smrt_balance(d.view(), 0.5, false, false, o, 13);
  ASSERT_EQ(plain.X.n_rows(), kept.X.n_rows());
  EXPECT_NE(values(plain.X), values(kept.X));
  const int32_t c = 2;
  const auto rows_of = d.view().class_rows();
  const smrt::Matrix X_class = smrt::gather_rows(d.X.view(), rows_of[c]);
  const std::vector<int64_t> sources = smrt::transfer_sources(d.view(), X_class.view(), c, o.transfer_neighbors);
  const auto& vae = *plain.estimators.at(c);
  std::vector<std::vector<float>> residuals;
  for (int64_t s : sources) {
    const smrt::Matrix row = smrt::gather_rows(d.X.view(), {s});
    const smrt::Matrix rec = vae.for_class(d.y[static_cast<size_t>(s)]).feed_forward(row.view());
    std::vector<float> r(4);
    for (int j = 0; j < 4; ++j) r[static_cast<size_t>(j)] = row(0, j) - rec(0, j);
    residuals.push_back(r);
  }
  std::vector<float> lo(4, 1e30f), hi(4, -1e30f);
  for (int64_t i = 0; i < d.n_rows(); ++i)
    for (int j = 0; j < 4; ++j) lo[j] = std::min(lo[j], d.X(i, j)), hi[j] = std::max(hi[j], d.X(i, j));
  int n = 0, matched = 0;
  for (int64_t i = d.n_rows(); i < kept.X.n_rows(); ++i) {
    if (kept.y[static_cast<size_t>(i)] != c) continue;
    ++n;
    for (const auto& r : residuals) {
      float worst = 0;
      for (int j = 0; j < 4; ++j)
        worst = std::max(worst, std::abs(kept.X(i, j) - std::clamp(plain.X(i, j) + r[static_cast<size_t>(j)], lo[j], hi[j])));
      if (worst < 1e-4f) {
        ++matched;
        break;
      }
    }
  }
  EXPECT_EQ(n, 40);
  EXPECT_EQ(matched, n);
}

TEST_F(SmrtTest, TransferNoneIsCappedAtFourRowsPerRealRowOfTheClass) {
  auto d = three_classes();
  d.sample_shape = {2, 2};
  auto o = quick();
  o.conditional = true;
  o.gen_from_samples = true;
  o.residual = true;
  // Ratio 1: class 2 (10 rows) gets 90 new rows; half would be 45, the cap is 40.
  o.transfer = -1.0;
  const auto capped = smrt::smrt_balance(d.view(), 1.0, false, false, o, 5);
  o.transfer = 40.0 / 90.0;
  const auto forty = smrt::smrt_balance(d.view(), 1.0, false, false, o, 5);
  o.transfer = 0.5;
  const auto half = smrt::smrt_balance(d.view(), 1.0, false, false, o, 5);
  // Output: the 140 input rows, class 1's 70 new rows, then class 2's 90.
  auto class2 = [](const smrt::SmrtBalanceResult& r) {
    return std::vector<float>(r.X.row(210), r.X.row(210) + 90 * r.X.n_cols());
  };
  EXPECT_EQ(class2(capped), class2(forty));
  EXPECT_NE(class2(capped), class2(half));
}

TEST_F(SmrtTest, TransferSourcesAreTheOtherClassesRowsNearestTheClass) {
  // Class 1 at x = 0 and 1; class 0 at x = -3, 2, 3, 10; class 2 at x = 5.
  smrt::Matrix X(7, 1);
  const float xs[7] = {-3, 0, 2, 1, 3, 10, 5};
  const std::vector<int32_t> y = {0, 1, 0, 1, 0, 0, 2};
  for (int64_t i = 0; i < 7; ++i) X(i, 0) = xs[i];
  const smrt::DataView data{X.view(), y.data(), 3, {1}};
  const smrt::Matrix ones = smrt::gather_rows(X.view(), {1, 3});
  // Nearest other-class row of x=0 is 2 (row 2), of x=1 also 2: the union is {2}.
  EXPECT_EQ(smrt::transfer_sources(data, ones.view(), 1, 1), (std::vector<int64_t>{2}));
  // Two each: x=0 -> 2, -3 (rows 2, 0); x=1 -> 2, 3 (rows 2, 4).
  EXPECT_EQ(smrt::transfer_sources(data, ones.view(), 1, 2), (std::vector<int64_t>{0, 2, 4}));
  // k = 0, or k at least the other rows: every row of another class.
  EXPECT_EQ(smrt::transfer_sources(data, ones.view(), 1, 0), (std::vector<int64_t>{0, 2, 4, 5, 6}));
  EXPECT_EQ(smrt::transfer_sources(data, ones.view(), 1, 9), (std::vector<int64_t>{0, 2, 4, 5, 6}));
  const std::vector<int32_t> one_class(7, 1);
  const smrt::DataView alone{X.view(), one_class.data(), 2, {1}};
  EXPECT_THROW(smrt::transfer_sources(alone, ones.view(), 1, 3), smrt::DataError);
}

TEST_F(SmrtTest, NeighbourFilterKeepsRowsMostOfWhoseNearestRealRowsAreTheirClass) {
  const auto d = three_classes();
  Params p = quick_params();
  p["filter_neighbors"] = "5";
  p["sampling_strategy"] = "auto";
  p["scale"] = "3.0";  // wide draws, so some land among other classes
  auto sampler = smrt::SamplerRegistry::global().create("smrt", p);
  const smrt::Resampled out = sampler->fit_resample(d);
  const auto& reports = dynamic_cast<const smrt::SmrtSampler&>(*sampler).filter_reports();
  ASSERT_EQ(reports.size(), 2u);  // classes 1 and 2 are raised
  int64_t rejected = 0;
  for (const auto& [c, r] : reports) {
    EXPECT_GE(r.tried, c == 1 ? 70 : 90);
    rejected += r.rejected;
    EXPECT_EQ(r.short_by, 0);
  }
  EXPECT_GT(rejected, 0);  // the filter had something to do
  // Every new row: at least 3 of its 5 nearest real rows are of its class.
  for (int64_t i = 0; i < out.synthetic.n_rows(); ++i) {
    std::vector<std::pair<double, int32_t>> dist;
    for (int64_t r = 0; r < d.X.n_rows(); ++r) {
      double s = 0;
      for (int64_t j = 0; j < d.X.n_cols(); ++j) s += std::pow(double(out.synthetic(i, j)) - d.X(r, j), 2);
      dist.push_back({s, d.y[static_cast<size_t>(r)]});
    }
    std::partial_sort(dist.begin(), dist.begin() + 5, dist.end());
    int own = 0;
    for (int k = 0; k < 5; ++k) own += dist[static_cast<size_t>(k)].second == out.synthetic_y[static_cast<size_t>(i)];
    EXPECT_GE(own, 3) << "row " << i;
  }
  // Without the filter the same draws put rows among other classes.
  p["filter_neighbors"] = "0";
  auto plain = smrt::SamplerRegistry::global().create("smrt", p);
  EXPECT_NE(values(plain->fit_resample(d).synthetic), values(out.synthetic));
}

TEST_F(SmrtTest, AugmentChangesGeneratedImagesOnlyWhenAskedOrOnImages) {
  auto d = three_classes();
  auto o = quick();
  o.conditional = true;
  o.gen_from_samples = true;
  o.residual = true;
  o.augment = -1;  // the sampler's None: tables untouched
  const auto table = smrt::smrt_balance(d.view(), 0.5, false, false, o, 3);
  o.augment = 0;
  const auto off = smrt::smrt_balance(d.view(), 0.5, false, false, o, 3);
  EXPECT_EQ(values(table.X), values(off.X));
  d.sample_shape = {2, 2};
  const auto image_off = smrt::smrt_balance(d.view(), 0.5, false, false, o, 3);
  o.augment = -1;
  const auto image_auto = smrt::smrt_balance(d.view(), 0.5, false, false, o, 3);
  EXPECT_EQ(counts_of(image_auto.y, 3), counts_of(image_off.y, 3));
  // Input rows come back unchanged; only the new rows are augmented.
  EXPECT_EQ(std::vector<float>(image_auto.X.data(), image_auto.X.row(140)), std::vector<float>(d.X.data(), d.X.row(140)));
  EXPECT_NE(values(image_auto.X), values(image_off.X));
}

// n_hidden / n_latent_factors / n_epochs = None: chosen from the data size.
TEST_F(SmrtTest, AutoSizesFollowTheData) {
  smrt::AutoEncoderParams given;
  given.training.train.n_epochs = 0;
  given.training.train.batch_size = 128;
  auto image = smrt::smrt_vae_params(given, 37, 784);
  EXPECT_EQ(image.n_hidden, (std::vector<int64_t>{400}));
  EXPECT_EQ(*image.n_latent_factors, 20.0);
  EXPECT_EQ(image.training.train.n_epochs, 1000);  // one step an epoch
  auto table = smrt::smrt_vae_params(given, 2000, 10);
  EXPECT_EQ(table.n_hidden, (std::vector<int64_t>{32}));
  EXPECT_EQ(*table.n_latent_factors, 5.0);
  EXPECT_EQ(table.training.train.n_epochs, 63);  // 16 steps an epoch
  EXPECT_EQ(smrt::smrt_vae_params(given, 10000000, 10).training.train.n_epochs, 20);
  given.n_hidden = {7};
  given.training.train.n_epochs = 3;
  EXPECT_EQ(smrt::smrt_vae_params(given, 37, 784).n_hidden, (std::vector<int64_t>{7}));
  EXPECT_EQ(smrt::smrt_vae_params(given, 37, 784).training.train.n_epochs, 3);
}

TEST_F(SmrtTest, EveryParameterValueAcceptedOrRejectedClearly) {
  auto& reg = smrt::SamplerRegistry::global();
  const auto& info = reg.get("smrt");
  // Every allowed choice of every string parameter constructs.
  for (const auto& spec : info.params)
    for (const auto& choice : spec.choices) {
      auto p = quick_params();
      p[spec.name] = choice;
      EXPECT_NO_THROW(reg.create("smrt", p)) << spec.name << "=" << choice;
    }
  const std::vector<std::pair<std::string, std::string>> good = {
      {"n_hidden", "[16,8]"}, {"n_hidden", "None"}, {"n_latent_factors", "0.5"}, {"n_latent_factors", "None"},
      {"early_stopping", "True"}, {"early_stopping", "3"}, {"l2_penalty", "None"}, {"clip", "False"},
      {"dropout", "0.4"}, {"gen_from_samples", "True"}, {"min_error_sample", "1.0"}, {"loc", "-0.5"},
      {"scale", "0"}, {"random_state", "None"}, {"sampling_strategy", "balance_ratio:0.5"}, {"eps", "0"}};
  for (const auto& [k, v] : good) {
    auto p = quick_params();
    p[k] = v;
    EXPECT_NO_THROW(reg.create("smrt", p)) << k << "=" << v;
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"n_hidden", "0"}, {"n_hidden", "[8,x]"}, {"n_latent_factors", "1.5"}, {"n_latent_factors", "0"},
      {"activation_function", "softmax"}, {"layer_type", "he"}, {"bias_strategy", "random"}, {"dropout", "0"},
      {"dropout", "1.5"}, {"eps", "0.5"}, {"architecture", "rnn"}, {"conv_channels", "0"},
      {"learning_function", "lbfgs"}, {"learning_rate", "0"}, {"n_epochs", "0"}, {"batch_size", "0"},
      {"min_change", "-1"}, {"early_stopping", "maybe"}, {"verbose", "-1"}, {"display_step", "0"},
      {"clip", "perhaps"}, {"gclip_min", "5"}, {"l2_penalty", "-1"}, {"gen_from_samples", "2"},
      {"min_error_sample", "0"}, {"min_error_sample", "1.5"}, {"transfer", "1.5"}, {"transfer", "-0.5"}, {"scale", "-1"}, {"prefit_estimators", "nolabel"},
      {"random_state", "-3"}, {"no_such_param", "1"}};
  for (const auto& [k, v] : bad) {
    auto p = quick_params();
    p[k] = v;
    if (k == "gclip_min") p["clip"] = "True";  // the bounds are checked when clipping is on
    try {
      reg.create("smrt", p);
      ADD_FAILURE() << k << "=" << v << " was accepted";
    } catch (const smrt::ParameterError& e) {
      EXPECT_NE(std::string(e.what()).find(k), std::string::npos) << k << "=" << v << ": " << e.what();
    }
  }
}

TEST_F(SmrtTest, CommandLine) {
  using smrt::testing::run_smrt;
  smrt::testing::TempDir dir;
  std::string csv = "a,b,c,label\n";
  smrt::Rng rng(4);
  for (int i = 0; i < 60; ++i) {
    const int label = i < 50 ? 0 : 1;
    for (int j = 0; j < 3; ++j) csv += std::to_string(label * 4 + rng.normal()) + ",";
    csv += std::to_string(label) + "\n";
  }
  smrt::testing::write_text(dir.file("d.csv"), csv);
  const std::string q = " -p n_hidden=8 -p n_latent_factors=2 -p n_epochs=2 ";
  auto r = run_smrt("-q resample " + dir.file("d.csv") + " --label label --method smrt --ratio 0.5" + q + "-o " +
                    dir.file("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string out = smrt::testing::read_text(dir.file("out.csv"));
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1 + 50 + 25);
  r = run_smrt("-q fit --method vae " + dir.file("d.csv") + " --label label --class 1" + q + "--seed 1 -o " +
               dir.file("m.smrtm"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_smrt("-q generate " + dir.file("m.smrtm") + " -n 7 -o " + dir.file("g.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string g = smrt::testing::read_text(dir.file("g.csv"));
  EXPECT_EQ(std::count(g.begin(), g.end(), '\n'), 8);
  r = run_smrt("-q generate " + dir.file("m.smrtm") + " -n 7 -o " + dir.file("g2.csv"));
  EXPECT_EQ(smrt::testing::read_text(dir.file("g2.csv")), g);  // same model file, same rows
  r = run_smrt("generate " + dir.file("m.smrtm") + " -n 7 -o " + dir.file("g.npy") + " --grid " + dir.file("g.png"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("image"), std::string::npos) << r.output;
  EXPECT_FALSE(smrt::testing::file_exists(dir.file("g.png")));
  EXPECT_FALSE(smrt::testing::file_exists(dir.file("g.npy")));
  r = run_smrt("fit --method vae " + dir.file("d.csv") + " --label label -p dropout=2 -o " + dir.file("x.smrtm"));
  EXPECT_EQ(r.exit_code, 2);  // usage error (docs/usage.md)
  EXPECT_NE(r.output.find("dropout"), std::string::npos) << r.output;
  r = run_smrt("generate " + dir.file("d.csv") + " -n 3 -o " + dir.file("y.npy"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("not an smrt model file"), std::string::npos) << r.output;
  for (const char* cmd : {"fit", "generate"}) {
    r = run_smrt(std::string(cmd) + " --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.output.find("Examples:"), std::string::npos) << cmd;
  }
}

// A VAE is unsupervised: a CSV without --label is fitted on every column, and
// `smrt generate` writes the training header back (quoted as CSV needs).
TEST_F(SmrtTest, CommandLineFitsAnUnlabelledCsvAndGeneratesItsColumns) {
  using smrt::testing::run_smrt;
  smrt::testing::TempDir dir;
  std::string csv = "id,\"width, cm\",height,label\n";
  smrt::Rng rng(5);
  for (int i = 0; i < 40; ++i)
    csv += std::to_string(i) + "," + std::to_string(rng.normal()) + "," + std::to_string(rng.normal()) + ",a\n";
  smrt::testing::write_text(dir.file("d.csv"), csv);
  const std::string q = " -q -p n_hidden=8 -p n_latent_factors=2 -p n_epochs=2 --seed 3 ";
  auto r = run_smrt("fit --method vae " + dir.file("d.csv") + " --ignore id,label" + q + "-o " +
                    dir.file("m.smrtm"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_smrt("-q generate " + dir.file("m.smrtm") + " -n 4 -o " + dir.file("g.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string g = smrt::testing::read_text(dir.file("g.csv"));
  EXPECT_EQ(g.substr(0, g.find('\n')), "\"width, cm\",height");
  EXPECT_EQ(std::count(g.begin(), g.end(), '\n'), 5);
  // Each value in the shortest text that reads back as the same float32 (as `resample` writes).
  std::istringstream lines(g.substr(g.find('\n') + 1));
  for (std::string line; std::getline(lines, line);) {
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) {
      char shortest[32];
      const float v = std::strtof(cell.c_str(), nullptr);
      EXPECT_EQ(cell, std::string(shortest, std::to_chars(shortest, shortest + sizeof(shortest), v).ptr));
    }
  }
  // Every column a feature; a text column then is an error naming it, not a silent drop.
  r = run_smrt("fit --method vae " + dir.file("d.csv") + q + "-o " + dir.file("all.smrtm"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("'a'"), std::string::npos) << r.output;
  r = run_smrt("fit --method vae " + dir.file("d.csv") + " --ignore label" + q + "-o " + dir.file("all.smrtm"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_smrt("-q generate " + dir.file("all.smrtm") + " -n 2 -o " + dir.file("all.tsv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string t = smrt::testing::read_text(dir.file("all.tsv"));
  EXPECT_EQ(t.substr(0, t.find('\n')), "id\twidth, cm\theight");
  // --class still needs the labels.
  r = run_smrt("fit --method vae " + dir.file("d.csv") + " --class a" + q + "-o " + dir.file("c.smrtm"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--class needs labels"), std::string::npos) << r.output;
}

TEST_F(SmrtTest, FeatureNamesTravelWithTheModelAndARefitForgetsThem) {
  smrt::AutoEncoderParams p;
  p.n_hidden = {4};
  p.n_latent_factors = 2.0;
  p.training.train.n_epochs = 1;
  p.random_state = 1;
  smrt::VariationalAutoEncoder vae(p);
  smrt::Matrix X(10, 3);
  smrt::Rng rng(6);
  for (int64_t i = 0; i < X.n_rows(); ++i)
    for (int64_t j = 0; j < X.n_cols(); ++j) X(i, j) = static_cast<float>(rng.normal());
  vae.fit(X.view());
  EXPECT_TRUE(vae.feature_names().empty());
  EXPECT_THROW(vae.set_feature_names({"a", "b"}), smrt::ParameterError);
  vae.set_feature_names({"a", "b", "c"});
  smrt::testing::TempDir dir;
  vae.save(dir.file("m.smrtm"));
  const auto loaded = smrt::load_autoencoder(dir.file("m.smrtm"));
  EXPECT_EQ(loaded->feature_names(), (std::vector<std::string>{"a", "b", "c"}));
  vae.fit(X.view());
  EXPECT_TRUE(vae.feature_names().empty());
}

}  // namespace
