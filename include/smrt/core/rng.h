#pragma once
// Seeded random numbers whose streams do not depend on the thread count.
//
// Parallel code splits its work into fixed blocks and gives block b the
// stream Rng(seed, b), so the same seed gives the same output whatever the
// number of threads. Draws are written here rather than taken from <random>,
// whose distributions differ between standard libraries.

#include <cstdint>
#include <optional>

namespace smrt {

class Rng {
 public:
  /// xoshiro256** state seeded from (seed, stream) through SplitMix64.
  explicit Rng(uint64_t seed, uint64_t stream = 0);

  uint64_t next_u64();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform();
  /// Uniform integer in [0, n), unbiased (Lemire's method). n > 0.
  uint64_t below(uint64_t n);
  /// Standard normal (Box-Muller; the spare value is kept).
  double normal();
  /// An independent stream derived from this generator's seed.
  Rng fork(uint64_t stream) const { return Rng(seed_, stream); }
  uint64_t seed() const { return seed_; }

 private:
  uint64_t s_[4];
  uint64_t seed_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

/// The seed to use for an optional random_state: the value, or a fresh one
/// from std::random_device when absent.
uint64_t resolve_seed(std::optional<uint64_t> random_state);

/// Fisher-Yates shuffle of [first, first + n).
template <typename T>
void shuffle(T* first, int64_t n, Rng& rng) {
  for (int64_t i = n - 1; i > 0; --i) {
    auto j = static_cast<int64_t>(rng.below(static_cast<uint64_t>(i) + 1));
    T tmp = first[i];
    first[i] = first[j];
    first[j] = tmp;
  }
}

}  // namespace smrt
