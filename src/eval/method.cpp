#include "smrt/eval/method.h"

#include <chrono>

#include "smrt/core/error.h"
#include "smrt/core/warnings.h"
#include "smrt/sample/registry.h"

#if defined(SMRT_EVAL_HAVE_GENERATIVE) && __has_include("smrt/generative/register.h")
#include "smrt/generative/register.h"
#define SMRT_EVAL_REGISTER_GENERATIVE 1
#endif

namespace smrt::eval {
namespace {

bool has_param(const SamplerInfo& info, const std::string& name) {
  for (const auto& p : info.params)
    if (p.name == name) return true;
  return false;
}

/// The method's parameters plus the strategy and seed, where the sampler takes them.
std::map<std::string, std::string> full_params(const SamplerInfo& info, const MethodSpec& method,
                                               const std::string& strategy, uint64_t seed) {
  auto params = method.params;
  if (has_param(info, "sampling_strategy")) params["sampling_strategy"] = strategy;
  if (has_param(info, "random_state")) params["random_state"] = std::to_string(seed);
  return params;
}

/// Each targeted class repeated `times` times; returns the per-class strategy
/// that asks the sampler for as many new rows as `plan` would on the original.
/// `rows` receives the original row of each repeated row.
Dataset repeat_targeted(const Dataset& train, const SamplingPlan& plan, int64_t times, std::string* strategy,
                        std::vector<int64_t>* rows_out) {
  std::vector<int64_t>& rows = *rows_out;
  for (int64_t i = 0; i < train.n_rows(); ++i) {
    const int32_t c = train.y[static_cast<size_t>(i)];
    const int64_t copies = plan.targets(c) ? times : 1;
    for (int64_t k = 0; k < copies; ++k) rows.push_back(i);
  }
  strategy->clear();
  for (int32_t c : plan.targeted_classes()) {
    const int64_t target = plan.class_counts()[static_cast<size_t>(c)] * times + plan.n_to_add(c);
    *strategy += (strategy->empty() ? "" : ",") + train.classes.name(c) + ":" + std::to_string(target);
  }
  Dataset out;
  out.X = gather_rows(train.X.view(), rows);
  for (int64_t r : rows) out.y.push_back(train.y[static_cast<size_t>(r)]);
  out.classes = train.classes;
  out.sample_shape = train.sample_shape;
  return out;
}

}  // namespace

void register_all_methods() {
  register_sample_methods();
#ifdef SMRT_EVAL_REGISTER_GENERATIVE
  register_generative_methods();
#endif
}

std::string unavailable_reason(const MethodSpec& method) {
  if (method.sampler.empty()) return "";
  register_all_methods();
  const auto& registry = SamplerRegistry::global();
  if (!registry.contains(method.sampler)) return msg("'", method.sampler, "' is not registered in this build yet");
  const SamplerInfo& info = registry.get(method.sampler);
  try {
    ParamValues::resolve(info.name, info.params, full_params(info, method, "auto", 0));
  } catch (const ParameterError& e) {
    return msg("'", method.sampler, "' does not take these parameters yet: ", e.what());
  }
  return "";
}

MethodOutput apply_method(const MethodSpec& method, const Dataset& train, const std::string& sampling_strategy,
                          uint64_t seed) {
  MethodOutput out;
  if (method.sampler.empty()) {
    out.train = train;
    return out;
  }
  const std::string why = unavailable_reason(method);
  SMRT_THROW_IF_NOT(ParameterError, why.empty(), "method ", method.label, ": ", why);
  const auto start = std::chrono::steady_clock::now();
  const auto& registry = SamplerRegistry::global();
  const SamplerInfo& info = registry.get(method.sampler);
  auto sampler = registry.create(method.sampler, full_params(info, method, sampling_strategy, seed));
  Resampled res;
  // A class a sampler leaves as it was shows in the scores; a warning on
  // every fold of every seed would bury the report's progress.
  std::vector<std::string> ignored_warnings;
  WarningScope quiet(&ignored_warnings);
  if (method.repeat_before > 1) {
    SMRT_THROW_IF_NOT(ParameterError, sampler->sampling_type() == SamplingType::OverSampling, "method ",
                      method.label, ": repeating rows first only makes sense for an over-sampler");
    const SamplingPlan plan = resolve_sampling_strategy(SamplingStrategy::parse(sampling_strategy),
                                                        train.class_counts(), train.classes,
                                                        SamplingType::OverSampling);
    std::string strategy;
    std::vector<int64_t> original_row;
    const Dataset repeated = repeat_targeted(train, plan, method.repeat_before, &strategy, &original_row);
    auto on_repeated = registry.create(method.sampler, full_params(info, method, strategy, seed));
    res = on_repeated->fit_resample(repeated);
    // Keep the original rows once, not the copies; rows the sampler added by
    // duplication (a repeated row listed more than once) are kept as additions.
    std::vector<int64_t> kept(static_cast<size_t>(train.n_rows()));
    for (int64_t i = 0; i < train.n_rows(); ++i) kept[static_cast<size_t>(i)] = i;
    std::vector<int32_t> seen(original_row.size(), 0);
    for (int64_t r : res.sample_indices)
      if (seen[static_cast<size_t>(r)]++ > 0) kept.push_back(original_row[static_cast<size_t>(r)]);
    res.sample_indices = std::move(kept);
  } else {
    res = sampler->fit_resample(train);
  }
  out.train = res.materialize(train);
  out.synthetic = std::move(res.synthetic);
  out.synthetic_y = std::move(res.synthetic_y);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace smrt::eval
