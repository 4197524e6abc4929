#include "smrt/sample/registry.h"

#include <algorithm>
#include <cctype>

#include "smrt/core/error.h"
#include "smrt/sample/register.h"

namespace smrt {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool matches(const SamplerInfo& info, const std::string& name) {
  const std::string n = lower(name);
  if (lower(info.name) == n) return true;
  return std::any_of(info.aliases.begin(), info.aliases.end(), [&](const std::string& a) { return lower(a) == n; });
}

}  // namespace

SamplerRegistry& SamplerRegistry::global() {
  static SamplerRegistry registry;
  return registry;
}

void SamplerRegistry::add(SamplerInfo info) {
  if (contains(info.name)) return;
  methods_.push_back(std::move(info));
}

bool SamplerRegistry::contains(const std::string& name) const {
  return std::any_of(methods_.begin(), methods_.end(), [&](const SamplerInfo& i) { return matches(i, name); });
}

const SamplerInfo& SamplerRegistry::get(const std::string& name) const {
  for (const auto& info : methods_)
    if (matches(info, name)) return info;
  std::string names;
  for (const auto& info : methods_) names += (names.empty() ? "" : ", ") + info.name;
  throw ParameterError(msg("unknown method '", name, "'; valid methods: ", names, " (see `smrt list`)"));
}

std::vector<const SamplerInfo*> SamplerRegistry::all() const {
  std::vector<const SamplerInfo*> out;
  for (const auto& info : methods_) out.push_back(&info);
  return out;
}

std::unique_ptr<Sampler> SamplerRegistry::create(const std::string& name,
                                                 const std::map<std::string, std::string>& params) const {
  const SamplerInfo& info = get(name);
  return info.make(ParamValues::resolve(info.name, info.params, params));
}

void register_sample_methods() {
  auto& registry = SamplerRegistry::global();
  // One line per sampler file; each adds its SamplerInfo.
  register_random_over_sampler(registry);
  register_augment_over_sampler(registry);
  register_smote(registry);
  register_smotenc(registry);
  register_smoten(registry);
  register_borderline_smote(registry);
  register_svm_smote(registry);
  register_kmeans_smote(registry);
  register_adasyn(registry);
  register_mwmote(registry);
  register_geometric_smote(registry);
  register_smobd(registry);
  register_polynom_fit_smote(registry);
  register_prowsyn(registry);
  register_safe_level_smote(registry);
  register_random_under_sampler(registry);
  register_tomek_links(registry);
  register_edited_nearest_neighbours(registry);
  register_repeated_edited_nearest_neighbours(registry);
  register_all_knn(registry);
  register_condensed_nearest_neighbour(registry);
  register_one_sided_selection(registry);
  register_neighbourhood_cleaning_rule(registry);
  register_near_miss(registry);
  register_cluster_centroids(registry);
  register_instance_hardness_threshold(registry);
  register_smote_enn(registry);
  register_smote_tomek(registry);
  register_smote_ipf(registry);
}

}  // namespace smrt
