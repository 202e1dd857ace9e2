// Traces: what one stack did on every step of a set of scenarios (format: docs/trace-format.md).
// A trace embeds each scenario's definition, so `wsdup check` can judge it against the model on a
// machine that has neither the stack nor the tables the trace was recorded from.
#ifndef WSDUP_CONFORMANCE_RUN_TRACE_H_
#define WSDUP_CONFORMANCE_RUN_TRACE_H_

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/format/row_id.h"
#include "conformance/format/scenario.h"
#include "conformance/run/backend.h"
#include "conformance/run/runner.h"

namespace wsdup::conformance {

inline constexpr const char* kTraceFormat = "wsdup-trace/1";

// A table file's scenarios; `family` is the file's stem ("blob" for fixtures/blob.json).
struct Table {
  std::string family;
  std::vector<Scenario> scenarios;
};

// The *.json files directly in `directory`, sorted by name (none when it holds none). Throws
// InputError when the directory cannot be listed.
std::vector<std::string> JsonFilesIn(const std::string& directory);

// Reads every *.json file directly in `directory`, sorted by name. Throws InputError.
std::vector<Table> LoadTables(const std::string& directory);
// One table per file, in the order given. Throws InputError.
std::vector<Table> LoadTableFiles(const std::vector<std::string>& paths);

struct TracedScenario {
  std::string family;
  Scenario scenario;
  RowId Row() const { return {family, scenario.name}; }
  // kRan: every step has an observation. kUnsupported / kError: `reason` says why, and `observed`
  // holds the steps that ran before it.
  RunStatus status = RunStatus::kRan;
  std::string reason;
  std::vector<Observation> observed;  // one per step that ran, in order
};

struct Trace {
  std::string backend;  // how the stack was reached: "winsock", "agent", "model"
  std::string stack;    // what the stack says it is: "wine-8.0", "windows-10.0.19045", ...
  std::vector<TracedScenario> scenarios;
};

// Called before each scenario: (index, total, family, name). For progress lines.
using Progress = std::function<void(size_t, size_t, const std::string&, const std::string&)>;

// The scenario a backend runs for (family, table scenario): the same steps with other expectations,
// which only choose how long the runner waits (gate/recorded_waits.h). The trace keeps the table's.
using RunAs = std::function<Scenario(const std::string& family, const Scenario& scenario)>;

// Runs every scenario on `backend` and keeps every step's observation. Expectations are not
// judged here: that is Check's job, so a trace is the stack's word only.
Trace Record(Backend& backend, const std::string& backend_kind, const std::string& stack,
             const std::vector<Table>& tables, const Progress& progress = nullptr);
// The same with several instances of one stack, each running whole scenarios on its own thread.
// The trace is identical to a single instance's: scenarios are independent (fresh processes each)
// and results are stored in table order, whatever order they finish in.
Trace Record(const std::vector<Backend*>& instances, const std::string& backend_kind, const std::string& stack,
             const std::vector<Table>& tables, const Progress& progress = nullptr, const RunAs& run_as = nullptr);

// Deterministic JSON text: one scenario header per line and one step per line, so traces diff well.
// How a recording holds one execution: its status (an end problem after a full run makes it an
// error), its reason and its observations.
TracedScenario Traced(const std::string& family, const Scenario& scenario, const Execution& execution);

std::string TraceToText(const Trace& trace);
// Parses and validates a trace (every embedded scenario too). Throws InputError naming `path`.
Trace ParseTrace(const std::string& text, const std::string& path);
Trace LoadTrace(const std::string& path);
// Every trace in `directory` (JsonFilesIn order).
std::vector<Trace> LoadTraces(const std::string& directory);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_RUN_TRACE_H_
