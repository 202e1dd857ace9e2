#include "conformance/format/notify_expansion.h"

#include <algorithm>
#include <set>

#include "conformance/format/scenario.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance {
namespace {

using nlohmann::json;

struct Mechanism {
  const char* name;       // "event": the value in "notify" and "{notify}"
  const char* api;        // "WSAEventSelect": "{Notify}"
  const char* select_op;  // what notify_select becomes
  const char* wait_op;    // what notify_wait becomes
  const char* object;     // the argument "on" becomes: the event object's or the window's name
};

constexpr Mechanism kMechanisms[] = {
    {"event", "WSAEventSelect", "event_select", "wait_event", "event"},
    {"window", "WSAAsyncSelect", "async_select", "wait_message", "window"},
};

const Mechanism* MechanismNamed(const std::string& name) {
  for (const Mechanism& mechanism : kMechanisms) {
    if (name == mechanism.name) return &mechanism;
  }
  return nullptr;
}

std::string Replaced(std::string text, const std::string& placeholder, const std::string& by) {
  for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + by.size())) {
    text.replace(at, placeholder.size(), by);
  }
  return text;
}

std::string Substituted(const std::string& text, const Mechanism& mechanism) {
  return Replaced(Replaced(text, "{notify}", mechanism.name), "{Notify}", mechanism.api);
}

// An expect object with only the fields `op` reports.
json Reported(const json& expect, const vocabulary::OpSpec& op) {
  if (!expect.is_object()) return expect;  // the validator reports it
  json kept = json::object();
  for (const auto& [field, value] : expect.items()) {
    if (vocabulary::Reports(op, field)) kept[field] = value;
  }
  return kept;
}

json ExpandStep(json step, const Mechanism& mechanism, const std::string& where) {
  const std::string op = step.contains("op") && step["op"].is_string() ? step["op"].get<std::string>() : "";
  if (op == "notify_select" || op == "notify_wait") {
    if (!step.contains("on")) throw InputError(where + ": " + op + " needs \"on\" (the event's or window's name)");
    step[mechanism.object] = step["on"];
    step.erase("on");
    step["op"] = op == "notify_select" ? mechanism.select_op : mechanism.wait_op;
  }
  if (op == "notify_wait" && step.contains("expect")) {
    const vocabulary::OpSpec& wait = *vocabulary::FindOp(mechanism.wait_op);
    json& expect = step["expect"];
    if (expect.is_array()) {
      for (json& alternative : expect) alternative = Reported(alternative, wait);
    } else {
      expect = Reported(expect, wait);
    }
  }
  for (const char* text : {"note", "exempt_because"}) {
    if (step.contains(text) && step[text].is_string()) step[text] = Substituted(step[text].get<std::string>(), mechanism);
  }
  return step;
}

std::vector<const Mechanism*> MechanismsOf(const json& notify, const std::string& where) {
  if (!notify.is_array() || notify.empty()) throw InputError(where + ": \"notify\" must be a non-empty list");
  std::vector<const Mechanism*> mechanisms;
  std::set<std::string> seen;
  for (const json& item : notify) {
    const Mechanism* mechanism = item.is_string() ? MechanismNamed(item.get<std::string>()) : nullptr;
    if (!mechanism) throw InputError(where + ": \"notify\" lists " + Dump(item) + "; it takes \"event\" and \"window\"");
    if (!seen.insert(mechanism->name).second) throw InputError(where + ": \"notify\" lists " + Dump(item) + " twice");
    mechanisms.push_back(mechanism);
  }
  return mechanisms;
}

}  // namespace

std::vector<json> ExpandNotify(const json& row, const std::string& where) {
  if (!row.is_object() || !row.contains("notify")) return {row};
  const std::vector<const Mechanism*> mechanisms = MechanismsOf(row["notify"], where);
  const std::string name = row.contains("name") && row["name"].is_string() ? row["name"].get<std::string>() : "";
  if (name.find("{notify}") == std::string::npos) {
    throw InputError(where + ": a row with \"notify\" needs \"{notify}\" in its name, so each expansion is named");
  }
  const json steps = row.value("steps", json::array());
  std::vector<json> rows;
  for (const Mechanism* mechanism : mechanisms) {
    json expanded = row;
    expanded.erase("notify");
    expanded["name"] = Substituted(name, *mechanism);
    if (row.contains("doc") && row["doc"].is_string()) expanded["doc"] = Substituted(row["doc"].get<std::string>(), *mechanism);
    expanded["steps"] = json::array();
    for (size_t i = 0; i < steps.size(); ++i) {
      const std::string step_where = where + ": step " + std::to_string(i + 1) + " of the notify row";
      json step = steps[i];
      if (step.is_object() && step.contains("notify_only")) {
        const json only = step["notify_only"];
        const Mechanism* kept = only.is_string() ? MechanismNamed(only.get<std::string>()) : nullptr;
        if (!kept || std::find(mechanisms.begin(), mechanisms.end(), kept) == mechanisms.end()) {
          throw InputError(step_where + ": \"notify_only\" must name one of the row's \"notify\" mechanisms");
        }
        if (kept != mechanism) continue;
        step.erase("notify_only");
      }
      expanded["steps"].push_back(step.is_object() ? ExpandStep(step, *mechanism, step_where) : step);
    }
    rows.push_back(std::move(expanded));
  }
  return rows;
}

}  // namespace wsdup::conformance
