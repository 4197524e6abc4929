#pragma once
// Registers the generative samplers (smrt; later cgan, smate, deepsmote) in
// SamplerRegistry::global(). Idempotent; the CLI calls it when the layer is built.

namespace smrt {

void register_generative_methods();

}  // namespace smrt
