// Bounded-exhaustive exploration: its counts against a brute-force enumeration without merging,
// a function of its options, and merging that actually merges.
#include "conformance/explore/exhaustive.h"

#include <functional>

#include <gtest/gtest.h>

#include "conformance/explore/exhaustive_alphabet.h"
#include "conformance/explore/model_case.h"
#include "conformance/run/model_backend.h"

namespace wsdup::conformance::explore {
namespace {

ExhaustiveOptions Core(size_t depth) {
  ExhaustiveOptions options;
  options.depth = depth;
  options.ops = CoreExhaustiveOps();
  return options;
}

// Every sequence, one by one, each replayed from the empty world: what the merged layers must count.
struct BruteForce {
  std::vector<uint64_t> sequences_per_depth;
  uint64_t ends = 0;
};

BruteForce Enumerate(const ExhaustiveOptions& options) {
  const std::vector<ConcreteStep> alphabet = MakeExhaustiveAlphabet(options);
  BruteForce counted;
  counted.sequences_per_depth.assign(options.depth + 1, 0);
  std::function<void(const ModelBackend&, const NamesBound&, size_t)> extend =
      [&](const ModelBackend& state, const NamesBound& names, size_t depth) {
        if (depth == options.depth) return;
        for (const ConcreteStep& step : alphabet) {
          if (!step.EnabledAfter(names)) continue;
          std::unique_ptr<ModelBackend> next = state.Fork();
          const Observation observed = next->Execute(step.step);
          ++counted.sequences_per_depth[depth + 1];
          if (WouldBlock(observed)) {
            ++counted.ends;
            continue;
          }
          extend(*next, step.After(names), depth + 1);
        }
      };
  ModelBackend empty;
  empty.BeginScenario(Scenario{});
  extend(empty, NamesBound{}, 0);
  return counted;
}

TEST(ExhaustiveTest, MergedLayersCountEverySequenceTheBruteForceEnumerates) {
  const ExhaustiveOptions options = Core(4);
  const ExhaustiveTally tally = ExploreExhaustively(options);
  const BruteForce brute = Enumerate(options);
  ASSERT_EQ(tally.layers.size(), 4u);
  uint64_t total = 0;
  for (const ExhaustiveLayer& layer : tally.layers) {
    EXPECT_EQ(layer.sequences, brute.sequences_per_depth[layer.depth]) << "depth " << layer.depth;
    total += layer.sequences;
  }
  EXPECT_EQ(tally.sequences, total);
  EXPECT_EQ(tally.ends, brute.ends);
  EXPECT_TRUE(tally.violations.empty());
}

TEST(ExhaustiveTest, MergingLeavesFarFewerStatesThanSequences) {
  const ExhaustiveTally tally = ExploreExhaustively(Core(5));
  // Depth 5 of the core alphabet: millions of sequences, thousands of states.
  EXPECT_GT(tally.sequences, 100 * tally.distinct_states);
  uint64_t new_states = 1;  // the empty world
  for (const ExhaustiveLayer& layer : tally.layers) {
    EXPECT_LE(layer.new_states, layer.states);
    EXPECT_LE(layer.states, layer.transitions);
    new_states += layer.new_states;
  }
  EXPECT_EQ(tally.distinct_states, new_states);
}

TEST(ExhaustiveTest, SameOptionsSameTally) {
  const ExhaustiveTally first = ExploreExhaustively(Core(4));
  const ExhaustiveTally second = ExploreExhaustively(Core(4));
  ASSERT_EQ(first.layers.size(), second.layers.size());
  for (size_t i = 0; i < first.layers.size(); ++i) {
    EXPECT_EQ(first.layers[i].states, second.layers[i].states);
    EXPECT_EQ(first.layers[i].transitions, second.layers[i].transitions);
  }
  EXPECT_EQ(first.rules, second.rules);
}

TEST(ExhaustiveTest, AnOpOutsideTheTableIsBadInput) {
  ExhaustiveOptions options = Core(2);
  options.ops.push_back("no_such_op");
  EXPECT_THROW(ExploreExhaustively(options), InputError);
}

TEST(ExhaustiveTest, TheAlphabetFollowsTheOpTable) {
  ExhaustiveOptions options = Core(1);
  options.ops = {"from_blob"};
  options.procs = 2;
  options.blobs = 3;
  // Each process imports each blob name; nothing is enabled before a blob is bound.
  const std::vector<ConcreteStep> alphabet = MakeExhaustiveAlphabet(options);
  EXPECT_EQ(alphabet.size(), 2u * 3u * options.descriptors);
  for (const ConcreteStep& step : alphabet) EXPECT_FALSE(step.EnabledAfter(NamesBound{}));
}

}  // namespace
}  // namespace wsdup::conformance::explore
