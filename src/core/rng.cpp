#include "smrt/core/rng.h"

#include <cmath>
#include <random>

#include "smrt/core/error.h"

namespace smrt {
namespace {

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 128-bit product for Lemire's method (a GCC/Clang extension).
__extension__ typedef unsigned __int128 uint128;

inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed, uint64_t stream) : seed_(seed) {
  // Mix seed and stream so that neighbouring streams are unrelated.
  uint64_t x = seed;
  uint64_t mixed = splitmix64(x) ^ (stream * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
  for (auto& word : s_) word = splitmix64(mixed);
}

uint64_t Rng::next_u64() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

uint64_t Rng::below(uint64_t n) {
  SMRT_ASSERT(n > 0, "below(0)");
  // Lemire: multiply-shift with rejection of the biased low range.
  uint128 m = static_cast<uint128>(next_u64()) * n;
  auto low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<uint128>(next_u64()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * M_PI * u2;
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

uint64_t resolve_seed(std::optional<uint64_t> random_state) {
  if (random_state) return *random_state;
  std::random_device device;
  // 63 bits: a drawn seed is a valid random_state too (an int64 >= 0), so it
  // can be passed on to an inner sampler (SMOTEENN's SMOTE) or recorded.
  return ((static_cast<uint64_t>(device()) << 32) ^ device()) >> 1;
}

}  // namespace smrt
