#include "smrt/core/error.h"

#include <cstdio>
#include <cstdlib>

namespace smrt::detail {

void assert_fail(const char* cond, const char* file, int line, const std::string& msg) {
  std::fprintf(stderr, "smrt: internal error: %s failed at %s:%d %s\n", cond, file, line, msg.c_str());
  std::abort();
}

}  // namespace smrt::detail
