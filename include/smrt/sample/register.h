#pragma once
// Registration hooks, one per sampler file (see registry.cpp).

namespace smrt {
class SamplerRegistry;

void register_random_over_sampler(SamplerRegistry& registry);
void register_augment_over_sampler(SamplerRegistry& registry);
void register_smote(SamplerRegistry& registry);
void register_smotenc(SamplerRegistry& registry);
void register_smoten(SamplerRegistry& registry);
void register_borderline_smote(SamplerRegistry& registry);
void register_svm_smote(SamplerRegistry& registry);
void register_kmeans_smote(SamplerRegistry& registry);
void register_adasyn(SamplerRegistry& registry);
void register_mwmote(SamplerRegistry& registry);
void register_geometric_smote(SamplerRegistry& registry);
void register_smobd(SamplerRegistry& registry);
void register_polynom_fit_smote(SamplerRegistry& registry);
void register_prowsyn(SamplerRegistry& registry);
void register_safe_level_smote(SamplerRegistry& registry);
void register_random_under_sampler(SamplerRegistry& registry);
void register_tomek_links(SamplerRegistry& registry);
void register_edited_nearest_neighbours(SamplerRegistry& registry);
void register_repeated_edited_nearest_neighbours(SamplerRegistry& registry);
void register_all_knn(SamplerRegistry& registry);
void register_condensed_nearest_neighbour(SamplerRegistry& registry);
void register_one_sided_selection(SamplerRegistry& registry);
void register_neighbourhood_cleaning_rule(SamplerRegistry& registry);
void register_near_miss(SamplerRegistry& registry);
void register_cluster_centroids(SamplerRegistry& registry);
void register_instance_hardness_threshold(SamplerRegistry& registry);
void register_smote_enn(SamplerRegistry& registry);
void register_smote_tomek(SamplerRegistry& registry);
void register_smote_ipf(SamplerRegistry& registry);

}  // namespace smrt
