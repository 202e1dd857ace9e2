#include "conformance/agent/agent_backend.h"

#include <string_view>

#include "conformance/vocabulary/agent_protocol.h"
#include "conformance/agent/agent_lines.h"
#include "conformance/agent/step_wire.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance {

using nlohmann::json;

namespace {

// Whether the expectation is silence: an event not signalled, a peer with nothing to read, a call
// that blocks, or a call that fails (nothing is in flight for it to wait for). Only then is the
// short bound right. The Windows agent lets whatever is in flight land before a recv or accept
// (select for the step's wait, conformance/agent/winsock/bounded_call.h), so with the long bound
// every recv or accept expected to fail cost the whole 5 s: the tables' 20 such steps made a
// Wine gate take 45 s, 18 s with the short bound. The failing call itself is bounded apart (1 s), so a slow answer under load is
// still an answer; with the short bound tied to the call (50 ms, before) it was not.
bool NothingHappens(const json& expect) {
  if (expect.contains("signaled") && expect["signaled"] == false) return true;
  if (expect.contains("ok") && expect["ok"] == false) return true;
  if (expect.contains("state") && expect["state"] == "open") return true;
  if (expect.contains("error") && expect["error"] == "HARNESS_WOULD_BLOCK") return true;
  return false;
}

// peer_recv reads until nothing more comes: "" is silence, and an end of stream, which also gives
// "", ends its wait at once. (recv's "" is an end of stream that must arrive: not silence.)
// peer_recvfrom's "" is no datagram: silence as well. With the long bound each such step of a
// Wine exploration waited it out (seed 41: 84 steps, two thirds of the stack's time).
bool PeerReadsNothing(const Step& step, const json& expect) {
  return (step.op == "peer_recv" || step.op == "peer_recvfrom") && expect.contains("value") && expect["value"] == "";
}

}  // namespace

size_t ExpectedPeerBytes(const Step& step) {
  if (step.op != "peer_recv") return 0;
  std::optional<size_t> fewest;
  for (const json& alternative : step.expect) {
    const auto value = alternative.find("value");
    if (value == alternative.end() || !value->is_string()) return 0;  // an alternative that says nothing
    const size_t bytes = value->get_ref<const std::string&>().size();
    if (!fewest || bytes < *fewest) fewest = bytes;
  }
  return fewest.value_or(0);
}

int WaitBoundFor(const Step& step, const AgentOptions& options) {
  if (step.expect.empty()) return options.positive_wait_ms;
  for (const json& alternative : step.expect) {
    if (!NothingHappens(alternative) && !PeerReadsNothing(step, alternative)) return options.positive_wait_ms;
  }
  return options.negative_wait_ms;
}

bool OnlyLooks(const Step& step) {
  static constexpr std::string_view kLookingOps[] = {"wait_event", "wait_message", "enum_events",
                                                     "getsockopt", "getsockname", "getpeername", "peer_state"};
  for (std::string_view op : kLookingOps) {
    if (step.op == op) return true;
  }
  return false;
}

int SettledWaitMs(int bound_ms, int64_t ms_since_last_cause) {
  if (ms_since_last_cause >= bound_ms) return 0;
  return bound_ms - static_cast<int>(ms_since_last_cause < 0 ? 0 : ms_since_last_cause);
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
  std::optional<Hello> hello = ParseHello(*line, &problem_);
  if (!hello) {
    process_->Stop(0);
    return false;
  }
  protocol_ = hello->protocol;
  stack_ = hello->stack;
  ops_ = std::move(hello->ops);
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
  bool agent_error = false;
  std::optional<json> answer = ParseAnswer(*line, expected, &problem_, &agent_error);
  // The agent's own error leaves it running for the next scenario; anything else is a broken agent.
  if (!answer && !agent_error) process_->Stop(0);
  return answer;
}

void AgentBackend::BeginScenario(const Scenario& scenario) {
  scenario_broken_ = false;
  last_cause_ = std::chrono::steady_clock::now();
  // A crashed or hung agent was stopped; the next scenario gets a fresh one. One bounded attempt:
  // an agent that will not say hello again would otherwise cost the hello bound per scenario.
  if (!process_ || !process_->Running()) {
    if (restart_failed_ || !Start()) {
      if (!restart_failed_) problem_ = "the agent could not be restarted after it failed: " + problem_;
      restart_failed_ = true;
      scenario_broken_ = true;
      return;
    }
  }
  if (!Exchange(json{{"type", protocol::kReset}, {"scenario", scenario.name}}, protocol::kReady)) {
    scenario_broken_ = true;
  }
}

Observation AgentBackend::Execute(const Step& step) {
  if (scenario_broken_) return Observation::HarnessError(problem_);
  int wait_ms = WaitBoundFor(step, options_);
  if (wait_ms == options_.negative_wait_ms && wait_ms < options_.positive_wait_ms) {
    const auto since = std::chrono::steady_clock::now() - last_cause_;
    wait_ms = SettledWaitMs(wait_ms, std::chrono::duration_cast<std::chrono::milliseconds>(since).count());
  }
  json request{{"type", protocol::kStep}, {"index", step.index}, {"wait_ms", wait_ms}, {"step", StepToWire(step)}};
  if (const size_t expect_bytes = ExpectedPeerBytes(step); expect_bytes > 0) request["expect_bytes"] = expect_bytes;
  std::optional<json> answer = Exchange(request, protocol::kResult);
  if (!OnlyLooks(step)) last_cause_ = std::chrono::steady_clock::now();
  if (!answer || !AnswersStep(*answer, step.index, protocol_, &problem_)) {
    scenario_broken_ = true;
    // A stray answer means the conversation is out of step: this agent is not trusted further.
    if (answer) process_->Stop(0);
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
