// The oracle follows a stack's choice at open points (sim/open_points.h), as SibylFS's checker
// does: where a stack's step differs from the model's and another allowed behaviour of an open
// point the row has reached explains it, the row is replayed on the model in that branch and the
// rest of the row is judged against the world the stack chose. Rows are short and the model fast,
// so replaying from the start is simpler than forking a World.
#ifndef WSDUP_CONFORMANCE_GATE_ORACLE_BRANCHES_H_
#define WSDUP_CONFORMANCE_GATE_ORACLE_BRANCHES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/run/runner.h"
#include "sim/open_points.h"

namespace wsdup::conformance {

// The model's run of a row in one branch.
struct OracleRun {
  sim::Choices choices;
  ScenarioResult result;                 // result.scenario points at the row
  std::vector<uint32_t> reached_per_step;  // open points reached up to each step (sim::Bit)
  std::vector<std::string> problems;     // broken invariants: no oracle in this branch
};

OracleRun RunOracle(const Scenario& scenario, const sim::Choices& choices);

// The branch that explains the stack's steps 0..step (inclusive) by switching one open point
// reached by `step` from the model's default to another behaviour; nullopt when none does.
// Points are tried in sim::AllOpenPoints() order and behaviours in their listed order, so the
// answer is deterministic.
std::optional<OracleRun> ExplainingBranch(const Scenario& scenario, const OracleRun& current,
                                          const std::vector<Observation>& observed, size_t step);

// A stack's behaviour at an open point a row reached.
struct OpenPointChoice {
  sim::OpenPoint point;
  uint8_t behaviour = sim::behaviour::kDefault;  // index into the point's behaviours
  size_t step = 0;  // 1-based step where the stack showed a non-default choice; 0 for the default

  std::string Rule() const { return std::string(sim::InfoOf(point).rule); }                   // "BLOB-3"
  std::string Behaviour() const { return std::string(sim::InfoOf(point).behaviours[behaviour]); }  // "imports"
  bool IsDefault() const { return behaviour == sim::behaviour::kDefault; }
};

// Every open point `run` reached, with the behaviour its branch takes; `switched_at` gives the
// step (1-based) at which each non-default behaviour was adopted.
std::vector<OpenPointChoice> ChoicesOf(const OracleRun& run, const std::vector<size_t>& switched_at);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_ORACLE_BRANCHES_H_
