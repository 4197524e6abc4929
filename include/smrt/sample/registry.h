#pragma once
// Samplers by name: what `smrt resample --method NAME`, `smrt list` and the
// Python module look up. Layers add their methods with an explicit
// register_*_methods() call (static initialisers in static libraries can be
// dropped by the linker).

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "smrt/core/column_shift.h"
#include "smrt/sample/sampler.h"

namespace smrt {

struct SamplerInfo {
  std::string name;                  ///< CLI name, lower case ("smote")
  std::vector<std::string> aliases;  ///< e.g. imbalanced-learn's class name ("SMOTE")
  std::string family;                ///< "over", "under", "clean", "combine", "generative"
  std::string summary;               ///< one line for `smrt list`
  std::vector<ParamSpec> params;
  std::function<std::unique_ptr<Sampler>(const ParamValues&)> make;
  /// Which shift of far-off columns leaves the method's result unchanged (but
  /// for float32 precision): front ends shift such columns before float32 and
  /// add the shift back to new rows (smrt/core/column_shift.h).
  ColumnShift shift = ColumnShift::PerColumn;
};

class SamplerRegistry {
 public:
  static SamplerRegistry& global();

  /// Adds a method; a second one with the same name is ignored (idempotent).
  void add(SamplerInfo info);
  /// Finds by name or alias (case-insensitive); an unknown name is a
  /// ParameterError listing the valid ones.
  const SamplerInfo& get(const std::string& name) const;
  bool contains(const std::string& name) const;
  std::vector<const SamplerInfo*> all() const;
  /// Validates `params` against the method's table and builds the sampler.
  std::unique_ptr<Sampler> create(const std::string& name, const std::map<std::string, std::string>& params) const;

 private:
  std::vector<SamplerInfo> methods_;
};

/// Registers the classical samplers (over/, under/, combine/). Idempotent.
void register_sample_methods();

}  // namespace smrt
