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

}  // namespace

Rng::Rng(uint64_t seed, uint64_t stream) : seed_(seed) {
  // Mix seed and stream so that neighbouring streams are unrelated.
  uint64_t x = seed;
  uint64_t mixed = splitmix64(x) ^ (stream * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
  for (auto& word : s_) word = splitmix64(mixed);
}

namespace rng_detail {
void below_zero() { detail::assert_fail("n > 0", __FILE__, __LINE__, "Rng::below(0)"); }
}  // namespace rng_detail

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
  // In [0, kLargestSeed]: a drawn seed is a valid random_state too, so it can
  // be passed on to an inner sampler (SMOTEENN's SMOTE) or recorded and reused.
  return static_cast<uint64_t>(device()) & static_cast<uint64_t>(kLargestSeed);
}

}  // namespace smrt
