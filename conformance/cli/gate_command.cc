// `wsdup gate`, `wsdup record` and `wsdup check` (docs/gate.md, docs/trace-format.md). The gate is
// record + check in one process: a live trace of the stack, judged against the model.
#include <cstdlib>
#include <iostream>
#include <optional>

#include <unistd.h>

#include "conformance/cli/cli_common.h"
#include "conformance/cli/commands.h"
#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/gate/gate_report.h"
#include "conformance/run/trace.h"

namespace wsdup::conformance::cli {
namespace {

struct GateOptions {
  BackendOptions backend;
  std::string tables;       // directory of tables (default: the workspace's fixtures/)
  std::string records;      // directory of deviation records (default: <tables>/deviations)
  std::string json_out;
  std::string junit_out;
  std::string trace_out;    // record: where the trace goes
  // Instances of the stack running scenarios side by side. Most of a real stack's time is waits
  // (process start-up, event bounds), so 4 cut a Wine run from 28 s to 10 s on 2 cores.
  int jobs = 4;
  std::vector<std::string> files;  // table files (gate, record) or traces (check)
};

// Parses what gate, record and check accept; `allowed` lists the value options of the command.
std::string ParseGateOptions(const std::vector<std::string>& raw, bool backend_allowed,
                             const std::vector<std::string>& allowed, GateOptions* options) {
  Arguments args(raw);
  std::string error;
  auto allows = [&allowed](const std::string& name) {
    for (const std::string& option : allowed) {
      if (option == name) return true;
    }
    return false;
  };
  while (!args.Done() && error.empty()) {
    const std::string& next = args.Peek();
    const std::string name = next.substr(0, next.find('='));
    if (backend_allowed && ParseBackendOption(&args, &options->backend, &error)) continue;
    if (!allows(name)) {
      if (next.rfind("--", 0) == 0) return "unknown option " + next;
      options->files.push_back(ResolvePath(args.Take()));
      continue;
    }
    std::string value;
    args.Value(name, &value, &error);
    if (!error.empty()) break;
    if (name != "--jobs") value = ResolvePath(value);
    if (name == "--tables") options->tables = value;
    if (name == "--records") options->records = value;
    if (name == "--json") options->json_out = value;
    if (name == "--junit") options->junit_out = value;
    if (name == "--out") options->trace_out = value;
    if (name == "--jobs") {
      options->jobs = std::atoi(value.c_str());
      if (options->jobs < 1 || options->jobs > 16) return "--jobs needs a number from 1 to 16";
    }
  }
  if (!error.empty()) return error;
  if (options->tables.empty()) options->tables = DefaultTablesDirectory();
  if (options->records.empty()) options->records = options->tables + "/deviations";
  if (!backend_allowed) return "";
  if (options->backend.backend.empty()) return "needs --backend=model|winsock|agent";
  return ValidateBackendOptions(options->backend);
}

std::vector<Table> TablesFor(const GateOptions& options) {
  return options.files.empty() ? LoadTables(options.tables) : LoadTableFiles(options.files);
}

// Progress on stderr (stdout stays byte-identical): a rewritten line on a terminal, a line per
// table otherwise, so CI logs show where a slow run is without 150 lines of noise.
Progress ProgressLine(const std::string& what) {
  const bool terminal = ::isatty(2);
  return [what, terminal, last_family = std::string()](size_t index, size_t total, const std::string& family,
                                                      const std::string& name) mutable {
    if (terminal) {
      std::string line = "\r" + what + " [" + std::to_string(index + 1) + "/" + std::to_string(total) + "] " +
                         family + "/" + name;
      if (line.size() > 100) line.resize(100);
      std::cerr << line << std::string(100 - line.size(), ' ') << (index + 1 == total ? "\n" : "") << std::flush;
    } else if (family != last_family) {
      std::cerr << what << " [" << index + 1 << "/" << total << "] " << family << "\n";
      last_family = family;
    }
  };
}

bool LooksLikeJsonReport(const std::string& text) {
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  return document.is_object() && document.contains("summary") && document.contains("rows");
}

bool LooksLikeJunitReport(const std::string& text) {
  return text.find("<testsuites name=\"wsdup gate\"") != std::string::npos;
}

bool LooksLikeTrace(const std::string& text) {
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  return document.is_object() && document.value("format", "") == kTraceFormat;
}

// Prints the report and writes --json / --junit. Returns the exit code.
int Report(const GateReport& report, const GateOptions& options, const char* command) {
  std::cout << GateText(report);
  for (const auto& [path, content, is_ours] :
       {std::make_tuple(options.json_out, GateJson(report).dump(2) + "\n", &LooksLikeJsonReport),
        std::make_tuple(options.junit_out, GateJunit(report), &LooksLikeJunitReport)}) {
    if (path.empty()) continue;
    if (std::string problem = WriteOutput(path, content, is_ours); !problem.empty()) {
      std::cerr << "wsdup " << command << ": " << problem << "\n";
      return kExitBadInput;
    }
  }
  return report.Passed() ? kExitOk : kExitFailed;
}

// The tables loaded and the backend started: everything that can fail before the run.
struct LiveRun {
  std::vector<Table> tables;
  StartedBackend started;                 // the first instance: its stack names the run
  std::vector<StartedBackend> more;       // --jobs: the other instances
};

// nullopt (with the message printed) on bad input or an unusable backend.
std::optional<LiveRun> PrepareLive(const GateOptions& options, const std::string& program, const char* command) {
  LiveRun live;
  try {
    live.tables = TablesFor(options);
  } catch (const InputError& bad) {
    std::cerr << "wsdup: bad input: " << bad.what() << "\n";
    return std::nullopt;
  }
  std::string problem;
  for (int i = 0; i < options.jobs; ++i) {
    StartedBackend started = StartBackend(options.backend, program, &problem);
    if (!started.backend) {
      std::cerr << "wsdup " << command << ": cannot use backend " << options.backend.backend << ": " << problem
                << "\n";
      return std::nullopt;
    }
    if (i == 0) {
      live.started = std::move(started);
    } else {
      live.more.push_back(std::move(started));
    }
  }
  return live;
}

Trace RecordLive(LiveRun& live, const GateOptions& options, const char* command) {
  std::vector<Backend*> instances = {live.started.backend.get()};
  for (StartedBackend& more : live.more) instances.push_back(more.backend.get());
  return Record(instances, options.backend.backend, live.started.stack, live.tables,
                ProgressLine(std::string(command) + " " + live.started.stack));
}

}  // namespace

int GateCommand(const std::vector<std::string>& args, const std::string& program) {
  GateOptions options;
  options.backend.backend = "winsock";
  if (std::string error = ParseGateOptions(args, true, {"--tables", "--records", "--json", "--junit", "--jobs"}, &options);
      !error.empty()) {
    std::cerr << "wsdup gate: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  std::optional<LiveRun> live = PrepareLive(options, program, "gate");
  if (!live) return kExitBadInput;
  DeviationRecord record;
  try {
    // Read before the run: a broken record should not cost a full run to find out.
    record = LoadDeviationRecord(DeviationRecordPath(options.records, live->started.stack), live->started.stack);
  } catch (const InputError& bad) {
    std::cerr << "wsdup: bad input: " << bad.what() << "\n";
    return kExitBadInput;
  }
  const Trace trace = RecordLive(*live, options, "gate");
  return Report(Check(trace, record, /*model_rows=*/true), options, "gate");
}

int RecordCommand(const std::vector<std::string>& args, const std::string& program) {
  GateOptions options;
  if (std::string error = ParseGateOptions(args, true, {"--tables", "--out", "--jobs"}, &options); !error.empty()) {
    std::cerr << "wsdup record: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  if (options.trace_out.empty()) {
    std::cerr << "wsdup record: needs --out=FILE\n";
    return kExitBadInput;
  }
  std::optional<LiveRun> live = PrepareLive(options, program, "record");
  if (!live) return kExitBadInput;
  const std::optional<Trace> trace = RecordLive(*live, options, "record");
  if (std::string problem = WriteOutput(options.trace_out, TraceToText(*trace), &LooksLikeTrace); !problem.empty()) {
    std::cerr << "wsdup record: " << problem << "\n";
    return kExitBadInput;
  }
  size_t ran = 0;
  for (const TracedScenario& traced : trace->scenarios) ran += traced.status == "ran";
  std::cout << "recorded " << trace->scenarios.size() << " scenarios on " << trace->stack << " (" << ran
            << " ran to the end) in " << options.trace_out << "\n";
  return kExitOk;
}

int CheckCommand(const std::vector<std::string>& args) {
  GateOptions options;
  if (std::string error = ParseGateOptions(args, false, {"--tables", "--records", "--json", "--junit"}, &options);
      !error.empty()) {
    std::cerr << "wsdup check: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  if (options.files.empty()) {
    std::cerr << "wsdup check: no trace files given\n";
    return kExitBadInput;
  }
  // Several traces make one report; the model's own rows are shown once.
  GateReport combined;
  try {
    for (size_t i = 0; i < options.files.size(); ++i) {
      const Trace trace = LoadTrace(options.files[i]);
      const DeviationRecord record =
          LoadDeviationRecord(DeviationRecordPath(options.records, trace.stack), trace.stack);
      GateReport report = Check(trace, record, /*model_rows=*/i == 0);
      combined.stack += (i ? ", " : "") + report.stack;
      combined.record_path += (i ? ", " : "") + report.record_path;
      for (RowReport& row : report.rows) combined.rows.push_back(std::move(row));
      for (KnownDeviation& orphan : report.orphaned_records) combined.orphaned_records.push_back(orphan);
      // Choices are per stack; a changed one fails the check as it fails the gate.
      for (const auto& [stack, rules] : report.choices) {
        for (const auto& [rule, behaviours] : rules) {
          for (const auto& [behaviour, rows] : behaviours) {
            auto& into = combined.choices[stack][rule][behaviour];
            into.insert(into.end(), rows.begin(), rows.end());
          }
        }
      }
      for (ChoiceMismatch& mismatch : report.choice_mismatches) combined.choice_mismatches.push_back(mismatch);
    }
  } catch (const InputError& bad) {
    std::cerr << "wsdup: bad input: " << bad.what() << "\n";
    return kExitBadInput;
  }
  return Report(combined, options, "check");
}

}  // namespace wsdup::conformance::cli
