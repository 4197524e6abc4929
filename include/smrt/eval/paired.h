#pragma once
// Paired comparison of two methods over the seeds of one experiment: the
// win / tie / loss counts that protocol d reports (SMRT against SMOTE).

#include <string>
#include <vector>

#include "smrt/eval/experiment.h"

namespace smrt::eval {

struct PairedDiff {
  int n = 0;              ///< seeds both methods ran
  double mean = 0, std = 0;  ///< of a - b over those seeds (std ddof=1)
  /// +1 a wins, -1 a loses, 0 tie: a paired t-test at 5% (two-sided); with
  /// one seed, or no spread, the sign of the mean difference (0 if it is 0).
  int outcome = 0;
};

/// a minus b on `metric`, paired by seed (and ratio); n = 0 when either
/// method has no run.
PairedDiff paired_difference(const ExperimentResult& result, const std::string& a, const std::string& b,
                             const std::string& metric);

struct WinTieLoss {
  int wins = 0, ties = 0, losses = 0;
};

/// Counts over `results` (cells where both ran).
WinTieLoss count_outcomes(const std::vector<ExperimentResult>& results, const std::string& a, const std::string& b,
                          const std::string& metric);

/// The comparison table of one group of experiments (protocol d's cells):
/// a header, one row per experiment ("SET, CLASSIFIER", then per metric
/// "a - b mean +- std (win|tie|loss)"), and a last row of win / tie / loss
/// counts. Only groups whose experiments ran both methods are listed.
struct Comparison {
  std::string group, a, b;
  std::vector<std::vector<std::string>> cells;
};
std::vector<Comparison> comparisons(const std::vector<ExperimentResult>& results, const std::string& a = "SMRT",
                                    const std::string& b = "SMOTE",
                                    const std::vector<std::string>& metrics = {"minority_f1", "balanced_accuracy",
                                                                               "average_precision"});

/// Every method of a group against `b`: per metric, the mean over the cells
/// of its paired mean difference and its win / tie / loss count (one row per
/// method; a, "every method"). Only groups where b and another method ran.
std::vector<Comparison> standings(const std::vector<ExperimentResult>& results, const std::string& b = "SMOTE",
                                  const std::vector<std::string>& metrics = {"minority_f1", "balanced_accuracy",
                                                                             "average_precision"});
/// comparisons() (SMRT against SMOTE) then standings().
std::vector<Comparison> all_comparisons(const std::vector<ExperimentResult>& results);

/// The comparisons as Markdown tables with a heading each ("" when none).
std::string comparison_markdown(const std::vector<ExperimentResult>& results);
/// The same for the terminal.
std::string comparison_text(const std::vector<ExperimentResult>& results);

}  // namespace smrt::eval
