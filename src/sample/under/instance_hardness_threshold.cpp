#include "smrt/sample/under/instance_hardness_threshold.h"

#include <linear.h>

#include <algorithm>
#include <cmath>

#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

void quiet(const char*) {}

// LIBLINEAR's sparse rows for every row of X: its values, the intercept
// feature (value 1, as scikit-learn's intercept_scaling) and the terminator.
struct LinearRows {
  std::vector<feature_node> nodes;
  int64_t stride = 0;
  explicit LinearRows(const MatrixView& X) : stride(X.n_cols + 2) {
    nodes.resize(static_cast<size_t>(X.n_rows * stride));
    for (int64_t i = 0; i < X.n_rows; ++i) {
      feature_node* row = nodes.data() + i * stride;
      for (int64_t j = 0; j < X.n_cols; ++j) row[j] = {static_cast<int>(j + 1), static_cast<double>(X(i, j))};
      row[X.n_cols] = {static_cast<int>(X.n_cols + 1), 1.0};
      row[X.n_cols + 1] = {-1, 0.0};
    }
  }
  feature_node* row(int64_t i) { return nodes.data() + i * stride; }
};

// Fold of each row: every class's rows are shuffled and dealt round the
// folds, each class starting where the previous one stopped.
std::vector<int> stratified_folds(const DataView& data, int n_folds, Rng& rng) {
  std::vector<int> fold(static_cast<size_t>(data.n_rows()));
  int next = 0;
  for (auto rows : data.class_rows()) {
    shuffle(rows.data(), static_cast<int64_t>(rows.size()), rng);
    for (int64_t r : rows) {
      fold[static_cast<size_t>(r)] = next;
      next = (next + 1) % n_folds;
    }
  }
  return fold;
}

}  // namespace

double percentile_linear(std::vector<double> values, double q) {
  SMRT_ASSERT(!values.empty(), "percentile of nothing");
  std::sort(values.begin(), values.end());
  const double virtual_index = q / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(virtual_index));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  const double t = virtual_index - static_cast<double>(lo);
  const double a = values[lo], b = values[hi];
  // numpy's _lerp: from the nearer end, so that t = 1 gives b exactly.
  return t >= 0.5 ? b - (b - a) * (1.0 - t) : a + (b - a) * t;
}

std::vector<double> cross_validated_own_class_probability(const DataView& data, int n_folds, double C, Rng& rng) {
  set_print_string_function(&quiet);
  const std::vector<int> fold = stratified_folds(data, n_folds, rng);
  LinearRows rows(data.X);
  std::vector<double> own(static_cast<size_t>(data.n_rows()), 0.0);
  // Folds are independent: run them in parallel, each writing its own rows.
#pragma omp parallel for schedule(dynamic)
  for (int f = 0; f < n_folds; ++f) {
    std::vector<feature_node*> x;
    std::vector<double> y;
    for (int64_t i = 0; i < data.n_rows(); ++i)
      if (fold[static_cast<size_t>(i)] != f) {
        x.push_back(rows.row(i));
        y.push_back(data.y[i]);
      }
    problem prob{};
    prob.l = static_cast<int>(x.size());
    prob.n = static_cast<int>(data.n_cols() + 1);
    prob.y = y.data();
    prob.x = x.data();
    prob.bias = 1.0;
    parameter param{};
    param.solver_type = L2R_LR;
    param.C = C;
    param.eps = 1e-4;
    model* m = train(&prob, &param);
    const int n_labels = get_nr_class(m);
    std::vector<int> labels(static_cast<size_t>(n_labels));
    get_labels(m, labels.data());
    std::vector<double> p(static_cast<size_t>(n_labels));
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      if (fold[static_cast<size_t>(i)] != f) continue;
      if (n_labels == 1) {  // a fold trained on one class: certain of it
        own[static_cast<size_t>(i)] = labels[0] == data.y[i] ? 1.0 : 0.0;
        continue;
      }
      predict_probability(m, rows.row(i), p.data());
      for (int l = 0; l < n_labels; ++l)
        if (labels[static_cast<size_t>(l)] == data.y[i]) own[static_cast<size_t>(i)] = p[static_cast<size_t>(l)];
    }
    free_and_destroy_model(&m);
  }
  return own;
}

std::vector<ParamSpec> InstanceHardnessThreshold::param_specs() {
  ParamSpec estimator;
  estimator.name = "estimator";
  estimator.type = ParamType::String;
  estimator.default_value = "logistic_regression";
  estimator.choices = {"logistic_regression"};
  estimator.doc = "Classifier judging hardness: L2 logistic regression (LIBLINEAR); imblearn's default is a random forest.";
  ParamSpec cv;
  cv.name = "cv";
  cv.type = ParamType::Int;
  cv.default_value = "5";
  cv.min = 2;
  cv.doc = "Folds of the stratified cross-validation giving the probabilities.";
  ParamSpec C;
  C.name = "C";
  C.type = ParamType::Float;
  C.default_value = "1.0";
  C.min = 0.0;
  C.min_exclusive = true;
  C.doc = "Inverse regularisation strength of the logistic regression.";
  return sampler_params(true, {estimator, cv, C});
}

InstanceHardnessThreshold::InstanceHardnessThreshold(const ParamValues& params)
    : Sampler(params), cv_(static_cast<int>(params.get_int("cv"))), C_(params.get_float("C")) {}

Resampled InstanceHardnessThreshold::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  const auto counts = data.class_counts();
  // scikit-learn's StratifiedKFold refuses a split finer than every class.
  const int64_t largest = *std::max_element(counts.begin(), counts.end());
  SMRT_THROW_IF_NOT(ParameterError, cv_ <= largest, "InstanceHardnessThreshold: cv=", cv_,
                    " cannot be greater than the number of rows in each class (largest class: ", largest, ")");
  const auto own = cross_validated_own_class_probability(data, cv_, C_, rng);
  const auto by_class = data.class_rows();
  Resampled out;
  for (int32_t c = 0; c < data.n_classes; ++c) {
    const auto& rows = by_class[static_cast<size_t>(c)];
    if (!plan.targets(c)) {
      out.sample_indices.insert(out.sample_indices.end(), rows.begin(), rows.end());
      continue;
    }
    std::vector<double> p;
    for (int64_t r : rows) p.push_back(own[static_cast<size_t>(r)]);
    const double q = (1.0 - static_cast<double>(plan.n_to_keep(c)) / static_cast<double>(counts[static_cast<size_t>(c)])) * 100.0;
    const double threshold = percentile_linear(p, q);
    for (size_t i = 0; i < rows.size(); ++i)
      if (p[i] >= threshold) out.sample_indices.push_back(rows[i]);
  }
  return out;
}

void register_instance_hardness_threshold(SamplerRegistry& registry) {
  registry.add({"iht",
                {"InstanceHardnessThreshold", "instance_hardness_threshold"},
                "under",
                "Instance hardness threshold: drop the rows a cross-validated classifier finds hardest.",
                InstanceHardnessThreshold::param_specs(),
                [](const ParamValues& p) { return std::make_unique<InstanceHardnessThreshold>(p); },
                ColumnShift::None});  // LIBLINEAR regularises the intercept, as scikit-learn's liblinear
}

}  // namespace smrt
