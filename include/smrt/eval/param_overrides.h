#pragma once
// `smrt eval --param METHOD.key=value`: a sampler parameter set for every
// method of a protocol that uses that sampler (both SMRT rows of protocol a,
// say). Validated against the sampler's ParamSpec before anything runs.

#include <string>
#include <vector>

#include "smrt/eval/method.h"

namespace smrt::eval {

struct ParamOverride {
  std::string sampler;  ///< registry name or alias, as given ("smrt", "SMOTE")
  std::string key;
  std::string value;
  std::string text() const { return sampler + "." + key + "=" + value; }
};

/// Parses "METHOD.key=value"; malformed text is a ParameterError naming it.
ParamOverride parse_param_override(const std::string& text);

/// Sets each override on every method whose sampler it names. A ParameterError
/// when the sampler is unknown, no method of `protocol_id` uses it, the key is
/// not one of its parameters (the error lists them), the key is one the
/// protocol sets itself (sampling_strategy, random_state), or the value is
/// out of range.
void apply_param_overrides(std::vector<MethodSpec>& methods, const std::vector<ParamOverride>& overrides,
                           const std::string& protocol_id);

}  // namespace smrt::eval
