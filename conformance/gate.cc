#include "conformance/gate.h"

#include <set>

#include "conformance/model_backend.h"
#include "conformance/runner.h"
#include "conformance/step_comparison.h"

namespace wsdup::conformance {
namespace {

// The stack's row: its steps judged one by one against the model's.
RowReport JudgeStackRow(const TracedScenario& traced, const ScenarioResult& oracle,
                        const DeviationRecord& record, const std::string& stack) {
  RowReport row{traced.family, traced.scenario.name, traced.scenario.rules, stack};
  if (traced.status == "unsupported") {
    row.status = RowStatus::kUnsupported;
    row.reason = traced.reason;
    return row;
  }
  if (traced.status == "error") {
    row.status = RowStatus::kError;
    row.reason = traced.reason;
    return row;
  }
  if (oracle.verdict != Verdict::kPass) {
    row.status = RowStatus::kError;
    row.reason = "no oracle: the model fails this row (" + oracle.reason + ")";
    return row;
  }
  std::set<const KnownDeviation*> matched;
  for (size_t i = 0; i < traced.observed.size(); ++i) {
    const Step& step = traced.scenario.steps[i];
    const nlohmann::json& model = oracle.steps[i].observed;
    const StepJudgement judgement = JudgeStep(step, model, traced.observed[i]);
    if (!judgement.Deviates()) continue;
    StepDeviation deviation;
    deviation.what = KnownDeviation{traced.family, traced.scenario.name, i + 1, traced.scenario.rules,
                                    ExpectedOf(step), model, traced.observed[i], ""};
    deviation.op = (step.proc.empty() ? "" : step.proc + " ") + step.op;
    deviation.kind = judgement.Kind();
    if (const KnownDeviation* known = record.Match(traced.scenario.name, i + 1, traced.observed[i])) {
      deviation.known = true;
      deviation.what.note = known->note;
      matched.insert(known);
    }
    row.deviations.push_back(std::move(deviation));
  }
  for (const KnownDeviation& entry : record.entries) {
    if (entry.scenario == traced.scenario.name && !matched.count(&entry)) row.stale.push_back(entry);
  }
  bool any_new = false;
  for (const StepDeviation& deviation : row.deviations) any_new |= !deviation.known;
  if (any_new) {
    row.status = RowStatus::kDeviation;
  } else if (!row.stale.empty()) {
    row.status = RowStatus::kStaleRecord;
  } else if (!row.deviations.empty()) {
    row.status = RowStatus::kKnownDeviation;
  }
  return row;
}

}  // namespace

RowReport ModelRow(const std::string& family, const Scenario& scenario, const ScenarioResult& oracle) {
  RowReport row{family, scenario.name, scenario.rules, "model"};
  if (oracle.verdict != Verdict::kPass) {
    row.status = RowStatus::kModelFail;
    row.reason = oracle.reason;
  }
  return row;
}

const char* RowStatusName(RowStatus status) {
  switch (status) {
    case RowStatus::kPass: return "pass";
    case RowStatus::kKnownDeviation: return "known_deviation";
    case RowStatus::kUnsupported: return "unsupported";
    case RowStatus::kDeviation: return "deviation";
    case RowStatus::kStaleRecord: return "stale_record";
    case RowStatus::kError: return "error";
    case RowStatus::kModelFail: return "model_fail";
  }
  return "error";
}

bool FailsGate(RowStatus status) {
  return status == RowStatus::kDeviation || status == RowStatus::kStaleRecord ||
         status == RowStatus::kError || status == RowStatus::kModelFail;
}

bool GateReport::Passed() const {
  for (const RowReport& row : rows) {
    if (FailsGate(row.status)) return false;
  }
  return orphaned_records.empty();
}

GateReport Check(const Trace& trace, const DeviationRecord& record, bool model_rows) {
  GateReport report;
  report.stack = trace.stack;
  report.record_path = record.path;
  ModelBackend model(/*check_invariants=*/true);
  std::set<std::string> families;
  std::set<std::pair<std::string, std::string>> scenarios;
  for (const TracedScenario& traced : trace.scenarios) {
    families.insert(traced.family);
    scenarios.insert({traced.family, traced.scenario.name});
    const ScenarioResult oracle = RunScenario(model, traced.scenario);
    // The model checked against itself needs no second set of rows.
    if (model_rows && trace.stack != "model") report.rows.push_back(ModelRow(traced.family, traced.scenario, oracle));
    report.rows.push_back(JudgeStackRow(traced, oracle, record, trace.stack));
  }
  // A record names its row's family: when that family was checked and has no such row, the row was
  // renamed or removed and the record can never match again.
  for (const KnownDeviation& entry : record.entries) {
    if (families.count(entry.family) && !scenarios.count({entry.family, entry.scenario})) {
      report.orphaned_records.push_back(entry);
    }
  }
  return report;
}

}  // namespace wsdup::conformance
