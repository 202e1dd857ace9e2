// The explorer's random numbers: splitmix64, because a seed must mean the same case on every
// compiler and platform (the standard library's distributions differ between implementations) and
// because it costs a few instructions per number.
#ifndef WSDUP_CONFORMANCE_EXPLORE_RNG_H_
#define WSDUP_CONFORMANCE_EXPLORE_RNG_H_

#include <cstdint>

namespace wsdup::conformance::explore {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // A number in [0, n) for n > 0 (multiply-shift: no division, bias below 2^-32).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  bool OneIn(uint32_t n) { return Below(n) == 0; }

 private:
  uint64_t state_;
};

// The seed of case `index` of a run seeded with `run_seed`: cases are independent of each other,
// so a shard can start at any index and a finding is replayed from its case seed alone.
inline uint64_t CaseSeed(uint64_t run_seed, uint64_t index) {
  Rng mix(run_seed ^ (index * 0xD1B54A32D192ED03ull));
  return mix.Next();
}

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_RNG_H_
