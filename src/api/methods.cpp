// The method table of the library API: registration, lookup, typed parameters.
#include <charconv>
#include <cmath>
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

namespace {

std::string float_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back the same bits
  (void)ec;
  return std::string(buf, end);
}

}  // namespace

std::string param_text(const ParamValue& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "None"; }
    std::string operator()(bool b) const { return b ? "True" : "False"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return float_text(d); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<int64_t>& list) const {
      std::string out = "[";
      for (size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + std::to_string(list[i]);
      return out + "]";
    }
    std::string operator()(const std::vector<double>& list) const {
      std::string out = "[";
      for (size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + float_text(list[i]);
      return out + "]";
    }
  };
  return std::visit(Visitor{}, value);
}

std::map<std::string, std::string> resolve_params(const std::string& owner, const std::vector<ParamSpec>& specs,
                                                  const ParamMap& params) {
  std::map<std::string, std::string> text;
  for (const auto& [name, value] : params) text[name] = param_text(value);
  return ParamValues::resolve(owner, specs, text).values();
}

}  // namespace smrt
