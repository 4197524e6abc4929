// The parameter parser: `--param key=value` lines (split_key_value) checked
// against a method's table (ParamValues::resolve) and the sampler built, for
// every classical method, plus a table with one parameter of every type read
// back through its getter. Input: byte 0 picks the table, then one key=value
// per line.
#include <map>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "smrt/core/error.h"
#include "smrt/core/params.h"
#include "smrt/sample/registry.h"

namespace {

smrt::ParamSpec spec(const std::string& name, smrt::ParamType type, const std::string& default_value) {
  smrt::ParamSpec s;
  s.name = name;
  s.type = type;
  s.default_value = default_value;
  s.nullable = default_value == "None";
  return s;
}

std::vector<smrt::ParamSpec> every_type() {
  using smrt::ParamType;
  std::vector<smrt::ParamSpec> specs;
  specs.push_back(spec("i", ParamType::Int, "3"));
  specs.back().min = 1.0;
  specs.back().max = 100.0;
  specs.push_back(spec("f", ParamType::Float, "0.5"));
  specs.back().min = 0.0;
  specs.back().max = 1.0;
  specs.back().min_exclusive = true;
  specs.push_back(spec("b", ParamType::Bool, "false"));
  specs.push_back(spec("s", ParamType::String, "a"));
  specs.back().choices = {"a", "b"};
  specs.push_back(spec("il", ParamType::IntList, "[64, 32]"));
  specs.back().min = 1.0;
  specs.push_back(spec("fl", ParamType::FloatList, "None"));
  specs.push_back(spec("oi", ParamType::Int, "None"));
  specs.push_back(spec("of", ParamType::Float, "None"));
  specs.back().max = 0.0;
  specs.back().max_exclusive = true;
  return specs;
}

void read_back(const smrt::ParamValues& v) {
  (void)v.get_int("i");
  (void)v.get_float("f");
  (void)v.get_bool("b");
  (void)v.get_string("s");
  (void)v.get_int_list("il");
  if (!v.is_none("fl")) (void)v.get_float_list("fl");
  (void)v.get_optional_int("oi");
  (void)v.get_optional_float("of");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const std::vector<const smrt::SamplerInfo*> methods = [] {
    smrt::register_sample_methods();
    return smrt::SamplerRegistry::global().all();
  }();
  static const std::vector<smrt::ParamSpec> synthetic = every_type();
  const size_t pick = data[0] % (methods.size() + 1);
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    std::map<std::string, std::string> given;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) given.insert(smrt::split_key_value(text.substr(start, end - start)));
      start = end + 1;
    }
    if (pick == methods.size()) {
      read_back(smrt::ParamValues::resolve("fuzz", synthetic, given));
    } else {
      const auto sampler = smrt::SamplerRegistry::global().create(methods[pick]->name, given);
      SMRT_FUZZ_CHECK(sampler != nullptr);
    }
  } catch (const smrt::Error&) {
    // unknown name, bad value or out of range, with a message
  }
  return 0;
}
