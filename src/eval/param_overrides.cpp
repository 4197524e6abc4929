#include "smrt/eval/param_overrides.h"

#include "smrt/core/error.h"
#include "smrt/core/params.h"
#include "smrt/sample/registry.h"

namespace smrt::eval {
namespace {

/// The distinct samplers `methods` use, for error messages.
std::string samplers_used(const std::vector<MethodSpec>& methods) {
  std::string s;
  for (const auto& m : methods) {
    if (m.sampler.empty() || s.find("'" + m.sampler + "'") != std::string::npos) continue;
    s += (s.empty() ? "'" : ", '") + m.sampler + "'";
  }
  return s;
}

}  // namespace

ParamOverride parse_param_override(const std::string& text) {
  const auto eq = text.find('=');
  const auto dot = text.find('.');
  SMRT_THROW_IF_NOT(ParameterError, eq != std::string::npos && dot != std::string::npos && dot < eq, "--param '",
                    text, "' must be METHOD.key=value (e.g. smrt.n_epochs=200)");
  ParamOverride o{text.substr(0, dot), text.substr(dot + 1, eq - dot - 1), text.substr(eq + 1)};
  SMRT_THROW_IF_NOT(ParameterError, !o.sampler.empty() && !o.key.empty() && !o.value.empty(), "--param '", text,
                    "' must be METHOD.key=value with all three parts non-empty (e.g. smrt.n_epochs=200)");
  return o;
}

void apply_param_overrides(std::vector<MethodSpec>& methods, const std::vector<ParamOverride>& overrides,
                           const std::string& protocol_id) {
  if (overrides.empty()) return;
  register_all_methods();
  const auto& registry = SamplerRegistry::global();
  for (const auto& o : overrides) {
    SMRT_THROW_IF_NOT(ParameterError, registry.contains(o.sampler), "--param '", o.text(), "': '", o.sampler,
                      "' is not a sampler of this build (smrt list shows them)");
    const SamplerInfo& info = registry.get(o.sampler);
    SMRT_THROW_IF_NOT(ParameterError, o.key != "sampling_strategy" && o.key != "random_state", "--param '",
                      o.text(), "': protocol ", protocol_id, " sets ", o.key, " itself (per ratio and per seed)");
    // Validates the key (unknown names list the valid ones) and the value's type and range.
    try {
      ParamValues::resolve(info.name, info.params, {{o.key, o.value}});
    } catch (const ParameterError& e) {
      throw ParameterError(msg("--param '", o.text(), "': ", e.what()));
    }
    bool used = false;
    for (auto& m : methods) {
      if (m.sampler.empty() || !registry.contains(m.sampler) || registry.get(m.sampler).name != info.name) continue;
      m.params[o.key] = o.value;
      used = true;
    }
    const std::string samplers = samplers_used(methods);
    SMRT_THROW_IF_NOT(ParameterError, used, "--param '", o.text(), "': no method of protocol ", protocol_id,
                      " uses '", info.name, "' (", samplers.empty() ? "the methods run use no sampler" : "its samplers: " + samplers,
                      ")");
  }
}

}  // namespace smrt::eval
