#pragma once
// Pieces that every protocol builder shares (protocols.cpp, tabular.cpp).

#include <map>
#include <string>

#include "smrt/eval/protocols.h"

namespace smrt::eval::detail {

MethodSpec make_method(std::string label, std::string sampler, std::map<std::string, std::string> params = {});
/// Id, texts and seeds (quick_seeds at the quick scale, 5 full, 1 tiny).
Experiment start(std::string id, std::string title, std::string summary, const ProtocolOptions& o, int quick_seeds);
/// The tiny scale's first `tiny_count` methods, --methods, budgets, --param.
void finish(Experiment& e, const ProtocolOptions& o, size_t tiny_count);
/// Seeds, classifier, methods, budgets and overrides settings.
void add_settings(Experiment& e, const ProtocolOptions& o, std::string classifier);

}  // namespace smrt::eval::detail
