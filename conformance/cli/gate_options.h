// What `wsdup gate`, `record` and `check` share (docs/gate.md, docs/trace-format.md): their options,
// loading tables and starting the stack before anything runs, the progress line, and writing the
// report. The gate is record + check in one process: a live trace of the stack, judged against the
// model.
#ifndef WSDUP_CONFORMANCE_CLI_GATE_OPTIONS_H_
#define WSDUP_CONFORMANCE_CLI_GATE_OPTIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "conformance/cli/cli_common.h"
#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"

namespace wsdup::conformance::cli {

// Each job is a whole agent: under Wine a coordinator and one process per scenario process, all
// sharing one wineserver. Four jobs already keep two cores busy (most of a job's time is waiting);
// 16 leaves room for bigger machines while a typo cannot start hundreds of Wine processes.
inline constexpr int kMaxJobs = 16;

struct GateOptions {
  BackendOptions backend;
  std::string tables;       // directory of tables (default: DefaultTablesDirectory(); "" if none)
  std::string records;      // directory of deviation records (default: <tables>/deviations)
  bool no_records = false;  // --no-records: judge with no known deviations, on purpose
  bool records_named = false;  // --records was given: it must exist, even for the model
  std::string json_out;
  std::string junit_out;
  std::string html_out;
  std::string trace_out;    // record: where the trace goes
  // Instances of the stack running scenarios side by side. Most of a real stack's time is waits
  // (process start-up, event bounds), so 4 cut a Wine run from 28 s to 10 s on 2 cores.
  int jobs = 4;
  std::vector<std::string> files;  // table files (gate, record) or traces (check)
};

// Parses what gate, record and check accept; `allowed` lists the value options of the command.
std::string ParseGateOptions(const std::vector<std::string>& raw, bool backend_allowed,
                             const std::vector<std::string>& allowed, GateOptions* options);

// Progress on stderr, "<what> [i/n] family": stdout stays byte-identical.
Progress ProgressLine(const std::string& what);

// True when an existing output file is an earlier output of wsdup (so it may be replaced).
bool LooksLikeTrace(const std::string& text);

// Why the tables directory cannot serve: none named and none found (saying where wsdup looked), or
// the one named is no directory. `needed`: check always needs it (coverage); gate and record only
// when no table files are named. "" when it can serve.
std::string TablesProblem(const GateOptions& options, bool needed);

// The stack's deviation record. A missing records directory or record file is bad input (*problem
// says where it looked and what to do), unless --no-records says so on purpose; the model, the
// oracle, needs none. Throws InputError for a malformed record.
std::optional<DeviationRecord> RecordFor(const GateOptions& options, const std::string& stack, std::string* problem);

// Prints the report and writes --json / --junit / --html. Returns the exit code.
int Report(const GateReport& report, const GateOptions& options, const char* command);

// Why the --json, --junit, --html or --out paths cannot be written (OutputPathProblem), or two of them
// name one file; "" when all can. PrepareLive asks before anything runs.
std::string OutputsProblem(const GateOptions& options);

// The tables loaded and the backend started: everything that can fail before the run.
struct LiveRun {
  std::vector<Table> tables;
  StartedBackend started;                 // the first instance: its stack names the run
  std::vector<StartedBackend> more;       // --jobs: the other instances
};

// nullopt (with the message printed) on bad input or an unusable backend.
std::optional<LiveRun> PrepareLive(const GateOptions& options, const std::string& program, const char* command);

// Runs every table on the started instances, with a progress line on stderr; with `record`, each
// step the stack is known to deviate at waits as for what the record says it does (WithRecordedWaits).
Trace RecordLive(LiveRun& live, const GateOptions& options, const char* command,
                 const DeviationRecord* record = nullptr);

}  // namespace wsdup::conformance::cli

#endif  // WSDUP_CONFORMANCE_CLI_GATE_OPTIONS_H_
