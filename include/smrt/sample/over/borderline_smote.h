#pragma once
// BorderlineSMOTE (imbalanced-learn 0.10): SMOTE from the class's rows "in
// danger" only: those with at least half, but not all, of their m_neighbors
// nearest neighbours (whole table) in other classes. borderline-1 draws
// towards same-class neighbours; borderline-2 draws a Beta(10, 10) share that
// way and the rest towards the k nearest other-class rows, at most half-way.

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class BorderlineSMOTE : public SmoteBase {
 public:
  explicit BorderlineSMOTE(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::vector<int64_t> other_class_neighbours(const KnnResult& near_all, const std::vector<int64_t>& danger_rows,
                                              const Matrix& X_danger, const DataView& data, int32_t c, int k) const;

  int m_neighbors_;
  bool borderline2_;
};

/// Rows of `queries` (of class c) whose neighbours (m per row, nn) are in
/// other classes: "danger" = at least m/2 and fewer than m; "noise" = all m.
std::vector<char> in_danger(const std::vector<int64_t>& nn, int m, const int32_t* y, int32_t c, int64_t n_queries);
std::vector<char> is_noise(const std::vector<int64_t>& nn, int m, const int32_t* y, int32_t c, int64_t n_queries);

/// The m_neighbors spec shared by BorderlineSMOTE and SVMSMOTE.
ParamSpec m_neighbors_spec();

}  // namespace smrt
