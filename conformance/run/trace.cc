#include "conformance/run/trace.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <filesystem>

#include "conformance/format/observation.h"
#include "conformance/run/runner.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance {
namespace {

using json = nlohmann::json;

// A table's family is its file's stem, which may hold any bytes; it is report and trace text, so
// bytes that are not printable UTF-8 are escaped (\xff) the same way everywhere it appears.
std::string FamilyOfFile(const std::string& path) { return Printable(std::filesystem::path(path).stem().string()); }

// The scenario header of a trace: everything but the steps, which get a line each.
json ScenarioHeader(const TracedScenario& traced) {
  json header = json::object();
  header["family"] = traced.family;
  header["name"] = traced.scenario.name;
  header["rules"] = traced.scenario.rules;
  header["doc"] = traced.scenario.doc;
  // A row through a chain of layers (docs/spi.md) is another row than the same steps without one.
  const auto chain = traced.scenario.definition.find("chain");
  if (chain != traced.scenario.definition.end()) header["chain"] = *chain;
  header["status"] = RunStatusName(traced.status);
  header["reason"] = traced.reason;
  return header;
}

const json& Member(const json& object, const char* key, json::value_t type, const std::string& where) {
  auto found = object.find(key);
  if (found == object.end() || found->type() != type) {
    throw InputError(where + ": \"" + key + "\" is missing or of the wrong type");
  }
  return *found;
}

TracedScenario ParseTracedScenario(const json& entry, const std::string& where) {
  if (!entry.is_object()) throw InputError(where + ": a scenario entry must be an object");
  TracedScenario traced;
  traced.family = Member(entry, "family", json::value_t::string, where).get<std::string>();
  if (!IsPrintableText(traced.family)) throw InputError(where + ": \"family\" must be printable text");
  const std::string status = Member(entry, "status", json::value_t::string, where).get<std::string>();
  traced.reason = Member(entry, "reason", json::value_t::string, where).get<std::string>();
  const std::optional<RunStatus> known = RunStatusFromName(status);
  if (!known) throw InputError(where + ": status must be ran, unsupported or error, not \"" + status + "\"");
  traced.status = *known;
  const json& steps = Member(entry, "steps", json::value_t::array, where);
  json definition = json::object();
  for (const char* key : {"name", "rules", "doc", "chain"}) {
    if (entry.contains(key)) definition[key] = entry[key];
  }
  definition["steps"] = json::array();
  std::vector<const json*> results;
  bool ended = false;
  for (size_t i = 0; i < steps.size(); ++i) {
    const std::string step_where = where + ", step " + std::to_string(i + 1);
    const json& line = steps[i];
    if (!line.is_object() || !line.contains("do")) {
      throw InputError(step_where + ": each step line is {\"do\": <step>, \"result\": <observation>}");
    }
    definition["steps"].push_back(line["do"]);
    if (line.contains("result")) {
      if (ended) throw InputError(step_where + ": a result after a step that did not run");
      results.push_back(&line["result"]);
    } else {
      ended = true;
    }
  }
  std::vector<Scenario> parsed = ParseScenarios(definition, where);
  traced.scenario = std::move(parsed.front());
  if (traced.status == RunStatus::kRan && results.size() != traced.scenario.steps.size()) {
    throw InputError(where + ": status \"ran\" but only " + std::to_string(results.size()) + " of " +
                     std::to_string(traced.scenario.steps.size()) + " steps have a result");
  }
  for (size_t i = 0; i < results.size(); ++i) {
    std::optional<Observation> observation = Observation::FromJson(*results[i]);
    if (!observation) {
      throw InputError(where + ", step " + std::to_string(i + 1) + ": the result is not an observation");
    }
    traced.observed.push_back(std::move(*observation));
  }
  return traced;
}

}  // namespace

std::vector<Table> LoadTableFiles(const std::vector<std::string>& paths) {
  std::vector<Table> tables;
  for (const std::string& path : paths) tables.push_back(Table{FamilyOfFile(path), LoadScenarioFile(path)});
  return tables;
}

std::vector<std::string> JsonFilesIn(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  if (error) throw InputError(directory + ": cannot list the directory: " + error.message());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<Table> LoadTables(const std::string& directory) {
  std::vector<std::string> paths = JsonFilesIn(directory);
  if (paths.empty()) throw InputError(directory + ": no *.json tables here");
  return LoadTableFiles(paths);
}

Trace Record(Backend& backend, const std::string& backend_kind, const std::string& stack,
             const std::vector<Table>& tables, const Progress& progress) {
  return Record(std::vector<Backend*>{&backend}, backend_kind, stack, tables, progress);
}

Trace Record(const std::vector<Backend*>& instances, const std::string& backend_kind, const std::string& stack,
             const std::vector<Table>& tables, const Progress& progress, const RunAs& run_as) {
  std::vector<std::pair<const Table*, const Scenario*>> work;
  for (const Table& table : tables) {
    for (const Scenario& scenario : table.scenarios) work.emplace_back(&table, &scenario);
  }
  Trace trace;
  trace.backend = backend_kind;
  trace.stack = stack;
  trace.scenarios.resize(work.size());
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  auto run = [&](Backend* backend) {
    for (size_t i = next++; i < work.size(); i = next++) {
      const auto [table, scenario] = work[i];
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress(i, work.size(), table->family, scenario->name);
      }
      if (run_as) {
        const Scenario hinted = run_as(table->family, *scenario);
        trace.scenarios[i] = Traced(table->family, *scenario, ExecuteScenario(*backend, hinted));
      } else {
        trace.scenarios[i] = Traced(table->family, *scenario, ExecuteScenario(*backend, *scenario));
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < instances.size(); ++t) threads.emplace_back(run, instances[t]);
  run(instances.front());
  for (std::thread& thread : threads) thread.join();
  return trace;
}

TracedScenario Traced(const std::string& family, const Scenario& scenario, const Execution& execution) {
  TracedScenario traced;
  traced.family = family;
  traced.scenario = scenario;
  traced.status = execution.status;
  traced.reason = execution.reason;
  // A problem the backend reports after the last step (an agent that cannot end the scenario, the
  // model's broken invariant) means the stack's word on this scenario is not complete.
  if (execution.status == RunStatus::kRan && !execution.end_problems.empty()) {
    traced.status = RunStatus::kError;
    traced.reason = execution.end_problems.front();
  }
  for (const StepRecord& record : execution.steps) traced.observed.push_back(record.observed);
  return traced;
}

std::string TraceToText(const Trace& trace) {
  std::ostringstream out;
  out << "{\"format\": " << Dump(json(kTraceFormat)) << ", \"backend\": " << Dump(json(trace.backend))
      << ", \"stack\": " << Dump(json(trace.stack)) << ",\n \"scenarios\": [";
  for (size_t s = 0; s < trace.scenarios.size(); ++s) {
    const TracedScenario& traced = trace.scenarios[s];
    json header = ScenarioHeader(traced);
    std::string head = Dump(header);
    head.pop_back();  // reopen the object to append the steps, one per line
    out << (s ? ",\n" : "\n") << "  " << head << ", \"steps\": [";
    for (size_t i = 0; i < traced.scenario.steps.size(); ++i) {
      json line = json::object();
      line["do"] = traced.scenario.definition["steps"][i];
      if (i < traced.observed.size()) line["result"] = traced.observed[i].ToJson();
      out << (i ? ",\n" : "\n") << "    " << Dump(line);
    }
    out << "\n  ]}";
  }
  out << "\n]}\n";
  return out.str();
}

Trace ParseTrace(const std::string& text, const std::string& path) {
  const json document = ParseJsonText(text, path);
  if (!document.is_object() || !document.contains("format")) {
    throw InputError(path + ": not a wsdup trace (a trace is an object with \"format\": \"" +
                     std::string(kTraceFormat) + "\")");
  }
  const json& format = Member(document, "format", json::value_t::string, path);
  if (format != kTraceFormat) {
    throw InputError(path + ": format " + Dump(format) + " is not " + kTraceFormat);
  }
  Trace trace;
  trace.backend = Member(document, "backend", json::value_t::string, path).get<std::string>();
  trace.stack = Member(document, "stack", json::value_t::string, path).get<std::string>();
  const json& scenarios = Member(document, "scenarios", json::value_t::array, path);
  for (size_t i = 0; i < scenarios.size(); ++i) {
    std::string where = path + ": scenario " + std::to_string(i + 1);
    if (scenarios[i].is_object() && scenarios[i].contains("name") && scenarios[i]["name"].is_string()) {
      where += " \"" + scenarios[i]["name"].get<std::string>() + "\"";
    }
    trace.scenarios.push_back(ParseTracedScenario(scenarios[i], where));
  }
  return trace;
}

Trace LoadTrace(const std::string& path) { return ParseTrace(ReadTextFile(path), path); }

std::vector<Trace> LoadTraces(const std::string& directory) {
  std::vector<Trace> traces;
  for (const std::string& path : JsonFilesIn(directory)) traces.push_back(LoadTrace(path));
  return traces;
}

}  // namespace wsdup::conformance
