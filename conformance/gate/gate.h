// The gate's judgement (docs/gate.md): every step of a stack's trace against the model (the oracle)
// and the documents (`expect`), with the stack's deviation record. `wsdup gate` records a live trace
// and judges it; `wsdup check` judges a trace recorded elsewhere. Same code, same verdicts.
#ifndef WSDUP_CONFORMANCE_GATE_GATE_H_
#define WSDUP_CONFORMANCE_GATE_GATE_H_

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/format/deviation_record.h"
#include "conformance/gate/oracle_branches.h"
#include "conformance/gate/step_comparison.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"

namespace wsdup::conformance {

enum class RowStatus {
  kPass,            // every step equals the model and holds its expect
  kKnownDeviation,  // deviates exactly as the record says
  kUnsupported,     // the stack cannot perform an op of the row (fault injection, QOS, ...)
  kDeviation,       // a deviation the record does not know: fails the gate
  kStaleRecord,     // a recorded deviation no longer happens: fails the gate
  kError,           // no usable answer (crash, hang, protocol error), or no oracle: fails the gate
  kModelFail,       // the model breaks its own table (expect or invariant): fails the gate
};
const char* RowStatusName(RowStatus status);  // "pass", "known_deviation", ...
bool FailsGate(RowStatus status);

struct StepDeviation {
  KnownDeviation what;    // row, step, rules, expected, model, observed
  std::string op;         // "A duplicate"
  DeviationKind kind = DeviationKind::kDocuments;
  bool known = false;     // matched by the record (its note is in what.note)
};

struct RowReport {
  RowId row;
  std::vector<std::string> rules;
  std::string backend;  // "model" or the stack's name
  RowStatus status = RowStatus::kPass;
  std::string reason;   // unsupported / error / model failure explanation
  std::vector<StepDeviation> deviations;
  std::vector<KnownDeviation> stale;  // record entries of this row that did not happen
  // The stack's behaviour at every open point the row reached (docs/clarifications.md): a finding,
  // not a deviation. Steps after a non-default choice were judged in that branch.
  std::vector<OpenPointChoice> choices;
};

// A stack's open-point behaviour that its record does not list, or a recorded one that no row
// showed although the open point was reached: fails the gate like a new or stale deviation.
struct ChoiceMismatch {
  std::string stack;
  std::string rule;
  std::string behaviour;
  bool recorded = false;  // true: in the record but not seen; false: seen but not recorded
  std::vector<std::string> rows;  // family/scenario where it was seen (empty when recorded)
};

struct GateReport {
  std::string stack;
  std::string record_path;
  std::vector<RowReport> rows;  // model rows and stack rows, in table order
  // Record entries for a scenario that is not in its family's table any more.
  std::vector<KnownDeviation> orphaned_records;
  // `wsdup check`: rows of the tables that the trace does not hold. A trace that skipped rows (or
  // holds none) cannot vouch for them, so each fails the check.
  std::vector<RowId> missing_rows;
  // stack -> rule -> behaviour -> rows (family/scenario) that showed it, over the rows that ran.
  // Keyed by stack because `wsdup check` combines several stacks' traces into one report.
  std::map<std::string, std::map<std::string, std::map<std::string, std::vector<std::string>>>> choices;
  std::vector<ChoiceMismatch> choice_mismatches;
  bool Passed() const;
};

// The model's own row: pass, or model_fail when the model breaks the row (`oracle` is the model's
// run of it).
RowReport ModelRow(const std::string& family, const Scenario& scenario, const ScenarioResult& oracle);

// The rows of `tables` that `trace` does not hold.
std::vector<RowId> MissingRows(const Trace& trace, const std::vector<Table>& tables);

// Judges `trace` against the model. With `model_rows`, the model's own rows are reported too.
GateReport Check(const Trace& trace, const DeviationRecord& record, bool model_rows);

// The same, against oracle runs already made: oracles[i] is the model's default-branch run of
// trace.scenarios[i] (RunOracle with no choices), and must outlive the call.
GateReport CheckAgainst(const Trace& trace, const std::vector<OracleRun>& oracles, const DeviationRecord& record,
                        bool model_rows);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_GATE_H_
