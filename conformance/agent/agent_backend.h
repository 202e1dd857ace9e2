// A backend that drives any agent speaking the agent protocol (docs/agent-protocol.md): the
// bundled Windows agent under Wine or natively, the model agent, or another team's stack.
#ifndef WSDUP_CONFORMANCE_AGENT_AGENT_BACKEND_H_
#define WSDUP_CONFORMANCE_AGENT_AGENT_BACKEND_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "conformance/agent/agent_process.h"
#include "conformance/run/backend.h"

namespace wsdup::conformance {

struct AgentOptions {
  std::string label = "agent";               // how reports name the backend: label (stack)
  std::string command;                       // run through /bin/sh
  std::map<std::string, std::string> env;    // added to the agent's environment
  int hello_timeout_ms = 60000;              // first start may create a Wine prefix
  int step_timeout_ms = 10000;               // an agent's own waits are shorter (below)
  // Each step tells the agent how long it may wait for something to happen ("wait_ms"): the
  // positive bound, or the short negative bound when every expectation of the step says that
  // nothing happens (not signalled, peer open, would block), so a quiet stack costs little.
  int positive_wait_ms = 5000;
  int negative_wait_ms = 200;
};

// The wait bound a step gets (see AgentOptions).
int WaitBoundFor(const Step& step, const AgentOptions& options);

// peer_recv's `expect_bytes` hint (docs/agent-protocol.md): the fewest bytes any of the step's
// expectations holds, so the peer keeps reading until they have come; 0 (no hint) when an
// expectation says nothing of the value or the step is another op.
size_t ExpectedPeerBytes(const Step& step);

// Whether a step only looks: waits for or reads a notification, reads an option or a name, asks a
// peer's state. It causes nothing a stack would notify later; any other step may.
bool OnlyLooks(const Step& step);

// An expected silence is judged once the negative bound has passed since the last step that could
// cause something, not since its own wait began: what one silent wait has spent, the next one in a
// row need not spend again. Each silence keeps the guarantee it had (the bound after the last
// cause); two silences in a row cost one bound, not two.
int SettledWaitMs(int bound_ms, int64_t ms_since_last_cause);

class AgentBackend : public Backend {
 public:
  explicit AgentBackend(AgentOptions options);
  ~AgentBackend() override;

  // Starts the agent and reads its hello. False (with Problem() set) when it cannot.
  bool Start();
  const std::string& Problem() const { return problem_; }
  // The stack the agent reports ("wine-8.0", "wsdup model", ...).
  const std::string& Stack() const { return stack_; }
  // The ops the agent's hello advertised (rows using any other op are unsupported on it).
  const std::set<std::string, std::less<>>& AdvertisedOps() const { return ops_; }

  std::string Name() const override { return options_.label + " (" + stack_ + ")"; }
  bool Supports(std::string_view op) const override;
  void BeginScenario(const Scenario& scenario) override;
  Observation Execute(const Step& step) override;
  std::vector<std::string> EndScenario() override;

 private:
  // Sends one request and reads the answer of `expected` type; on failure the agent is stopped
  // (and restarted at the next scenario) and `problem_` says why.
  std::optional<nlohmann::json> Exchange(const nlohmann::json& request, const char* expected);

  AgentOptions options_;
  std::unique_ptr<AgentProcess> process_;
  std::set<std::string, std::less<>> ops_;
  bool restart_failed_ = false;  // a restart found no hello: later scenarios fail at once
  std::string stack_ = "unknown";
  int protocol_ = 0;  // the version the agent's hello named
  std::string problem_;
  bool scenario_broken_ = false;
  // When the last step that could cause something ended (the scenario's start, at first).
  std::chrono::steady_clock::time_point last_cause_;
};

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_AGENT_AGENT_BACKEND_H_
