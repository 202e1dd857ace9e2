// A step as it travels to an agent: the scenario format's own step object (proc, op, arguments,
// as, thread), without expectations, which stay with the harness.
#ifndef WSDUP_CONFORMANCE_AGENT_STEP_WIRE_H_
#define WSDUP_CONFORMANCE_AGENT_STEP_WIRE_H_

#include <nlohmann/json.hpp>

#include "conformance/format/scenario.h"

namespace wsdup::conformance {

nlohmann::json StepToWire(const Step& step);
// Rebuilds a step from its wire form; throws InputError when it is not a valid step object.
// Names are not checked against earlier steps: the harness validated the scenario.
Step StepFromWire(const nlohmann::json& wire, size_t index);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_AGENT_STEP_WIRE_H_
