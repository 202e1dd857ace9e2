#include "conformance/explore/case_judge.h"

#include "conformance/explore/model_case.h"
#include "conformance/format/scenario.h"
#include "conformance/gate/gate.h"
#include "conformance/run/model_backend.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"
#include "conformance/vocabulary/wsa_errors.h"
#include "sim/rules.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;

std::vector<std::string> RuleNames(const sim::RuleSet& rules) {
  std::vector<std::string> names;
  for (size_t i = 0; i < sim::kModelledRuleCount; ++i) {
    if (rules.Has(static_cast<uint8_t>(i))) names.emplace_back(sim::kModelledRules[i]);
  }
  return names;
}

std::vector<Step> StepsOf(const std::vector<json>& written) {
  std::vector<Step> steps;
  steps.reserve(written.size());
  for (const json& step : written) steps.push_back(StepFromWritten(step, steps.size()));
  return steps;
}

std::string OpOf(const Step& step) { return step.proc.empty() ? step.op : step.proc + " " + step.op; }

bool WouldBlock(const Observation& observed) {
  return observed.error && *observed.error == vocabulary::WsaErrorName(vocabulary::WsaError::kHarnessWouldBlock);
}

// The rules for a generated row: those of its steps on the model, in catalog order.
std::vector<std::string> CaseRules(const std::vector<json>& written) {
  sim::RuleSet all;
  ModelBackend model(/*check_invariants=*/false);
  model.BeginScenario(Scenario{});
  for (const Step& step : StepsOf(written)) model.Execute(step);
  for (const sim::RuleSet& rules : model.RulesPerStep()) all |= rules;
  return RuleNames(all);
}

}  // namespace

const char* ProblemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kInvariant: return "invariant";
    case ProblemKind::kNondeterminism: return "nondeterminism";
    case ProblemKind::kDeviation: return "deviation";
    case ProblemKind::kError: return "error";
  }
  return "?";
}

std::string Problem::Signature() const {
  const size_t space = op.find(' ');
  return std::string(ProblemKindName(kind)) + " " + (space == std::string::npos ? op : op.substr(space + 1));
}

std::vector<std::vector<std::string>> ModelRulesPerStep(const std::vector<json>& written) {
  ModelBackend model(/*check_invariants=*/false);
  model.BeginScenario(Scenario{});
  for (const Step& step : StepsOf(written)) model.Execute(step);
  std::vector<std::vector<std::string>> names;
  for (const sim::RuleSet& rules : model.RulesPerStep()) names.push_back(RuleNames(rules));
  return names;
}

std::optional<Problem> ModelJudge::Judge(const std::vector<json>& written) {
  const std::vector<Step> steps = StepsOf(written);
  ModelBackend model(/*check_invariants=*/true);
  model.BeginScenario(Scenario{});
  std::vector<Observation> first;
  for (const Step& step : steps) {
    first.push_back(model.Execute(step));
    // Asking after every step pins a violation to the step that caused it (cases are small).
    if (std::vector<std::string> broken = model.EndScenario(); !broken.empty()) {
      Problem problem{ProblemKind::kInvariant, step.index, OpOf(step), "every invariant of the model holds",
                      broken.front(), RuleNames(model.RulesPerStep().back())};
      return problem;
    }
    if (WouldBlock(first.back())) break;
  }
  const std::vector<Step> ran(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(first.size()));
  const std::vector<Observation> again = ReplayOnModel(ran);
  for (size_t i = 0; i < first.size(); ++i) {
    const std::string before = first[i].ToJson().dump();
    const std::string after = again[i].ToJson().dump();
    if (before != after) {
      return Problem{ProblemKind::kNondeterminism, i, OpOf(steps[i]), before, after,
                     RuleNames(model.RulesPerStep()[i])};
    }
  }
  return std::nullopt;
}

std::optional<Problem> StackJudge::Judge(const std::vector<json>& written) {
  std::vector<std::string> rules = CaseRules(written);
  if (rules.empty()) rules.push_back(std::string(sim::kModelledRules[0]));  // the row format wants one
  const std::vector<Scenario> parsed =
      ParseScenarios(json::array({CaseRow("explore-case", rules, "generated", written)}), "<explore>");
  const Scenario& scenario = parsed.front();
  Trace trace;
  trace.backend = backend_kind_;
  trace.stack = stack_name_;
  trace.scenarios.push_back(Traced(kExploreFamily, scenario, ExecuteScenario(stack_, scenario)));
  DeviationRecord none;
  none.stack = stack_name_;
  const GateReport report = Check(trace, none, /*model_rows=*/false);
  const RowReport& row = report.rows.front();
  const std::vector<std::vector<std::string>> step_rules = ModelRulesPerStep(written);
  auto rules_at = [&step_rules](size_t step) {
    return step < step_rules.size() ? step_rules[step] : std::vector<std::string>{};
  };
  if (row.status == RowStatus::kDeviation && !row.deviations.empty()) {
    const StepDeviation& first = row.deviations.front();
    const size_t step = first.what.step - 1;
    return Problem{ProblemKind::kDeviation, step, first.op, first.what.model.dump(), first.what.observed.dump(),
                   rules_at(step)};
  }
  if (row.status == RowStatus::kError) {
    const size_t step = trace.scenarios.front().observed.size();
    const std::string op = step < scenario.steps.size() ? OpOf(scenario.steps[step]) : "end of case";
    return Problem{ProblemKind::kError, step, op, "an answer", row.reason, rules_at(step)};
  }
  return std::nullopt;
}

}  // namespace wsdup::conformance::explore
