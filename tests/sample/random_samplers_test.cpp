// Random over- and under-sampling: class counts equal imbalanced-learn 0.10's
// for every sampling_strategy form, on three data sets (checked against the
// installed imblearn), plus determinism and balance_ratio.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "smrt/core/threads.h"
#include "smrt/sample/registry.h"
#include "test_support.h"

namespace {

using smrt::Dataset;

// Labels with the given counts per class (in the order given, interleaved so
// that classes are not contiguous).
Dataset make_data(const std::vector<std::pair<std::string, int>>& spec, bool string_labels) {
  std::vector<std::string> labels;
  int remaining = 1;
  std::vector<int> left;
  for (auto& s : spec) left.push_back(s.second);
  while (remaining) {
    remaining = 0;
    for (size_t c = 0; c < spec.size(); ++c)
      if (left[c] > 0) labels.push_back(spec[c].first), --left[c], remaining += left[c] > 0;
  }
  Dataset d;
  d.classes = smrt::ClassIndex::from_strings(labels, &d.y);
  EXPECT_EQ(d.classes.kind() == smrt::ClassIndex::Kind::String, string_labels);
  d.X = smrt::Matrix(static_cast<int64_t>(labels.size()), 3);
  smrt::Rng rng(7);
  for (auto& v : d.X.storage()) v = static_cast<float>(rng.normal());
  return d;
}

struct Case {
  int dataset;
  std::string method;  // ros | rus
  std::string ours;    // our sampling_strategy text
  std::string python;  // the same strategy as a Python literal
};

std::vector<Dataset> datasets() {
  return {
      make_data({{"0", 100}, {"1", 17}}, false),                                  // binary
      make_data({{"2", 7}, {"0", 50}, {"1", 20}}, false),                         // multi-class
      make_data({{"b", 30}, {"a", 30}, {"d", 5}, {"c", 12}, {"e", 5}}, true),     // ties at both ends
  };
}

std::vector<Case> cases() {
  std::vector<Case> out;
  const std::vector<std::pair<std::string, std::string>> names = {
      {"auto", "'auto'"}, {"minority", "'minority'"}, {"majority", "'majority'"}, {"not minority", "'not minority'"},
      {"not majority", "'not majority'"}, {"all", "'all'"}};
  for (int d = 0; d < 3; ++d)
    for (const char* m : {"ros", "rus"})
      for (const auto& [ours, py] : names) out.push_back({d, m, ours, py});
  for (const char* m : {"ros", "rus"})
    for (const char* r : {"0.2", "0.5", "0.8", "1.0", "0.05"}) out.push_back({0, m, r, r});
  out.push_back({1, "ros", "0.5", "0.5"});  // float on multi-class: an error in both
  out.push_back({0, "ros", "0:120,1:40", "{0: 120, 1: 40}"});
  out.push_back({0, "ros", "1:30", "{1: 30}"});
  out.push_back({0, "ros", "1:10", "{1: 10}"});  // below current: error
  out.push_back({0, "rus", "0:40", "{0: 40}"});
  out.push_back({0, "rus", "0:20,1:17", "{0: 20, 1: 17}"});
  out.push_back({0, "rus", "0:200", "{0: 200}"});  // above current: error
  out.push_back({1, "ros", "{\"2\": 30, \"1\": 25}", "{2: 30, 1: 25}"});
  out.push_back({1, "rus", "0:10,1:10,2:7", "{0: 10, 1: 10, 2: 7}"});
  out.push_back({1, "rus", "3:5", "{3: 5}"});  // unknown class: error
  out.push_back({2, "ros", "d:40,e:6", "{'d': 40, 'e': 6}"});
  out.push_back({2, "rus", "a:10,b:3", "{'a': 10, 'b': 3}"});
  return out;
}

// imbalanced-learn's counts per case ("error" when it raises), in one run.
nlohmann::json reference_counts(const std::vector<Dataset>& data, const std::vector<Case>& all) {
  nlohmann::json input;
  for (const auto& d : data) {
    nlohmann::json y = nlohmann::json::array();
    for (int32_t id : d.y) {
      if (d.classes.kind() == smrt::ClassIndex::Kind::Integer) y.push_back(d.classes.integer_value(id));
      else y.push_back(d.classes.name(id));
    }
    input["datasets"].push_back(y);
  }
  std::string script =
      "import json, collections, numpy as np\n"
      "from imblearn.over_sampling import RandomOverSampler\n"
      "from imblearn.under_sampling import RandomUnderSampler\n"
      "from imblearn.utils import check_sampling_strategy\n"
      "from sklearn.utils._param_validation import InvalidParameterError\n"
      "data = json.loads(r'''" + input.dump() + "''')\n"
      "cases = [\n";
  for (const auto& c : all)
    script += "  (" + std::to_string(c.dataset) + ", '" + c.method + "', " + c.python + "),\n";
  script +=
      "]\n"
      "out = []\n"
      "for d, m, s in cases:\n"
      "    y = np.asarray(data['datasets'][d])\n"
      "    X = np.zeros((len(y), 3))\n"
      "    cls = RandomOverSampler if m == 'ros' else RandomUnderSampler\n"
      "    try:\n"
      "        _, yr = cls(sampling_strategy=s, random_state=0).fit_resample(X, y)\n"
      "        out.append({str(k): int(v) for k, v in collections.Counter(yr.tolist()).items()})\n"
      "    except InvalidParameterError:\n"
      "      try:\n"
      "        # imblearn 0.10's parameter table for RandomOverSampler omits\n"
      "        # 'minority' (a known slip); its check_sampling_strategy defines it.\n"
      "        kind = 'over-sampling' if m == 'ros' else 'under-sampling'\n"
      "        target = check_sampling_strategy(s, y, kind)\n"
      "        counts = collections.Counter(y.tolist())\n"
      "        for k, v in target.items(): counts[k] = counts[k] + v if m == 'ros' else v\n"
      "        out.append({str(k): int(v) for k, v in counts.items()})\n"
      "      except ValueError:\n"
      "        out.append('error')\n"
      "    except ValueError:\n"
      "        out.append('error')\n"
      "print(json.dumps(out))\n";
  return nlohmann::json::parse(smrt::testing::run_python(script));
}

TEST(RandomSamplers, CountsMatchImbalancedLearnForEveryStrategyForm) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "imbalanced-learn not installed under /usr/bin/python3";
  smrt::register_sample_methods();
  const auto data = datasets();
  const auto all = cases();
  const nlohmann::json expected = reference_counts(data, all);
  ASSERT_EQ(expected.size(), all.size());
  int compared = 0, errors = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const Case& c = all[i];
    const Dataset& d = data[static_cast<size_t>(c.dataset)];
    SCOPED_TRACE("dataset " + std::to_string(c.dataset) + " " + c.method + " sampling_strategy=" + c.ours);
    nlohmann::json ours;
    try {
      auto sampler = smrt::SamplerRegistry::global().create(c.method, {{"sampling_strategy", c.ours}, {"random_state", "0"}});
      auto result = sampler->fit_resample(d);
      const auto counts = result.class_counts(d.view());
      for (int32_t k = 0; k < d.classes.n_classes(); ++k) ours[d.classes.name(k)] = counts[static_cast<size_t>(k)];
    } catch (const smrt::Error& e) {
      ours = "error";
      EXPECT_NE(std::string(e.what()).find("sampling_strategy"), std::string::npos) << e.what();
    }
    EXPECT_EQ(ours, expected[i]);
    ++compared;
    errors += expected[i] == "error";
  }
  EXPECT_GE(compared, 50);
  EXPECT_GE(errors, 5);  // the error cases really are exercised
}

TEST(RandomSamplers, BalanceRatioRaisesEveryClassToRatioTimesMajority) {
  smrt::register_sample_methods();
  const auto data = datasets();
  const Dataset& d = data[2];  // 30, 30, 12, 5, 5
  auto sampler = smrt::SamplerRegistry::global().create("ros", {{"sampling_strategy", "balance_ratio:0.5"}});
  const auto counts = sampler->fit_resample(d).class_counts(d.view());
  // int(0.5 * 30) = 15: a=30, b=30, c=12->15, d=5->15, e=5->15.
  EXPECT_EQ(counts, (std::vector<int64_t>{30, 30, 15, 15, 15}));
}

TEST(RandomSamplers, SameSeedSameOutputAnyThreadCount) {
  smrt::register_sample_methods();
  const auto data = datasets();
  for (const char* method : {"ros", "rus"}) {
    auto run = [&](int threads, const char* seed) {
      smrt::set_num_threads(threads);
      auto s = smrt::SamplerRegistry::global().create(method, {{"random_state", seed}, {"sampling_strategy", "all"}});
      return s->fit_resample(data[1]).materialize(data[1]);
    };
    auto a = run(1, "5"), b = run(2, "5"), c = run(2, "6");
    EXPECT_EQ(a.X.storage(), b.X.storage()) << method;
    EXPECT_EQ(a.y, b.y) << method;
    EXPECT_NE(a.y == c.y && a.X.storage() == c.X.storage(), true) << method << ": seed has no effect";
  }
}

TEST(RandomSamplers, ShrinkageAddsNoiseScaledPerFeature) {
  smrt::register_sample_methods();
  const auto data = datasets();
  const Dataset& d = data[0];
  auto plain = smrt::SamplerRegistry::global().create("ros", {{"random_state", "1"}})->fit_resample(d);
  auto smooth = smrt::SamplerRegistry::global().create("ros", {{"random_state", "1"}, {"shrinkage", "1.0"}})->fit_resample(d);
  EXPECT_EQ(plain.synthetic.n_rows(), 0);  // a plain bootstrap only repeats indices
  EXPECT_EQ(smooth.synthetic.n_rows(), 83);
  EXPECT_EQ(plain.class_counts(d.view()), smooth.class_counts(d.view()));
  // Noise is present but small relative to the feature scale (about 1 here).
  double max_abs = 0;
  for (float v : smooth.synthetic.storage()) max_abs = std::max(max_abs, std::abs(static_cast<double>(v)));
  EXPECT_GT(max_abs, 0.0);
  EXPECT_LT(max_abs, 10.0);
  auto zero = smrt::SamplerRegistry::global().create("ros", {{"random_state", "1"}, {"shrinkage", "0"}})->fit_resample(d);
  // shrinkage=0 gives exact copies of minority rows.
  const auto rows = d.view().class_rows()[1];
  for (int64_t i = 0; i < zero.synthetic.n_rows(); ++i) {
    bool found = false;
    for (int64_t r : rows)
      found |= std::equal(zero.synthetic.row(i), zero.synthetic.row(i) + 3, d.X.row(r));
    EXPECT_TRUE(found);
  }
}

// imbalanced-learn's dict form: one factor per raised class, by label; a
// raised class without one is an error naming it.
TEST(RandomSamplers, ShrinkagePerClass) {
  smrt::register_sample_methods();
  const auto data = datasets();
  const Dataset& d = data[0];
  auto& reg = smrt::SamplerRegistry::global();
  const std::string minority = d.classes.name(1);
  auto one = reg.create("ros", {{"random_state", "1"}, {"shrinkage", "1.0"}})->fit_resample(d);
  for (const std::string& form : {minority + ":1.0", "{\"" + minority + "\": 1}"}) {
    auto per_class = reg.create("ros", {{"random_state", "1"}, {"shrinkage", form}})->fit_resample(d);
    EXPECT_EQ(per_class.synthetic.storage(), one.synthetic.storage()) << form;
  }
  auto zero = reg.create("ros", {{"random_state", "1"}, {"shrinkage", minority + ":0"}})->fit_resample(d);
  EXPECT_EQ(zero.synthetic.n_rows(), one.synthetic.n_rows());
  EXPECT_NE(zero.synthetic.storage(), one.synthetic.storage());
  try {
    reg.create("ros", {{"random_state", "1"}, {"shrinkage", d.classes.name(0) + ":1"}})->fit_resample(d);
    ADD_FAILURE() << "a raised class without a factor was accepted";
  } catch (const smrt::ParameterError& e) {
    // Numbers bare, text quoted, as Python prints labels.
    const std::string q = d.classes.kind() == smrt::ClassIndex::Kind::String ? "'" : "";
    EXPECT_NE(std::string(e.what()).find("missing classes are: " + q + minority + q), std::string::npos) << e.what();
  }
  for (const char* bad : {"-1", "a:-1", "a:x", "{\"a\": \"x\"}", "{bad", "nan"})
    EXPECT_THROW(reg.create("ros", {{"shrinkage", bad}}), smrt::ParameterError) << bad;
}

}  // namespace
