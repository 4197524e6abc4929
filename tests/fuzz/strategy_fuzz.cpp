// The sampling-strategy parser and its resolution against class counts.
// Input: byte 0 picks the sampler type, the number of classes (1-4) and
// integer or text labels; the next bytes are the class counts; the rest is
// the strategy text. Checks: to_string() is a fixpoint of parse() (for UTF-8
// text), and a plan never asks for negative rows or to keep more rows than a
// class has.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "smrt/core/error.h"
#include "smrt/core/sampling_strategy.h"

namespace {

// to_string() round-trips UTF-8 labels only (JSON cannot hold other bytes).
bool utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  const auto type = static_cast<smrt::SamplingType>(mode % 3);
  const size_t n_classes = 1 + (mode >> 2) % 4;
  const bool text_labels = (mode >> 4) & 1;
  if (size < 1 + n_classes) return 0;
  std::vector<int64_t> counts;
  std::vector<int64_t> integers;
  std::vector<std::string> names;
  for (size_t c = 0; c < n_classes; ++c) {
    counts.push_back(1 + data[1 + c]);
    integers.push_back(static_cast<int64_t>(c) * 3 - 1);  // -1, 2, 5, 8: sorted, one negative
    names.push_back(std::string(1, static_cast<char>('a' + c)));
  }
  const std::string text(reinterpret_cast<const char*>(data + 1 + n_classes), size - 1 - n_classes);
  const smrt::ClassIndex classes =
      text_labels ? smrt::ClassIndex::of_strings(names) : smrt::ClassIndex::of_integers(integers);
  try {
    const auto strategy = smrt::SamplingStrategy::parse(text);
    const std::string canonical = strategy.to_string();
    if (utf8(text)) SMRT_FUZZ_CHECK(smrt::SamplingStrategy::parse(canonical).to_string() == canonical);
    const smrt::SamplingPlan plan = smrt::resolve_sampling_strategy(strategy, counts, classes, type);
    SMRT_FUZZ_CHECK(plan.n_classes() == static_cast<int32_t>(n_classes));
    for (int32_t c = 0; c < plan.n_classes(); ++c) {
      if (type == smrt::SamplingType::OverSampling) SMRT_FUZZ_CHECK(plan.n_to_add(c) >= 0);
      if (type == smrt::SamplingType::UnderSampling) {
        SMRT_FUZZ_CHECK(plan.n_to_keep(c) >= 0 && plan.n_to_keep(c) <= counts[static_cast<size_t>(c)]);
      }
      if (plan.targets(c)) (void)plan.imblearn_value(c);
    }
  } catch (const smrt::Error&) {
    // bad strategy (or one that does not fit these counts), with a message
  }
  return 0;
}
