// The library API (include/smrt/smrt.h): typed parameters, in-memory arrays,
// per-call threads and progress, models as bytes, errors as exceptions.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <thread>

#include "smrt/core/memory.h"
#include "smrt/core/threads.h"
#include "smrt/smrt.h"
#include "test_support.h"

namespace {

struct Table {
  std::vector<double> X;
  std::vector<int64_t> y;
  std::vector<int32_t> ids;
  smrt::Labels labels;
};

Table make_table(int n = 120, int d = 4) {
  Table t;
  for (int i = 0; i < n; ++i) {
    const bool minority = i % 6 == 0;
    for (int j = 0; j < d; ++j) t.X.push_back((minority ? 3.0 : 0.0) + std::sin(0.7 * i + j) + 1e-9 * i);
    t.y.push_back(minority ? 7 : 2);
  }
  t.labels = smrt::Labels::of(t.y.data(), n, t.ids);
  return t;
}

TEST(Api, EveryMethodIsListedWithItsDeclarations) {
  const auto methods = smrt::list_methods();
  ASSERT_GE(methods.size(), 22u);
  EXPECT_EQ(smrt::method_info("SMOTE").name, "smote");
  EXPECT_THROW(smrt::method_info("smoot"), smrt::ParameterError);
}

TEST(Api, TypedParametersAreTheTextForms) {
  EXPECT_EQ(smrt::param_text(std::monostate{}), "None");
  EXPECT_EQ(smrt::param_text(true), "True");
  EXPECT_EQ(smrt::param_text(int64_t{-3}), "-3");
  EXPECT_EQ(smrt::param_text(0.1), "0.1");  // shortest text that reads back the same double
  EXPECT_EQ(smrt::param_text(std::vector<int64_t>{64, 32}), "[64,32]");
  auto e = smrt::Estimator::create("smote", {{"k_neighbors", int64_t{3}}});
  EXPECT_EQ(e.get_params().at("k_neighbors"), "3");
  EXPECT_EQ(e.get_params().at("sampling_strategy"), "auto");  // defaults are there too
  EXPECT_THROW(smrt::Estimator::create("smote", {{"k_neighbours", int64_t{3}}}), smrt::ParameterError);
  EXPECT_THROW(smrt::Estimator::create("smote", {{"k_neighbors", 2.5}}), smrt::ParameterError);
}

TEST(Api, Float64AndFloat32GiveTheSameRows) {
  Table t = make_table();
  std::vector<float> X32(t.X.begin(), t.X.end());
  auto a = smrt::Estimator::create("smote", {{"random_state", int64_t{1}}})
               .fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels);
  auto b = smrt::Estimator::create("smote", {{"random_state", int64_t{1}}})
               .fit_resample(smrt::Features::of(X32.data(), 120, 4), t.labels);
  EXPECT_EQ(a.sample_indices, b.sample_indices);
  ASSERT_EQ(a.synthetic.n_rows(), 80);
  EXPECT_TRUE(std::equal(a.synthetic.data(), a.synthetic.data() + 320, b.synthetic.data()));
  EXPECT_EQ(a.sampling_strategy.at(1), 80);  // class id 1 (label 7) gets 80 rows
}

TEST(Api, OverSamplersWriteNewRowsWhereTheCallerSays) {
  Table t = make_table();
  auto plain = smrt::Estimator::create("smote", {{"random_state", int64_t{3}}})
                   .fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels);
  std::vector<float> room;
  int calls = 0;
  smrt::RunOptions options;
  options.synthetic_destination = [&](int64_t rows, int64_t cols) {
    ++calls;
    room.assign(static_cast<size_t>(rows * cols), std::numeric_limits<float>::quiet_NaN());  // any contents
    return room.data();
  };
  auto placed = smrt::Estimator::create("smote", {{"random_state", int64_t{3}}})
                    .fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels, options);
  EXPECT_EQ(calls, 1);
  ASSERT_EQ(room.size(), 80u * 4u);  // asked for the planned rows
  EXPECT_TRUE(placed.synthetic.in_buffer());
  EXPECT_EQ(placed.synthetic.data(), room.data());
  EXPECT_EQ(placed.sample_indices, plain.sample_indices);
  ASSERT_EQ(placed.synthetic.n_rows(), plain.synthetic.n_rows());
  EXPECT_TRUE(std::equal(room.begin(), room.end(), plain.synthetic.data()));

  // Declining leaves the rows with the sampler; cleaners never ask.
  options.synthetic_destination = [&](int64_t, int64_t) -> float* { ++calls; return nullptr; };
  auto declined = smrt::Estimator::create("smote", {{"random_state", int64_t{3}}})
                      .fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels, options);
  EXPECT_EQ(calls, 2);
  EXPECT_FALSE(declined.synthetic.in_buffer());
  EXPECT_TRUE(std::equal(room.begin(), room.end(), declined.synthetic.data()));
  smrt::Estimator::create("enn").fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels, options);
  smrt::Estimator::create("smote_enn", {{"random_state", int64_t{3}}})
      .fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels, options);
  EXPECT_EQ(calls, 2);
}

TEST(Api, DataErrorsNameWhatIsWrong) {
  Table t = make_table();
  t.X[5 * 4 + 2] = 1e39;  // finite, beyond float32
  auto e = smrt::Estimator::create("smote");
  try {
    e.fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels);
    FAIL() << "no error";
  } catch (const smrt::DataError& err) {
    EXPECT_NE(std::string(err.what()).find("row 5, feature 2"), std::string::npos) << err.what();
  }
  t.X[5 * 4 + 2] = 0.0;
  EXPECT_THROW(e.fit_resample(smrt::Features::of(t.X.data(), 119, 4), t.labels), smrt::DataError);  // y longer
}

TEST(Api, ProgressGoesToTheCallbackOfItsThread) {
  if (!smrt::testing::have_torch()) GTEST_SKIP() << "built without LibTorch: no generative models";
  Table t = make_table();
  std::vector<float> X32(t.X.begin(), t.X.end());
  std::atomic<int> events{0};
  smrt::RunOptions options;
  options.progress = [&](const smrt::ProgressEvent& e) {
    if (e.total < 0) {
      EXPECT_NE(e.note.find("Epoch"), std::string::npos);
    }
    ++events;
  };
  auto model = smrt::Model::fit_autoencoder(
      "vae", {{"n_hidden", std::vector<int64_t>{8}}, {"n_epochs", int64_t{3}}, {"verbose", int64_t{2}},
              {"display_step", int64_t{1}}, {"random_state", int64_t{0}}},
      smrt::Features::of(X32.data(), 120, 4), options);
  EXPECT_GE(events.load(), 3);  // one epoch line each
  EXPECT_EQ(model->epoch_costs().size(), 3u);
}

// A caller's interrupt check stops a long fit between batches (Python's Ctrl-C).
TEST(Api, InterruptCheckStopsALongFit) {
  if (!smrt::testing::have_torch()) GTEST_SKIP() << "built without LibTorch: no generative models";
  Table t = make_table();
  std::vector<float> X32(t.X.begin(), t.X.end());
  std::atomic<int> asked{0};
  smrt::RunOptions options;
  options.verbosity = smrt::Verbosity::Quiet;
  options.interrupted = [&] { return ++asked >= 2; };  // "Ctrl-C" at the second poll
  const auto start = std::chrono::steady_clock::now();
  try {
    smrt::Model::fit_autoencoder("vae", {{"n_hidden", std::vector<int64_t>{8}}, {"n_epochs", int64_t{1000000}},
                                         {"batch_size", int64_t{8}}, {"random_state", int64_t{0}}},
                                 smrt::Features::of(X32.data(), 120, 4), options);
    FAIL() << "the fit ran to its end";
  } catch (const smrt::Interrupted& e) {
    EXPECT_NE(std::string(e.what()).find("interrupted"), std::string::npos) << e.what();
  }
  EXPECT_EQ(asked.load(), 2);
  // Polled every kInterruptPollMs: the second poll comes after one interval, not after a million epochs.
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 30.0);
  // The check belongs to the call: the next call without one runs to its end.
  smrt::RunOptions quiet;
  quiet.verbosity = smrt::Verbosity::Quiet;
  auto model = smrt::Model::fit_autoencoder("vae", {{"n_hidden", std::vector<int64_t>{8}}, {"n_epochs", int64_t{2}}},
                                            smrt::Features::of(X32.data(), 120, 4), quiet);
  EXPECT_EQ(model->epoch_costs().size(), 2u);
}

TEST(Api, ModelBytesRoundTrip) {
  if (!smrt::testing::have_torch()) GTEST_SKIP() << "built without LibTorch: no generative models";
  Table t = make_table();
  std::vector<float> X32(t.X.begin(), t.X.end());
  auto model = smrt::Model::fit_autoencoder(
      "VariationalAutoEncoder", {{"n_hidden", std::vector<int64_t>{8}}, {"n_epochs", int64_t{2}},
                                 {"random_state", int64_t{0}}},
      smrt::Features::of(X32.data(), 120, 4));
  const std::string bytes = model->to_bytes();
  auto again = smrt::Model::from_bytes(bytes);
  EXPECT_EQ(again->kind(), "VariationalAutoEncoder");
  const auto a = model->feed_forward(smrt::Features::of(X32.data(), 120, 4));
  const auto b = again->feed_forward(smrt::Features::of(X32.data(), 120, 4));
  EXPECT_TRUE(std::equal(a.data(), a.data() + 480, b.data()));
  EXPECT_THROW(smrt::Model::from_bytes(bytes.substr(0, bytes.size() / 2)), smrt::IoError);
  EXPECT_THROW(model->classes(), smrt::ParameterError);  // not an image model
}

TEST(Api, NetworkBeyondMemoryIsRefusedBeforeAllocating) {
  if (!smrt::testing::have_torch()) GTEST_SKIP() << "built without LibTorch: no generative models";
  Table t = make_table();
  std::vector<float> X32(t.X.begin(), t.X.end());
  // Refused by the pre-check (not c10::Error with its stack trace, not a 12 GB allocation started).
  for (const auto& [key, value] : std::vector<std::pair<std::string, smrt::ParamValue>>{
           {"n_hidden", std::vector<int64_t>{100000000}}, {"n_latent_factors", 1e9}}) {
    try {
      smrt::Model::fit_autoencoder("vae", {{key, value}}, smrt::Features::of(X32.data(), 120, 4));
      FAIL() << key << ": no error";
    } catch (const smrt::ResourceError& e) {
      const std::string text = e.what();
      EXPECT_NE(text.find("memory available"), std::string::npos) << text;
      EXPECT_NE(text.find(key == "n_hidden" ? "n_hidden=[100000000]" : "1000000000 latent factors"), std::string::npos)
          << text;
      EXPECT_EQ(text.find('\n'), std::string::npos) << text;
    }
  }
  auto model = smrt::Model::fit_autoencoder("vae", {{"n_hidden", std::vector<int64_t>{4}}, {"n_epochs", int64_t{1}}},
                                            smrt::Features::of(X32.data(), 120, 4));
  EXPECT_THROW(model->generate(int64_t{1} << 40), smrt::ResourceError);
  EXPECT_EQ(model->generate(3).n_rows(), 3);
}

TEST(Api, ThreadScopeIsPerThread) {
  smrt::set_num_threads(2);
  std::atomic<int> seen_inside{0}, seen_other{0};
  {
    smrt::ThreadScope scope(1);
    seen_inside = smrt::num_threads();
    std::thread other([&] { seen_other = smrt::num_threads(); });
    other.join();
  }
  EXPECT_EQ(seen_inside.load(), 1);
  EXPECT_EQ(seen_other.load(), 2);
  EXPECT_EQ(smrt::num_threads(), 2);
}

// libgomp fails to start tens of thousands of threads (a segfault at 100,000):
// a count past kMaxThreads is refused before anything runs.
TEST(Api, ThreadCountsPastTheLimitAreParameterErrors) {
  Table t = make_table();
  auto e = smrt::Estimator::create("smote", {{"random_state", int64_t{0}}});
  smrt::RunOptions options;
  options.n_threads = 100000;
  try {
    e.fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels, options);
    FAIL() << "no error";
  } catch (const smrt::ParameterError& err) {
    EXPECT_NE(std::string(err.what()).find("n_threads=100000"), std::string::npos) << err.what();
  }
  EXPECT_THROW(smrt::set_num_threads(smrt::kMaxThreads + 1), smrt::ParameterError);
  options.n_threads = 2;
  EXPECT_EQ(e.fit_resample(smrt::Features::of(t.X.data(), 120, 4), t.labels, options).synthetic.n_rows(), 80);
}

// A copy is an estimator of its own: copies in two threads shared one sampler
// (its plan), which gave wrong rows or aborted in classes().
TEST(Api, CopiesOfAnEstimatorRunInTheirOwnThreads) {
  const Table a = make_table(120), b = make_table(90);
  const auto proto = smrt::Estimator::create("smote", {{"random_state", int64_t{3}}});
  auto rows_of = [](smrt::Estimator& e, const Table& t) {
    const auto r = e.fit_resample(smrt::Features::of(t.X.data(), static_cast<int64_t>(t.y.size()), 4), t.labels);
    return std::vector<float>(r.synthetic.data(), r.synthetic.data() + r.synthetic.n_rows() * 4);
  };
  smrt::Estimator fresh_a = proto, fresh_b = proto;
  const auto want_a = rows_of(fresh_a, a), want_b = rows_of(fresh_b, b);
  ASSERT_NE(want_a.size(), want_b.size());
  std::atomic<int> wrong{0};
  auto run = [&](const Table& t, const std::vector<float>& want) {
    smrt::Estimator mine = proto;
    for (int i = 0; i < 100; ++i) wrong += rows_of(mine, t) != want;
  };
  std::thread one(run, std::cref(a), std::cref(want_a)), two(run, std::cref(b), std::cref(want_b));
  one.join();
  two.join();
  EXPECT_EQ(wrong.load(), 0);
  smrt::Estimator assigned = smrt::Estimator::create("ros");
  assigned = proto;
  EXPECT_EQ(assigned.info().name, "smote");
  EXPECT_EQ(assigned.get_params(), proto.get_params());
}

TEST(Api, ModelMethodsRefuseNonFiniteRows) {
  if (!smrt::testing::have_torch()) GTEST_SKIP() << "built without LibTorch: no generative models";
  Table t = make_table();
  std::vector<float> X32(t.X.begin(), t.X.end());
  auto model = smrt::Model::fit_autoencoder("vae", {{"n_hidden", std::vector<int64_t>{4}}, {"n_epochs", int64_t{1}}},
                                            smrt::Features::of(X32.data(), 120, 4));
  X32[2 * 4 + 1] = std::numeric_limits<float>::quiet_NaN();
  const auto X = smrt::Features::of(X32.data(), 120, 4);
  for (const auto& call : std::vector<std::function<void()>>{[&] { model->feed_forward(X); }, [&] { model->encode(X); },
                                                             [&] { model->reconstruction_error(X); },
                                                             [&] { model->generate_from_sample(X); }}) {
    try {
      call();
      ADD_FAILURE() << "NaN accepted";
    } catch (const smrt::DataError& e) {
      EXPECT_NE(std::string(e.what()).find("row 2, feature 1"), std::string::npos) << e.what();
    }
  }
}

TEST(Api, FitWithoutGeneratingIsOnlyForModels) {
  Table t = make_table();
  auto e = smrt::Estimator::create("smote");
  EXPECT_THROW(e.fit(smrt::Features::of(t.X.data(), 120, 4), t.labels), smrt::ParameterError);
  EXPECT_EQ(e.model(), nullptr);
}

}  // namespace
