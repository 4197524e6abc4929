#pragma once
// What the API layer knows of the generative layer's models; without
// LibTorch these are stubs (no method has a model).

#include <map>
#include <memory>
#include <string>

#include "smrt/sample/sampler.h"
#include "smrt/smrt.h"

namespace smrt::api_detail {

/// Hands `sampler` the fitted models given as prefit estimators (SMRT).
void before_fit(Sampler& sampler, const std::map<std::string, std::shared_ptr<Model>>& prefit);
/// The model a generative sampler fitted last, or null.
std::shared_ptr<Model> model_of(Sampler& sampler);
/// SMRT's per-class VAEs after fit_resample, by label text (others: empty).
std::map<std::string, std::shared_ptr<Model>> class_models_of(const Sampler& sampler, const ClassIndex& classes);

}  // namespace smrt::api_detail
