#include "smrt/sample/over/svm_smote.h"

#include <svm.h>

#include <memory>

#include "smrt/core/error.h"
#include "smrt/core/warnings.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/over/borderline_smote.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

void quiet(const char*) {}

// Indices of the support vectors of an RBF C-SVM fitted on all of `data`
// (scikit-learn's SVC(gamma='scale'): gamma = 1 / (n_features * X.var())).
std::vector<int64_t> support_vectors(const DataView& data, double c_value) {
  const int64_t n = data.n_rows(), d = data.n_cols();
  SMRT_THROW_IF_NOT(DataError, n < (int64_t{1} << 31), "SVMSMOTE: LIBSVM takes at most 2^31 rows, got ", n);
  double mean = 0.0, sq = 0.0;
  for (int64_t i = 0; i < n * d; ++i) mean += data.X.data[i];
  mean /= static_cast<double>(n * d);
  for (int64_t i = 0; i < n * d; ++i) sq += (data.X.data[i] - mean) * (data.X.data[i] - mean);
  const double var = sq / static_cast<double>(n * d);

  std::vector<svm_node> nodes(static_cast<size_t>(n * (d + 1)));
  std::vector<svm_node*> rows(static_cast<size_t>(n));
  std::vector<double> labels(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    svm_node* row = nodes.data() + i * (d + 1);
    for (int64_t j = 0; j < d; ++j) row[j] = {static_cast<int>(j + 1), data.X(i, j)};
    row[d] = {-1, 0.0};
    rows[static_cast<size_t>(i)] = row;
    labels[static_cast<size_t>(i)] = data.y[i];
  }
  svm_problem problem{static_cast<int>(n), labels.data(), rows.data()};
  svm_parameter param{};
  param.svm_type = C_SVC;
  param.kernel_type = RBF;
  param.gamma = var > 0 ? 1.0 / (static_cast<double>(d) * var) : 1.0;
  param.C = c_value;
  param.eps = 1e-3;
  param.cache_size = 200;
  param.shrinking = 1;
  param.probability = 0;
  svm_set_print_string_function(&quiet);
  const char* problem_text = svm_check_parameter(&problem, &param);
  SMRT_THROW_IF_NOT(ParameterError, problem_text == nullptr, "SVMSMOTE: LIBSVM refused its settings: ",
                    problem_text ? problem_text : "");
  std::unique_ptr<svm_model, void (*)(svm_model*)> model(svm_train(&problem, &param), [](svm_model* m) {
    svm_free_and_destroy_model(&m);
  });
  std::vector<int64_t> out(static_cast<size_t>(model->l));
  for (int i = 0; i < model->l; ++i) out[static_cast<size_t>(i)] = model->sv_indices[i] - 1;  // 1-based
  return out;
}

}  // namespace

SVMSMOTE::SVMSMOTE(const ParamValues& params)
    : SmoteBase(params), m_neighbors_(static_cast<int>(params.get_int("m_neighbors"))),
      out_step_(params.get_float("out_step")), svm_c_(params.get_float("svm_C")) {}

std::vector<ParamSpec> SVMSMOTE::param_specs() {
  ParamSpec out_step;
  out_step.name = "out_step";
  out_step.type = ParamType::Float;
  out_step.default_value = "0.5";
  out_step.min = 0.0;
  out_step.max = 1.0;
  out_step.doc = "How far safe support vectors extrapolate away from their neighbours (a fraction of the distance).";
  ParamSpec c;
  c.name = "svm_C";
  c.type = ParamType::Float;
  c.default_value = "1.0";
  c.min = 0.0;
  c.min_exclusive = true;
  c.doc = "C of the RBF SVM (imbalanced-learn's default svm_estimator is SVC(C=1.0, gamma='scale')).";
  return sampler_params(true, {k_neighbors_spec(), m_neighbors_spec(), out_step, c, knn_param_spec()});
}

Resampled SVMSMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int k = k_neighbors_, m = m_neighbors_;
  std::unique_ptr<NeighborIndex> all;
  std::vector<int64_t> svs;
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    if (!all) {
      all = fit_index(data.X, m, "the input", "m_neighbors", /*sklearn_ties=*/true);
      svs = support_vectors(data, svm_c_);
    }
    const std::string name = "class '" + classes().name(c) + "'";
    const Matrix X_class = gather_rows(data.X, rows_of[static_cast<size_t>(c)]);
    std::vector<int64_t> class_svs;
    for (int64_t i : svs)
      if (data.y[i] == c) class_svs.push_back(i);
    Matrix support = gather_rows(data.X, class_svs);
    const auto noise = is_noise(nearest(*all, support.view(), m), m, data.y, c, support.n_rows());
    std::vector<int64_t> kept;
    for (size_t i = 0; i < noise.size(); ++i)
      if (!noise[i]) kept.push_back(static_cast<int64_t>(i));
    // Nothing to draw from: imbalanced-learn raises rather than add no rows.
    SMRT_THROW_IF_NOT(DataError, !kept.empty(), "SVMSMOTE: ",
                      class_svs.empty() ? "the SVM has no support vector of " + name
                                        : "all support vectors of " + name +
                                              " are noise (their m_neighbors nearest rows are all of other classes)",
                      "; SVM-SMOTE is not adapted to this data set: try another SMOTE variant");
    support = gather_rows(support.view(), kept);
    const auto danger = in_danger(nearest(*all, support.view(), m), m, data.y, c, support.n_rows());
    std::vector<int64_t> danger_rows, safe_rows;
    for (size_t i = 0; i < danger.size(); ++i) (danger[i] ? danger_rows : safe_rows).push_back(static_cast<int64_t>(i));

    auto class_index = fit_index(X_class.view(), k, name, k_name_);
    const double fraction = beta_10_10(rng);
    const auto n_danger = static_cast<int64_t>(fraction * static_cast<double>(n_new + 1));
    if (!danger_rows.empty()) {
      const Matrix bases = gather_rows(support.view(), danger_rows);
      const auto nn = nearest(*class_index, bases.view(), k);
      make_samples({bases.view(), X_class.view(), nn.data(), k, 1.0}, n_danger, c, rng, out);
    }
    if (!safe_rows.empty()) {
      const Matrix bases = gather_rows(support.view(), safe_rows);
      const auto nn = nearest(*class_index, bases.view(), k);
      make_samples({bases.view(), X_class.view(), nn.data(), k, -out_step_}, n_new - n_danger, c, rng, out);
    }
    // imbalanced-learn leaves out the share of the kind of support vector that is missing; say so.
    const int64_t made = (danger_rows.empty() ? 0 : n_danger) + (safe_rows.empty() ? 0 : n_new - n_danger);
    if (made > 0 && made < n_new)
      warning(msg("added ", made, " of the ", n_new, " rows asked for class ", classes().label_text(c), ": its support vectors "
                  "are all ", danger_rows.empty() ? "safe" : "in danger", ", so the share drawn from ",
                  danger_rows.empty() ? "rows in danger" : "safe rows", " (", n_new - made,
                  " rows) is not made, as in imbalanced-learn"));
  }
  return out;
}

void register_svm_smote(SamplerRegistry& registry) {
  registry.add({"svm_smote",
                {"SVMSMOTE", "svm-smote"},
                "over",
                "SVM-SMOTE: SMOTE from the class's support vectors of an RBF SVM (LIBSVM).",
                SVMSMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SVMSMOTE>(p); },
                ColumnShift::Common});  // gamma='scale' reads the variance of all values together
}

}  // namespace smrt
