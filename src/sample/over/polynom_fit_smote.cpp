#include "smrt/sample/over/polynom_fit_smote.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "smrt/core/error.h"
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
template <typename From, typename To>
void evenly_on_segments(const std::vector<int64_t>& counts, From from, To to, int64_t d, int64_t first, Matrix& out) {
  for (size_t s = 0; s < counts.size(); ++s)
    for (int64_t j = 1; j <= counts[s]; ++j)
      put_on_segment(from(s), to(s), static_cast<double>(j) / static_cast<double>(counts[s] + 1), d, out.row(first++));
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

std::vector<double> polyfit(const std::vector<double>& t, const std::vector<double>& v, int degree) {
  const auto p = static_cast<size_t>(degree + 1);
  // Normal equations A c = r (p x p, with partial pivoting): fine at small degrees on t in [-1, 1].
  std::vector<double> A(p * p, 0.0), r(p, 0.0), powers(p);
  for (size_t i = 0; i < t.size(); ++i) {
    powers[0] = 1.0;
    for (size_t e = 1; e < p; ++e) powers[e] = powers[e - 1] * t[i];
    for (size_t a = 0; a < p; ++a) {
      r[a] += powers[a] * v[i];
      for (size_t b = 0; b < p; ++b) A[a * p + b] += powers[a] * powers[b];
    }
  }
  for (size_t col = 0; col < p; ++col) {
    size_t pivot = col;
    for (size_t row = col + 1; row < p; ++row)
      if (std::abs(A[row * p + col]) > std::abs(A[pivot * p + col])) pivot = row;
    for (size_t b = 0; b < p; ++b) std::swap(A[col * p + b], A[pivot * p + b]);
    std::swap(r[col], r[pivot]);
    for (size_t row = col + 1; row < p; ++row) {
      const double f = A[row * p + col] / A[col * p + col];
      for (size_t b = col; b < p; ++b) A[row * p + b] -= f * A[col * p + b];
      r[row] -= f * r[col];
    }
  }
  std::vector<double> c(p, 0.0);
  for (size_t i = p; i-- > 0;) {
    double s = r[i];
    for (size_t b = i + 1; b < p; ++b) s -= A[i * p + b] * c[b];
    c[i] = s / A[i * p + i];
  }
  return c;
}

PolynomFitSMOTE::PolynomFitSMOTE(const ParamValues& params)
    : Sampler(params), topology_(params.get_string("topology")), degree_(poly_degree(topology_)) {}

std::vector<ParamSpec> PolynomFitSMOTE::param_specs() {
  ParamSpec topology;
  topology.name = "topology";
  topology.type = ParamType::String;
  topology.default_value = "star";
  topology.doc = "star: towards the class mean; bus: between consecutive rows; mesh: between random pairs of rows; "
                 "poly_N: on a degree-N polynomial curve per column (poly_1 to poly_99).";
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
      // n uniform pairs of distinct rows; a pair drawn c times gets c evenly spaced points.
      std::vector<std::pair<int64_t, int64_t>> drawn(static_cast<size_t>(n_new));
      for (auto& pair : drawn) {
        const auto a = static_cast<int64_t>(rng.below(static_cast<uint64_t>(m)));
        auto b = static_cast<int64_t>(rng.below(static_cast<uint64_t>(m - 1)));
        b += b >= a;
        pair = {std::min(a, b), std::max(a, b)};
      }
      // Distinct pairs in ascending order with their counts (a sort, not a map: 4x faster at 18,000 draws).
      std::sort(drawn.begin(), drawn.end());
      std::vector<std::pair<int64_t, int64_t>> pairs;
      std::vector<int64_t> counts;
      for (size_t i = 0; i < drawn.size(); ++i) {
        if (i == 0 || drawn[i] != drawn[i - 1]) pairs.push_back(drawn[i]), counts.push_back(0);
        ++counts.back();
      }
      evenly_on_segments(
          counts, [&](size_t s) { return X.row(pairs[s].first); }, [&](size_t s) { return X.row(pairs[s].second); },
          d, first, out.synthetic);
    } else {  // poly_N
      SMRT_THROW_IF_NOT(ParameterError, m > degree_, "topology=", topology_, " needs more than ", degree_,
                        " rows in ", name, ", which has ", m, " (lower the degree)");
      // The rows in the order of their means (so the curve does not depend on the input order).
      std::vector<double> row_mean(static_cast<size_t>(m), 0.0);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < d; ++j) row_mean[static_cast<size_t>(i)] += X(i, j);
      std::vector<int64_t> order(static_cast<size_t>(m));
      std::iota(order.begin(), order.end(), int64_t{0});
      std::stable_sort(order.begin(), order.end(),
                       [&](int64_t a, int64_t b) { return row_mean[static_cast<size_t>(a)] < row_mean[static_cast<size_t>(b)]; });
      // Position i of the sorted rows is t = 2 i / (m - 1) - 1 (m = 1: t = 0).
      const double scale = m > 1 ? 2.0 / static_cast<double>(m - 1) : 0.0;
      std::vector<double> t(static_cast<size_t>(m)), v(static_cast<size_t>(m));
      for (int64_t i = 0; i < m; ++i) t[static_cast<size_t>(i)] = static_cast<double>(i) * scale - 1.0;
      std::vector<std::vector<double>> coef(static_cast<size_t>(d));
      for (int64_t j = 0; j < d; ++j) {
        for (int64_t i = 0; i < m; ++i) v[static_cast<size_t>(i)] = X(order[static_cast<size_t>(i)], j);
        coef[static_cast<size_t>(j)] = polyfit(t, v, degree_);
      }
      for (int64_t s = 0; s < n_new; ++s) {
        const double at = m > 1 ? 2.0 * rng.uniform() - 1.0 : 0.0;  // a point of the fitted stretch
        float* dst = out.synthetic.row(first + s);
        for (int64_t j = 0; j < d; ++j) {
          const auto& cj = coef[static_cast<size_t>(j)];
          double value = 0.0;
          for (size_t e = cj.size(); e-- > 0;) value = value * at + cj[e];
          dst[j] = static_cast<float>(value);
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
