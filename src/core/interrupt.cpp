#include "smrt/core/interrupt.h"

#include <chrono>

namespace smrt {
namespace {
thread_local const InterruptCheck* t_check = nullptr;
thread_local std::chrono::steady_clock::time_point t_last_poll{};
}  // namespace

InterruptScope::InterruptScope(InterruptCheck check) : check_(std::move(check)), previous_(t_check) {
  if (check_) t_check = &check_;
}

InterruptScope::~InterruptScope() { t_check = previous_; }

void check_interrupt(const char* what) {
  if (!t_check) return;
  // A front end's check may take a lock (Python's GIL): polled, not asked per batch.
  const auto now = std::chrono::steady_clock::now();
  if (now - t_last_poll < std::chrono::milliseconds(kInterruptPollMs)) return;
  t_last_poll = now;
  SMRT_THROW_IF_NOT(Interrupted, !(*t_check)(), what, ": interrupted");
}

}  // namespace smrt
