#include "conformance/explore/case_judge.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "conformance/explore/model_case.h"
#include "conformance/format/scenario.h"
#include "conformance/gate/gate.h"
#include "conformance/run/model_backend.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"
#include "conformance/vocabulary/wsa_errors.h"
#include "sim/open_points.h"
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

// Whether the stack's answer may be decided by what a descriptor value names, given the model's:
// WSAENOTSOCK (the model never reuses a value), or an error the model gives before it looks at the
// descriptor (SOCK-10, DUP-12: not initialised, network down, a call in progress), which a stack
// that checks the descriptor first answers from whatever the value names in the caller (Wine gave
// WSAEOPNOTSUPP or WSAENOTSOCK for one row, by the value's luck: seed 7, with --jobs). Also
// WSA_INVALID_HANDLE, the model's answer to a handle call (SetHandleInformation, CreateIoCompletionPort,
// CancelIoEx) given a value that names none of the caller's descriptors: in a real process the
// value may name any handle, a completion port or an event object of its own (Wine's
// SetHandleInformation succeeded on another process's descriptor value that was the caller's port:
// seed 41).
bool DescriptorMayDecide(const std::string& model_error) {
  using vocabulary::WsaError;
  for (WsaError error : {WsaError::kNotSocket, WsaError::kNotInitialised, WsaError::kNetworkDown,
                         WsaError::kInProgress, WsaError::kInvalidHandle}) {
    if (model_error == vocabulary::WsaErrorName(error)) return true;
  }
  return false;
}

// A result without the descriptor name a window message carries: which name a row or a case gave
// the descriptor says nothing of the cause (Problem::Signature, KnownDeviation).
json WithoutDescriptorName(json result) {
  if (result.is_object()) result.erase("sock");
  return result;
}

// A generated case as the one-row scenario the gate judges.
Scenario CaseScenario(const std::vector<std::string>& rules, const std::vector<json>& steps) {
  return ParseScenarios(json::array({CaseRow("explore-case", rules, "generated", steps)}), "<explore>").front();
}

// Whether the hinted row gave any step up to `last` an expectation the judged row does not have.
bool HintedUpTo(const Scenario& judged, const Scenario& hinted, size_t last) {
  for (size_t i = 0; i <= last && i < judged.steps.size(); ++i) {
    if (judged.steps[i].expect != hinted.steps[i].expect) return true;
  }
  return false;
}

std::string OpOf(const Step& step) { return step.proc.empty() ? step.op : step.proc + " " + step.op; }

// The rules for a generated row: those of its steps on the model, in catalog order.
std::vector<std::string> CaseRules(const std::vector<json>& written) {
  sim::RuleSet all;
  ModelBackend model(/*check_invariants=*/false);
  model.BeginScenario(Scenario{});
  for (const Step& step : StepsOf(written)) model.Execute(step);
  for (const sim::RuleSet& rules : model.RulesPerStep()) all |= rules;
  return RuleNames(all);
}

// A WSAEnumNetworkEvents result: an outcome and the events, nothing about a wait or a message.
bool IsEventList(const json& result) {
  return result.is_object() && result.contains("events") && result["events"].is_array() &&
         !result.contains("signaled");
}

std::set<std::string> EventsOf(const json& result) {
  std::set<std::string> events;
  for (const json& event : result["events"]) {
    if (event.is_string()) events.insert(event.get<std::string>());
  }
  return events;
}

std::set<std::string> Minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> rest;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(rest, rest.end()));
  return rest;
}

json WithoutEvents(json result) {
  result.erase("events");
  return result;
}

// Explained::kEventByEvent.
bool EventByEvent(const std::vector<const conformance::KnownDeviation*>& sharing, const json& model,
                  const json& observed) {
  if (!IsEventList(model) || !IsEventList(observed) || WithoutEvents(model) != WithoutEvents(observed)) return false;
  std::set<std::string> known_extra, known_missing;
  for (const conformance::KnownDeviation* entry : sharing) {
    if (!IsEventList(entry->model) || !IsEventList(entry->observed)) continue;
    for (const std::string& event : Minus(EventsOf(entry->observed), EventsOf(entry->model))) known_extra.insert(event);
    for (const std::string& event : Minus(EventsOf(entry->model), EventsOf(entry->observed))) known_missing.insert(event);
  }
  const std::set<std::string> extra = Minus(EventsOf(observed), EventsOf(model));
  const std::set<std::string> missing = Minus(EventsOf(model), EventsOf(observed));
  return (!extra.empty() || !missing.empty()) && Minus(extra, known_extra).empty() &&
         Minus(missing, known_missing).empty();
}

// A window message: a wait that was signalled and names a descriptor and its events.
bool IsMessage(const json& result) {
  return result.is_object() && result.value("signaled", false) && result.contains("sock") && result.contains("events");
}

// Explained::kSkippedMessage.
bool SkippedMessage(const std::vector<const conformance::KnownDeviation*>& sharing, const json& model,
                    const json& observed) {
  if (!IsMessage(model) || !IsMessage(observed)) return false;
  return std::any_of(sharing.begin(), sharing.end(), [&](const conformance::KnownDeviation* entry) {
    return IsMessage(entry->model) && entry->model["events"] == model["events"] && entry->observed.is_object() &&
           entry->observed.value("signaled", true) == false;
  });
}

bool IsNotSocket(const json& result) {
  return result.is_object() && result.value("ok", true) == false &&
         result.value("error", json()) == vocabulary::WsaErrorName(vocabulary::WsaError::kNotSocket);
}

// Explained::kDeadDescriptor.
bool DeadDescriptor(const DeviationRecord& record, const std::vector<std::string>& maker_rules, const json& model,
                    const json& observed) {
  if (!IsNotSocket(observed) || IsNotSocket(model)) return false;
  for (const std::string& rule : maker_rules) {
    if (!sim::OpenPointOfRule(rule)) continue;
    for (const conformance::KnownDeviation& entry : record.entries) {
      const bool dead = IsNotSocket(entry.observed) && entry.model.is_object() && entry.model.value("ok", false);
      if (dead && std::find(entry.rules.begin(), entry.rules.end(), rule) != entry.rules.end()) return true;
    }
  }
  return false;
}

// The descriptor name step `index` passes: its "sock", or for a cancel without one, the "sock" of
// the step that issued its operation (OVL-4: CancelIoEx goes through that descriptor).
std::optional<std::string> DescriptorNameOf(const std::vector<json>& written, size_t index) {
  const json& step = written[index];
  if (step.contains("sock")) {
    if (!step["sock"].is_string()) return std::nullopt;  // a raw value
    return step["sock"].get<std::string>();
  }
  if (step.value("op", "") != "cancel" || !step.contains("async")) return std::nullopt;
  for (size_t i = index; i-- > 0;) {
    if (written[i].value("async", json()) == step["async"]) return DescriptorNameOf(written, i);
  }
  return std::nullopt;
}

// Whether the stack's answer made the descriptor its step binds: a success, or an AcceptEx that
// answered WSA_IO_PENDING (OVL-1), whose accept socket was made before the call and stays open
// while it pends (Wine pends where the model refuses: seed 123).
bool StackMadeIt(const Observation& made) {
  return made.ok || made.error == std::string(vocabulary::WsaErrorName(vocabulary::WsaError::kIoPending));
}

// The step before `index` that bound the descriptor name step `index` passes (its latest binding).
std::optional<size_t> MakerOf(const std::vector<json>& written, size_t index) {
  if (index >= written.size()) return std::nullopt;
  const std::optional<std::string> name = DescriptorNameOf(written, index);
  if (!name) return std::nullopt;
  for (size_t i = index; i-- > 0;) {
    if (written[i].value("as", "") == *name) return i;
  }
  return std::nullopt;
}

// The rules of the step that made the descriptor step `index` names, if the stack made it.
std::vector<std::string> MakerRules(const std::vector<json>& written, const std::vector<Observation>& stack,
                                    const std::vector<std::vector<std::string>>& step_rules, size_t index) {
  const std::optional<size_t> maker = MakerOf(written, index);
  if (maker && *maker < stack.size() && StackMadeIt(stack[*maker]) && *maker < step_rules.size()) {
    return step_rules[*maker];
  }
  return {};
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
  if (kind == ProblemKind::kDeviation) {
    std::string signature = "deviation";
    for (const std::string& rule : rules) signature += " " + rule;
    // Without the descriptor a window message names (a registration per descriptor showed up as
    // two findings, s1 and s2).
    return signature + " " + WithoutDescriptorName(model_result).dump() + " -> " +
           WithoutDescriptorName(observed_result).dump();
  }
  const size_t space = op.find(' ');
  return std::string(ProblemKindName(kind)) + " " + (space == std::string::npos ? op : op.substr(space + 1));
}

bool MayNameAReusedValue(const std::vector<json>& written, const std::vector<Observation>& stack, size_t index,
                         const std::string& model_error) {
  if (index >= written.size() || index > stack.size()) return false;
  if (!DescriptorMayDecide(model_error)) return false;
  // The stack made it: closed since, another process's, or an import the model refused.
  const std::optional<size_t> maker = MakerOf(written, index);
  return maker && StackMadeIt(stack[*maker]);
}

Explained KnownDeviation(const DeviationRecord& record, const std::vector<std::string>& step_rules,
                         const json& model_result, const json& observed_result,
                         const std::vector<std::string>& maker_rules) {
  const json model = WithoutDescriptorName(model_result);
  const json observed = WithoutDescriptorName(observed_result);
  std::vector<const conformance::KnownDeviation*> sharing;
  for (const conformance::KnownDeviation& entry : record.entries) {
    const bool shares_rule = std::any_of(entry.rules.begin(), entry.rules.end(), [&](const std::string& rule) {
      return std::find(step_rules.begin(), step_rules.end(), rule) != step_rules.end();
    });
    if (!shares_rule) continue;
    if (WithoutDescriptorName(entry.model) == model && WithoutDescriptorName(entry.observed) == observed) {
      return Explained::kSameShape;
    }
    sharing.push_back(&entry);
  }
  if (EventByEvent(sharing, model_result, observed_result)) return Explained::kEventByEvent;
  if (SkippedMessage(sharing, model_result, observed_result)) return Explained::kSkippedMessage;
  if (DeadDescriptor(record, maker_rules, model_result, observed_result)) return Explained::kDeadDescriptor;
  return Explained::kNo;
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
  const Scenario judged = CaseScenario(rules, WithModelExpectations(written));
  // Past an open point the judged row expects nothing, and a step expecting nothing gets the long
  // wait: a silent wait there cost 5 s, half of a Wine exploration's time. The stack runs the
  // hinted row instead, whose steps there carry the model's default branch (short waits where it
  // expects silence), and is judged on the row that expects nothing.
  const Scenario hinted = CaseScenario(rules, WithDefaultBranchWaitHints(written));
  std::optional<Problem> problem = JudgeExecution(written, judged, ExecuteScenario(stack_, hinted));
  // A stack in another branch may have been given a short wait where something was still on its
  // way: a deviation at or after a hinted step counts only if the judged row's own waits show it.
  if (problem && problem->kind == ProblemKind::kDeviation && HintedUpTo(judged, hinted, problem->step)) {
    ++confirmations_;
    problem = JudgeExecution(written, judged, ExecuteScenario(stack_, judged));
  }
  return problem;
}

std::optional<Problem> StackJudge::JudgeExecution(const std::vector<json>& written, const Scenario& scenario,
                                                  const Execution& execution) {
  for (const StepRecord& record : execution.steps) {
    OpTime& time = time_by_op_[record.step->op];
    ++time.steps;
    time.us += record.elapsed_us;
  }
  Trace trace;
  trace.backend = backend_kind_;
  trace.stack = stack_name_;
  trace.scenarios.push_back(Traced(kExploreFamily, scenario, execution));
  DeviationRecord none;
  none.stack = stack_name_;
  const GateReport report = Check(trace, none, /*model_rows=*/false);
  const RowReport& row = report.rows.front();
  const std::vector<std::vector<std::string>> step_rules = ModelRulesPerStep(written);
  auto rules_at = [&step_rules](size_t step) {
    return step < step_rules.size() ? step_rules[step] : std::vector<std::string>{};
  };
  // What a record entry must share a rule with: the step's own rules, or, for a step that decides
  // nothing itself (a wait or a read, whose outcome earlier steps decided), the earlier steps' rules.
  auto rules_for_matching = [&](size_t step) {
    std::vector<std::string> rules = rules_at(step);
    if (!rules.empty()) return rules;
    for (size_t earlier = 0; earlier < step && earlier < step_rules.size(); ++earlier) {
      for (const std::string& rule : step_rules[earlier]) {
        if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
      }
    }
    return rules;
  };
  known_in_last_case_ = 0;
  cut_by_reuse_ = false;
  cut_after_known_ = false;
  if (row.status == RowStatus::kDeviation) {
    const std::vector<Observation>& stack = trace.scenarios.front().observed;
    for (const StepDeviation& deviation : row.deviations) {
      const size_t step = deviation.what.step - 1;
      const json& model_error = deviation.what.model.is_object() ? deviation.what.model.value("error", json()) : json();
      if (MayNameAReusedValue(written, stack, step, model_error.is_string() ? model_error.get<std::string>() : "")) {
        cut_by_reuse_ = true;
        return std::nullopt;
      }
      const Explained explained =
          known_ == nullptr ? Explained::kNo
                            : KnownDeviation(*known_, rules_for_matching(step), deviation.what.model,
                                             deviation.what.observed, MakerRules(written, stack, step_rules, step));
      if (explained == Explained::kSkippedMessage || explained == Explained::kDeadDescriptor) {
        ++known_in_last_case_;
        cut_after_known_ = true;
        return std::nullopt;
      }
      if (explained != Explained::kNo) {
        ++known_in_last_case_;
        continue;
      }
      Problem problem{ProblemKind::kDeviation, step, deviation.op, deviation.what.model.dump(),
                      deviation.what.observed.dump(), rules_at(step)};
      problem.model_result = deviation.what.model;
      problem.observed_result = deviation.what.observed;
      return problem;
    }
  }
  if (row.status == RowStatus::kError) {
    // The observations end with the failed step's harness error, or just before it.
    const std::vector<Observation>& ran = trace.scenarios.front().observed;
    const size_t step = !ran.empty() && ran.back().harness_error ? ran.size() - 1 : ran.size();
    const std::string op = step < scenario.steps.size() ? OpOf(scenario.steps[step]) : "end of case";
    return Problem{ProblemKind::kError, step, op, "an answer", row.reason, rules_at(step)};
  }
  return std::nullopt;
}

}  // namespace wsdup::conformance::explore
