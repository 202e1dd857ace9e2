#include "conformance/agent/step_wire.h"

#include "conformance/vocabulary/ops.h"

namespace wsdup::conformance {

nlohmann::json StepToWire(const Step& step) {
  nlohmann::json wire = step.args;
  if (!step.proc.empty()) wire["proc"] = step.proc;
  wire["op"] = step.op;
  if (!step.as.empty()) wire["as"] = step.as;
  if (step.thread) wire["thread"] = *step.thread;
  return wire;
}

Step StepFromWire(const nlohmann::json& wire, size_t index) {
  if (!wire.is_object() || !wire.contains("op") || !wire["op"].is_string()) {
    throw InputError("step is not an object with a string \"op\"");
  }
  Step step;
  step.index = index;
  step.op = wire["op"].get<std::string>();
  const vocabulary::OpSpec* spec = vocabulary::FindOp(step.op);
  if (spec == nullptr) throw InputError("unknown op \"" + step.op + "\"");
  step.spec = spec;
  step.args = nlohmann::json::object();
  for (const auto& item : wire.items()) {
    const std::string& key = item.key();
    if (key == "op") continue;
    if (!item.value().is_string() && (key == "proc" || key == "as" || key == "thread")) {
      throw InputError("field \"" + key + "\" must be a string");
    }
    if (key == "proc") {
      step.proc = item.value().get<std::string>();
    } else if (key == "as") {
      step.as = item.value().get<std::string>();
    } else if (key == "thread") {
      step.thread = item.value().get<std::string>();
    } else {
      bool known = false;
      for (const vocabulary::ArgSpec& arg : spec->args) known |= arg.name == key;
      if (!known) throw InputError("unknown field \"" + key + "\" for op \"" + step.op + "\"");
      step.args[key] = item.value();
    }
  }
  for (const vocabulary::ArgSpec& arg : spec->args) {
    if (arg.required && !step.args.contains(std::string(arg.name))) {
      throw InputError("missing field \"" + std::string(arg.name) + "\"");
    }
  }
  if (!spec->harness && step.proc.empty()) throw InputError("missing \"proc\"");
  step.typed = ParseStepArgs(step.args);
  return step;
}

}  // namespace wsdup::conformance
