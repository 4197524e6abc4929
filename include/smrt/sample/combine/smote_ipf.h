#pragma once
// SMOTE-IPF (Saez, Luengo, Stefanowski & Herrera, Information Sciences 2015):
// SMOTE, then the Iterative-Partitioning Filter on its output (input and new
// rows of every class together). Each round splits the rows left into n_folds
// stratified parts, grows a decision tree on each part, and removes the rows
// that most trees (majority) or all trees (consensus) misclassify; it stops
// after k rounds in a row that each remove fewer than p times the rows SMOTE
// returned (or none).

#include <string>

#include "smrt/core/rng.h"
#include "smrt/sample/sampler.h"

namespace smrt {

struct IpfSettings {
  int n_folds = 9;
  int k = 3;
  double p = 0.01;
  bool consensus = false;
};

/// The IPF filter: the rows of `data` it keeps, ascending. `removed_per_round`, when
/// given, receives the rows each round removed. A round that would remove the last rows
/// of a class is not applied and ends the filter: every class keeps rows.
std::vector<int64_t> ipf_filter(const DataView& data, const IpfSettings& settings, Rng& rng,
                                std::vector<int64_t>* removed_per_round = nullptr);

class SMOTEIPF : public Sampler {
 public:
  explicit SMOTEIPF(const ParamValues& params);
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }
  bool cleans_after_adding() const override { return true; }
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  int64_t k_neighbors_;
  std::string knn_;
  IpfSettings ipf_;
};

}  // namespace smrt
