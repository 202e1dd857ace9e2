#include "conformance/testing/test_backend.h"

#include "conformance/agent/agent_backend.h"
#include "conformance/agent/winsock_backend.h"
#include "conformance/run/model_backend.h"
#include "gtest/gtest.h"

namespace wsdup::conformance::testing {

std::string& MutableTestBackendName() {
  static std::string name;
  return name;
}

const std::string& TestBackendName() { return MutableTestBackendName(); }

bool TestBackendIsTheModel() { return TestBackendName() == "model" || TestBackendName() == "model_agent"; }

namespace {

std::unique_ptr<Backend> StartedAgent(AgentOptions options) {
  auto backend = std::make_unique<AgentBackend>(std::move(options));
  if (!backend->Start()) ADD_FAILURE() << backend->Problem();
  return backend;
}

}  // namespace

std::unique_ptr<Backend> MakeTestBackend() {
  if (TestBackendName() == "model") return std::make_unique<ModelBackend>(/*check_invariants=*/true);
  if (TestBackendName() == "model_agent") {
    // The model again, through the agent protocol: proves the protocol loses nothing.
    AgentOptions options;
    options.command = "conformance/agent/model_agent";
    return StartedAgent(options);
  }
  return StartedAgent(WinsockAgentOptions(FindWinsockAgent("")));
}

std::vector<std::string> TestBackendOps(Backend& backend) {
  if (auto* agent = dynamic_cast<AgentBackend*>(&backend)) {
    return std::vector<std::string>(agent->AdvertisedOps().begin(), agent->AdvertisedOps().end());
  }
  return ModelBackend::HandledOps();
}

std::string TestBackendStack(Backend& backend) {
  if (auto* agent = dynamic_cast<AgentBackend*>(&backend)) return agent->Stack();
  return "model";
}

}  // namespace wsdup::conformance::testing
