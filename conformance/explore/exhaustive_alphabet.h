// The concrete steps of bounded-exhaustive exploration, made from the op table alone (as the random
// generator's are): an op added to the table and named in --ops is explored without touching this.
//
// For each op: every process as caller (none for harness ops), every name of each kind its required
// arguments take (s1..sN, b1..bN, p1..pN, each process as a target), and for the other arguments
// one value each: both values of a bool or of a two-way choice (stream or dgram), the first of a
// longer choice, every FD_* event, the text "a", the option value 1. Optional arguments are left
// out, except the first member of a group of alternatives (duplicate's target). A step that binds a
// name binds the next free one, so names are bound in order and a state's names are a count.
#ifndef WSDUP_CONFORMANCE_EXPLORE_EXHAUSTIVE_ALPHABET_H_
#define WSDUP_CONFORMANCE_EXPLORE_EXHAUSTIVE_ALPHABET_H_

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/explore/exhaustive.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance::explore {

// What the enabling conditions read of a state: how many names of each kind are bound, and which
// processes have exited (a process may not act after its exit: docs/scenario-format.md, "proc").
struct NamesBound {
  uint8_t socks = 0, blobs = 0, peers = 0;
  uint32_t exited = 0;  // bit per process
};

struct ConcreteStep {
  nlohmann::json written;  // as a scenario file holds it
  Step step;               // the same, parsed once
  int proc = -1;           // the caller's index; -1 for a harness op
  bool exits = false;
  uint8_t uses_sock = 0, uses_blob = 0, uses_peer = 0;  // 1-based name index; 0: none
  uint8_t binds_sock = 0, binds_blob = 0, binds_peer = 0;

  bool EnabledAfter(const NamesBound& names) const;
  NamesBound After(const NamesBound& names) const;
};

// InputError for an op the table does not know.
std::vector<ConcreteStep> MakeExhaustiveAlphabet(const ExhaustiveOptions& options);

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_EXHAUSTIVE_ALPHABET_H_
