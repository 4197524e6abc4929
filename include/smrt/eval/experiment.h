#pragma once
// One protocol run: for each seed, split the data, resample the training set
// with each method (at each balance ratio of a sweep), fit a classifier and
// score the untouched test set. Every number in the results comes from a run
// made here; methods this build lacks are listed as not available, never
// filled in.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "smrt/eval/classifier.h"
#include "smrt/eval/datasets.h"
#include "smrt/eval/method.h"

namespace smrt::eval {

/// What one seed's run works on.
struct Split {
  Dataset train, test;
  std::vector<int32_t> minority;  ///< the minority class ids (scores are averaged over them)
};

struct Experiment {
  std::string id;     ///< "a", "b", "c", "d-SET-CLF", "table-CLF"
  /// Experiments of one multi-set protocol share a group ("d", "table"):
  /// the report adds their SMRT-against-SMOTE win / tie / loss counts.
  std::string group;
  std::string title;
  std::string summary;                                       ///< one paragraph for the report
  std::vector<std::pair<std::string, std::string>> settings;  ///< exact settings, in order
  std::vector<MethodSpec> methods;
  /// Balance ratios of a sweep (sampling_strategy 'balance_ratio:R'); empty:
  /// one run per method with sampling_strategy 'auto'.
  std::vector<double> ratios;
  int n_seeds = 5;
  uint64_t base_seed = 0;
  std::function<Split(uint64_t seed)> make_split;
  std::function<std::unique_ptr<Classifier>(ClassWeight, uint64_t seed)> make_classifier;
  /// Optional reference row ("full data"): its own split, no resampling.
  std::string reference_label;
  std::function<Split(uint64_t seed)> make_reference_split;
  /// Metric keys for the headline table, in order.
  std::vector<std::string> headline;
};

struct RunRecord {
  std::string method;
  double ratio = 0;  ///< the balance ratio; 0 for runs outside a sweep
  uint64_t seed = 0;
  int64_t n_train = 0;
  double resample_seconds = 0, fit_seconds = 0;
  std::map<std::string, double> metrics;
};

struct MethodStatus {
  std::string label;
  std::string sampler;
  bool available = true;
  std::string reason;  ///< why not, when unavailable
};

/// What one method made for the shown class (first seed, last ratio).
struct GalleryRow {
  std::string label;   ///< the method's label
  Matrix rows;         ///< up to 16 of its synthetic rows, evenly spaced through them
  double spread = 0;   ///< mean pairwise distance of all its synthetic rows of the class (spread.h)
};

/// Images (or rows) to show: real minority rows and what each method made.
struct SampleGallery {
  std::vector<int64_t> sample_shape;
  std::string real_label;
  Matrix real;              ///< up to 16 real minority rows of the training split
  double real_spread = 0;   ///< mean pairwise distance of every real minority training row
  std::vector<GalleryRow> synthetic;
};

struct LossCurve {
  std::string label;
  std::vector<double> values;  ///< one per epoch
};

struct ExperimentResult {
  const Experiment* experiment = nullptr;
  std::vector<MethodStatus> methods;
  std::vector<RunRecord> runs;
  SampleGallery gallery;
  std::vector<LossCurve> losses;
  double seconds = 0;
};

/// Metric names computed for every run (see metrics.h for their meaning):
/// accuracy, balanced_accuracy, macro_f1, cohen_kappa, gmean, and over the
/// minority classes (averaged when several): minority_precision,
/// minority_recall, minority_f1, minority_specificity, minority_iba; for two
/// classes also roc_auc and average_precision of the minority's probability.
std::map<std::string, double> score_predictions(const Split& split, const std::vector<int32_t>& predicted,
                                                const Matrix& probabilities);

/// Runs `experiment`, printing progress on stderr.
ExperimentResult run_experiment(const Experiment& experiment);

struct Summary {
  std::string method;
  double ratio = 0;
  int n = 0;
  std::map<std::string, std::pair<double, double>> mean_std;  ///< metric -> (mean, sample std)
};

/// Mean and standard deviation (ddof=1, 0 for a single seed) over seeds, per
/// (method, ratio), in the order the runs were made.
std::vector<Summary> summarize(const std::vector<RunRecord>& runs);

/// "0.871 +- 0.012".
std::string format_mean_std(const std::pair<double, double>& v);

/// The headline table as fixed-width text (for the terminal).
std::string text_table(const ExperimentResult& result);
/// The headline table as Markdown (for docs/results.md).
std::string markdown_table(const ExperimentResult& result);
/// Every run, one CSV row each.
std::string runs_csv(const ExperimentResult& result);

}  // namespace smrt::eval
