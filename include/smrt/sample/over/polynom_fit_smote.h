#pragma once
// Polynomial-fit SMOTE (Gazzah & Amara, IAPR DAS 2008): new rows on a
// topology drawn through the class's rows instead of on neighbour segments.
//   star    : segments from each row to the class mean, at evenly spaced points;
//   bus     : segments between consecutive rows (input order), evenly spaced;
//   mesh    : segments between rows and partners drawn for them, evenly spaced
//             (a pair drawn once: its midpoint);
//   poly_N  : a degree-N polynomial per column, fitted to the rows sorted by
//             their mean, evaluated at uniform positions along the curve.

#include "smrt/sample/over/smote_base.h"

namespace smrt {

class PolynomFitSMOTE : public Sampler {
 public:
  explicit PolynomFitSMOTE(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  std::string topology_;
  int degree_ = 0;  ///< poly_N: N
};

/// n split over `slots` as evenly as possible: n / slots each and one more
/// for n % slots slots drawn at random (so no slot is favoured by its order).
std::vector<int64_t> spread_evenly(int64_t n, int64_t slots, Rng& rng);

/// Least-squares polynomials of degree `degree` over fixed positions t (scaled
/// to about [-1, 1]): the normal equations' matrix depends on t alone, so it is
/// factored once and each column's values cost one solve.
class PolynomialFit {
 public:
  PolynomialFit(const std::vector<double>& t, int degree);
  /// The coefficients (lowest power first) through (t_i, v_i).
  std::vector<double> coefficients(const std::vector<double>& v) const;
  /// Every column's coefficients through (t_i, X(order[i], j)), power-major:
  /// entry e * n_cols + j is column j's coefficient of t^e.
  std::vector<double> coefficients_by_power(const MatrixView& X, const std::vector<int64_t>& order) const;

 private:
  /// The coefficients from the right-hand side r_a = sum_i t_i^a v_i.
  std::vector<double> solve(std::vector<double> r) const;

  size_t p_;                   ///< degree + 1
  std::vector<double> t_;
  std::vector<double> lu_;     ///< the eliminated matrix, multipliers below the diagonal
  std::vector<size_t> pivot_;  ///< the row swapped into place at each step
};

/// Least-squares polynomial coefficients (lowest power first) of degree
/// `degree` through (t_i, v_i); t should be scaled to about [-1, 1].
std::vector<double> polyfit(const std::vector<double>& t, const std::vector<double>& v, int degree);

}  // namespace smrt
