#include "conformance/gate/gate.h"

#include <set>

#include "conformance/run/model_backend.h"
#include "conformance/run/runner.h"
#include "conformance/gate/step_comparison.h"

namespace wsdup::conformance {
namespace {

// The stack's row: its steps judged one by one against the model's, following the stack into
// another branch of an open point when that explains a difference (conformance/gate/oracle_branches.h).
RowReport JudgeStackRow(const TracedScenario& traced, const OracleRun& default_run,
                        const DeviationRecord& record, const std::string& stack) {
  const ScenarioResult& default_oracle = default_run.result;
  RowReport row{traced.Row(), traced.scenario.rules, stack};
  if (traced.status == RunStatus::kUnsupported) {
    row.status = RowStatus::kUnsupported;
    row.reason = traced.reason;
    return row;
  }
  if (traced.status == RunStatus::kError) {
    row.status = RowStatus::kError;
    row.reason = traced.reason;
    return row;
  }
  // A harness outcome recorded as if the stack had answered (a hand-edited or foreign trace) is no
  // observation of the stack: the row is an error, never a deviation.
  for (size_t i = 0; i < traced.observed.size(); ++i) {
    const Observation& observed = traced.observed[i];
    if (observed.harness_error || observed.unsupported) {
      row.status = RowStatus::kError;
      row.reason = "step " + std::to_string(i + 1) + " holds no answer of the stack: " +
                   (observed.harness_error ? *observed.harness_error : std::string("unsupported"));
      return row;
    }
  }
  if (!default_oracle.Passed()) {
    row.status = RowStatus::kError;
    row.reason = "no oracle: the model fails this row (" + default_oracle.reason + ")";
    return row;
  }
  OracleRun run = default_run;
  std::vector<size_t> switched_at(sim::kOpenPointCount, 0);
  std::set<const KnownDeviation*> matched;
  for (size_t i = 0; i < traced.observed.size(); ++i) {
    const Step& step = traced.scenario.steps[i];
    StepJudgement judgement = JudgeStep(step, run.result.steps[i].observed, traced.observed[i]);
    if (!judgement.matches_model) {
      if (std::optional<OracleRun> branch = ExplainingBranch(traced.scenario, run, traced.observed, i)) {
        for (size_t point = 0; point < sim::kOpenPointCount; ++point) {
          const auto open_point = static_cast<sim::OpenPoint>(point);
          if (branch->choices.Of(open_point) != run.choices.Of(open_point)) switched_at[point] = i + 1;
        }
        run = std::move(*branch);
        judgement = JudgeStep(step, run.result.steps[i].observed, traced.observed[i]);
      }
    }
    const nlohmann::json model = run.result.steps[i].observed.ToJson();
    if (!judgement.Deviates()) continue;
    StepDeviation deviation;
    deviation.what = KnownDeviation{traced.Row(), i + 1, traced.scenario.rules, ExpectedOf(step), model,
                                    traced.observed[i].ToJson(), ""};
    deviation.op = (step.proc.empty() ? "" : step.proc + " ") + step.op;
    deviation.kind = judgement.Kind();
    if (const KnownDeviation* known = record.Match(traced.Row(), i + 1, traced.observed[i])) {
      deviation.known = true;
      deviation.what.note = known->note;
      matched.insert(known);
    }
    row.deviations.push_back(std::move(deviation));
  }
  row.choices = ChoicesOf(run, switched_at);
  for (const KnownDeviation& entry : record.entries) {
    if (entry.row == traced.Row() && !matched.count(&entry)) {
      row.stale.push_back(entry);
    }
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
  RowReport row{RowId{family, scenario.name}, scenario.rules, "model"};
  if (!oracle.Passed()) {
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
  return orphaned_records.empty() && choice_mismatches.empty() && missing_rows.empty();
}

namespace {

// The stack's choices over its rows that ran, against the record's (both directions).
void CompareChoices(const DeviationRecord& record, GateReport* report) {
  std::map<std::string, std::map<std::string, std::vector<std::string>>> choices;  // rule -> behaviour -> rows
  for (const RowReport& row : report->rows) {
    if (row.backend == "model") continue;
    for (const OpenPointChoice& choice : row.choices) {
      choices[choice.Rule()][choice.Behaviour()].push_back(row.row.Label());
    }
  }
  for (const auto& [rule, behaviours] : choices) {
    const auto recorded = record.choices.find(rule);
    const std::optional<sim::OpenPoint> point = sim::OpenPointOfRule(rule);
    for (const auto& [behaviour, rows] : behaviours) {
      // The model's own choice needs no record: a stack that behaves as the model passes with none.
      const bool is_default = point && sim::InfoOf(*point).behaviours.front() == behaviour;
      if (is_default) continue;
      if (recorded == record.choices.end() || !recorded->second.count(behaviour)) {
        report->choice_mismatches.push_back(ChoiceMismatch{report->stack, rule, behaviour, false, rows});
      }
    }
    if (recorded == record.choices.end()) continue;
    for (const std::string& behaviour : recorded->second) {
      if (!behaviours.count(behaviour)) {
        report->choice_mismatches.push_back(ChoiceMismatch{report->stack, rule, behaviour, true, {}});
      }
    }
  }
  if (!choices.empty()) report->choices[report->stack] = std::move(choices);
}

}  // namespace

std::vector<RowId> MissingRows(const Trace& trace, const std::vector<Table>& tables) {
  std::set<RowId> traced;
  for (const TracedScenario& scenario : trace.scenarios) traced.insert(scenario.Row());
  std::vector<RowId> missing;
  for (const Table& table : tables) {
    for (const Scenario& scenario : table.scenarios) {
      RowId row{table.family, scenario.name};
      if (!traced.count(row)) missing.push_back(std::move(row));
    }
  }
  return missing;
}

GateReport Check(const Trace& trace, const DeviationRecord& record, bool model_rows) {
  std::vector<OracleRun> oracles;
  oracles.reserve(trace.scenarios.size());
  for (const TracedScenario& traced : trace.scenarios) oracles.push_back(RunOracle(traced.scenario, sim::Choices{}));
  return CheckAgainst(trace, oracles, record, model_rows);
}

GateReport CheckAgainst(const Trace& trace, const std::vector<OracleRun>& oracles, const DeviationRecord& record,
                        bool model_rows) {
  GateReport report;
  report.stack = trace.stack;
  report.record_path = record.path;
  std::set<std::string> families;
  std::set<RowId> rows;
  for (size_t i = 0; i < trace.scenarios.size(); ++i) {
    const TracedScenario& traced = trace.scenarios[i];
    families.insert(traced.family);
    rows.insert(traced.Row());
    // The model checked against itself needs no second set of rows.
    if (model_rows && trace.stack != "model") {
      report.rows.push_back(ModelRow(traced.family, traced.scenario, oracles[i].result));
    }
    report.rows.push_back(JudgeStackRow(traced, oracles[i], record, trace.stack));
  }
  CompareChoices(record, &report);
  // A record names its row's family: when that family was checked and has no such row, the row was
  // renamed or removed and the record can never match again.
  for (const KnownDeviation& entry : record.entries) {
    if (families.count(entry.row.family) && !rows.count(entry.row)) {
      report.orphaned_records.push_back(entry);
    }
  }
  return report;
}

}  // namespace wsdup::conformance
