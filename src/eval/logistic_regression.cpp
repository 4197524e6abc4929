#include "smrt/eval/logistic_regression.h"

#include <linear.h>

#include <cmath>
#include <mutex>

#include "smrt/core/error.h"

namespace smrt::eval {
namespace {

void silent(const char*) {}

/// liblinear reads rows as sparse (index >= 1, value) lists ending in index -1,
/// with the intercept's constant feature last.
struct SparseRows {
  std::vector<feature_node> nodes;
  std::vector<feature_node*> rows;

  SparseRows(const MatrixView& X, double bias) {
    std::vector<size_t> starts;
    starts.reserve(static_cast<size_t>(X.n_rows));
    for (int64_t i = 0; i < X.n_rows; ++i) {
      starts.push_back(nodes.size());
      const float* r = X.row(i);
      for (int64_t j = 0; j < X.n_cols; ++j)
        if (r[j] != 0.0f) nodes.push_back({static_cast<int>(j + 1), static_cast<double>(r[j])});
      if (bias > 0) nodes.push_back({static_cast<int>(X.n_cols + 1), bias});
      nodes.push_back({-1, 0.0});
    }
    for (size_t s : starts) rows.push_back(nodes.data() + s);
  }
};

}  // namespace

void LogisticRegression::ModelDeleter::operator()(struct model* m) const {
  if (m) free_and_destroy_model(&m);
}

LogisticRegression::LogisticRegression(LogisticRegressionParams params) : params_(params) {
  SMRT_THROW_IF_NOT(ParameterError, params.C > 0, "logistic regression: C=", params.C, " must be > 0");
  SMRT_THROW_IF_NOT(ParameterError, params.tol > 0, "logistic regression: tol=", params.tol, " must be > 0");
}

LogisticRegression::~LogisticRegression() = default;

std::string LogisticRegression::describe() const {
  return msg("LogisticRegression(liblinear L2R_LR, C=", params_.C, ", tol=", params_.tol,
             ", intercept_scaling=", params_.intercept_scaling,
             params_.class_weight == ClassWeight::Balanced ? ", class_weight='balanced')" : ")");
}

void LogisticRegression::fit(const DataView& data) {
  validate_dataset(data, "logistic regression training data");
  static std::once_flag quiet;
  std::call_once(quiet, [] { set_print_string_function(&silent); });

  n_classes_ = data.n_classes;
  n_features_ = data.n_cols();
  SparseRows rows(data.X, params_.intercept_scaling);
  std::vector<double> y(static_cast<size_t>(data.n_rows()));
  for (int64_t i = 0; i < data.n_rows(); ++i) y[static_cast<size_t>(i)] = data.y[i];

  problem prob{};
  prob.l = static_cast<int>(data.n_rows());
  prob.n = static_cast<int>(data.n_cols() + (params_.intercept_scaling > 0 ? 1 : 0));
  prob.y = y.data();
  prob.x = rows.rows.data();
  prob.bias = params_.intercept_scaling > 0 ? params_.intercept_scaling : -1;

  const auto counts = data.class_counts();
  const auto weights = class_weights(params_.class_weight, counts);
  std::vector<int> weight_label;
  std::vector<double> weight;
  for (int32_t c = 0; c < n_classes_; ++c) {
    if (counts[static_cast<size_t>(c)] == 0) continue;
    weight_label.push_back(c);
    weight.push_back(weights[static_cast<size_t>(c)]);
  }
  parameter param{};
  param.solver_type = L2R_LR;
  param.eps = params_.tol;
  param.C = params_.C;
  param.nr_weight = params_.class_weight == ClassWeight::Balanced ? static_cast<int>(weight.size()) : 0;
  param.weight_label = param.nr_weight ? weight_label.data() : nullptr;
  param.weight = param.nr_weight ? weight.data() : nullptr;
  param.p = 0.1;
  param.init_sol = nullptr;
  if (const char* err = check_parameter(&prob, &param)) throw ParameterError(msg("liblinear: ", err));

  model_.reset(train(&prob, &param));
  SMRT_THROW_IF_NOT(Error, model_ != nullptr, "liblinear: training failed");
  liblinear_to_class_.assign(static_cast<size_t>(get_nr_class(model_.get())), 0);
  get_labels(model_.get(), liblinear_to_class_.data());
}

Matrix LogisticRegression::predict_proba(const MatrixView& X) const {
  SMRT_THROW_IF_NOT(Error, model_ != nullptr, "logistic regression: predict before fit");
  SMRT_THROW_IF_NOT(DataError, X.n_cols == n_features_, "logistic regression: fitted on ", n_features_,
                    " features, asked to predict rows of ", X.n_cols);
  SparseRows rows(X, params_.intercept_scaling);
  Matrix out(X.n_rows, n_classes_);
  std::vector<double> p(liblinear_to_class_.size());
  for (int64_t i = 0; i < X.n_rows; ++i) {
    predict_probability(model_.get(), rows.rows[static_cast<size_t>(i)], p.data());
    for (size_t k = 0; k < p.size(); ++k) out(i, liblinear_to_class_[k]) = static_cast<float>(p[k]);
  }
  return out;
}

std::vector<double> LogisticRegression::coefficients(int32_t c) const {
  SMRT_THROW_IF_NOT(Error, model_ != nullptr, "logistic regression: coefficients before fit");
  const int nr_class = get_nr_class(model_.get());
  std::vector<double> w(static_cast<size_t>(n_features_));
  if (nr_class == 2) {
    // One weight vector, positive for liblinear's first label; oriented here to class c.
    const double sign = liblinear_to_class_[0] == c ? 1.0 : -1.0;
    for (int64_t j = 0; j < n_features_; ++j)
      w[static_cast<size_t>(j)] = sign * get_decfun_coef(model_.get(), static_cast<int>(j + 1), 0);
    return w;
  }
  for (int k = 0; k < nr_class; ++k) {
    if (liblinear_to_class_[static_cast<size_t>(k)] != c) continue;
    for (int64_t j = 0; j < n_features_; ++j)
      w[static_cast<size_t>(j)] = get_decfun_coef(model_.get(), static_cast<int>(j + 1), k);
    return w;
  }
  throw DataError(msg("logistic regression: class ", c, " was not in the training data"));
}

double LogisticRegression::intercept(int32_t c) const {
  SMRT_THROW_IF_NOT(Error, model_ != nullptr, "logistic regression: intercept before fit");
  const int nr_class = get_nr_class(model_.get());
  if (nr_class == 2) return (liblinear_to_class_[0] == c ? 1.0 : -1.0) * get_decfun_bias(model_.get(), 0);
  for (int k = 0; k < nr_class; ++k)
    if (liblinear_to_class_[static_cast<size_t>(k)] == c) return get_decfun_bias(model_.get(), k);
  throw DataError(msg("logistic regression: class ", c, " was not in the training data"));
}

std::vector<double> LogisticRegression::decision_function(const MatrixView& X) const {
  SMRT_THROW_IF_NOT(Error, n_classes_ == 2, "logistic regression: decision_function needs two classes, not ",
                    n_classes_);
  const auto w = coefficients(1);
  const double b = intercept(1);
  std::vector<double> out(static_cast<size_t>(X.n_rows));
  for (int64_t i = 0; i < X.n_rows; ++i) {
    double s = b;
    for (int64_t j = 0; j < X.n_cols; ++j) s += w[static_cast<size_t>(j)] * X(i, j);
    out[static_cast<size_t>(i)] = s;
  }
  return out;
}

}  // namespace smrt::eval
