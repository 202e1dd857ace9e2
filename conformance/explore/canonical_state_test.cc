// The canonical encoding that bounded-exhaustive exploration merges states by
// (sim/world_canonical.cc, ModelBackend::CanonicalState) is sound: two histories with equal
// encodings answer every later step alike. Checked where it matters, on the merges of a
// breadth-first search. The check has teeth: leaving the inbox, the non-blocking mode, an event's
// signal or a peer's reset out of the encoding makes it fail (tried by hand when it was written).
// Leaving out the descriptor a registration was made through does not: that is seen only in a
// window message after two descriptors, a registration and traffic, beyond depth 4.
#include <map>
#include <memory>
#include <optional>

#include <gtest/gtest.h>

#include "conformance/explore/exhaustive.h"
#include "conformance/explore/exhaustive_alphabet.h"
#include "conformance/explore/model_case.h"
#include "conformance/explore/rng.h"
#include "conformance/run/model_backend.h"
#include "conformance/vocabulary/ops.h"

namespace wsdup::conformance::explore {
namespace {

constexpr size_t kDepth = 4;
constexpr size_t kCheckEveryNthMerge = 4;
constexpr size_t kContinuations = 4;
constexpr size_t kContinuationSteps = 8;

struct Walked {
  std::unique_ptr<ModelBackend> model;
  NamesBound names;
  std::vector<size_t> path;
};

class CanonicalStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The core ops and every op that reads state back: each field of the encoding has a reader.
    ExhaustiveOptions options;
    options.ops = CoreExhaustiveOps();
    for (std::string_view reader : {"connected", "fionbio", "async_select", "wait_message", "enum_events",
                                    "getsockopt", "setsockopt", "peer_recv", "peer_state", "getsockname"}) {
      options.ops.push_back(reader);
    }
    options.descriptors = 2;
    options.blobs = 1;
    alphabet_ = MakeExhaustiveAlphabet(options);
  }

  Walked Fresh() const {
    Walked walked{std::make_unique<ModelBackend>(/*check_invariants=*/false), NamesBound{}, {}};
    walked.model->BeginScenario(Scenario{});
    return walked;
  }

  // One enabled step drawn by `rng`, executed; its observation. Nothing when no step is enabled
  // (every process has exited and no peer is bound).
  std::optional<Observation> StepRandomly(Rng& rng, Walked* walked) const {
    std::vector<size_t> enabled;
    for (size_t i = 0; i < alphabet_.size(); ++i) {
      if (alphabet_[i].EnabledAfter(walked->names)) enabled.push_back(i);
    }
    if (enabled.empty()) return std::nullopt;
    const size_t step = enabled[rng.Below(static_cast<uint32_t>(enabled.size()))];
    walked->path.push_back(step);
    walked->names = alphabet_[step].After(walked->names);
    return walked->model->Execute(alphabet_[step].step);
  }

  // The observations of `continuation_seed`'s continuation from `walked` (left as it was).
  std::vector<Observation> Continue(const Walked& walked, uint64_t continuation_seed) const {
    Walked copy{walked.model->Fork(), walked.names, walked.path};
    Rng rng(continuation_seed);
    std::vector<Observation> seen;
    for (size_t i = 0; i < kContinuationSteps; ++i) {
      std::optional<Observation> observed = StepRandomly(rng, &copy);
      if (!observed) break;
      seen.push_back(std::move(*observed));
    }
    return seen;
  }

  // The observation of every single enabled step from `walked` (left as it was): a field the
  // encoding left out shows up here when one call reads it (recv reads the inbox).
  std::vector<Observation> EveryNextStep(const Walked& walked) const {
    std::vector<Observation> seen;
    for (const ConcreteStep& step : alphabet_) {
      if (!step.EnabledAfter(walked.names)) continue;
      std::unique_ptr<ModelBackend> copy = walked.model->Fork();
      seen.push_back(copy->Execute(step.step));
    }
    return seen;
  }

  std::vector<ConcreteStep> alphabet_;
};

// Breadth first over the alphabet, as exhaustive exploration goes (where merges are what matter):
// every time a history reaches an encoding an earlier history of the same depth reached, both
// answer every next step alike, and the same random continuations alike.
TEST_F(CanonicalStateTest, EqualEncodingsAnswerEveryContinuationAlike) {
  size_t merged_pairs = 0;
  std::vector<Walked> layer;
  layer.push_back(Fresh());
  for (size_t depth = 1; depth <= kDepth; ++depth) {
    std::map<std::string, size_t> first_with;  // encoding -> its first history in `next`
    std::vector<Walked> next;
    for (const Walked& from : layer) {
      for (size_t step = 0; step < alphabet_.size(); ++step) {
        if (!alphabet_[step].EnabledAfter(from.names)) continue;
        Walked walked{from.model->Fork(), alphabet_[step].After(from.names), from.path};
        walked.path.push_back(step);
        walked.model->Execute(alphabet_[step].step);
        const auto [earlier, fresh] = first_with.try_emplace(walked.model->CanonicalState(), next.size());
        if (fresh) {
          next.push_back(std::move(walked));
          continue;
        }
        if (++merged_pairs % kCheckEveryNthMerge != 0) continue;
        const Walked& first = next[earlier->second];
        ASSERT_EQ(EveryNextStep(first), EveryNextStep(walked))
            << "two histories share an encoding but answer a next step differently";
        for (size_t c = 0; c < kContinuations; ++c) {
          const uint64_t seed = CaseSeed(merged_pairs, c);
          ASSERT_EQ(Continue(first, seed), Continue(walked, seed))
              << "two histories share an encoding but answer continuation " << c << " differently";
        }
      }
    }
    layer = std::move(next);
  }
  EXPECT_GT(merged_pairs, 10000u);
  RecordProperty("merged_pairs", static_cast<int>(merged_pairs));
}

// Different slots and handle values, same state: s2 made after s1's close takes s1's slot (with a
// new generation); made before it, a fresh slot. Yet different names bound are different states.
TEST_F(CanonicalStateTest, HistoryThatOnlyMovesSlotsEncodesAlike) {
  const auto run = [](std::vector<nlohmann::json> steps) {
    ModelBackend model(/*check_invariants=*/true);
    model.BeginScenario(Scenario{});
    for (size_t i = 0; i < steps.size(); ++i) model.Execute(StepFromWritten(steps[i], i));
    return model.CanonicalState();
  };
  using nlohmann::json;
  const json startup = {{"proc", "A"}, {"op", "startup"}};
  const json make = {{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s1"}};
  const json other = {{"proc", "B"}, {"op", "startup"}};
  const json make_in_b = {{"proc", "B"}, {"op", "socket"}, {"type", "stream"}, {"as", "s9"}};
  const json close_in_b = {{"proc", "B"}, {"op", "closesocket"}, {"sock", "s9"}};
  EXPECT_NE(run({startup, other, make_in_b, close_in_b, make}), run({startup, other, make}))
      << "s9 is bound (to a closed descriptor) in one history only: the names differ";
  const json close_s1 = {{"proc", "A"}, {"op", "closesocket"}, {"sock", "s1"}};
  const json make_s2 = {{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s2"}};
  // s1 closed then s2 made reuses s1's slot; the encoding is that of s1 closed and s2 in a fresh slot.
  EXPECT_EQ(run({startup, make, close_s1, make_s2}), run({startup, make, make_s2, close_s1}));
}

}  // namespace
}  // namespace wsdup::conformance::explore
