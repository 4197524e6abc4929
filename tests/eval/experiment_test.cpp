// The experiment runner on a tiny synthetic problem: what runs, how often,
// and that unavailable methods get no numbers.
#include <gtest/gtest.h>

#include <cmath>

#include "smrt/core/rng.h"
#include "smrt/eval/experiment.h"
#include "smrt/eval/logistic_regression.h"
#include "smrt/eval/method.h"
#include "smrt/eval/protocols.h"
#include "smrt/eval/spread.h"
#include "test_support.h"

namespace {

using namespace smrt::eval;

smrt::Dataset blobs(int64_t n_major, int64_t n_minor, uint64_t seed) {
  smrt::Rng rng(seed);
  smrt::Dataset d;
  d.X = smrt::Matrix(n_major + n_minor, 2);
  for (int64_t i = 0; i < n_major + n_minor; ++i) {
    const int32_t c = i < n_minor ? 0 : 1;
    d.X(i, 0) = static_cast<float>(rng.normal() + (c == 0 ? 1.2 : 0.0));
    d.X(i, 1) = static_cast<float>(rng.normal());
    d.y.push_back(c);
  }
  d.classes = smrt::ClassIndex::of_integers({0, 1});
  return d;
}

Experiment tiny_experiment() {
  Experiment e;
  e.id = "t";
  e.title = "tiny";
  e.n_seeds = 3;
  e.ratios = {0.5, 1.0};
  MethodSpec none, weights, ros, missing;
  none.label = "none";
  weights.label = "class weights";
  weights.class_weight = ClassWeight::Balanced;
  ros.label = "random over";
  ros.sampler = "ros";
  missing.label = "not built";
  missing.sampler = "no_such_method";
  e.methods = {none, weights, ros, missing};
  e.make_split = [](uint64_t seed) { return Split{blobs(200, 10, seed), blobs(100, 20, seed + 100), {0}}; };
  e.make_classifier = [](ClassWeight w, uint64_t) {
    LogisticRegressionParams p;
    p.class_weight = w;
    return std::unique_ptr<Classifier>(new LogisticRegression(p));
  };
  e.headline = {"minority_f1", "balanced_accuracy"};
  return e;
}

TEST(Experiment, RunsEachAvailableMethodPerSeedAndRatio) {
  const Experiment e = tiny_experiment();
  const ExperimentResult r = run_experiment(e);
  int none = 0, ros = 0, missing = 0;
  for (const auto& run : r.runs) {
    none += run.method == "none";
    ros += run.method == "random over";
    missing += run.method == "not built";
  }
  EXPECT_EQ(none, 3);      // ratio-free: once per seed
  EXPECT_EQ(ros, 3 * 2);   // per seed and ratio
  EXPECT_EQ(missing, 0);   // never run, never given numbers
  ASSERT_EQ(r.methods.size(), 4u);
  EXPECT_FALSE(r.methods[3].available);
  EXPECT_NE(r.methods[3].reason.find("no_such_method"), std::string::npos);
  EXPECT_NE(text_table(r).find("not available"), std::string::npos);
  for (const auto& run : r.runs)
    if (run.method == "random over") {
      // Balancing to ratio R: the minority (10 rows) is raised to R x 200.
      EXPECT_EQ(run.n_train, 200 + static_cast<int64_t>(run.ratio * 200));
    }
}

TEST(Experiment, GalleryShowsEachGeneratorsRowsWithTheirSpreadBesideTheRealRows) {
  Experiment e = tiny_experiment();
  e.methods[2].label = "SMOTE";  // random over-sampling repeats rows: it makes no synthetic rows to show
  e.methods[2].sampler = "smote";
  const ExperimentResult r = run_experiment(e);
  const Split first = e.make_split(e.base_seed);
  std::vector<int64_t> minority;
  for (size_t i = 0; i < first.train.y.size(); ++i)
    if (first.train.y[i] == 0) minority.push_back(static_cast<int64_t>(i));
  EXPECT_EQ(r.gallery.real.n_rows(), 10);  // every one of the 10 real minority rows (the strip holds 16)
  EXPECT_DOUBLE_EQ(r.gallery.real_spread,
                   mean_pairwise_distance(smrt::gather_rows(first.train.X.view(), minority).view()));
  ASSERT_EQ(r.gallery.synthetic.size(), 1u);  // only SMOTE makes rows
  const GalleryRow& smote = r.gallery.synthetic[0];
  EXPECT_EQ(smote.label, "SMOTE");
  EXPECT_EQ(smote.rows.n_rows(), 16);  // 190 new rows at ratio 1, 16 of them shown
  // Points on segments between real rows: less spread than the real rows, far from none.
  EXPECT_GT(smote.spread, 0.3 * r.gallery.real_spread);
  EXPECT_LT(smote.spread, r.gallery.real_spread);
}

TEST(Experiment, SummaryIsMeanAndSampleStdOverSeeds) {
  std::vector<RunRecord> runs;
  for (int s = 0; s < 3; ++s) runs.push_back({"m", 0.5, static_cast<uint64_t>(s), 10, 0, 0, {{"f1", 0.1 * (s + 1)}}});
  runs.push_back({"m", 1.0, 0, 10, 0, 0, {{"f1", 0.9}}});
  const auto sums = summarize(runs);
  ASSERT_EQ(sums.size(), 2u);
  EXPECT_EQ(sums[0].n, 3);
  EXPECT_NEAR(sums[0].mean_std.at("f1").first, 0.2, 1e-12);
  EXPECT_NEAR(sums[0].mean_std.at("f1").second, 0.1, 1e-12);  // ddof = 1
  EXPECT_EQ(sums[1].mean_std.at("f1").second, 0.0);           // one seed: 0
}

TEST(Experiment, SameSeedsGiveSameNumbers) {
  const Experiment e = tiny_experiment();
  const auto a = run_experiment(e), b = run_experiment(e);
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (size_t i = 0; i < a.runs.size(); ++i) EXPECT_EQ(a.runs[i].metrics, b.runs[i].metrics);
}

TEST(Method, RepeatBeforeKeepsOriginalRowsOnceAndAddsWhatThePlanAsks) {
  MethodSpec m;
  m.label = "ros x5";
  m.sampler = "ros";
  m.repeat_before = 5;
  const auto train = blobs(100, 10, 1);
  const MethodOutput out = apply_method(m, train, "auto", 7);
  // 'auto' on the original data: the minority rises from 10 to 100 rows.
  EXPECT_EQ(out.train.n_rows(), 200);
  const auto counts = out.train.class_counts();
  EXPECT_EQ(counts[0], 100);
  EXPECT_EQ(counts[1], 100);
}

TEST(Method, UnknownSamplerOrParameterIsUnavailable) {
  MethodSpec m;
  m.label = "x";
  m.sampler = "ros";
  EXPECT_EQ(unavailable_reason(m), "");
  m.params["no_such_parameter"] = "1";
  EXPECT_NE(unavailable_reason(m), "");
  m.sampler = "no_such_method";
  EXPECT_NE(unavailable_reason(m).find("not registered"), std::string::npos);
}

TEST(Protocols, UnknownProtocolIsAnError) {
  EXPECT_THROW(make_protocol("z", ProtocolOptions{}), smrt::ParameterError);
}

TEST(Protocols, UnknownMethodSelectionOrUnusedOverrideIsAnErrorBeforeAnyData) {
  ProtocolOptions o;
  o.data_dir = "/nonexistent";  // the errors come before the data is read
  o.methods = {"SMOTE", "no such method"};
  try {
    make_protocol("a", o);
    ADD_FAILURE() << "no error";
  } catch (const smrt::ParameterError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'no such method'"), std::string::npos) << what;
    EXPECT_NE(what.find("'DeepSMOTE'"), std::string::npos) << what;  // lists the labels
  }
  o.methods = {"smote"};
  o.params = {parse_param_override("smrt.n_epochs=5")};  // SMRT was not selected
  EXPECT_THROW(make_protocol("a", o), smrt::ParameterError);
}

TEST(Protocols, ImageSizesAreCheckedBeforeAnyData) {
  ProtocolOptions o;
  o.data_dir = "/nonexistent";
  o.per_class = 2000;
  EXPECT_THROW(make_protocol("a", o), smrt::ParameterError);  // a has no image classifier to size
  o.per_class = 100;  // b keeps 100 images of each minority class: the others need more
  EXPECT_THROW(make_protocol("b", o), smrt::ParameterError);
  o.per_class = 7000;
  EXPECT_THROW(make_protocol("c", o), smrt::ParameterError);
  o.per_class = 0;
  o.cnn_epochs = -1;
  EXPECT_THROW(make_protocol("c", o), smrt::ParameterError);
}

}  // namespace
