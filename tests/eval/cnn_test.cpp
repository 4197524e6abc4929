// The CNN classifier (skipped in builds without LibTorch).
#include <gtest/gtest.h>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/eval/cnn_classifier.h"

namespace {

using namespace smrt::eval;

/// 8 x 8 images: class 0 bright in the top half, class 1 in the bottom, plus noise.
smrt::Dataset halves(int64_t n, uint64_t seed) {
  smrt::Rng rng(seed);
  smrt::Dataset d;
  d.X = smrt::Matrix(n, 64);
  d.sample_shape = {8, 8};
  for (int64_t i = 0; i < n; ++i) {
    const int32_t c = static_cast<int32_t>(i % 2);
    for (int64_t p = 0; p < 64; ++p) {
      const bool top = p < 32;
      d.X(i, p) = static_cast<float>((top == (c == 0) ? 0.8 : 0.1) + 0.1 * rng.normal());
    }
    d.y.push_back(c);
  }
  d.classes = smrt::ClassIndex::of_integers({0, 1});
  return d;
}

class Cnn : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!cnn_available()) GTEST_SKIP() << "built without LibTorch";
  }
  CnnParams params() const {
    CnnParams p;
    p.epochs = 4;
    p.batch_size = 16;
    p.learning_rate = 0.05;
    p.seed = 3;
    return p;
  }
};

TEST_F(Cnn, LearnsAnEasyImageProblemAndLossFalls) {
  const auto train = halves(200, 1), test = halves(100, 2);
  auto cnn = make_cnn(params());
  cnn->fit(train.view());
  const auto pred = cnn->predict(test.X.view());
  int correct = 0;
  for (size_t i = 0; i < pred.size(); ++i) correct += pred[i] == test.y[i];
  EXPECT_GE(correct, 95);
  const auto loss = cnn->loss_curve();
  ASSERT_EQ(loss.size(), 4u);
  EXPECT_LT(loss.back(), loss.front());
  const auto p = cnn->predict_proba(test.X.view());
  for (int64_t i = 0; i < p.n_rows(); ++i) EXPECT_NEAR(p(i, 0) + p(i, 1), 1.0f, 1e-5f);
}

TEST_F(Cnn, SameSeedSameProbabilities) {
  const auto train = halves(64, 4);
  auto a = make_cnn(params()), b = make_cnn(params());
  a->fit(train.view());
  b->fit(train.view());
  const auto pa = a->predict_proba(train.X.view()), pb = b->predict_proba(train.X.view());
  for (int64_t i = 0; i < pa.n_rows(); ++i) EXPECT_FLOAT_EQ(pa(i, 0), pb(i, 0));
}

TEST_F(Cnn, RejectsTablesAndBadParameters) {
  auto data = halves(20, 5);
  data.sample_shape.clear();
  data.sample_shape = {64};
  EXPECT_THROW(make_cnn(params())->fit(data.view()), smrt::DataError);
  CnnParams bad = params();
  bad.epochs = 0;
  EXPECT_THROW(make_cnn(bad), smrt::ParameterError);
}

}  // namespace
