// `wsdup run`: scenario files on one backend, every expect checked; no model comparison.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>

#include "conformance/cli/cli_common.h"
#include "conformance/cli/commands.h"
#include "conformance/run/runner.h"
#include "conformance/format/scenario.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance::cli {
namespace {

int64_t ElapsedUs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - since)
      .count();
}

// --timing: the backend's start-up, per-step latency and throughput, on stderr so that stdout
// stays byte-identical across runs.
void PrintTiming(int64_t startup_us, std::vector<int64_t> step_us, int64_t run_us) {
  if (step_us.empty()) return;
  std::sort(step_us.begin(), step_us.end());
  int64_t total = 0;
  for (int64_t us : step_us) total += us;
  auto at = [&step_us](double q) { return step_us[static_cast<size_t>(q * (step_us.size() - 1))]; };
  std::cerr << "timing: start-up " << startup_us / 1000 << " ms; " << step_us.size() << " steps in "
            << run_us / 1000 << " ms (" << (run_us > 0 ? step_us.size() * 1000000 / run_us : 0)
            << " steps/s overall); per step: median " << at(0.5) << " us, p90 " << at(0.9)
            << " us, max " << step_us.back() << " us; " << total / 1000 << " ms inside steps\n";
}

}  // namespace

namespace {

struct RunOptions {
  BackendOptions backend;
  bool trace = false;
  bool timing = false;
  std::vector<std::string> files;
};

// "" when the options make sense; otherwise what is wrong with them.
std::string ParseRunOptions(const std::vector<std::string>& raw_args, RunOptions* options) {
  options->backend.backend = "model";
  Arguments args(raw_args);
  std::string error;
  while (!args.Done() && error.empty()) {
    if (args.Flag("--trace")) {
      options->trace = true;
    } else if (args.Flag("--timing")) {
      options->timing = true;
    } else if (ParseBackendOption(&args, &options->backend, &error)) {
    } else if (args.Peek().rfind("--", 0) == 0) {
      error = "unknown option " + args.Peek();
    } else {
      options->files.push_back(args.Take());
    }
  }
  if (error.empty()) error = ValidateBackendOptions(options->backend);
  if (error.empty() && options->files.empty()) error = "no scenario files given";
  return error;
}

// Runs every scenario, printing its verdict (and its trace lines with --trace). Returns the exit code.
int RunAll(Backend& backend, const std::vector<std::vector<Scenario>>& loaded, const RunOptions& options,
           int64_t startup_us) {
  std::map<std::string, int> counts;  // by VerdictName
  std::vector<int64_t> step_us;
  const auto run_began = std::chrono::steady_clock::now();
  for (const auto& scenarios : loaded) {
    for (const auto& scenario : scenarios) {
      ScenarioResult result = RunScenario(backend, scenario);
      for (const auto& record : result.steps) step_us.push_back(record.elapsed_us);
      if (options.trace) {
        for (const auto& record : result.steps) std::cout << Dump(TraceLine(result, record)) << "\n";
      }
      std::cout << VerdictName(result) << "  " << scenario.name;
      if (!result.reason.empty()) std::cout << ": " << result.reason;
      std::cout << "\n";
      ++counts[VerdictName(result)];
    }
  }
  if (options.timing) PrintTiming(startup_us, step_us, ElapsedUs(run_began));
  const int failed = counts["FAIL"];
  const int errors = counts["ERROR"];
  std::cout << "scenarios on " << backend.Name() << ": " << counts["PASS"]
            << " pass, " << failed << " fail, " << counts["UNSUPPORTED"]
            << " unsupported, " << errors << " error\n";
  return failed + errors > 0 ? kExitFailed : kExitOk;
}

}  // namespace

int RunCommand(const std::vector<std::string>& raw_args, const std::string& program) {
  RunOptions options;
  if (const std::string error = ParseRunOptions(raw_args, &options); !error.empty()) {
    std::cerr << "wsdup run: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  // Every file is validated before anything runs: bad input never half-runs a suite.
  std::vector<std::vector<Scenario>> loaded;
  try {
    for (const std::string& file : options.files) loaded.push_back(LoadScenarioFile(ResolvePath(file)));
  } catch (const InputError& bad) {
    std::cerr << "wsdup: bad input: " << bad.what() << "\n";
    return kExitBadInput;
  }
  std::string problem;
  const auto startup_began = std::chrono::steady_clock::now();
  StartedBackend started = StartBackend(options.backend, program, &problem);
  const int64_t startup_us = ElapsedUs(startup_began);
  if (!started.backend) {
    std::cerr << "wsdup run: cannot use backend " << options.backend.backend << ": " << problem << "\n";
    return kExitBadInput;
  }
  return RunAll(*started.backend, loaded, options, startup_us);
}

}  // namespace wsdup::conformance::cli
