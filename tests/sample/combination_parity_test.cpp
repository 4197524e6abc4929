// SMOTEENN and SMOTETomek: the cleaning step keeps exactly the rows
// imbalanced-learn's EditedNearestNeighbours / TomekLinks
// (sampling_strategy='all') keep on the same SMOTE output.
#include <gtest/gtest.h>

#include "cleaning_data.h"
#include "smrt/sample/registry.h"
#include "test_support.h"

namespace {

TEST(CombinationParity, CleaningStepKeepsImbalancedLearnsRows) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "imbalanced-learn not installed under /usr/bin/python3";
  smrt::register_sample_methods();
  auto& registry = smrt::SamplerRegistry::global();
  if (!registry.contains("smote")) GTEST_SKIP() << "SMOTE is not registered in this build";
  const auto data = smrt::testing::cleaning_datasets();
  struct Case {
    size_t dataset;
    std::string method, cleaner;
  };
  const std::vector<Case> all = {{0, "smote_enn", "EditedNearestNeighbours(sampling_strategy='all')"},
                                 {1, "smote_enn", "EditedNearestNeighbours(sampling_strategy='all')"},
                                 {3, "smote_enn", "EditedNearestNeighbours(sampling_strategy='all')"},
                                 {0, "smote_tomek", "TomekLinks(sampling_strategy='all')"},
                                 {1, "smote_tomek", "TomekLinks(sampling_strategy='all')"},
                                 {3, "smote_tomek", "TomekLinks(sampling_strategy='all')"}};
  // SMOTE's output, as the combination sees it (same seed, same parameters).
  std::vector<smrt::Resampled> over;
  nlohmann::json input = nlohmann::json::array();
  for (const auto& c : all) {
    const auto& d = data[c.dataset].data;
    over.push_back(registry.create("smote", {{"random_state", "3"}})->fit_resample(d));
    ASSERT_GT(over.back().synthetic.n_rows(), 0);
    input.push_back({{"table", smrt::testing::to_json(over.back().materialize(d))}, {"cleaner", c.cleaner}});
  }
  const std::string script =
      "import json, warnings, numpy as np\n"
      "warnings.filterwarnings('ignore')\n"
      "from imblearn.under_sampling import *\n"
      "out = []\n"
      "for case in json.loads(r'''" + input.dump() + "'''):\n"
      "    X = np.asarray(case['table']['X'], dtype=np.float32); y = np.asarray(case['table']['y'])\n"
      "    s = eval(case['cleaner']); s.fit_resample(X, y); out.append(s.sample_indices_.tolist())\n"
      "print(json.dumps(out))\n";
  const auto expected = nlohmann::json::parse(smrt::testing::run_python(script));
  int64_t removed = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    const auto& d = data[c.dataset].data;
    SCOPED_TRACE(data[c.dataset].name + " " + c.method);
    const auto ours = registry.create(c.method, {{"random_state", "3"}})->fit_resample(d);
    const auto table = over[i].materialize(d);
    const auto n_kept = static_cast<int64_t>(over[i].sample_indices.size());
    std::vector<int64_t> want_rows;
    std::vector<float> want_synthetic;
    for (int64_t k : expected[i].get<std::vector<int64_t>>()) {
      if (k < n_kept) want_rows.push_back(over[i].sample_indices[static_cast<size_t>(k)]);
      else want_synthetic.insert(want_synthetic.end(), table.X.row(k), table.X.row(k) + d.n_cols());
    }
    EXPECT_EQ(ours.sample_indices, want_rows);
    EXPECT_EQ(std::vector<float>(ours.synthetic.data(), ours.synthetic.data() + ours.synthetic.n_rows() * d.n_cols()),
              want_synthetic);
    removed += over[i].n_rows() - ours.n_rows();
  }
  EXPECT_GT(removed, 20);  // the cleaners really removed rows
}

}  // namespace
