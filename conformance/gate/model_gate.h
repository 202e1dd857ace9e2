// `wsdup gate --backend=model`: the model gated against itself. The model is its own oracle, so one
// run per row serves as both the trace and the oracle, instead of recording the model and then
// running it again to judge the recording.
#ifndef WSDUP_CONFORMANCE_GATE_MODEL_GATE_H_
#define WSDUP_CONFORMANCE_GATE_MODEL_GATE_H_

#include <string>
#include <vector>

#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/gate/oracle_branches.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"

namespace wsdup::conformance {

// What recording the model would have written for the row that `oracle` ran: the same status,
// reason and observations (conformance/run/trace.cc's Record, on a ModelBackend).
TracedScenario TracedFromOracle(const std::string& family, const Scenario& scenario, const OracleRun& oracle);

// Gates the model on `tables`: the report `Check` gives for a recording of the model, from one run.
GateReport GateModel(const std::vector<Table>& tables, const DeviationRecord& record, const Progress& progress);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_MODEL_GATE_H_
