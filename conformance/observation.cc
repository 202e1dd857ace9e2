#include "conformance/observation.h"

#include <array>

namespace wsdup::conformance {

Observation Observation::Failure(std::string error_name) {
  Observation observation;
  observation.ok = false;
  observation.error = std::move(error_name);
  return observation;
}

Observation Observation::Unsupported() {
  Observation observation;
  observation.ok = false;
  observation.unsupported = true;
  return observation;
}

nlohmann::json Observation::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  if (unsupported) {
    out["unsupported"] = true;
    return out;
  }
  out["ok"] = ok;
  out["error"] = error ? nlohmann::json(*error) : nlohmann::json(nullptr);
  if (value) out["value"] = *value;
  if (signaled) out["signaled"] = *signaled;
  if (events) out["events"] = *events;
  if (state) out["state"] = *state;
  if (sock) out["sock"] = *sock;
  return out;
}

bool IsResultField(const std::string& field) {
  static const std::array<const char*, 7> kFields = {"ok",     "error", "value", "signaled",
                                                     "events", "state", "sock"};
  for (const char* known : kFields) {
    if (field == known) return true;
  }
  return false;
}

bool Holds(const nlohmann::json& expect_object, const nlohmann::json& observed) {
  for (const auto& [field, wanted] : expect_object.items()) {
    auto found = observed.find(field);
    if (found == observed.end() || *found != wanted) return false;
  }
  return true;
}

}  // namespace wsdup::conformance
