#include "conformance/gate/model_gate.h"

namespace wsdup::conformance {

TracedScenario TracedFromOracle(const std::string& family, const Scenario& scenario, const OracleRun& oracle) {
  TracedScenario traced;
  traced.family = family;
  traced.scenario = scenario;
  switch (oracle.result.status) {
    case RunStatus::kUnsupported:
    case RunStatus::kError:
      traced.status = oracle.result.status;
      traced.reason = oracle.result.reason;
      break;
    case RunStatus::kRan:
      // A broken invariant is the model's end-of-scenario problem, which a recording reports as an
      // error; an expectation that failed is not the recording's business.
      if (!oracle.problems.empty()) {
        traced.status = RunStatus::kError;
        traced.reason = oracle.problems.front();
      }
      break;
  }
  for (const StepRecord& step : oracle.result.steps) traced.observed.push_back(step.observed);
  return traced;
}

GateReport GateModel(const std::vector<Table>& tables, const DeviationRecord& record, const Progress& progress) {
  size_t total = 0;
  for (const Table& table : tables) total += table.scenarios.size();
  Trace trace;
  trace.backend = "model";
  trace.stack = "model";
  std::vector<OracleRun> oracles;
  oracles.reserve(total);
  for (const Table& table : tables) {
    for (const Scenario& scenario : table.scenarios) {
      if (progress) progress(oracles.size(), total, table.family, scenario.name);
      oracles.push_back(RunOracle(scenario, sim::Choices{}));
      trace.scenarios.push_back(TracedFromOracle(table.family, scenario, oracles.back()));
    }
  }
  return CheckAgainst(trace, oracles, record, /*model_rows=*/true);
}

}  // namespace wsdup::conformance
