// libFuzzer targets for every untrusted input wsdup reads: scenario files, traces, deviation
// records and the lines an agent prints; and op sequences on the model (target "model": every
// scenario the fuzzer makes valid runs on the model, whose invariants must hold and which must
// answer the same way twice). One binary; WSDUP_FUZZ_TARGET picks the input. Any crash, sanitizer
// report or uncaught exception is a finding; refusing bad input with InputError (or a problem
// string, for agent lines) is the correct outcome.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>

#include "conformance/agent/agent_lines.h"
#include "conformance/format/deviation_record.h"
#include "conformance/format/observation.h"
#include "conformance/format/safe_json.h"
#include "conformance/format/scenario.h"
#include "conformance/run/model_backend.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"
#include "conformance/vocabulary/agent_protocol.h"

namespace wsdup::conformance {
namespace {

void Scenarios(const std::string& text) {
  try {
    for (const Scenario& scenario : ParseScenarios(ParseJsonOrThrow(text, "fuzz.json"), "fuzz.json")) {
      (void)Dump(scenario.definition);
    }
  } catch (const InputError&) {
  }
}

void Traces(const std::string& text) {
  try {
    (void)TraceToText(ParseTrace(text, "fuzz-trace.json"));
  } catch (const InputError&) {
  }
}

void Records(const std::string& text) {
  try {
    const DeviationRecord record = DeviationRecordFromJson(ParseJsonOrThrow(text, "r.json"), "r.json", "stack-x");
    for (const KnownDeviation& entry : record.entries) (void)Dump(entry.ToJson());
  } catch (const InputError&) {
  }
}

// Each line as the hello, and as the answer to a step whose result becomes an observation.
void AgentLines(const std::string& text) {
  std::string problem;
  if (std::optional<Hello> hello = ParseHello(text, &problem)) (void)IsSafeStackName(hello->stack);
  bool agent_error = false;
  if (std::optional<nlohmann::json> answer = ParseAnswer(text, protocol::kResult, &problem, &agent_error)) {
    (void)AnswersStep(*answer, 1, protocol::kVersion, &problem);
    if (answer->contains("result")) {
      if (std::optional<Observation> observation = Observation::FromJson((*answer)["result"])) {
        (void)Dump(observation->ToJson());
      }
    }
  }
  (void)Printable(problem);
}

// A finding of the model target: the model broke itself. Printed, then abort() for libFuzzer.
[[noreturn]] void ModelFinding(const Scenario& scenario, const std::string& what) {
  std::fprintf(stderr, "model finding in scenario \"%s\": %s\n", Printable(scenario.name).c_str(),
               Printable(what, 2000).c_str());
  std::abort();
}

void ModelRuns(const std::string& text) {
  std::vector<Scenario> scenarios;
  try {
    scenarios = ParseScenarios(ParseJsonOrThrow(text, "fuzz.json"), "fuzz.json");
  } catch (const InputError&) {
    return;
  }
  for (const Scenario& scenario : scenarios) {
    ModelBackend checked(/*check_invariants=*/true);
    ModelBackend again(/*check_invariants=*/false);
    const Execution first = ExecuteScenario(checked, scenario);
    const Execution second = ExecuteScenario(again, scenario);
    if (!first.end_problems.empty()) ModelFinding(scenario, first.end_problems.front());
    if (first.steps.size() != second.steps.size()) ModelFinding(scenario, "a different number of steps ran twice");
    for (size_t i = 0; i < first.steps.size(); ++i) {
      if (first.steps[i].observed != second.steps[i].observed) {
        ModelFinding(scenario, DescribeStep(*first.steps[i].step) + " answered " +
                                   Dump(first.steps[i].observed.ToJson()) + ", then " +
                                   Dump(second.steps[i].observed.ToJson()));
      }
    }
  }
}

}  // namespace
}  // namespace wsdup::conformance

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string target = std::getenv("WSDUP_FUZZ_TARGET") ? std::getenv("WSDUP_FUZZ_TARGET") : "";
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (target == "scenario") wsdup::conformance::Scenarios(text);
  if (target == "trace") wsdup::conformance::Traces(text);
  if (target == "record") wsdup::conformance::Records(text);
  if (target == "agent") wsdup::conformance::AgentLines(text);
  if (target == "model") wsdup::conformance::ModelRuns(text);
  return 0;
}
