// The exploration loop behind `wsdup explore`: case after case from the generator, each judged
// (on the model alone, or a real stack against the model), every problem shrunk to a fixture row,
// with what the cases covered. Cases are numbered; case i of a run seeded s is CaseSeed(s, i), so
// a shard runs the indices i with i % shards == shard, and N shards together run exactly what one
// run over the same indices does.
#ifndef WSDUP_CONFORMANCE_EXPLORE_EXPLORER_H_
#define WSDUP_CONFORMANCE_EXPLORE_EXPLORER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/explore/case_generator.h"
#include "conformance/explore/case_judge.h"
#include "sim/rules.h"

namespace wsdup::conformance::explore {

struct ExploreOptions {
  GeneratorOptions generator;
  uint64_t seed = 1;
  uint64_t cases = 1000;        // case indices 0 .. cases-1 (this shard's share of them)
  double budget_seconds = 0;    // > 0: also stop when the budget is spent
  uint32_t shard = 0;
  uint32_t shards = 1;
};

struct Finding {
  Problem problem;                     // on the shrunk steps
  uint64_t case_index = 0;
  uint64_t case_seed = 0;
  size_t generated_steps = 0;
  std::vector<nlohmann::json> steps;   // shrunk
  size_t shrink_tries = 0;
  uint64_t also_seen = 0;              // later cases with the same signature
  nlohmann::json Row() const;          // the fixture row (docs/scenario-format.md)
  std::string RowName() const;         // "explore-<kind>-<case seed>"
};

struct Coverage {
  std::map<std::string, uint64_t> ops;  // generated steps per op
  sim::RuleSet rules;                   // reached on the model
  uint32_t open_points = 0;             // reached on the model (sim::Bit)
};

struct ExploreTally {
  uint64_t cases = 0;
  uint64_t steps = 0;
  uint64_t known = 0;             // deviations the stack's record explains (not findings)
  uint64_t cut_by_reuse = 0;      // cases judged only up to a possibly reused descriptor value
  uint64_t cut_after_known = 0;  // cases judged only up to a known deviation that changes the stack's state
  std::vector<Finding> findings;  // one per signature, in order of discovery
  Coverage coverage;
  // While a finding is being shrunk (for the progress line): candidates judged, smallest so far.
  bool shrinking = false;
  size_t shrink_tries = 0;
  size_t shrink_steps = 0;
};

// Called about once a second with the tally so far and the seconds spent.
using ExploreProgress = std::function<void(const ExploreTally&, double seconds)>;

// Explores on the model alone when `stack_judges` is empty; otherwise each case runs on a stack too
// and a judge compares it with the model. Several judges (each over its own instance of the stack)
// take cases side by side, a window of one case each, and what they found is taken in case order,
// so the tally is the one a single judge gives; findings are shrunk with the first judge.
ExploreTally Explore(const ExploreOptions& options, const std::vector<CaseJudge*>& stack_judges,
                     const ExploreProgress& progress);
// One judge, or none (nullptr: the model alone).
ExploreTally Explore(const ExploreOptions& options, CaseJudge* stack_judge, const ExploreProgress& progress);

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_EXPLORER_H_
