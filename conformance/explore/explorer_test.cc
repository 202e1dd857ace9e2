// The exploration loop: a function of its seed, shards that add up to the whole run, shrinking to
// a minimal valid case, and findings written as rows that load and run like table rows.
#include "conformance/explore/explorer.h"

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/explore/model_case.h"
#include "conformance/explore/shrink.h"
#include "conformance/format/scenario.h"
#include "conformance/run/model_backend.h"
#include "conformance/run/runner.h"
#include "conformance/vocabulary/ops.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;
using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::SizeIs;

ExploreOptions SmallRun(uint64_t cases) {
  ExploreOptions options;
  options.generator.alphabet = vocabulary::OpsPerformedBy(/*the_model=*/true);
  options.cases = cases;
  options.seed = 7;
  return options;
}

std::set<uint64_t> CaseSeedsOf(const ExploreTally& tally) {
  std::set<uint64_t> seeds;
  for (const Finding& finding : tally.findings) seeds.insert(finding.case_seed);
  return seeds;
}

// A stand-in for a stack that deviates wherever a step `op` succeeds on the model: a problem the
// shrinker can only keep by keeping what makes that step succeed.
class DeviatesOnSuccessOf : public CaseJudge {
 public:
  explicit DeviatesOnSuccessOf(std::string op) : op_(std::move(op)) {}
  std::optional<Problem> Judge(const std::vector<json>& written) override {
    std::vector<Step> steps;
    for (const json& step : written) steps.push_back(StepFromWritten(step, steps.size()));
    const std::vector<Observation> model = ReplayOnModel(steps);
    for (size_t i = 0; i < model.size(); ++i) {
      if (steps[i].op == op_ && model[i].ok) {
        return Problem{ProblemKind::kDeviation, i, steps[i].proc + " " + op_, "ok", "not ok", {}};
      }
    }
    return std::nullopt;
  }

 private:
  std::string op_;
};

TEST(ExplorerTest, TheModelHasNoFindingsAndTheRunIsAFunctionOfItsSeed) {
  const ExploreTally first = Explore(SmallRun(300), nullptr, nullptr);
  const ExploreTally second = Explore(SmallRun(300), nullptr, nullptr);
  EXPECT_THAT(first.findings, SizeIs(0));
  EXPECT_EQ(first.cases, 300u);
  EXPECT_EQ(first.steps, second.steps);
  EXPECT_EQ(first.coverage.ops, second.coverage.ops);
  EXPECT_TRUE(first.coverage.rules == second.coverage.rules);
  EXPECT_GT(first.coverage.rules.Count(), 30u) << "the generator should reach most of the model";
}

TEST(ExplorerTest, ShardsTogetherRunExactlyTheWholeRun) {
  DeviatesOnSuccessOf judge("listen");
  ExploreTally whole = Explore(SmallRun(600), &judge, nullptr);
  uint64_t cases = 0, steps = 0;
  std::map<std::string, uint64_t> ops;
  std::set<uint64_t> finding_seeds;
  for (uint32_t shard = 0; shard < 3; ++shard) {
    ExploreOptions options = SmallRun(600);
    options.shard = shard;
    options.shards = 3;
    const ExploreTally part = Explore(options, &judge, nullptr);
    cases += part.cases;
    steps += part.steps;
    for (const auto& [op, count] : part.coverage.ops) ops[op] += count;
    for (uint64_t seed : CaseSeedsOf(part)) finding_seeds.insert(seed);
  }
  EXPECT_EQ(cases, whole.cases);
  EXPECT_EQ(steps, whole.steps);
  EXPECT_EQ(ops, whole.coverage.ops);
  // One finding per signature per run: the whole run's first case showing it is the first of
  // whichever shard holds that case.
  ASSERT_THAT(whole.findings, SizeIs(1));
  EXPECT_EQ(finding_seeds.count(whole.findings[0].case_seed), 1u);
}

TEST(ExplorerTest, ShrinksToTheStepsTheProblemNeeds) {
  DeviatesOnSuccessOf judge("listen");
  const ExploreTally tally = Explore(SmallRun(600), &judge, nullptr);
  ASSERT_THAT(tally.findings, SizeIs(1));
  const Finding& finding = tally.findings[0];
  // A listen succeeds only on a bound stream socket of a process that started Winsock: bound by
  // bind, or implicitly by a connect that was refused (CONN-3), which needs an address to name.
  std::vector<std::string> ops;
  for (const json& step : finding.steps) ops.push_back(step["op"].get<std::string>());
  EXPECT_THAT(ops, AnyOf(ElementsAre("startup", "socket", "bind", "listen"),
                         ElementsAre("startup", "peer_dgram", "socket", "connect", "listen")))
      << json(finding.steps).dump();
  EXPECT_EQ(finding.problem.step, ops.size() - 1);
  EXPECT_GT(finding.generated_steps, finding.steps.size());
  EXPECT_TRUE(ValidCase(finding.steps));
}

TEST(ExplorerTest, AFindingIsARowThatLoadsAndHoldsOnTheModel) {
  DeviatesOnSuccessOf judge("from_blob");
  const ExploreTally tally = Explore(SmallRun(400), &judge, nullptr);
  ASSERT_THAT(tally.findings, SizeIs(1));
  const json row = tally.findings[0].Row();
  EXPECT_THAT(row["name"].get<std::string>(), ::testing::StartsWith("explore-deviation-"));
  EXPECT_THAT(row["doc"].get<std::string>(), ::testing::HasSubstr("from_blob"));
  const std::vector<Scenario> loaded = ParseScenarios(json::array({row}), "explore-row.json");
  ASSERT_THAT(loaded, SizeIs(1));
  EXPECT_THAT(loaded[0].rules, ::testing::Contains(Eq("BLOB-1")));
  ModelBackend model;
  const ScenarioResult result = RunScenario(model, loaded[0]);
  EXPECT_TRUE(result.Passed()) << result.reason;
}

TEST(ExplorerTest, ShrinkingIsDeterministic) {
  DeviatesOnSuccessOf judge("listen");
  const ExploreTally first = Explore(SmallRun(600), &judge, nullptr);
  const ExploreTally second = Explore(SmallRun(600), &judge, nullptr);
  ASSERT_THAT(first.findings, SizeIs(1));
  ASSERT_THAT(second.findings, SizeIs(1));
  EXPECT_EQ(json(first.findings[0].steps).dump(), json(second.findings[0].steps).dump());
  EXPECT_EQ(first.findings[0].shrink_tries, second.findings[0].shrink_tries);
}

}  // namespace
}  // namespace wsdup::conformance::explore

namespace wsdup::conformance::explore {
namespace {

// One cause is one finding: the descriptor a window message names is the case's own name for it.
TEST(ProblemSignatureTest, NamesOfDescriptorsDoNotSplitAFinding) {
  Problem first;
  first.kind = ProblemKind::kDeviation;
  first.rules = {"EVT-1"};
  first.model_result = {{"ok", true}, {"signaled", true}, {"events", {"FD_WRITE"}}, {"sock", "s1"}};
  first.observed_result = {{"ok", true}, {"signaled", false}};
  Problem second = first;
  second.model_result["sock"] = "s2";
  EXPECT_EQ(first.Signature(), second.Signature());
  Problem other = first;
  other.observed_result["signaled"] = true;
  EXPECT_NE(first.Signature(), other.Signature());
}

}  // namespace
}  // namespace wsdup::conformance::explore
