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

  // The draws are inline: samplers make one or two per new value.
  inline uint64_t next_u64();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n), unbiased (Lemire's method). n > 0.
  inline uint64_t below(uint64_t n);
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

namespace rng_detail {
// 128-bit product for Lemire's method (a GCC/Clang extension).
__extension__ typedef unsigned __int128 uint128;
inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
[[noreturn]] void below_zero();
}  // namespace rng_detail

// xoshiro256**.
inline uint64_t Rng::next_u64() {
  const uint64_t result = rng_detail::rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rng_detail::rotl(s_[3], 45);
  return result;
}

inline uint64_t Rng::below(uint64_t n) {
  if (n == 0) rng_detail::below_zero();
  // Lemire: multiply-shift with rejection of the biased low range.
  rng_detail::uint128 m = static_cast<rng_detail::uint128>(next_u64()) * n;
  auto low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<rng_detail::uint128>(next_u64()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

/// The largest random_state smrt takes: numpy's RandomState bound, so a seed
/// given to the CLI can be given to the Python package too.
inline constexpr int64_t kLargestSeed = 4294967295;  // 2^32 - 1

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
