#include "conformance/format/observation.h"

#include <algorithm>
#include <string_view>

#include "conformance/vocabulary/net_events.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/vocabulary/wsa_errors.h"

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

Observation Observation::HarnessError(std::string message) {
  Observation observation;
  observation.ok = false;
  observation.harness_error = std::move(message);
  return observation;
}

std::optional<Observation> Observation::FromJson(const nlohmann::json& result) {
  if (!result.is_object()) return std::nullopt;
  Observation observation;
  if (auto unsupported = result.find("unsupported"); unsupported != result.end()) {
    if (*unsupported != true) return std::nullopt;
    return Unsupported();
  }
  // An agent that could not get an answer from its stack says why (docs/agent-protocol.md).
  if (auto reason = result.find("harness_error"); reason != result.end() && reason->is_string()) {
    return HarnessError(reason->get<std::string>());
  }
  auto ok = result.find("ok");
  if (ok == result.end() || !ok->is_boolean()) return std::nullopt;
  observation.ok = ok->get<bool>();
  for (const auto& item : result.items()) {
    const std::string& field = item.key();
    const nlohmann::json& value = item.value();
    if (field == "ok") continue;
    if (!IsResultField(field)) return std::nullopt;
    if (field == "error") {
      if (value.is_string()) {
        // An error name outside the vocabulary is not an answer a stack can give: a protocol error.
        if (!vocabulary::WsaErrorFromName(value.get<std::string>()) && !vocabulary::IsHarnessOutcomeName(value.get<std::string>())) {
          return std::nullopt;
        }
        observation.error = value.get<std::string>();
      } else if (!value.is_null()) {
        return std::nullopt;
      }
    } else if (field == "value") {
      observation.value = value;
    } else if (field == "signaled") {
      if (!value.is_boolean()) return std::nullopt;
      observation.signaled = value.get<bool>();
    } else if (field == "events") {
      if (!value.is_array()) return std::nullopt;
      std::vector<std::string> names;
      for (const nlohmann::json& name : value) {
        if (!name.is_string() || !vocabulary::NetEventFromName(name.get<std::string>())) return std::nullopt;
        names.push_back(name.get<std::string>());
      }
      observation.events = std::move(names);
    } else if (field == "state") {
      if (!value.is_string()) return std::nullopt;
      observation.state = value.get<std::string>();
    } else if (field == "sock") {
      if (!value.is_string()) return std::nullopt;
      observation.sock = value.get<std::string>();
    } else if (field == "port") {
      if (!value.is_string() && !value.is_null()) return std::nullopt;
      observation.port = value;
    } else if (std::optional<int>* number = observation.NumberField(field)) {
      if (!value.is_number_integer()) return std::nullopt;
      *number = value.get<int>();
    }
  }
  if (observation.ok == observation.error.has_value()) return std::nullopt;
  return observation;
}

std::optional<int>* Observation::NumberField(std::string_view name) {
  if (name == "family") return &family;
  if (name == "socktype") return &socktype;
  if (name == "protocol") return &protocol;
  if (name == "key") return &key;
  return nullptr;
}

const std::optional<int>* Observation::NumberField(std::string_view name) const {
  return const_cast<Observation*>(this)->NumberField(name);
}

nlohmann::json Observation::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  if (harness_error) {
    out["harness_error"] = *harness_error;
    return out;
  }
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
  if (family) out["family"] = *family;
  if (socktype) out["socktype"] = *socktype;
  if (protocol) out["protocol"] = *protocol;
  if (key) out["key"] = *key;
  if (port) out["port"] = *port;
  return out;
}

std::optional<nlohmann::json> Observation::Field(const std::string& name) const {
  if (harness_error || unsupported) return std::nullopt;
  if (name == "ok") return nlohmann::json(ok);
  if (name == "error") return error ? nlohmann::json(*error) : nlohmann::json(nullptr);
  if (name == "value") return value;
  if (name == "signaled" && signaled) return nlohmann::json(*signaled);
  if (name == "events" && events) return nlohmann::json(*events);
  if (name == "state" && state) return nlohmann::json(*state);
  if (name == "sock" && sock) return nlohmann::json(*sock);
  if (name == "port" && port) return *port;
  if (const std::optional<int>* number = NumberField(name); number != nullptr && number->has_value()) {
    return nlohmann::json(**number);
  }
  return std::nullopt;
}

bool IsResultField(const std::string& field) {
  for (std::string_view known : vocabulary::kResultFields) {
    if (field == known) return true;
  }
  return false;
}

nlohmann::json ComparableField(const std::string& field, const nlohmann::json& value) {
  if (field != "events" || !value.is_array()) return value;
  std::vector<nlohmann::json> names(value.begin(), value.end());
  std::sort(names.begin(), names.end());
  return names;
}

bool Holds(const nlohmann::json& expect_object, const Observation& observed) {
  for (const auto& [field, wanted] : expect_object.items()) {
    const std::optional<nlohmann::json> found = observed.Field(field);
    if (!found || ComparableField(field, *found) != ComparableField(field, wanted)) return false;
  }
  return true;
}

bool Holds(const nlohmann::json& expect_object, const nlohmann::json& observed) {
  for (const auto& [field, wanted] : expect_object.items()) {
    auto found = observed.find(field);
    if (found == observed.end() || ComparableField(field, *found) != ComparableField(field, wanted)) return false;
  }
  return true;
}

}  // namespace wsdup::conformance
