#include "conformance/explore/exhaustive.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "conformance/explore/exhaustive_alphabet.h"
#include "conformance/explore/model_case.h"
#include "conformance/format/scenario.h"
#include "conformance/run/model_backend.h"

namespace wsdup::conformance::explore {
namespace {

// 128 bits of a canonical encoding: two independent 64-bit hashes. At a few million states the
// chance that two distinct states share both is below 2^-80, so a merge by hash is a merge by state.
struct StateHash {
  uint64_t low = 0, high = 0;
  bool operator==(const StateHash& other) const { return low == other.low && high == other.high; }
};
struct StateHashHasher {
  size_t operator()(const StateHash& hash) const { return static_cast<size_t>(hash.low); }
};

StateHash HashOf(const std::string& bytes) {
  uint64_t fnv = 0xCBF29CE484222325ull;  // FNV-1a
  uint64_t mix = 0x9E3779B97F4A7C15ull;  // a multiply-rotate hash, independent of FNV's
  for (unsigned char byte : bytes) {
    fnv = (fnv ^ byte) * 0x100000001B3ull;
    mix = ((mix ^ byte) * 0xFF51AFD7ED558CCDull);
    mix = (mix << 29) | (mix >> 35);
  }
  mix ^= mix >> 33;
  mix *= 0xC4CEB9FE1A85EC53ull;
  mix ^= mix >> 33;
  return StateHash{fnv, mix};
}

uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max() : a + b;
}

// A state of one layer, kept as the path that first reached it (a state is rebuilt by replaying its
// path: far less memory than a world per state, and a replay of D steps costs about what copying a
// world does), with the number of sequences of this layer's length that end in it.
struct LayerState {
  std::vector<uint16_t> path;
  uint64_t sequences = 0;
};

// A state rebuilt from its path, with what the alphabet's enabling conditions read.
struct Materialized {
  std::unique_ptr<ModelBackend> model;
  NamesBound names;
};

Materialized Replay(const std::vector<ConcreteStep>& alphabet, const std::vector<uint16_t>& path) {
  Materialized state{std::make_unique<ModelBackend>(/*check_invariants=*/true), NamesBound{}};
  state.model->BeginScenario(Scenario{});
  for (uint16_t index : path) {
    state.model->Execute(alphabet[index].step);
    state.names = alphabet[index].After(state.names);
  }
  return state;
}

std::vector<nlohmann::json> Written(const std::vector<ConcreteStep>& alphabet, const std::vector<uint16_t>& path) {
  std::vector<nlohmann::json> steps;
  for (uint16_t index : path) steps.push_back(alphabet[index].written);
  return steps;
}

}  // namespace

std::vector<std::string_view> CoreExhaustiveOps() {
  return {"startup",    "cleanup", "socket", "duplicate", "from_blob", "closesocket", "bind",
          "listen",     "accept",  "event_select", "wait_event", "send", "recv", "exit",
          "peer_connect", "peer_send", "peer_close"};
}

ExhaustiveTally ExploreExhaustively(const ExhaustiveOptions& options, const ExhaustiveProgress& progress) {
  const std::vector<ConcreteStep> alphabet = MakeExhaustiveAlphabet(options);
  ExhaustiveTally tally;
  tally.alphabet = alphabet.size();

  std::unordered_set<StateHash, StateHashHasher> seen;
  std::unordered_set<std::string> problems_seen;
  {
    ModelBackend empty;
    empty.BeginScenario(Scenario{});
    seen.insert(HashOf(empty.CanonicalState()));
  }
  tally.distinct_states = 1;
  std::vector<LayerState> layer(1);
  layer[0].sequences = 1;

  for (size_t depth = 1; depth <= options.depth && !layer.empty(); ++depth) {
    ExhaustiveLayer stats;
    stats.depth = depth;
    std::vector<LayerState> next;
    std::unordered_map<StateHash, size_t, StateHashHasher> index_of;  // -> position in `next`
    for (const LayerState& from : layer) {
      const Materialized parent = Replay(alphabet, from.path);
      for (size_t step = 0; step < alphabet.size(); ++step) {
        const ConcreteStep& concrete = alphabet[step];
        if (!concrete.EnabledAfter(parent.names)) continue;
        std::unique_ptr<ModelBackend> child = parent.model->Fork();
        const Observation observed = child->Execute(concrete.step);
        ++stats.transitions;
        stats.sequences = SaturatingAdd(stats.sequences, from.sequences);
        tally.rules |= child->RulesPerStep().back();
        tally.open_points |= child->ReachedOpenPointsPerStep().back();
        const std::vector<std::string> broken = child->EndScenario();
        if (!broken.empty()) {
          std::vector<uint16_t> path = from.path;
          path.push_back(static_cast<uint16_t>(step));
          if (problems_seen.insert(broken.front()).second) {
            tally.violations.push_back(ExhaustiveViolation{Written(alphabet, path), broken});
          }
          continue;  // a broken state is reported, not explored further
        }
        // A call that would block stays pending on a real stack and takes what later steps send:
        // the sequence ends there (as a generated case does, model_case.h).
        if (WouldBlock(observed)) {
          tally.ends = SaturatingAdd(tally.ends, from.sequences);
          continue;
        }
        const StateHash hash = HashOf(child->CanonicalState());
        const auto [at, fresh_here] = index_of.try_emplace(hash, next.size());
        if (fresh_here) {
          LayerState reached;
          reached.path = from.path;
          reached.path.push_back(static_cast<uint16_t>(step));
          next.push_back(std::move(reached));
          if (seen.insert(hash).second) ++stats.new_states;
        }
        next[at->second].sequences = SaturatingAdd(next[at->second].sequences, from.sequences);
      }
    }
    stats.states = next.size();
    tally.distinct_states += stats.new_states;
    tally.transitions += stats.transitions;
    tally.sequences = SaturatingAdd(tally.sequences, stats.sequences);
    tally.layers.push_back(stats);
    if (progress) progress(tally);
    layer = std::move(next);
  }
  return tally;
}

}  // namespace wsdup::conformance::explore
