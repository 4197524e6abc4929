#pragma once
// Where an over-sampler's new rows are written. A front end that returns the
// kept rows followed by the new ones in one new array (Python's fit_resample)
// can give that array's tail as the destination and save a copy of every new
// row. Set by the caller for the length of one call, on its own thread.

#include <cstdint>
#include <functional>

namespace smrt {

/// Returns room for n_rows rows of n_cols floats (its contents do not matter:
/// the sampler writes or zeroes every row it uses), or nullptr to decline
/// (then the rows go to the sampler's own storage).
using SyntheticAllocator = std::function<float*(int64_t n_rows, int64_t n_cols)>;

class SyntheticDestinationScope {
 public:
  explicit SyntheticDestinationScope(SyntheticAllocator allocate);
  ~SyntheticDestinationScope();
  SyntheticDestinationScope(const SyntheticDestinationScope&) = delete;
  SyntheticDestinationScope& operator=(const SyntheticDestinationScope&) = delete;

  /// The sampler's plan: n_rows new rows in all (the first call counts; a
  /// sampler run inside another does not change it).
  static void plan_rows(int64_t n_rows);
  /// The destination for the planned rows of n_cols floats, once per scope;
  /// nullptr without a scope, a plan or a second time. `capacity_rows` gets
  /// the room's size in rows.
  static float* claim(int64_t n_cols, int64_t* capacity_rows);

 private:
  SyntheticAllocator allocate_;
  int64_t planned_rows_ = -1;
  bool claimed_ = false;
  SyntheticDestinationScope* previous_;
};

}  // namespace smrt
