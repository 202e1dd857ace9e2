#include "conformance/traceability/vacuous_rows.h"

#include <algorithm>
#include <set>

#include "conformance/run/model_backend.h"
#include "conformance/format/observation.h"
#include "conformance/run/runner.h"

namespace wsdup::conformance {
namespace {

using nlohmann::json;

// The values worth trying for a field: finite domains in full; otherwise every value an
// alternative names plus one no alternative names.
std::vector<json> Candidates(const std::string& field, const std::vector<json>& alternatives) {
  if (field == "ok" || field == "signaled") return {true, false};
  if (field == "state") return {"open", "data", "eof", "reset"};
  std::vector<json> values = {json("\x01unnamed")};
  if (field == "error") values.push_back(nullptr);
  for (const json& alternative : alternatives) {
    if (alternative.contains(field) && std::find(values.begin(), values.end(), alternative[field]) == values.end()) {
      values.push_back(alternative[field]);
    }
  }
  return values;
}

// True when some outcome consistent with Winsock's shape (ok exactly when error is null) fails
// every alternative.
bool SomeOutcomeFails(const std::vector<json>& alternatives) {
  std::set<std::string> fields;
  for (const json& alternative : alternatives) {
    for (const auto& [field, unused] : alternative.items()) fields.insert(field);
  }
  std::vector<std::string> names(fields.begin(), fields.end());
  std::vector<std::vector<json>> domains;
  for (const std::string& name : names) domains.push_back(Candidates(name, alternatives));
  std::vector<size_t> index(names.size(), 0);
  while (true) {
    json outcome = json::object();
    for (size_t i = 0; i < names.size(); ++i) outcome[names[i]] = domains[i][index[i]];
    const bool consistent = !outcome.contains("ok") || !outcome.contains("error") ||
                            outcome["ok"].get<bool>() == outcome["error"].is_null();
    if (consistent) {
      bool accepted = false;
      for (const json& alternative : alternatives) accepted |= Holds(alternative, outcome);
      if (!accepted) return true;
    }
    size_t i = 0;
    while (i < names.size() && ++index[i] == domains[i].size()) index[i++] = 0;
    if (i == names.size()) return false;
  }
}

bool MakesDescriptor(const std::string& op) {
  return op == "socket" || op == "connected" || op == "from_blob" || op == "accept";
}

}  // namespace

std::vector<std::string> VacuousProblems(const Scenario& row) {
  std::vector<std::string> problems;
  ModelBackend model;
  const ScenarioResult run = RunScenario(model, row);
  for (const Step& step : row.steps) {
    if (!step.exempt_because.empty()) continue;
    const std::string where = "step " + std::to_string(step.index + 1) + " (" + step.op + ")";
    if (!step.expect.empty() && !SomeOutcomeFails(step.expect)) {
      problems.push_back(where + ": its expectations accept every outcome");
    }
    const bool made = step.index < run.steps.size() && run.steps[step.index].observed.ok;
    if (!MakesDescriptor(step.op) || step.as.empty() || !made) continue;
    bool used = false;
    for (size_t later = step.index + 1; later < row.steps.size() && !used; ++later) {
      used = row.steps[later].typed.sock == step.as;  // empty for a raw value
    }
    if (!used) problems.push_back(where + ": descriptor \"" + step.as + "\" is never used afterwards");
  }
  return problems;
}

}  // namespace wsdup::conformance
