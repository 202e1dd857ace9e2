// Runs validated scenarios on one backend and checks every `expect`.
#ifndef WSDUP_CONFORMANCE_RUN_RUNNER_H_
#define WSDUP_CONFORMANCE_RUN_RUNNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/run/backend.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance {

// How a scenario's run ended, whatever its results: every step ran, an op the backend cannot
// perform stopped it, or the harness got no usable answer (crash, hang, protocol error; never a
// Winsock outcome). Traces record it per scenario; the gate's verdict on a row is RowStatus.
enum class RunStatus { kRan, kUnsupported, kError };
const char* RunStatusName(RunStatus status);  // "ran", "unsupported", "error"
std::optional<RunStatus> RunStatusFromName(std::string_view name);

struct StepRecord {
  const Step* step = nullptr;
  Observation observed;
  bool held = true;         // every expectation of the step held (true when none)
  int64_t elapsed_us = 0;   // wall time of the backend's Execute (for --timing; never compared)
};

// A run judged against the row's own expectations (`wsdup run`, and the model as the gate's oracle).
struct ScenarioResult {
  const Scenario* scenario = nullptr;
  RunStatus status = RunStatus::kRan;
  bool held = true;               // with kRan: every expectation held and the backend saw no problem
  std::string reason;             // first failing step, unsupported op, or backend problem
  std::vector<StepRecord> steps;  // the steps that ran, in order

  bool Passed() const { return status == RunStatus::kRan && held; }
};
// "PASS", "FAIL", "UNSUPPORTED" or "ERROR", as `wsdup run` prints a result.
const char* VerdictName(const ScenarioResult& result);

// What a backend did on a scenario, judged against nothing: the raw material of runs and traces.

struct Execution {
  RunStatus status = RunStatus::kRan;
  std::string reason;                     // why it did not run to the end
  std::vector<StepRecord> steps;          // the steps that ran (`held` left true)
  std::vector<std::string> end_problems;  // Backend::EndScenario()
};
Execution ExecuteScenario(Backend& backend, const Scenario& scenario);

// A step's expectation holds when any one of its alternatives holds.
bool ExpectationHolds(const Step& step, const Observation& observed);

ScenarioResult RunScenario(Backend& backend, const Scenario& scenario);

// One JSON object per step for --trace: scenario, file, step (1-based), proc, op, result.
nlohmann::json TraceLine(const ScenarioResult& result, const StepRecord& record);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_RUN_RUNNER_H_
