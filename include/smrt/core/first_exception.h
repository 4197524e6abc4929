#pragma once
// Exceptions must not leave an OpenMP region (the program would terminate):
// the threads of a region record the first one here, skip the rest of their
// work, and the caller rethrows it once the region has ended.

#include <atomic>
#include <exception>
#include <mutex>

namespace smrt {

class FirstException {
 public:
  /// Call inside a catch block: keeps the exception if it is the first.
  void capture() noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!first_) first_ = std::current_exception();
    caught_.store(true, std::memory_order_relaxed);
  }
  /// Whether some thread has failed (the others may stop early).
  bool caught() const noexcept { return caught_.load(std::memory_order_relaxed); }
  /// After the region: rethrows the first exception, if any.
  void rethrow_if_any() const {
    if (first_) std::rethrow_exception(first_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr first_;
  std::atomic<bool> caught_{false};
};

}  // namespace smrt
