#include "conformance/cli/gate_options.h"

#include <filesystem>
#include <iostream>
#include <tuple>

#include <unistd.h>

#include "conformance/gate/gate_html.h"
#include "conformance/gate/gate_report.h"
#include "conformance/gate/recorded_waits.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance::cli {
namespace {

std::vector<Table> TablesFor(const GateOptions& options) {
  return options.files.empty() ? LoadTables(options.tables) : LoadTableFiles(options.files);
}

bool LooksLikeJsonReport(const std::string& text) {
  std::string why;
  const nlohmann::json document = TryParseJson(text, &why).value_or(nlohmann::json());
  return document.is_object() && document.contains("summary") && document.contains("rows");
}

bool LooksLikeJunitReport(const std::string& text) {
  return text.find("<testsuites name=\"wsdup gate\"") != std::string::npos;
}

bool LooksLikeHtmlReport(const std::string& text) { return text.find(kHtmlGenerator) != std::string::npos; }

}  // namespace

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
    if (allows("--records") && args.Flag("--no-records")) {
      options->no_records = true;
      continue;
    }
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
    if (name == "--records") {
      options->records = value;
      options->records_named = true;
    }
    if (name == "--json") options->json_out = value;
    if (name == "--junit") options->junit_out = value;
    if (name == "--html") options->html_out = value;
    if (name == "--out") options->trace_out = value;
    if (name == "--jobs") {
      const std::optional<long> jobs = WholeNumber(value, 1, kMaxJobs);
      if (!jobs) return "--jobs needs a number from 1 to " + std::to_string(kMaxJobs);
      options->jobs = static_cast<int>(*jobs);
    }
  }
  if (!error.empty()) return error;
  if (options->no_records && !options->records.empty()) return "--records and --no-records contradict each other";
  if (options->tables.empty()) options->tables = DefaultTablesDirectory();
  if (options->records.empty() && !options->tables.empty()) options->records = options->tables + "/deviations";
  if (!backend_allowed) return "";
  if (options->backend.backend.empty()) return "needs --backend=model|winsock|agent";
  return ValidateBackendOptions(options->backend);
}

std::string TablesProblem(const GateOptions& options, bool needed) {
  if (!needed) return "";
  if (options.tables.empty()) return NoTablesDirectoryFound();
  std::error_code error;
  if (!std::filesystem::is_directory(options.tables, error)) return "the tables directory " + options.tables + " does not exist";
  return "";
}

std::optional<DeviationRecord> RecordFor(const GateOptions& options, const std::string& stack, std::string* problem) {
  if (options.no_records) return DeviationRecord{"(none: --no-records)", stack, {}, {}};
  if (stack != "model" && options.records.empty()) {
    *problem = "no records directory (no tables directory was found to hold deviations/; pass --records DIR, "
               "or --no-records to judge with no known deviations)";
    return std::nullopt;
  }
  const std::string path = DeviationRecordPath(options.records, stack);
  std::error_code error;
  // The model needs no record; a directory the user named must still exist, or its path would be
  // printed as if it had been used.
  if ((stack != "model" || options.records_named) && !std::filesystem::is_directory(options.records, error)) {
    *problem = "the records directory " + options.records + " does not exist (pass --records DIR, or --no-records " +
               "to judge with no known deviations)";
    return std::nullopt;
  }
  if (stack != "model" && !std::filesystem::exists(path, error)) {
    *problem = "no deviation record for stack \"" + stack + "\" at " + path + " (write {\"stack\": \"" + stack +
               "\", \"deviations\": []} there, or pass --no-records)";
    return std::nullopt;
  }
  return LoadDeviationRecord(path, stack);
}

bool LooksLikeTrace(const std::string& text) {
  std::string why;
  const nlohmann::json document = TryParseJson(text, &why).value_or(nlohmann::json());
  return document.is_object() && document.contains("format") && document["format"] == kTraceFormat;
}

int Report(const GateReport& report, const GateOptions& options, const char* command) {
  std::cout << GateText(report);
  for (const auto& [path, content, is_ours] :
       {std::make_tuple(options.json_out, Dump(GateJson(report), 2) + "\n", &LooksLikeJsonReport),
        std::make_tuple(options.junit_out, GateJunit(report), &LooksLikeJunitReport),
        std::make_tuple(options.html_out, GateHtml(report), &LooksLikeHtmlReport)}) {
    if (path.empty()) continue;
    if (std::string problem = WriteOutputOrRescue(path, content, is_ours); !problem.empty()) {
      std::cerr << "wsdup " << command << ": " << problem << "\n";
      return kExitBadInput;
    }
  }
  return report.Passed() ? kExitOk : kExitFailed;
}

std::string OutputsProblem(const GateOptions& options) {
  namespace fs = std::filesystem;
  const std::tuple<std::string, bool (*)(const std::string&)> outputs[] = {
      {options.json_out, &LooksLikeJsonReport}, {options.junit_out, &LooksLikeJunitReport},
      {options.html_out, &LooksLikeHtmlReport}, {options.trace_out, &LooksLikeTrace}};
  std::vector<fs::path> seen;
  for (const auto& [path, is_ours] : outputs) {
    if (path.empty()) continue;
    if (std::string problem = OutputPathProblem(path, is_ours); !problem.empty()) return problem;
    std::error_code error;
    const fs::path resolved = fs::weakly_canonical(path, error);
    for (const fs::path& other : seen) {
      if (other == resolved) return path + " is named for two outputs";
    }
    seen.push_back(resolved);
  }
  return "";
}

std::optional<LiveRun> PrepareLive(const GateOptions& options, const std::string& program, const char* command) {
  // Output paths first: a problem with one must not cost a whole run to find out.
  if (std::string problem = OutputsProblem(options); !problem.empty()) {
    std::cerr << "wsdup " << command << ": " << problem << "\n";
    return std::nullopt;
  }
  if (std::string problem = TablesProblem(options, options.files.empty()); !problem.empty()) {
    std::cerr << "wsdup " << command << ": " << problem << "\n";
    return std::nullopt;
  }
  LiveRun live;
  try {
    live.tables = TablesFor(options);
  } catch (const InputError& bad) {
    std::cerr << "wsdup: bad input: " << bad.what() << "\n";
    return std::nullopt;
  }
  std::string problem;
  std::vector<StartedBackend> instances = StartBackends(options.backend, program, options.jobs, &problem);
  if (instances.empty()) {
    std::cerr << "wsdup " << command << ": cannot use backend " << options.backend.backend << ": " << problem << "\n";
    return std::nullopt;
  }
  live.started = std::move(instances.front());
  for (size_t i = 1; i < instances.size(); ++i) live.more.push_back(std::move(instances[i]));
  return live;
}

Trace RecordLive(LiveRun& live, const GateOptions& options, const char* command, const DeviationRecord* record) {
  std::vector<Backend*> instances = {live.started.backend.get()};
  for (StartedBackend& more : live.more) instances.push_back(more.backend.get());
  RunAs run_as;
  if (record != nullptr) {
    run_as = [record](const std::string& family, const Scenario& scenario) {
      return WithRecordedWaits(family, scenario, *record);
    };
  }
  return Record(instances, options.backend.backend, live.started.stack, live.tables,
                ProgressLine(std::string(command) + " " + live.started.stack), run_as);
}

}  // namespace wsdup::conformance::cli
