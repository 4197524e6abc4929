#include "smrt/core/warnings.h"

#include <cstdio>

namespace smrt {
namespace {
thread_local std::vector<std::string>* t_warnings = nullptr;
}  // namespace

void warning(const std::string& text) {
  if (t_warnings) {
    t_warnings->push_back(text);
    return;
  }
  std::fprintf(stderr, "smrt: warning: %s\n", text.c_str());
  std::fflush(stderr);
}

WarningScope::WarningScope(std::vector<std::string>* into) : saved_(t_warnings) { t_warnings = into; }

WarningScope::~WarningScope() { t_warnings = saved_; }

}  // namespace smrt
