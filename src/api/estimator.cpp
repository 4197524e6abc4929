// Estimator: a registered method with validated parameters, run on
// in-memory arrays.
#include "api_data.h"
#include "model_impl.h"
#include "smrt/core/warnings.h"

namespace smrt {

struct Estimator::State {
  const SamplerInfo* info = nullptr;
  std::unique_ptr<Sampler> sampler;
  std::shared_ptr<Model> model;
  std::map<std::string, std::shared_ptr<Model>> prefit;
  std::map<std::string, std::shared_ptr<Model>> class_models;
};

Estimator Estimator::create(const std::string& name, const ParamMap& params) {
  std::map<std::string, std::string> text;
  for (const auto& [key, value] : params) text[key] = param_text(value);
  return create_from_text(name, text);
}

Estimator Estimator::create_from_text(const std::string& name, const std::map<std::string, std::string>& params) {
  const SamplerInfo& info = method_info(name);
  Estimator e;
  e.state_ = std::make_shared<State>();
  e.state_->info = &info;
  try {
    const ParamValues values = ParamValues::resolve(info.name, info.params, params);
    e.params_ = values.values();
    e.state_->sampler = info.make(values);
  } catch (...) {
    api_detail::rethrow_as_smrt_error();
  }
  return e;
}

// A copy shared its State, sampler included: two copies in two threads wrote
// one plan (wrong rows, or an abort in classes()). Now its own sampler.
Estimator::Estimator(const Estimator& other) : state_(std::make_shared<State>()), params_(other.params_) {
  const State& from = *other.state_;
  state_->info = from.info;
  try {
    state_->sampler = from.info->make(ParamValues::resolve(from.info->name, from.info->params, params_));
  } catch (...) {
    api_detail::rethrow_as_smrt_error();
  }
  state_->model = from.model;
  state_->prefit = from.prefit;
  state_->class_models = from.class_models;
}

Estimator& Estimator::operator=(const Estimator& other) {
  if (this != &other) *this = Estimator(other);
  return *this;
}

const SamplerInfo& Estimator::info() const { return *state_->info; }

namespace {

bool uses_torch(const SamplerInfo& info) { return info.family == "generative"; }

}  // namespace

ResampleResult Estimator::fit_resample(const Features& X, const Labels& y, const RunOptions& options) {
  State& s = *state_;
  return api_detail::run_call(options, uses_torch(*s.info), [&] {
    const api_detail::FloatRows rows = api_detail::float_rows(X, "X");
    const DataView data = api_detail::data_view(rows, y);
    api_detail::before_fit(*s.sampler, s.prefit);
    // Over-samplers return every input row then the new ones; a combination
    // cleans them afterwards, so its new rows cannot stay in the caller's room.
    const bool in_place = options.synthetic_destination && s.info->family == "over";
    SyntheticDestinationScope destination(in_place ? options.synthetic_destination : SyntheticAllocator());
    std::vector<std::string> warnings;
    WarningScope collect(&warnings);
    Resampled r = s.sampler->fit_resample(data, y.classes);
    s.model = api_detail::model_of(*s.sampler);
    s.class_models = api_detail::class_models_of(*s.sampler, y.classes);
    ResampleResult out;
    out.sample_indices = std::move(r.sample_indices);
    out.synthetic = std::move(r.synthetic);
    out.synthetic_y = std::move(r.synthetic_y);
    out.synthetic_at = std::move(r.synthetic_at);
    const SamplingPlan& plan = s.sampler->plan();
    for (int32_t c : plan.targeted_classes()) out.sampling_strategy[c] = plan.imblearn_value(c);
    out.warnings = std::move(warnings);
    return out;
  });
}

void Estimator::fit(const Features& X, const Labels& y, const RunOptions& options) {
  State& s = *state_;
  api_detail::run_call(options, uses_torch(*s.info), [&] {
    const api_detail::FloatRows rows = api_detail::float_rows(X, "X");
    const DataView data = api_detail::data_view(rows, y);
    api_detail::before_fit(*s.sampler, s.prefit);
    try {
      s.sampler->fit_model(data, y.classes);
    } catch (const ParameterError& e) {
      const std::string text = e.what(), prefix = s.info->name + ": ";
      if (text.rfind(prefix, 0) == 0) throw;  // already names the method (the image samplers' errors)
      throw ParameterError(prefix + text);
    }
    s.model = api_detail::model_of(*s.sampler);
    s.class_models = api_detail::class_models_of(*s.sampler, y.classes);
    return 0;
  });
}

std::map<int32_t, int64_t> Estimator::sampling_targets(const std::vector<int64_t>& class_counts,
                                                       const ClassIndex& classes) const {
  SMRT_THROW_IF_NOT(DataError, static_cast<int64_t>(class_counts.size()) == classes.n_classes(), "class counts: ",
                    class_counts.size(), " counts for ", classes.n_classes(), " classes");
  SMRT_THROW_IF_NOT(DataError, class_counts.size() >= 2, "y: one class only (",
                    classes.n_classes() ? classes.name(0) : std::string("none"),
                    "); resampling needs at least two classes");
  const Sampler& sampler = *state_->sampler;
  try {
    const SamplingPlan plan =
        resolve_sampling_strategy(sampler.strategy(), class_counts, classes, sampler.sampling_type());
    std::map<int32_t, int64_t> out;
    for (int32_t c : plan.targeted_classes()) out[c] = plan.imblearn_value(c);
    return out;
  } catch (...) {
    api_detail::rethrow_as_smrt_error();
  }
}

std::shared_ptr<Model> Estimator::model() const { return state_->model; }

std::map<std::string, std::shared_ptr<Model>> Estimator::class_models() const { return state_->class_models; }

void Estimator::set_prefit_models(const std::map<std::string, std::shared_ptr<Model>>& models) {
  SMRT_THROW_IF_NOT(ParameterError, models.empty() || state_->info->name == "smrt", "prefit_estimators: ",
                    state_->info->name, " takes no fitted estimators (only smrt does)");
  for (const auto& [label, model] : models)
    SMRT_THROW_IF_NOT(ParameterError, model && model->kind() == "VariationalAutoEncoder",
                      "prefit_estimators: the estimator for class '", label, "' is ",
                      model ? "a " + model->kind() : std::string("missing"), ", not a fitted VariationalAutoEncoder");
  state_->prefit = models;
}

}  // namespace smrt
