#include "smrt/sample/over/polynom_fit_smote.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

// "poly_N" -> N (0 when the text is not of that form).
int poly_degree(const std::string& topology) {
  if (topology.rfind("poly_", 0) != 0 || topology.size() == 5 || topology.size() > 7) return 0;
  for (size_t i = 5; i < topology.size(); ++i)
    if (topology[i] < '0' || topology[i] > '9') return 0;
  return std::stoi(topology.substr(5));
}

// Appends row `dst` = a + t (b - a).
void put_on_segment(const float* a, const float* b, double t, int64_t d, float* dst) {
  for (int64_t j = 0; j < d; ++j)
    dst[j] = static_cast<float>(static_cast<double>(a[j]) + t * (static_cast<double>(b[j]) - a[j]));
}

// Row `first` onwards: counts[s] evenly spaced points j / (counts[s] + 1) on segment s = (from(s), to(s)).
// No draws here, so the segments are split over the threads.
template <typename From, typename To>
void evenly_on_segments(const std::vector<int64_t>& counts, From from, To to, int64_t d, int64_t first, Matrix& out) {
  std::vector<int64_t> row_of(counts.size() + 1, first);
  for (size_t s = 0; s < counts.size(); ++s) row_of[s + 1] = row_of[s] + counts[s];
  const auto n_segments = static_cast<int64_t>(counts.size());
#pragma omp parallel for schedule(static) num_threads(num_threads())
  for (int64_t s = 0; s < n_segments; ++s) {
    const auto u = static_cast<size_t>(s);
    for (int64_t j = 1; j <= counts[u]; ++j)
      put_on_segment(from(u), to(u), static_cast<double>(j) / static_cast<double>(counts[u] + 1), d,
                     out.row(row_of[u] + j - 1));
  }
}

/// powers[e] = t^e for e = 0 .. powers.size() - 1.
void powers_of(double t, std::vector<double>& powers) {
  powers[0] = 1.0;
  for (size_t e = 1; e < powers.size(); ++e) powers[e] = powers[e - 1] * t;
}

}  // namespace

std::vector<int64_t> spread_evenly(int64_t n, int64_t slots, Rng& rng) {
  std::vector<int64_t> counts(static_cast<size_t>(slots), n / slots);
  std::vector<int64_t> order(static_cast<size_t>(slots));
  std::iota(order.begin(), order.end(), int64_t{0});
  const int64_t extra = n % slots;
  for (int64_t i = 0; i < extra; ++i) {  // a partial Fisher-Yates shuffle picks the slots
    const auto j = i + static_cast<int64_t>(rng.below(static_cast<uint64_t>(slots - i)));
    std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(j)]);
    ++counts[static_cast<size_t>(order[static_cast<size_t>(i)])];
  }
  return counts;
}

PolynomialFit::PolynomialFit(const std::vector<double>& t, int degree)
    : p_(static_cast<size_t>(degree + 1)), t_(t), lu_(p_ * p_, 0.0), pivot_(p_) {
  // Normal equations A c = r (p x p): A depends on t alone, so it is built and
  // eliminated (partial pivoting) once for every column. Fine at small degrees on t in [-1, 1].
  std::vector<double> powers(p_);
  for (double ti : t_) {
    powers_of(ti, powers);
    for (size_t a = 0; a < p_; ++a)
      for (size_t b = 0; b < p_; ++b) lu_[a * p_ + b] += powers[a] * powers[b];
  }
  for (size_t col = 0; col < p_; ++col) {
    size_t pivot = col;
    for (size_t row = col + 1; row < p_; ++row)
      if (std::abs(lu_[row * p_ + col]) > std::abs(lu_[pivot * p_ + col])) pivot = row;
    pivot_[col] = pivot;
    for (size_t b = 0; b < p_; ++b) std::swap(lu_[col * p_ + b], lu_[pivot * p_ + b]);
    for (size_t row = col + 1; row < p_; ++row) {
      const double f = lu_[row * p_ + col] / lu_[col * p_ + col];
      for (size_t b = col + 1; b < p_; ++b) lu_[row * p_ + b] -= f * lu_[col * p_ + b];
      lu_[row * p_ + col] = f;  // the multiplier, replayed on r
    }
  }
}

std::vector<double> PolynomialFit::coefficients(const std::vector<double>& v) const {
  std::vector<double> r(p_, 0.0), powers(p_);
  for (size_t i = 0; i < t_.size(); ++i) {
    powers_of(t_[i], powers);
    for (size_t a = 0; a < p_; ++a) r[a] += powers[a] * v[i];
  }
  return solve(std::move(r));
}

std::vector<double> PolynomialFit::coefficients_by_power(const MatrixView& X, const std::vector<int64_t>& order) const {
  // Every column's right-hand side sum_i t_i^a X(order[i], j) in one pass over the rows (in the order of
  // the single-column sums, so each column gets the same coefficients as coefficients() would give).
  const auto d = static_cast<size_t>(X.n_cols);
  std::vector<double> moments(p_ * d, 0.0), powers(p_), r(p_), out(p_ * d);
  for (size_t i = 0; i < t_.size(); ++i) {
    powers_of(t_[i], powers);
    const float* row = X.row(order[i]);
    for (size_t a = 0; a < p_; ++a)
      for (size_t j = 0; j < d; ++j) moments[a * d + j] += powers[a] * static_cast<double>(row[j]);
  }
  for (size_t j = 0; j < d; ++j) {
    for (size_t a = 0; a < p_; ++a) r[a] = moments[a * d + j];
    const std::vector<double> c = solve(r);
    for (size_t a = 0; a < p_; ++a) out[a * d + j] = c[a];
  }
  return out;
}

std::vector<double> PolynomialFit::solve(std::vector<double> r) const {
  // P A = L U with whole rows swapped (the multipliers moved with their rows,
  // as LAPACK's getrf): every swap on r first, then L's forward substitution.
  // Interleaving the two paired later-moved multipliers with the wrong rows
  // once a degree needed a second swap (poly_10 on constant rows gave -461..325).
  for (size_t col = 0; col < p_; ++col) std::swap(r[col], r[pivot_[col]]);
  for (size_t col = 0; col < p_; ++col)
    for (size_t row = col + 1; row < p_; ++row) r[row] -= lu_[row * p_ + col] * r[col];
  std::vector<double> c(p_, 0.0);
  for (size_t i = p_; i-- > 0;) {
    double s = r[i];
    for (size_t b = i + 1; b < p_; ++b) s -= lu_[i * p_ + b] * c[b];
    c[i] = s / lu_[i * p_ + i];
  }
  return c;
}

std::vector<double> polyfit(const std::vector<double>& t, const std::vector<double>& v, int degree) {
  return PolynomialFit(t, degree).coefficients(v);
}

PolynomFitSMOTE::PolynomFitSMOTE(const ParamValues& params)
    : Sampler(params), topology_(params.get_string("topology")), degree_(poly_degree(topology_)) {}

std::vector<ParamSpec> PolynomFitSMOTE::param_specs() {
  ParamSpec topology;
  topology.name = "topology";
  topology.type = ParamType::String;
  topology.default_value = "star";
  topology.doc = "star: towards the class mean; bus: between consecutive rows; mesh: between rows and partners "
                 "drawn for them; poly_N: on a degree-N polynomial curve per column (poly_1 to poly_99).";
  topology.allowed_text = "star, bus, mesh or poly_N (N in 1..99)";
  topology.check = [](const std::string& v) -> std::string {
    if (v == "star" || v == "bus" || v == "mesh" || poly_degree(v) >= 1) return "";
    return "expected star, bus, mesh or poly_N with N in 1..99";
  };
  return sampler_params(true, {topology});
}

Resampled PolynomFitSMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int64_t d = data.n_cols();
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const Matrix X = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    const int64_t m = X.n_rows();
    const std::string name = "class '" + classes().name(c) + "'";
    const int64_t first = out.synthetic.n_rows();
    out.synthetic.resize_rows(first + n_new);
    out.synthetic_y.resize(static_cast<size_t>(first + n_new), c);

    if (topology_ == "star") {
      std::vector<float> mean(static_cast<size_t>(d), 0.0f);
      for (int64_t j = 0; j < d; ++j) {
        double s = 0;
        for (int64_t i = 0; i < m; ++i) s += X(i, j);
        mean[static_cast<size_t>(j)] = static_cast<float>(s / static_cast<double>(m));
      }
      evenly_on_segments(
          spread_evenly(n_new, m, rng), [&](size_t s) { return X.row(static_cast<int64_t>(s)); },
          [&](size_t) { return mean.data(); }, d, first, out.synthetic);
    } else if (topology_ == "bus") {
      SMRT_THROW_IF_NOT(DataError, m >= 2, "PolynomFitSMOTE: topology=bus needs at least 2 rows in ", name,
                        ", which has ", m);
      evenly_on_segments(
          spread_evenly(n_new, m - 1, rng), [&](size_t s) { return X.row(static_cast<int64_t>(s)); },
          [&](size_t s) { return X.row(static_cast<int64_t>(s) + 1); }, d, first, out.synthetic);
    } else if (topology_ == "mesh") {
      SMRT_THROW_IF_NOT(DataError, m >= 2, "PolynomFitSMOTE: topology=mesh needs at least 2 rows in ", name,
                        ", which has ", m);
      // The paper links every two rows and leaves open which links get the new rows; as smote-variants
      // does, each row gets max(1, rint(n / m)) partners drawn from the other rows, n of those links are
      // drawn uniformly (with replacement), and a link drawn c times gets c evenly spaced points.
      // Links are keys (a << bits) | b with a < b; the distinct ones in ascending order come from a radix
      // sort of the keys (11 bits a pass: 5x faster than sorting pairs at 18,000 draws).
      const int64_t per_row = std::max<int64_t>(1, static_cast<int64_t>(std::nearbyint(static_cast<double>(n_new) /
                                                                                       static_cast<double>(m))));
      std::vector<uint64_t> partner(static_cast<size_t>(m * per_row));
      for (int64_t i = 0; i < m; ++i)
        for (int64_t k = 0; k < per_row; ++k) {
          auto b = rng.below(static_cast<uint64_t>(m - 1));
          partner[static_cast<size_t>(i * per_row + k)] = b + (b >= static_cast<uint64_t>(i));
        }
      SMRT_ASSERT(m <= (int64_t{1} << 32), "mesh keys hold two row numbers of 32 bits");
      int bits = 1;
      while ((uint64_t{1} << bits) < static_cast<uint64_t>(m)) ++bits;
      std::vector<uint64_t> keys(static_cast<size_t>(n_new)), sorted(keys.size());
      for (auto& key : keys) {
        const auto a = rng.below(static_cast<uint64_t>(m));
        const auto k = per_row > 1 ? rng.below(static_cast<uint64_t>(per_row)) : 0;
        const auto b = partner[a * static_cast<uint64_t>(per_row) + k];
        key = (std::min(a, b) << bits) | std::max(a, b);
      }
      for (int shift = 0; shift < 2 * bits; shift += 11) {
        std::vector<size_t> slot((size_t{1} << 11) + 1, 0);
        for (uint64_t key : keys) ++slot[((key >> shift) & 0x7ff) + 1];
        for (size_t digit = 1; digit < slot.size(); ++digit) slot[digit] += slot[digit - 1];
        for (uint64_t key : keys) sorted[slot[(key >> shift) & 0x7ff]++] = key;
        keys.swap(sorted);
      }
      const uint64_t low = (uint64_t{1} << bits) - 1;
      std::vector<std::pair<int64_t, int64_t>> pairs;
      std::vector<int64_t> counts;
      pairs.reserve(keys.size());
      counts.reserve(keys.size());
      for (size_t i = 0; i < keys.size(); ++i) {
        if (i == 0 || keys[i] != keys[i - 1])
          pairs.emplace_back(static_cast<int64_t>(keys[i] >> bits), static_cast<int64_t>(keys[i] & low)),
              counts.push_back(0);
        ++counts.back();
      }
      evenly_on_segments(
          counts, [&](size_t s) { return X.row(pairs[s].first); }, [&](size_t s) { return X.row(pairs[s].second); },
          d, first, out.synthetic);
    } else {  // poly_N
      SMRT_THROW_IF_NOT(ParameterError, m > degree_, "topology=", topology_, " needs more than ", degree_,
                        " rows in ", name, ", which has ", m, " (lower the degree)");
      // The rows in the order of their means, equal means in the order of their values, so the curve
      // does not depend on the input order (integer data such as pixel counts often ties the means).
      std::vector<double> row_mean(static_cast<size_t>(m), 0.0);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < d; ++j) row_mean[static_cast<size_t>(i)] += X(i, j);
      std::vector<int64_t> order(static_cast<size_t>(m));
      std::iota(order.begin(), order.end(), int64_t{0});
      std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        const double ma = row_mean[static_cast<size_t>(a)], mb = row_mean[static_cast<size_t>(b)];
        if (ma != mb) return ma < mb;
        return std::lexicographical_compare(X.row(a), X.row(a) + d, X.row(b), X.row(b) + d);
      });
      // Position i of the sorted rows is t = 2 i / (m - 1) - 1 (m = 1: t = 0).
      const double scale = m > 1 ? 2.0 / static_cast<double>(m - 1) : 0.0;
      std::vector<double> t(static_cast<size_t>(m));
      for (int64_t i = 0; i < m; ++i) t[static_cast<size_t>(i)] = static_cast<double>(i) * scale - 1.0;
      // coef[e * d + j]: column j's coefficient of t^e, so Horner's rule runs across the columns.
      const auto p = static_cast<size_t>(degree_ + 1);
      const std::vector<double> coef = PolynomialFit(t, degree_).coefficients_by_power(X.view(), order);
      std::vector<double> at(static_cast<size_t>(n_new), 0.0);  // the points of the fitted stretch
      if (m > 1)
        for (double& a : at) a = 2.0 * rng.uniform() - 1.0;
#pragma omp parallel num_threads(num_threads())
      {
        std::vector<double> value(static_cast<size_t>(d));
#pragma omp for schedule(static)
        for (int64_t s = 0; s < n_new; ++s) {
          const double a = at[static_cast<size_t>(s)];
          const auto w = static_cast<size_t>(d);
          std::copy(coef.end() - static_cast<std::ptrdiff_t>(w), coef.end(), value.begin());  // the top power's
          for (size_t e = p - 1; e-- > 1;) {
            const double* ce = coef.data() + e * w;
            for (size_t j = 0; j < w; ++j) value[j] = value[j] * a + ce[j];
          }
          float* dst = out.synthetic.row(first + s);  // the last step (degree >= 1) writes the row
          for (size_t j = 0; j < w; ++j) dst[j] = static_cast<float>(value[j] * a + coef[j]);
        }
      }
    }
  }
  return out;
}

void register_polynom_fit_smote(SamplerRegistry& registry) {
  registry.add({"polynom_fit_smote",
                {"PolynomFitSMOTE", "polynom_fit_SMOTE", "polynom-fit-smote"},
                "over",
                "Polynomial-fit SMOTE: new rows on a star, bus, mesh or polynomial curve through the class's rows.",
                PolynomFitSMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<PolynomFitSMOTE>(p); }});
}

}  // namespace smrt
