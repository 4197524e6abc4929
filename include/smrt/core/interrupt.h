#pragma once
// Stopping long work from outside. A front end gives the calling thread a
// check (Python: "was Ctrl-C pressed?"); long loops (network training) ask it
// now and then and stop with Interrupted, unwinding like any other error.

#include <functional>

#include "smrt/core/error.h"

namespace smrt {

/// The work was stopped by its caller's interrupt check.
class Interrupted : public Error {
 public:
  using Error::Error;
};

/// Returns true when the work should stop. Called on the thread that set it.
using InterruptCheck = std::function<bool()>;

/// Gives the calling thread `check` until destroyed (scopes nest; an empty
/// check keeps the enclosing one).
class InterruptScope {
 public:
  explicit InterruptScope(InterruptCheck check);
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  InterruptCheck check_;
  const InterruptCheck* previous_;
};

/// Throws Interrupted ("`what`: interrupted") when the calling thread's check
/// says so. Cheap enough for every batch: the check itself runs at most every
/// kInterruptPollMs milliseconds.
void check_interrupt(const char* what);

inline constexpr int kInterruptPollMs = 100;

}  // namespace smrt
