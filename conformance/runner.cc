#include "conformance/runner.h"

#include <chrono>

namespace wsdup::conformance {
namespace {

std::string Expected(const Step& step) {
  if (step.expect.size() == 1) return step.expect.front().dump();
  return "one of " + nlohmann::json(step.expect).dump();
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass: return "PASS";
    case Verdict::kFail: return "FAIL";
    case Verdict::kUnsupported: return "UNSUPPORTED";
    case Verdict::kError: return "ERROR";
  }
  return "FAIL";
}

bool ExpectationHolds(const Step& step, const nlohmann::json& observed) {
  if (step.expect.empty()) return true;
  for (const nlohmann::json& alternative : step.expect) {
    if (Holds(alternative, observed)) return true;
  }
  return false;
}

ScenarioResult RunScenario(Backend& backend, const Scenario& scenario) {
  ScenarioResult result;
  result.scenario = &scenario;
  // An op the backend cannot perform makes the whole scenario unsupported before anything runs,
  // so no half-run scenario is ever compared.
  for (const Step& step : scenario.steps) {
    if (!backend.Supports(step.op)) {
      result.verdict = Verdict::kUnsupported;
      result.reason = "op \"" + step.op + "\" is not supported by " + backend.Name();
      return result;
    }
  }
  backend.BeginScenario(scenario);
  for (const Step& step : scenario.steps) {
    const auto started = std::chrono::steady_clock::now();
    Observation observation = backend.Execute(step);
    const int64_t elapsed_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now() - started)
                                   .count();
    StepRecord record{&step, observation.ToJson(), true, elapsed_us};
    if (observation.harness_error) {
      result.steps.push_back(record);
      result.verdict = Verdict::kError;
      result.reason = DescribeStep(step) + ": " + *observation.harness_error;
      break;
    }
    if (observation.unsupported) {
      result.steps.push_back(record);
      result.verdict = Verdict::kUnsupported;
      result.reason = DescribeStep(step) + ": " + backend.Name() + " cannot perform it";
      break;
    }
    record.held = ExpectationHolds(step, record.observed);
    if (!record.held && result.verdict == Verdict::kPass) {
      result.verdict = Verdict::kFail;
      result.reason = DescribeStep(step) + ": expected " + Expected(step) + ", got " +
                      record.observed.dump();
    }
    result.steps.push_back(std::move(record));
  }
  for (const std::string& problem : backend.EndScenario()) {
    if (result.verdict == Verdict::kPass) {
      result.verdict = Verdict::kFail;
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
  line["result"] = record.observed;
  if (!record.held) line["expectation_held"] = false;
  return line;
}

}  // namespace wsdup::conformance
