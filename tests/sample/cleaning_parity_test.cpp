// The deterministic neighbourhood samplers keep exactly the rows
// imbalanced-learn 0.10 keeps (its sample_indices_, in its order; NCR's rule
// 'imblearn-0.12' against 0.14's rule transcribed, kNcr012), on five
// data sets: binary, multi-class, overlapping, duplicate rows, 20 features,
// and an integer grid where ties are everywhere (scikit-learn's KD-tree order).
// CondensedNearestNeighbour and OneSidedSelection are compared with
// imbalanced-learn's random draws replayed.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "cleaning_data.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/condensed_nearest_neighbour.h"
#include "smrt/sample/under/neighbourhood.h"
#include "smrt/sample/under/one_sided_selection.h"
#include "test_support.h"

namespace {

using smrt::testing::cleaning_datasets;

// Rows kept by only one side, for failure messages.
std::string difference(std::vector<int64_t> a, std::vector<int64_t> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<int64_t> only_a, only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  std::string s = "kept only by smrt:";
  for (auto i : only_a) s += " " + std::to_string(i);
  s += "; kept only by imblearn:";
  for (auto i : only_b) s += " " + std::to_string(i);
  return s;
}

struct Case {
  std::string method;                         // our registry name
  std::map<std::string, std::string> params;  // ours
  std::string python;                         // the imblearn constructor
  bool compare_sorted = false;                // order not comparable (see RENN)
};

std::vector<Case> cases() {
  return {
      {"tomek", {}, "TomekLinks()"},
      {"tomek", {{"sampling_strategy", "all"}}, "TomekLinks(sampling_strategy='all')"},
      {"enn", {}, "EditedNearestNeighbours()"},
      {"enn", {{"n_neighbors", "5"}, {"kind_sel", "mode"}}, "EditedNearestNeighbours(n_neighbors=5, kind_sel='mode')"},
      {"enn", {{"sampling_strategy", "all"}}, "EditedNearestNeighbours(sampling_strategy='all')"},
      {"enn", {{"sampling_strategy", "majority"}, {"n_neighbors", "1"}},
       "EditedNearestNeighbours(sampling_strategy='majority', n_neighbors=1)"},
      // imblearn re-applies the last order once more when RENN converges in
      // its first pass, permuting sample_indices_; compare the kept sets.
      {"renn", {}, "RepeatedEditedNearestNeighbours()", true},
      {"renn", {{"kind_sel", "mode"}, {"max_iter", "2"}}, "RepeatedEditedNearestNeighbours(kind_sel='mode', max_iter=2)", true},
      {"allknn", {}, "AllKNN()"},
      {"allknn", {{"allow_minority", "true"}, {"n_neighbors", "5"}}, "AllKNN(allow_minority=True, n_neighbors=5)"},
      {"allknn", {{"kind_sel", "mode"}, {"sampling_strategy", "all"}}, "AllKNN(kind_sel='mode', sampling_strategy='all')"},
      {"ncr", {{"rule", "imblearn-0.10"}}, "NeighbourhoodCleaningRule()"},
      {"ncr", {{"rule", "imblearn-0.10"}, {"kind_sel", "mode"}}, "NeighbourhoodCleaningRule(kind_sel='mode')"},
      {"ncr", {{"rule", "imblearn-0.10"}, {"threshold_cleaning", "0.2"}, {"n_neighbors", "4"}},
       "NeighbourhoodCleaningRule(threshold_cleaning=0.2, n_neighbors=4)"},
      // imbalanced-learn >= 0.12's rule (the default), against NCR012 (see reference()).
      {"ncr", {}, "NCR012()"},
      {"ncr", {{"n_neighbors", "4"}, {"threshold_cleaning", "1.5"}}, "NCR012(n_neighbors=4, threshold_cleaning=1.5)"},
      {"ncr", {{"n_neighbors", "2"}, {"sampling_strategy", "all"}}, "NCR012(n_neighbors=2, sampling_strategy='all')"},
      {"ncr", {{"n_neighbors", "1"}, {"sampling_strategy", "majority"}, {"threshold_cleaning", "0.2"}},
       "NCR012(n_neighbors=1, sampling_strategy='majority', threshold_cleaning=0.2)"},
      {"ncr", {{"n_neighbors", "6"}, {"threshold_cleaning", "3"}}, "NCR012(n_neighbors=6, threshold_cleaning=3)"},
      {"nearmiss", {}, "NearMiss(version=1)"},
      {"nearmiss", {{"version", "2"}}, "NearMiss(version=2)"},
      {"nearmiss", {{"version", "3"}}, "NearMiss(version=3)"},
      {"nearmiss", {{"version", "1"}, {"n_neighbors", "2"}, {"sampling_strategy", "not minority"}},
       "NearMiss(version=1, n_neighbors=2, sampling_strategy='not minority')"},
      {"nearmiss", {{"version", "3"}, {"n_neighbors_ver3", "5"}, {"sampling_strategy", "all"}},
       "NearMiss(version=3, n_neighbors_ver3=5, sampling_strategy='all')"},
      {"nearmiss", {{"version", "2"}, {"sampling_strategy", "0.5"}}, "NearMiss(version=2, sampling_strategy=0.5)"},
      // More neighbours than minority rows: version 2 sums the distances to all of them.
      {"nearmiss", {{"version", "2"}, {"n_neighbors", "50"}}, "NearMiss(version=2, n_neighbors=50)"},
  };
}

// imbalanced-learn >= 0.12's NeighbourhoodCleaningRule._fit_resample (read in
// 0.14.2), transcribed for the installed 0.10 and its scikit-learn (1.2):
// KNeighborsClassifier.predict is scikit-learn >= 1.3's, whose brute force
// (ArgKminClassMode, strategy parallel_on_X) keeps the lowest indices at a tie.
const std::string kNcr012 = R"PY(
from collections import Counter
from imblearn.utils import check_sampling_strategy
from sklearn.neighbors import KNeighborsClassifier
class NCR012:
    def __init__(self, sampling_strategy='auto', n_neighbors=3, threshold_cleaning=0.5):
        self.s, self.k, self.t = sampling_strategy, n_neighbors, threshold_cleaning
    def fit_resample(self, X, y):
        enn = EditedNearestNeighbours(sampling_strategy=self.s, n_neighbors=self.k, kind_sel='mode')
        enn.fit_resample(X, y)
        a1 = np.setdiff1d(np.arange(len(y)), enn.sample_indices_)
        stats = Counter(y)
        minority = min(stats, key=stats.get)
        targets = check_sampling_strategy(self.s, y, 'clean-sampling')
        cleaned = [c for c, n in stats.items() if c in targets and n > stats[minority] * self.t]
        clf = KNeighborsClassifier(n_neighbors=self.k).fit(X, y)
        rows = np.flatnonzero(y == minority)
        if clf._fit_method == 'brute':
            d2 = ((X[rows, None, :].astype(np.float64) - X[None, :, :]) ** 2).sum(axis=2)
            voters = np.argsort(d2, axis=1, kind='stable')[:, :self.k]
            votes = [np.bincount(clf._y[v], minlength=len(clf.classes_)).argmax() for v in voters]
            predicted = clf.classes_[np.asarray(votes, dtype=int)]
        else:
            predicted = clf.predict(X[rows])
        hood = clf.kneighbors(X[rows], n_neighbors=self.k + 1, return_distance=False)[:, 1:]
        a2 = np.array([i for i in np.unique(hood[predicted != minority]) if y[i] in cleaned], dtype=int)
        self.sample_indices_ = np.setdiff1d(np.arange(len(y)), np.union1d(a1, a2))
        return X[self.sample_indices_], y[self.sample_indices_]
)PY";

// imblearn's sample_indices_ for every (data set, case); "error" where it raises.
nlohmann::json reference(const std::vector<smrt::testing::NamedData>& data, const std::vector<Case>& all) {
  nlohmann::json input = nlohmann::json::array();
  for (const auto& d : data) input.push_back(smrt::testing::to_json(d.data));
  std::string script =
      "import json, warnings, numpy as np\n"
      "warnings.filterwarnings('ignore')\n"
      "from imblearn.under_sampling import *\n" + kNcr012 +
      "data = json.loads(r'''" + input.dump() + "''')\n"
      "cases = [\n";
  for (const auto& c : all) script += "  lambda: " + c.python + ",\n";
  script +=
      "]\n"
      "out = []\n"
      "for d in data:\n"
      "    X = np.asarray(d['X'], dtype=np.float32); y = np.asarray(d['y'])\n"
      "    row = []\n"
      "    for make in cases:\n"
      "        try:\n"
      "            s = make(); s.fit_resample(X, y); row.append(s.sample_indices_.tolist())\n"
      "        except ValueError as e:\n"
      "            row.append('error')\n"
      "    out.append(row)\n"
      "print(json.dumps(out))\n";
  return nlohmann::json::parse(smrt::testing::run_python(script));
}

TEST(CleaningParity, KeepsExactlyTheRowsImbalancedLearnKeeps) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "imbalanced-learn not installed under /usr/bin/python3";
  smrt::register_sample_methods();
  const auto data = cleaning_datasets();
  const auto all = cases();
  const auto expected = reference(data, all);
  int compared = 0, changed = 0;
  for (size_t d = 0; d < data.size(); ++d) {
    for (size_t i = 0; i < all.size(); ++i) {
      const Case& c = all[i];
      std::string trace = data[d].name + ": " + c.python;
      SCOPED_TRACE(trace);
      const auto& want = expected[d][i];
      std::vector<int64_t> ours;
      try {
        ours = smrt::SamplerRegistry::global().create(c.method, c.params)->fit_resample(data[d].data).sample_indices;
      } catch (const smrt::Error& e) {
        EXPECT_EQ(want, "error") << e.what();
        continue;
      }
      ASSERT_TRUE(want.is_array()) << "imblearn raised but smrt did not";
      auto theirs = want.get<std::vector<int64_t>>();
      if (c.compare_sorted) {
        std::sort(ours.begin(), ours.end());
        std::sort(theirs.begin(), theirs.end());
      }
      EXPECT_EQ(ours, theirs) << difference(ours, theirs);
      ++compared;
      changed += static_cast<int64_t>(theirs.size()) < data[d].data.n_rows();
    }
  }
  EXPECT_GE(compared, 90);
  EXPECT_GE(changed, 80);  // the cases really remove rows
}

// CNN and OSS draw seeds with numpy's RandomState: replay its draws here.
TEST(CleaningParity, CondensingMatchesImbalancedLearnWithItsDraws) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "imbalanced-learn not installed under /usr/bin/python3";
  const auto data = cleaning_datasets();
  nlohmann::json input = nlohmann::json::array();
  for (const auto& d : data) input.push_back(smrt::testing::to_json(d.data));
  const std::string script =
      "import json, warnings, numpy as np\n"
      "warnings.filterwarnings('ignore')\n"
      "from imblearn.under_sampling import CondensedNearestNeighbour as CNN, OneSidedSelection as OSS\n"
      "data = json.loads(r'''" + input.dump() + "''')\n"
      "out = []\n"
      "runs = ((0, None, 1, 'auto'), (3, 3, 2, 'auto'), (5, 1, 4, 'all'))\n"
      "for i, d in enumerate(data):\n"
      "    X = np.asarray(d['X'], dtype=np.float32); y = np.asarray(d['y'])\n"
      "    for cls in (CNN, OSS):\n"
      "        # imblearn's CNN refits after every addition: keep its share small.\n"
      "        for seed, k, n_seeds, strategy in ((runs[i // 2:i // 2 + 1] if i % 2 == 0 else ()) if cls is CNN else runs):\n"
      "            s = cls(random_state=seed, n_neighbors=k, n_seeds_S=n_seeds, sampling_strategy=strategy)\n"
      "            s.fit_resample(X, y)\n"
      "            rs = np.random.RandomState(seed); draws = {}\n"
      "            for c in np.unique(y):\n"
      "                if c in s.sampling_strategy_:\n"
      "                    draws[int(c)] = rs.randint(0, int((y == c).sum()), size=n_seeds).tolist()\n"
      "            out.append({'k': k or 1, 'strategy': strategy, 'draws': draws,\n"
      "                        'kept': s.sample_indices_.tolist()})\n"
      "print(json.dumps(out))\n";
  const auto expected = nlohmann::json::parse(smrt::testing::run_python(script));
  ASSERT_EQ(expected.size(), (data.size() + 1) / 2 + data.size() * 3);  // CNN: even data sets; OSS: 3 runs each
  size_t at = 0;
  for (const auto& d : data) {
    for (const char* method : {"cnn", "oss"}) {
      // CNN runs on the even-numbered data sets only (imblearn's CNN is slow).
      const size_t d_index = static_cast<size_t>(&d - data.data());
      const int runs = std::string(method) == "cnn" ? (d_index % 2 == 0 ? 1 : 0) : 3;
      for (int run = 0; run < runs; ++run, ++at) {
        const auto& e = expected[at];
        SCOPED_TRACE(d.name + " " + method + " run " + std::to_string(run));
        const auto view = d.data.view();
        const auto plan = smrt::resolve_sampling_strategy(smrt::SamplingStrategy::parse(e["strategy"]),
                                                          view.class_counts(), d.data.classes,
                                                          smrt::SamplingType::CleanSampling);
        std::vector<std::vector<int64_t>> seeds(static_cast<size_t>(view.n_classes));
        for (const auto& [label, draws] : e["draws"].items())
          seeds[static_cast<size_t>(*d.data.classes.find(label))] = draws.get<std::vector<int64_t>>();
        const int k = e["k"];
        const auto targeted = smrt::targeted_mask(plan);
        const auto ours = std::string(method) == "cnn"
                              ? smrt::condensed_nearest_neighbour(view, targeted, seeds, k, "exact")
                              : smrt::one_sided_selection(view, targeted, seeds, k, "exact");
        EXPECT_EQ(ours, e["kept"].get<std::vector<int64_t>>());
        EXPECT_LT(ours.size(), static_cast<size_t>(d.data.n_rows()));
      }
    }
  }
}

}  // namespace

namespace {

// A class large enough for ENN's shortcut (rows vouched for without a full
// search) still keeps exactly imblearn's rows, with duplicate rows. (Not
// relabelled duplicates: at this size scikit-learn's brute force orders a
// row and its exact copy by float64 rounding noise in its GEMM, e.g. 8e-8
// to itself and 0 to the copy, which no exact search reproduces.)
TEST(CleaningParity, LargeClassShortcutKeepsTheSameRows) {
  if (!smrt::testing::have_imblearn()) GTEST_SKIP() << "imbalanced-learn not installed under /usr/bin/python3";
  smrt::register_sample_methods();
  smrt::Dataset d = smrt::testing::blobs({0, 1}, {2700, 300}, {0.0, 0.6}, 16, 31);
  smrt::Rng rng(5);
  for (int t = 0; t < 60; ++t) {  // copies of rows, with their label
    const auto src = static_cast<int64_t>(rng.below(1500)), dst = 1500 + static_cast<int64_t>(rng.below(1500));
    for (int64_t j = 0; j < d.n_cols(); ++j) d.X(dst, j) = d.X(src, j);
    d.y[static_cast<size_t>(dst)] = d.y[static_cast<size_t>(src)];
  }
  const std::vector<Case> all = {{"enn", {}, "EditedNearestNeighbours()"},
                                 {"enn", {{"kind_sel", "mode"}, {"n_neighbors", "7"}}, "EditedNearestNeighbours(kind_sel='mode', n_neighbors=7)"},
                                 {"ncr", {{"rule", "imblearn-0.10"}}, "NeighbourhoodCleaningRule()"},
                                 {"ncr", {}, "NCR012()"},
                                 {"allknn", {}, "AllKNN()"}};
  const auto expected = reference({{"large class", d}}, all);
  int removed = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE(all[i].python);
    auto ours = smrt::SamplerRegistry::global().create(all[i].method, all[i].params)->fit_resample(d).sample_indices;
    auto theirs = expected[0][i].get<std::vector<int64_t>>();
    if (all[i].compare_sorted) {
      std::sort(ours.begin(), ours.end());
      std::sort(theirs.begin(), theirs.end());
    }
    EXPECT_EQ(ours, theirs) << difference(ours, theirs);
    removed += static_cast<int>(d.n_rows() - static_cast<int64_t>(theirs.size()));
  }
  EXPECT_GT(removed, 100);
}

}  // namespace
