// Bounded-exhaustive exploration of the model (`wsdup explore --exhaustive --depth D`): every
// sequence of up to D steps over a small alphabet of concrete steps, breadth first, with states
// that answer every later call alike merged by their canonical encoding (sim::World::CanonicalState,
// ModelBackend::CanonicalState). Invariants are checked on every state reached.
//
// The alphabet is made from the op table alone, like the random generator's: for each chosen op,
// every process and every bound name of each kind the op takes, and one value of each other
// argument (exhaustive_alphabet.cc says which). Sequences are counted, not listed: paths are
// counted per depth on the merged layers, so a depth whose sequences number in the billions costs
// only its distinct states.
#ifndef WSDUP_CONFORMANCE_EXPLORE_EXHAUSTIVE_H_
#define WSDUP_CONFORMANCE_EXPLORE_EXHAUSTIVE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/rules.h"

namespace wsdup::conformance::explore {

struct ExhaustiveOptions {
  size_t depth = 6;
  size_t procs = 2;        // "A", "B"
  size_t descriptors = 3;  // descriptor names s1..sN a sequence may bind (sockets, imports, accepts)
  size_t blobs = 2;        // blob names b1..bN
  size_t peers = 1;        // peer names p1..pN
  // The ops the alphabet is made of, in table order; each must be one the model performs.
  std::vector<std::string_view> ops;
};

// The default alphabet: the ops of sharing and its lifecycle, I/O and event selection.
std::vector<std::string_view> CoreExhaustiveOps();

struct ExhaustiveLayer {
  size_t depth = 0;
  uint64_t states = 0;      // distinct states at this depth
  uint64_t new_states = 0;  // of which never reached at a smaller depth
  uint64_t transitions = 0; // steps executed to reach this depth
  uint64_t sequences = 0;   // sequences of exactly this length (saturates at UINT64_MAX)
};

struct ExhaustiveViolation {
  std::vector<nlohmann::json> steps;  // a shortest sequence that reaches it, in scenario format
  std::vector<std::string> problems;
};

struct ExhaustiveTally {
  size_t alphabet = 0;                 // concrete steps
  std::vector<ExhaustiveLayer> layers; // depth 1..D
  uint64_t distinct_states = 0;        // over all depths, the empty world included
  uint64_t transitions = 0;
  uint64_t sequences = 0;              // of length 1..D (saturates)
  uint64_t ends = 0;                   // sequences cut by a step that would block (not expanded)
  sim::RuleSet rules;                  // reached by any transition
  uint32_t open_points = 0;
  std::vector<ExhaustiveViolation> violations;  // one per distinct problem text
};

// Called after each layer, with the tally so far.
using ExhaustiveProgress = std::function<void(const ExhaustiveTally&)>;

ExhaustiveTally ExploreExhaustively(const ExhaustiveOptions& options, const ExhaustiveProgress& progress = {});

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_EXHAUSTIVE_H_
