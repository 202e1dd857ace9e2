// `wsdup explore`: generated cases on the model, or on a stack against the model; each finding
// shrunk and written as a fixture row (conformance/explore/explorer.h). Stdout is a function of
// the options (byte-identical for the same seed and case count); timing goes to stderr.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

#include "conformance/cli/cli_common.h"
#include "conformance/cli/commands.h"
#include "conformance/cli/gate_options.h"
#include "conformance/cli/model_coverage.h"
#include "conformance/explore/case_judge.h"
#include "conformance/explore/explorer.h"
#include "conformance/format/scenario.h"
#include "conformance/vocabulary/ops.h"

namespace wsdup::conformance::cli {
namespace {

using explore::ExploreOptions;
using explore::ExploreTally;
using explore::Finding;
using nlohmann::json;

constexpr uint64_t kDefaultCases = 1000;
constexpr long kMaxSteps = 10000;

struct ExploreCommandOptions {
  BackendOptions backend;
  ExploreOptions explore;
  bool cases_given = false;
  bool shard_given = false;
  std::string out;  // directory for the rows of findings; "" writes none
  int jobs = 4;     // instances of a stack judging cases side by side (the gate's default)
  bool jobs_given = false;
  // The stack's known deviations, as the gate finds them (--records DIR, default
  // <tables>/deviations); --ignore-known-deviations reports every deviation, to rebuild a record.
  GateOptions records;
};

// "I/N" with 0 <= I < N, as --shard takes it (0-based, like TEST_SHARD_INDEX).
bool ParseShard(const std::string& text, uint32_t* shard, uint32_t* shards) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  const std::optional<long> index = WholeNumber(text.substr(0, slash), 0, 1 << 20);
  const std::optional<long> count = WholeNumber(text.substr(slash + 1), 1, 1 << 20);
  if (!index || !count || *index >= *count) return false;
  *shard = static_cast<uint32_t>(*index);
  *shards = static_cast<uint32_t>(*count);
  return true;
}

std::string ParseExploreOptions(const std::vector<std::string>& raw, ExploreCommandOptions* options) {
  options->backend.backend = "model";
  Arguments args(raw);
  std::string error, value;
  const auto number = [&](const char* name, long low, long high, auto* target) {
    return args.Number(name, low, high, target, &error);
  };
  while (!args.Done() && error.empty()) {
    if (number("--seed", 0, std::numeric_limits<long>::max(), &options->explore.seed)) {
    } else if (number("--cases", 1, std::numeric_limits<long>::max(), &options->explore.cases)) {
      options->cases_given = true;
    } else if (number("--budget", 1, 7 * 24 * 3600, &options->explore.budget_seconds)) {
    } else if (number("--max-steps", 1, kMaxSteps, &options->explore.generator.max_steps)) {
    } else if (number("--procs", 1, 26, &options->explore.generator.procs)) {
    } else if (args.Value("--shard", &value, &error)) {
      if (error.empty() && !ParseShard(value, &options->explore.shard, &options->explore.shards)) {
        error = "--shard takes I/N with 0 <= I < N (0-based, like TEST_SHARD_INDEX), not \"" + value + "\"";
      }
      options->shard_given = true;
    } else if (number("--jobs", 1, kMaxJobs, &options->jobs)) {
      options->jobs_given = true;
    } else if (args.Value("--out", &options->out, &error)) {
    } else if (args.Value("--records", &options->records.records, &error)) {
      options->records.records = ResolvePath(options->records.records);
      options->records.records_named = true;
    } else if (args.Flag("--ignore-known-deviations")) {
      options->records.no_records = true;
    } else if (args.Flag("--no-swarm")) {
      options->explore.generator.swarm = false;
    } else if (ParseBackendOption(&args, &options->backend, &error)) {
    } else {
      error = "unknown argument " + args.Peek();
    }
  }
  if (error.empty()) error = ValidateBackendOptions(options->backend);
  if (error.empty() && options->jobs_given && options->backend.backend == "model") {
    error = "--jobs is for a stack backend: the model explores on one thread (--shard divides it among processes)";
  }
  if (error.empty() && options->records.no_records && options->records.records_named) {
    error = "--records and --ignore-known-deviations contradict each other";
  }
  if (!error.empty()) return error;
  if (options->records.records.empty()) {
    const std::string tables = DefaultTablesDirectory();
    if (!tables.empty()) options->records.records = tables + "/deviations";
  }
  if (!options->cases_given) {
    options->explore.cases = options->explore.budget_seconds > 0 ? std::numeric_limits<uint64_t>::max() : kDefaultCases;
  }
  // Under `bazel test` with shard_count, each shard takes its share unless --shard says otherwise.
  const char* index = std::getenv("TEST_SHARD_INDEX");
  const char* total = std::getenv("TEST_TOTAL_SHARDS");
  if (!options->shard_given && index != nullptr && total != nullptr &&
      !ParseShard(std::string(index) + "/" + total, &options->explore.shard, &options->explore.shards)) {
    return std::string("TEST_SHARD_INDEX=") + index + " and TEST_TOTAL_SHARDS=" + total + " do not make a shard";
  }
  options->explore.generator.alphabet = vocabulary::OpsPerformedBy(options->backend.backend == "model");
  return "";
}

// Bazel asks a sharded test to touch this file to say it understood the sharding variables.
void AcknowledgeSharding() {
  if (const char* status = std::getenv("TEST_SHARD_STATUS_FILE")) std::ofstream(status).flush();
}

// An earlier explore row may be replaced; any other file is the user's.
bool LooksLikeExploreRow(const std::string& text) {
  return text.rfind("[\n  {\"name\": \"explore-", 0) == 0;
}

// A table file with one row, in the fixtures' layout: one step per line.
std::string RowFile(const json& row) {
  std::ostringstream out;
  out << "[\n  {\"name\": " << row["name"].dump() << ",\n   \"rules\": " << row["rules"].dump()
      << ",\n   \"doc\": " << row["doc"].dump(-1, ' ', false, json::error_handler_t::replace)
      << ",\n   \"steps\": [\n";
  const json& steps = row["steps"];
  for (size_t i = 0; i < steps.size(); ++i) {
    out << "     " << steps[i].dump(-1, ' ', false, json::error_handler_t::replace)
        << (i + 1 < steps.size() ? ",\n" : "\n");
  }
  out << "   ]}\n]\n";
  return out.str();
}

std::string CaseRange(const ExploreCommandOptions& options) {
  std::string range = "seed " + std::to_string(options.explore.seed) + ", ";
  if (options.explore.cases == std::numeric_limits<uint64_t>::max()) {
    range += "cases from 0 until the budget is spent";
  } else {
    range += "cases 0.." + std::to_string(options.explore.cases - 1);
  }
  if (options.explore.shards > 1) {
    range += " (shard " + std::to_string(options.explore.shard) + " of " + std::to_string(options.explore.shards) +
             ": every " + std::to_string(options.explore.shards) + "th from " + std::to_string(options.explore.shard) +
             ")";
  }
  return range;
}

void PrintFinding(size_t number, const Finding& finding, const std::string& row_path) {
  const explore::Problem& problem = finding.problem;
  char seed[19];
  std::snprintf(seed, sizeof seed, "0x%016llx", static_cast<unsigned long long>(finding.case_seed));
  std::cout << "FINDING " << number << ": " << explore::ProblemKindName(problem.kind) << " at step "
            << problem.step + 1 << " (" << problem.op << "), shrunk to " << finding.steps.size() << " steps from "
            << finding.generated_steps << " (case " << finding.case_index << ", case seed " << seed << ", "
            << finding.shrink_tries << " shrink tries";
  if (finding.also_seen > 0) std::cout << "; also in " << finding.also_seen << " later case(s)";
  std::cout << ")\n"
            << "  expected: " << Printable(problem.expected, 2000) << "\n"
            << "  observed: " << Printable(problem.observed, 2000) << "\n  rules:";
  for (const std::string& rule : problem.rules) std::cout << " " << rule;
  std::cout << "\n";
  if (!row_path.empty()) std::cout << "  row: " << row_path << "\n";
}

void PrintCoverage(const ExploreTally& tally, const std::vector<std::string_view>& alphabet) {
  std::vector<std::string_view> never;
  for (std::string_view op : alphabet) {
    if (tally.coverage.ops.count(std::string(op)) == 0) never.push_back(op);
  }
  std::cout << "ops generated: " << alphabet.size() - never.size() << " of " << alphabet.size();
  if (!never.empty()) {
    std::cout << "; never:";
    for (std::string_view op : never) std::cout << " " << op;
  }
  std::cout << "\n";
  PrintModelCoverage(tally.coverage.rules, tally.coverage.open_points);
}

void PrintProgress(const ExploreTally& tally, double seconds) {
  if (tally.shrinking) {
    std::cerr << "explore: shrinking finding " << tally.findings.size() + 1 << ": " << tally.shrink_tries
              << " candidates tried, " << tally.shrink_steps << " steps so far\n";
    return;
  }
  std::cerr << "explore: " << tally.cases << " cases, " << static_cast<uint64_t>(tally.cases / seconds)
            << " cases/s, " << static_cast<uint64_t>(tally.steps / seconds) << " steps/s, "
            << tally.coverage.rules.Count() << " rules, " << tally.findings.size() << " finding(s)\n";
}

// Timing, so stderr: where the time on the stack went, the ops that took most first (on Wine
// the waits: an expected silence costs its whole bound), and how many deviations were run again
// with the judged row's own waits.
void PrintStackTime(const std::vector<std::unique_ptr<explore::StackJudge>>& judges) {
  std::map<std::string, explore::StackJudge::OpTime> by_op;
  size_t confirmations = 0;
  for (const auto& judge : judges) {
    confirmations += judge->Confirmations();
    for (const auto& [op, time] : judge->TimeByOp()) {
      by_op[op].steps += time.steps;
      by_op[op].us += time.us;
    }
  }
  std::vector<std::pair<std::string, explore::StackJudge::OpTime>> ops(by_op.begin(), by_op.end());
  int64_t total_us = 0;
  for (const auto& [op, time] : ops) total_us += time.us;
  std::stable_sort(ops.begin(), ops.end(), [](const auto& a, const auto& b) { return a.second.us > b.second.us; });
  std::cerr << "explore: " << total_us / 1000 << " ms on the stack (" << judges.size() << " instance(s) side by side)";
  for (size_t i = 0; i < ops.size() && i < 6; ++i) {
    std::cerr << (i == 0 ? ": " : ", ") << ops[i].first << " " << ops[i].second.us / 1000 << " ms ("
              << ops[i].second.steps << " steps, " << (total_us > 0 ? 100 * ops[i].second.us / total_us : 0) << "%)";
  }
  std::cerr << "; " << confirmations << " deviation(s) run again with the judged row's waits\n";
}

}  // namespace

int ExploreCommand(const std::vector<std::string>& raw_args, const std::string& program) {
  for (const std::string& arg : raw_args) {
    if (arg == "--exhaustive") return ExhaustiveCommand(raw_args);
  }
  ExploreCommandOptions options;
  if (const std::string error = ParseExploreOptions(raw_args, &options); !error.empty()) {
    std::cerr << "wsdup explore: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  AcknowledgeSharding();
  // The output directory is checked (and made) before the run, not after it.
  std::string out_dir;
  if (!options.out.empty()) {
    out_dir = ResolvePath(options.out);
    std::error_code failed;
    std::filesystem::create_directories(out_dir, failed);
    if (!std::filesystem::is_directory(out_dir)) {
      std::cerr << "wsdup explore: --out " << Printable(options.out, 500) << " is not a directory and cannot be made"
                << (failed ? " (" + failed.message() + ")" : std::string()) << "\n";
      return kExitBadInput;
    }
    if (std::string problem = OutputPathProblem((std::filesystem::path(out_dir) / "explore-probe.json").string(),
                                                LooksLikeExploreRow);
        !problem.empty()) {
      std::cerr << "wsdup explore: --out " << Printable(options.out, 500) << ": " << problem << "\n";
      return kExitBadInput;
    }
  }
  // One judge per instance of the stack (--jobs); the first instance's stack names the run.
  std::vector<StartedBackend> instances;
  std::vector<std::unique_ptr<explore::StackJudge>> stack_judges;
  std::optional<DeviationRecord> record;
  if (options.backend.backend != "model") {
    std::string problem;
    instances = StartBackends(options.backend, program, options.jobs, &problem);
    if (instances.empty()) {
      std::cerr << "wsdup explore: cannot use backend " << options.backend.backend << ": " << problem << "\n";
      return kExitBadInput;
    }
    const StartedBackend& started = instances.front();
    try {
      record = RecordFor(options.records, started.stack, &problem);
    } catch (const InputError& bad) {
      problem = bad.what();
    }
    if (!record) {
      // RecordFor speaks the gate's language; explore's switch for "no known deviations" is this.
      for (size_t at = problem.find("--no-records"); at != std::string::npos; at = problem.find("--no-records")) {
        problem.replace(at, std::strlen("--no-records"), "--ignore-known-deviations");
      }
      std::cerr << "wsdup explore: " << problem << "\n";
      return kExitBadInput;
    }
    for (StartedBackend& instance : instances) {
      stack_judges.push_back(std::make_unique<explore::StackJudge>(*instance.backend, options.backend.backend,
                                                                   started.stack,
                                                                   options.records.no_records ? nullptr : &*record));
    }
  }
  std::vector<explore::CaseJudge*> judges;
  for (const auto& judge : stack_judges) judges.push_back(judge.get());
  const bool on_stack = !judges.empty();
  const std::string on = on_stack ? Printable(instances.front().stack, 200) + " against the model" : "the model";
  std::cout << "wsdup explore on " << on << ": " << CaseRange(options) << "; up to "
            << options.explore.generator.max_steps << " steps, " << options.explore.generator.procs << " processes"
            << (options.explore.generator.swarm ? ", swarm" : "") << "\n";
  const auto began = std::chrono::steady_clock::now();
  const ExploreTally tally = explore::Explore(options.explore, judges, PrintProgress);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  int unwritten = 0;
  for (size_t i = 0; i < tally.findings.size(); ++i) {
    const Finding& finding = tally.findings[i];
    std::string row_path;
    if (!out_dir.empty()) {
      row_path = (std::filesystem::path(out_dir) / (finding.RowName() + ".json")).string();
      if (std::string problem = WriteOutputOrRescue(row_path, RowFile(finding.Row()), LooksLikeExploreRow);
          !problem.empty()) {
        std::cerr << "wsdup explore: " << problem << "\n";
        ++unwritten;
      }
    }
    PrintFinding(i + 1, finding, row_path.empty() ? "" : options.out + "/" + finding.RowName() + ".json");
  }
  std::cout << "explored " << tally.cases << " cases, " << tally.steps << " steps: " << tally.findings.size()
            << " finding(s)";
  if (on_stack) {
    if (options.records.no_records) {
      std::cout << "; every deviation reported (--ignore-known-deviations)";
    } else {
      std::cout << "; " << tally.known << " deviation(s) explained by " << Printable(record->path, 500);
    }
  }
  std::cout << "\n";
  PrintCoverage(tally, options.explore.generator.alphabet);
  std::cerr << "explore: " << tally.cases << " cases in " << seconds << " s (" << static_cast<uint64_t>(tally.cases / seconds)
            << " cases/s, " << static_cast<uint64_t>(tally.steps / seconds) << " steps/s)\n";
  if (on_stack) {
    // On stderr with the timing: whether a reused value led to a deviation depends on what the value
    // happens to name in the caller, and Wine's handle values vary with its threads' timing (seed 7,
    // 16 instances: 39 then 40 cases), while the findings stay the same.
    std::cerr << "explore: " << tally.cut_by_reuse << " case(s) judged only up to a descriptor value the stack may "
              << "reuse, " << tally.cut_after_known << " only up to a known deviation that leaves the stack unlike "
              << "the model (a message never posted, a dead descriptor)\n";
    PrintStackTime(stack_judges);
  }
  if (unwritten > 0) return kExitBadInput;
  return tally.findings.empty() ? kExitOk : kExitFailed;
}

}  // namespace wsdup::conformance::cli
