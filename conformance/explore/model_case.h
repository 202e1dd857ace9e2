// One generated case run on the model as it is generated: each step the generator makes is executed
// at once, so the case can end where a real stack would be left with a call still pending.
#ifndef WSDUP_CONFORMANCE_EXPLORE_MODEL_CASE_H_
#define WSDUP_CONFORMANCE_EXPLORE_MODEL_CASE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/explore/case_generator.h"
#include "conformance/format/observation.h"
#include "conformance/format/scenario.h"
#include "sim/open_points.h"
#include "sim/rules.h"

namespace wsdup::conformance::explore {

struct ModelCase {
  uint64_t case_seed = 0;
  std::vector<Step> steps;              // as generated (typed arguments; `args` empty)
  CaseArgs given;                      // the generator's arguments of each step, for Written()
  std::vector<Observation> observed;    // the model's result of each step
  std::vector<std::string> problems;    // broken invariants (ModelBackend::EndScenario)
  uint32_t open_points = 0;             // reached by the case (sim::Bit of each)
  sim::RuleSet rules;                   // reached by the case (sim/rules.h)

  // Each step as a scenario file holds it, made again from `steps` when a judge or the shrinker
  // needs it: most cases on the model never need it, and making it for each was most of their cost.
  std::vector<nlohmann::json> Written() const;
};

// Generates case `case_seed` and runs it on a fresh model. The case ends early after a step that
// would block (HARNESS_WOULD_BLOCK): on a real stack that call stays pending and would take what
// later steps send (docs/scenario-format.md, "Results and expectations").
ModelCase RunModelCase(const GeneratorOptions& options, uint64_t case_seed);

// Runs given steps again on a fresh model: the observations a deterministic model must repeat.
std::vector<Observation> ReplayOnModel(const std::vector<Step>& steps);

// The steps with the model's result of each as its `expect`, as a table row carries them: the
// row then runs as a regression test anywhere, and a stack's runner knows which steps the model
// expects to stay silent, so it waits the short negative bound there, not the long one. From the
// first step that reaches an open point on, steps get no `expect`: the documents allow other
// results there and after, and the gate judges those steps against the model in the branch the
// stack took (docs/clarifications.md).
std::vector<nlohmann::json> WithModelExpectations(const std::vector<nlohmann::json>& written);

// The steps with the model's result of every step as its `expect`, open points or not: past the
// first open point these are the model's default branch, where the stack may not be. Never judged
// (the gate would hold a stack in another branch to them): only for a stack's runner to choose its
// wait bounds from, as StackJudge does.
std::vector<nlohmann::json> WithDefaultBranchWaitHints(const std::vector<nlohmann::json>& written);

// The result of a call that would block (HARNESS_WOULD_BLOCK): on a real stack it stays pending,
// so a generated sequence ends there.
bool WouldBlock(const Observation& observed);

// A step from a generated scenario-format object (InputError when the object is not one).
Step StepFromWritten(const nlohmann::json& written, size_t index);

// The case as a fixture row (docs/scenario-format.md): name, rules, doc and the written steps.
nlohmann::json CaseRow(const std::string& name, const std::vector<std::string>& rules, const std::string& doc,
                       const std::vector<nlohmann::json>& written);

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_MODEL_CASE_H_
