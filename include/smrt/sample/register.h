#pragma once
// Registration hooks, one per sampler file (see registry.cpp).

namespace smrt {
class SamplerRegistry;

void register_random_over_sampler(SamplerRegistry& registry);
void register_augment_over_sampler(SamplerRegistry& registry);
void register_random_under_sampler(SamplerRegistry& registry);

}  // namespace smrt
