// What one step observed, in the scenario format's result fields. Symbolic only: no handle values,
// pids or blob bytes, so observations from different backends compare directly.
#ifndef WSDUP_CONFORMANCE_FORMAT_OBSERVATION_H_
#define WSDUP_CONFORMANCE_FORMAT_OBSERVATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace wsdup::conformance {

struct Observation {
  bool ok = true;
  std::optional<std::string> error;        // WSA error name when !ok
  std::optional<nlohmann::json> value;     // op-specific value
  std::optional<bool> signaled;
  std::optional<std::vector<std::string>> events;  // FD_* names in Winsock bit order
  std::optional<std::string> state;        // peer state: open|data|eof|reset
  std::optional<std::string> sock;         // descriptor name a window message names
  // What the structure duplicate filled names (iAddressFamily, iSocketType, iProtocol): numbers.
  std::optional<int> family, socktype, protocol;
  // wait_async: the completion key of the port the completion was taken from (OVL-3).
  std::optional<int> key;
  // wait_async: that port's name, or null when the completion reached no port of the waiting process.
  std::optional<nlohmann::json> port;
  // One of the four numbers by its result field name; nullptr for any other name.
  std::optional<int>* NumberField(std::string_view name);
  const std::optional<int>* NumberField(std::string_view name) const;
  bool unsupported = false;                // the backend cannot perform this op
  // The harness could not get an answer (agent crashed, hung, or spoke garbage). Not a Winsock
  // outcome: the scenario ends with an error verdict and is never compared.
  std::optional<std::string> harness_error;

  static Observation Success() { return Observation{}; }
  static Observation Failure(std::string error_name);
  static Observation Unsupported();
  static Observation HarnessError(std::string message);
  // Parses a result object as an agent sends it; nullopt when it is not one.
  static std::optional<Observation> FromJson(const nlohmann::json& result);

  // {"ok":..,"error":..,...}; fields that do not apply are absent. For writing traces and reports.
  nlohmann::json ToJson() const;

  // One result field as ToJson() would write it; nullopt when absent (an unsupported or harness
  // outcome has no result fields).
  std::optional<nlohmann::json> Field(const std::string& name) const;

  // Every field equal: what a deterministic backend gives twice for the same step.
  bool operator==(const Observation& other) const {
    return ok == other.ok && error == other.error && value == other.value && signaled == other.signaled &&
           events == other.events && state == other.state && sock == other.sock && family == other.family &&
           socktype == other.socktype && protocol == other.protocol && key == other.key && port == other.port &&
           unsupported == other.unsupported && harness_error == other.harness_error;
  }
  bool operator!=(const Observation& other) const { return !(*this == other); }
};

// The result fields an `expect` object may name.
bool IsResultField(const std::string& field);

// A field's value as results compare: `events` lists are sets (sorted here), the rest as written.
nlohmann::json ComparableField(const std::string& field, const nlohmann::json& value);

// An expect object holds when every field it names equals the observation's.
bool Holds(const nlohmann::json& expect_object, const Observation& observed);
// The same against a partial result object (the vacuous-row check enumerates those).
bool Holds(const nlohmann::json& expect_object, const nlohmann::json& observed);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_OBSERVATION_H_
