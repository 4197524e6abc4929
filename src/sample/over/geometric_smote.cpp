#include "smrt/sample/over/geometric_smote.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

constexpr int64_t kGsmoteBlockRows = 8192;  // rows per random stream

ParamSpec gsmote_factor(const std::string& name, const std::string& default_value, double lowest, const std::string& doc) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::Float;
  p.default_value = default_value;
  p.min = lowest;
  p.max = 1.0;
  p.doc = doc;
  return p;
}

double squared_gap(const float* a, const float* b, int64_t d) {
  double s = 0.0;
  for (int64_t j = 0; j < d; ++j) {
    const double t = static_cast<double>(a[j]) - b[j];
    s += t * t;
  }
  return s;
}

// A point uniform in the unit ball: a uniform direction (normal draws,
// normalised) at radius u^(1/d), as the reference draws it.
void unit_ball_point(Rng& rng, int64_t d, double* p) {
  double norm2 = 0.0;
  while (norm2 == 0.0) {
    norm2 = 0.0;
    for (int64_t j = 0; j < d; ++j) {
      p[j] = rng.normal();
      norm2 += p[j] * p[j];
    }
  }
  const double scale = std::pow(rng.uniform(), 1.0 / static_cast<double>(d)) / std::sqrt(norm2);
  for (int64_t j = 0; j < d; ++j) p[j] *= scale;
}

}  // namespace

void geometric_sample(const float* center, const float* surface, int64_t d, double truncation, double deformation,
                      double* p, float* out) {
  const double radius = std::sqrt(squared_gap(surface, center, d));
  if (radius == 0.0) {  // the surface point is the center: the center itself
    std::copy(center, center + d, out);
    return;
  }
  // e: the unit vector from the center to the surface point.
  double along = 0.0;
  for (int64_t j = 0; j < d; ++j) along += p[j] * (static_cast<double>(surface[j]) - center[j]) / radius;
  // Truncation: a point on the far side of the hyperplane at truncation - 1
  // (towards the surface point) or truncation + 1 (away) is mirrored through
  // the sphere's center along e.
  const bool mirror = (truncation > 0.0 && along < truncation - 1.0) || (truncation < 0.0 && along > truncation + 1.0);
  const double new_along = mirror ? -along : along;
  // Deformation: the part across e shrinks, the sphere becomes an ellipsoid
  // and, at 1, the segment through the center along e.
  for (int64_t j = 0; j < d; ++j) {
    const double e = (static_cast<double>(surface[j]) - center[j]) / radius;
    const double across = p[j] - along * e;
    out[j] = static_cast<float>(center[j] + radius * (new_along * e + (1.0 - deformation) * across));
  }
}

GeometricSMOTE::GeometricSMOTE(const ParamValues& params)
    : SmoteBase(params), truncation_(params.get_float("truncation_factor")),
      deformation_(params.get_float("deformation_factor")), selection_(params.get_string("selection_strategy")) {}

std::vector<ParamSpec> GeometricSMOTE::param_specs() {
  ParamSpec selection;
  selection.name = "selection_strategy";
  selection.type = ParamType::String;
  selection.default_value = "combined";
  selection.choices = {"combined", "minority", "majority"};
  selection.doc = "Surface point: a random one of the k nearest same-class rows (minority), the nearest other-class "
                  "row (majority), or the closer of the two (combined).";
  return sampler_params(
      true, {k_neighbors_spec(5, "k_neighbors", "Nearest same-class rows a surface point may be drawn from."),
             gsmote_factor("truncation_factor", "1.0", -1.0,
                           "Truncation of the hyper-sphere: 1 keeps the half towards the surface point, -1 the half "
                           "away from it, 0 the whole sphere."),
             gsmote_factor("deformation_factor", "0.0", 0.0,
                           "Deformation of the hyper-sphere: 0 a sphere, 1 the line segment through its center to the "
                           "surface point."),
             selection, knn_param_spec()});
}

Resampled GeometricSMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int64_t d = data.n_cols();
  const bool use_same = selection_ != "majority", use_other = selection_ != "minority";
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const std::string name = msg("class '", classes().name(c), "'");
    const Matrix X_pos = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    const int64_t n_pos = X_pos.n_rows();
    const int k = k_neighbors_;
    std::vector<int64_t> same_nn, other_nn, other_rows;
    if (use_same) same_nn = nearest(X_pos.view(), X_pos.view(), k, name);
    if (use_other) {  // each class row's nearest row of another class
      other_rows = data.rows_not_of(c);
      const Matrix X_neg = gather_rows(data.X, other_rows);
      auto index = make_neighbor_index(knn_);
      index->fit(X_neg.view());
      other_nn = index->search(X_pos.view(), 1).indices;
      for (int64_t& i : other_nn) i = other_rows[static_cast<size_t>(i)];
    }

    if (out.synthetic.n_rows() == 0 && out.synthetic.n_cols() != d) out.synthetic = Matrix(0, d);
    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n_new);
    out.synthetic_y.resize(static_cast<size_t>(start + n_new), c);
    const uint64_t call_seed = rng.next_u64();
    const int64_t n_blocks = (n_new + kGsmoteBlockRows - 1) / kGsmoteBlockRows;
#pragma omp parallel num_threads(num_threads())
    {
      std::vector<double> ball(static_cast<size_t>(d));
#pragma omp for schedule(static)
      for (int64_t b = 0; b < n_blocks; ++b) {
        Rng block_rng(call_seed, static_cast<uint64_t>(b));
        const int64_t end = std::min(n_new, (b + 1) * kGsmoteBlockRows);
        for (int64_t i = b * kGsmoteBlockRows; i < end; ++i) {
          int64_t row;
          const float* surface;
          if (use_same) {  // the reference's draw: one of the n_pos x k (row, neighbour) pairs
            const auto pair = static_cast<int64_t>(block_rng.below(static_cast<uint64_t>(n_pos * k)));
            row = pair / k;
            surface = X_pos.row(same_nn[static_cast<size_t>(pair)]);
            if (use_other) {
              const float* other = data.X.row(other_nn[static_cast<size_t>(row)]);
              if (squared_gap(X_pos.row(row), surface, d) > squared_gap(X_pos.row(row), other, d)) surface = other;
            }
          } else {
            row = static_cast<int64_t>(block_rng.below(static_cast<uint64_t>(n_pos)));
            surface = data.X.row(other_nn[static_cast<size_t>(row)]);
          }
          unit_ball_point(block_rng, d, ball.data());
          geometric_sample(X_pos.row(row), surface, d, truncation_, deformation_, ball.data(),
                           out.synthetic.row(start + i));
        }
      }
    }
  }
  return out;
}

void register_geometric_smote(SamplerRegistry& registry) {
  registry.add({"gsmote",
                {"GeometricSMOTE", "geometric_smote", "G-SMOTE"},
                "over",
                "Geometric SMOTE: new rows in a truncated, deformed hyper-sphere around a class row.",
                GeometricSMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<GeometricSMOTE>(p); }});
}

}  // namespace smrt
