// The method table of the library API: registration, lookup, typed parameters.
#include <mutex>

#include "smrt/sample/registry.h"
#include "smrt/smrt.h"
#ifdef SMRT_HAVE_GENERATIVE
#include "smrt/generative/register.h"
#endif

namespace smrt {

const char* version() { return SMRT_VERSION; }

void register_all_methods() {
  static std::once_flag once;
  std::call_once(once, [] {
    register_sample_methods();
#ifdef SMRT_HAVE_GENERATIVE
    register_generative_methods();
#endif
  });
}

bool has_generative() {
#ifdef SMRT_HAVE_GENERATIVE
  return true;
#else
  return false;
#endif
}

std::vector<const SamplerInfo*> list_methods() {
  register_all_methods();
  return SamplerRegistry::global().all();
}

const SamplerInfo& method_info(const std::string& name) {
  register_all_methods();
  return SamplerRegistry::global().get(name);
}

std::map<std::string, std::string> resolve_params(const std::string& owner, const std::vector<ParamSpec>& specs,
                                                  const ParamMap& params) {
  std::map<std::string, std::string> text;
  for (const auto& [name, value] : params) text[name] = param_text(value);
  return ParamValues::resolve(owner, specs, text).values();
}

}  // namespace smrt
