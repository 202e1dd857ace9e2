#include "conformance/agent/agent_backend.h"

#include "conformance/vocabulary/agent_protocol.h"
#include "conformance/agent/step_wire.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance {

using nlohmann::json;

namespace {

bool NothingHappens(const json& expect) {
  if (expect.contains("signaled") && expect["signaled"] == false) return true;
  if (expect.contains("state") && expect["state"] == "open") return true;
  if (expect.contains("error") &&
      (expect["error"] == "WSAEWOULDBLOCK" || expect["error"] == "HARNESS_WOULD_BLOCK")) {
    return true;
  }
  return false;
}

// A string member of an object; nullopt when `object` is no object, or the member is absent or no
// string. Everything an agent sends is read this way: it is untrusted.
std::optional<std::string> StringField(const json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

bool IsSafeStackName(const std::string& name) {
  if (name.empty() || name.size() > 100) return false;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || c == '/' || c == '\\') return false;
  }
  return Printable(name, name.size()) == name;  // valid UTF-8 throughout
}

}  // namespace

int WaitBoundFor(const Step& step, const AgentOptions& options) {
  if (step.expect.empty()) return options.positive_wait_ms;
  for (const json& alternative : step.expect) {
    if (!NothingHappens(alternative)) return options.positive_wait_ms;
  }
  return options.negative_wait_ms;
}

AgentBackend::AgentBackend(AgentOptions options) : options_(std::move(options)) {}

AgentBackend::~AgentBackend() {
  if (process_ && process_->Running()) {
    process_->WriteLine(Dump(json{{"type", protocol::kBye}}));
    process_->Stop(2000);
  }
}

bool AgentBackend::Start() {
  process_ = std::make_unique<AgentProcess>(options_.command, options_.env);
  if (!process_->Running()) {
    problem_ = "cannot start the agent: " + options_.command;
    return false;
  }
  std::optional<std::string> line = process_->ReadLine(options_.hello_timeout_ms);
  if (!line) {
    problem_ = "the agent sent no hello: " + process_->LastFailure();
    process_->Stop(0);
    return false;
  }
  std::string why;
  const json hello = TryParseJson(*line, &why).value_or(json());
  if (StringField(hello, "type") != std::string(protocol::kHello) || !hello.contains("ops") ||
      !hello["ops"].is_array()) {
    problem_ = "the agent's first line is not a hello: " + Printable(*line);
    process_->Stop(0);
    return false;
  }
  const auto version = hello.find("protocol");
  if (version == hello.end() || !version->is_number_integer() || *version != protocol::kVersion) {
    problem_ = "the agent speaks protocol " + (version == hello.end() ? std::string("(none)") : Dump(*version)) +
               "; this harness speaks " + std::to_string(protocol::kVersion);
    process_->Stop(0);
    return false;
  }
  // The stack's name becomes a file name (its record) and report text: refuse what could forge either.
  const std::optional<std::string> stack = StringField(hello, "stack");
  if (!stack || !IsSafeStackName(*stack)) {
    problem_ = "the agent's hello names its stack " + (stack ? "\"" + Printable(*stack) + "\"" : std::string("with no string")) +
               ": a stack name is 1 to 100 printable characters without '/' or '\\'";
    process_->Stop(0);
    return false;
  }
  stack_ = *stack;
  ops_.clear();
  for (const json& op : hello["ops"]) {
    if (op.is_string()) ops_.insert(op.get<std::string>());
  }
  problem_.clear();
  return true;
}

bool AgentBackend::Supports(std::string_view op) const { return ops_.find(op) != ops_.end(); }

std::optional<json> AgentBackend::Exchange(const json& request, const char* expected) {
  if (!process_ || !process_->Running()) {
    problem_ = "the agent is not running";
    return std::nullopt;
  }
  if (!process_->WriteLine(Dump(request))) {
    problem_ = "the agent stopped reading its input";
    process_->Stop(0);
    return std::nullopt;
  }
  std::optional<std::string> line = process_->ReadLine(options_.step_timeout_ms);
  if (!line) {
    problem_ = "the agent failed: " + process_->LastFailure();
    process_->Stop(0);
    return std::nullopt;
  }
  std::string why;
  json answer = TryParseJson(*line, &why).value_or(json());
  const std::optional<std::string> type = StringField(answer, "type");
  if (type == std::string(protocol::kError)) {
    problem_ = "the agent reported an error: " + Printable(StringField(answer, "message").value_or("(none)"));
    return std::nullopt;
  }
  if (type != std::string(expected)) {
    problem_ = "the agent answered with something other than \"" + std::string(expected) +
               "\": " + Printable(*line);
    process_->Stop(0);
    return std::nullopt;
  }
  return answer;
}

void AgentBackend::BeginScenario(const Scenario& scenario) {
  scenario_broken_ = false;
  // A crashed or hung agent was stopped; the next scenario gets a fresh one.
  if ((!process_ || !process_->Running()) && !Start()) {
    scenario_broken_ = true;
    return;
  }
  if (!Exchange(json{{"type", protocol::kReset}, {"scenario", scenario.name}}, protocol::kReady)) {
    scenario_broken_ = true;
  }
}

Observation AgentBackend::Execute(const Step& step) {
  if (scenario_broken_) return Observation::HarnessError(problem_);
  std::optional<json> answer = Exchange(
      json{{"type", protocol::kStep},
           {"index", step.index},
           {"wait_ms", WaitBoundFor(step, options_)},
           {"step", StepToWire(step)}},
      protocol::kResult);
  if (!answer) {
    scenario_broken_ = true;
    return Observation::HarnessError(problem_);
  }
  std::optional<Observation> observation =
      answer->contains("result") ? Observation::FromJson((*answer)["result"]) : std::nullopt;
  if (!observation) {
    scenario_broken_ = true;
    return Observation::HarnessError("the agent's result is malformed: " + Printable(Dump(*answer)));
  }
  return *observation;
}

std::vector<std::string> AgentBackend::EndScenario() {
  if (scenario_broken_) return {};
  std::optional<json> answer = Exchange(json{{"type", protocol::kEnd}}, protocol::kEnded);
  if (!answer) return {problem_};
  std::vector<std::string> problems;
  const auto listed = answer->find("problems");
  if (listed == answer->end() || !listed->is_array()) return {"the agent's \"ended\" lists no problems array"};
  for (const json& problem : *listed) problems.push_back(Printable(problem.is_string() ? problem.get<std::string>() : Dump(problem)));
  return problems;
}

}  // namespace wsdup::conformance
