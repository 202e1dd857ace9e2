// The model as an agent: speaks the agent protocol on stdin/stdout, executing on sim/. Tests the
// protocol end to end and serves as the reference agent for anyone writing their own.
#include <iostream>
#include <string>

#include "conformance/vocabulary/agent_protocol.h"
#include "conformance/run/model_backend.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/agent/step_wire.h"
#include "conformance/format/safe_json.h"

namespace {

using nlohmann::json;
namespace protocol = wsdup::protocol;

void Send(const json& message) { std::cout << wsdup::conformance::Dump(message) << std::endl; }

void SendError(const std::string& message) {
  Send(json{{"type", protocol::kError}, {"message", message}});
}

}  // namespace

int main() {
  wsdup::conformance::ModelBackend backend;
  json ops = json::array();
  for (const auto& op : wsdup::vocabulary::AllOps()) ops.push_back(std::string(op.name));
  Send(json{{"type", protocol::kHello}, {"protocol", protocol::kVersion},
            {"stack", "wsdup model"}, {"ops", ops}});

  bool in_scenario = false;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string why;
    const json request = wsdup::conformance::TryParseJson(line, &why).value_or(json());
    const json* type_field = request.is_object() && request.contains("type") ? &request["type"] : nullptr;
    const std::string type = type_field && type_field->is_string() ? type_field->get<std::string>() : "";
    try {
      if (type == protocol::kReset) {
        backend.BeginScenario(wsdup::conformance::Scenario{});
        in_scenario = true;
        Send(json{{"type", protocol::kReady}});
      } else if (type == protocol::kStep && in_scenario) {
        const size_t index = request.value("index", size_t{0});
        const auto step = wsdup::conformance::StepFromWire(request.value("step", json()), index);
        Send(json{{"type", protocol::kResult}, {"index", index}, {"result", backend.Execute(step).ToJson()}});
      } else if (type == protocol::kEnd && in_scenario) {
        in_scenario = false;
        Send(json{{"type", protocol::kEnded}, {"problems", backend.EndScenario()}});
      } else if (type == protocol::kBye) {
        return 0;
      } else {
        SendError("unexpected request: " + wsdup::conformance::Printable(line));
      }
    } catch (const std::exception& error) {
      // A step naming something never bound, or of the wrong type: answer, never crash.
      SendError(std::string("cannot execute: ") + error.what());
    }
  }
  return 0;
}
