#include "conformance/run/runner.h"
#include "conformance/format/safe_json.h"

#include <chrono>

namespace wsdup::conformance {
namespace {

std::string Expected(const Step& step) {
  if (step.expect.size() == 1) return Dump(step.expect.front());
  return "one of " + Dump(nlohmann::json(step.expect));
}

}  // namespace

const char* VerdictName(const ScenarioResult& result) {
  switch (result.status) {
    case RunStatus::kRan: return result.held ? "PASS" : "FAIL";
    case RunStatus::kUnsupported: return "UNSUPPORTED";
    case RunStatus::kError: return "ERROR";
  }
  return "ERROR";
}

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kRan: return "ran";
    case RunStatus::kUnsupported: return "unsupported";
    case RunStatus::kError: return "error";
  }
  return "error";
}

std::optional<RunStatus> RunStatusFromName(std::string_view name) {
  for (RunStatus status : {RunStatus::kRan, RunStatus::kUnsupported, RunStatus::kError}) {
    if (name == RunStatusName(status)) return status;
  }
  return std::nullopt;
}

bool ExpectationHolds(const Step& step, const Observation& observed) {
  if (step.expect.empty()) return true;
  for (const nlohmann::json& alternative : step.expect) {
    if (Holds(alternative, observed)) return true;
  }
  return false;
}

Execution ExecuteScenario(Backend& backend, const Scenario& scenario) {
  Execution execution;
  // An op the backend cannot perform makes the whole scenario unsupported before anything runs,
  // so no half-run scenario is ever compared.
  for (const Step& step : scenario.steps) {
    if (!backend.Supports(step.op)) {
      execution.status = RunStatus::kUnsupported;
      execution.reason = "op \"" + step.op + "\" is not supported by " + backend.Name();
      return execution;
    }
  }
  if (scenario.chain && !backend.SupportsChains()) {
    execution.status = RunStatus::kUnsupported;
    execution.reason = "the scenario runs through a chain of layered providers, which " + backend.Name() +
                       " cannot install (docs/spi.md)";
    return execution;
  }
  backend.BeginScenario(scenario);
  for (const Step& step : scenario.steps) {
    const auto started = std::chrono::steady_clock::now();
    Observation observation = backend.Execute(step);
    const int64_t elapsed_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now() - started)
                                   .count();
    execution.steps.push_back(StepRecord{&step, observation, true, elapsed_us});
    if (observation.harness_error) {
      execution.status = RunStatus::kError;
      execution.reason = DescribeStep(step) + ": " + *observation.harness_error;
      break;
    }
    if (observation.unsupported) {
      execution.status = RunStatus::kUnsupported;
      execution.reason = DescribeStep(step) + ": " + backend.Name() + " cannot perform it";
      break;
    }
  }
  execution.end_problems = backend.EndScenario();
  return execution;
}

ScenarioResult RunScenario(Backend& backend, const Scenario& scenario) {
  Execution execution = ExecuteScenario(backend, scenario);
  ScenarioResult result;
  result.scenario = &scenario;
  result.steps = std::move(execution.steps);
  result.reason = execution.reason;
  result.status = execution.status;
  if (execution.status != RunStatus::kRan) return result;
  for (StepRecord& record : result.steps) {
    record.held = ExpectationHolds(*record.step, record.observed);
    if (!record.held && result.held) {
      result.held = false;
      result.reason = DescribeStep(*record.step) + ": expected " + Expected(*record.step) +
                      ", got " + Dump(record.observed.ToJson());
    }
  }
  for (const std::string& problem : execution.end_problems) {
    if (result.held) {
      result.held = false;
      result.reason = problem;
    }
  }
  return result;
}

nlohmann::json TraceLine(const ScenarioResult& result, const StepRecord& record) {
  nlohmann::json line = nlohmann::json::object();
  line["file"] = result.scenario->file;
  line["scenario"] = result.scenario->name;
  line["step"] = record.step->index + 1;
  line["proc"] = record.step->proc.empty() ? nlohmann::json(nullptr) : nlohmann::json(record.step->proc);
  line["op"] = record.step->op;
  line["result"] = record.observed.ToJson();
  if (!record.held) line["expectation_held"] = false;
  return line;
}

}  // namespace wsdup::conformance
