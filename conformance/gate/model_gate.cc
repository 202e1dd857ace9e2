#include "conformance/gate/model_gate.h"

namespace wsdup::conformance {

TracedScenario TracedFromOracle(const std::string& family, const Scenario& scenario, const OracleRun& oracle) {
  // The execution the oracle's run was judged from: a full run's reason is a failed expectation's,
  // which is not the recording's business.
  const RunStatus status = oracle.result.status;
  const std::string reason = status == RunStatus::kRan ? std::string() : oracle.result.reason;
  return Traced(family, scenario, Execution{status, reason, oracle.result.steps, oracle.problems});
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
