#include "conformance/gate/oracle_branches.h"

#include "conformance/run/model_backend.h"
#include "conformance/gate/step_comparison.h"

namespace wsdup::conformance {

OracleRun RunOracle(const Scenario& scenario, const sim::Choices& choices) {
  ModelBackend model(/*check_invariants=*/true, choices);
  OracleRun run;
  run.choices = choices;
  run.result = RunScenario(model, scenario);
  run.reached_per_step = model.ReachedOpenPointsPerStep();
  run.problems = model.EndScenario();  // the invariants the run broke
  return run;
}

namespace {

bool ExplainsPrefix(const Scenario& scenario, const OracleRun& run,
                    const std::vector<Observation>& observed, size_t step) {
  if (!run.problems.empty() || run.result.steps.size() <= step) return false;
  for (size_t i = 0; i <= step; ++i) {
    if (!JudgeStep(scenario.steps[i], run.result.steps[i].observed, observed[i]).matches_model) return false;
  }
  return true;
}

}  // namespace

std::optional<OracleRun> ExplainingBranch(const Scenario& scenario, const OracleRun& current,
                                          const std::vector<Observation>& observed, size_t step) {
  if (step >= current.reached_per_step.size()) return std::nullopt;
  const uint32_t reached = current.reached_per_step[step];
  for (const sim::OpenPointInfo& info : sim::AllOpenPoints()) {
    // Each point switches at most once per row: a stack's choice is one behaviour.
    if (!(reached & sim::Bit(info.point)) || current.choices.Of(info.point) != sim::behaviour::kDefault) {
      continue;
    }
    for (uint8_t behaviour = 1; behaviour < info.behaviours.size(); ++behaviour) {
      sim::Choices candidate = current.choices;
      candidate.Set(info.point, behaviour);
      OracleRun run = RunOracle(scenario, candidate);
      if (ExplainsPrefix(scenario, run, observed, step)) return run;
    }
  }
  return std::nullopt;
}

std::vector<OpenPointChoice> ChoicesOf(const OracleRun& run, const std::vector<size_t>& switched_at) {
  std::vector<OpenPointChoice> choices;
  const uint32_t reached = run.reached_per_step.empty() ? 0 : run.reached_per_step.back();
  for (const sim::OpenPointInfo& info : sim::AllOpenPoints()) {
    if (!(reached & sim::Bit(info.point))) continue;
    choices.push_back(OpenPointChoice{info.point, run.choices.Of(info.point),
                                      switched_at[static_cast<size_t>(info.point)]});
  }
  return choices;
}

}  // namespace wsdup::conformance
