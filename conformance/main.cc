// wsdup: the command line. `run` executes scenario files on a backend; `gate` is the CI gate.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "conformance/agent_backend.h"
#include "conformance/model_backend.h"
#include "conformance/winsock_backend.h"
#include "conformance/runner.h"
#include "conformance/scenario.h"

namespace {

using wsdup::conformance::InputError;

constexpr int kExitAllHeld = 0;
constexpr int kExitExpectationFailed = 1;
constexpr int kExitBadInput = 2;

constexpr const char* kUsage =
    "usage: wsdup <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [--backend=model|winsock|agent] [--agent-cmd=CMD] [--trace] FILE...\n"
    "      Run scenario files (docs/scenario-format.md) and check every expect.\n"
    "      --backend=winsock: the bundled Windows agent, under Wine on Linux.\n"
    "      --backend=agent: any agent (docs/agent-protocol.md) started with CMD\n"
    "      through /bin/sh. Bounds: --step-timeout-ms=N (an answer), --wait-ms=N\n"
    "      (waiting for something to happen), --negative-wait-ms=N (for nothing).\n"
    "      --timing prints start-up, per-step latency and steps/s on stderr.\n"
    "      One line per scenario; --trace adds each step's result as a JSON line.\n"
    "      Exit 0: all expectations hold; 1: one does not; 2: bad input.\n"
    "  gate\n"
    "      The conformance gate (model vs a real stack). Not available yet.\n"
    "  help\n";

// `bazel run` starts the binary in its runfiles tree; relative paths are the user's.
std::string ResolvePath(const std::string& path) {
  const char* workdir = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path[0] == '/' || workdir == nullptr) return path;
  return std::string(workdir) + "/" + path;
}

struct RunOptions {
  std::string backend = "model";
  std::string agent_cmd;
  int step_timeout_ms = 10000;
  int wait_ms = 2000;
  int negative_wait_ms = 200;
  bool trace = false;
  bool timing = false;
  std::vector<std::string> files;
};

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

// Parses `run`'s arguments; returns an error message, empty when they are fine.
std::string ParseRunOptions(const std::vector<std::string>& args, RunOptions* options) {
  for (const std::string& arg : args) {
    if (arg == "--trace") {
      options->trace = true;
    } else if (arg == "--timing") {
      options->timing = true;
    } else if (arg.rfind("--backend=", 0) == 0) {
      options->backend = arg.substr(10);
    } else if (arg.rfind("--agent-cmd=", 0) == 0) {
      options->agent_cmd = arg.substr(12);
    } else if (arg.rfind("--step-timeout-ms=", 0) == 0) {
      options->step_timeout_ms = std::atoi(arg.substr(18).c_str());
      if (options->step_timeout_ms <= 0) return "--step-timeout-ms needs a positive number";
    } else if (arg.rfind("--wait-ms=", 0) == 0) {
      options->wait_ms = std::atoi(arg.substr(10).c_str());
      if (options->wait_ms <= 0) return "--wait-ms needs a positive number";
    } else if (arg.rfind("--negative-wait-ms=", 0) == 0) {
      options->negative_wait_ms = std::atoi(arg.substr(19).c_str());
      if (options->negative_wait_ms <= 0) return "--negative-wait-ms needs a positive number";
    } else if (arg.rfind("--", 0) == 0) {
      return "unknown option " + arg;
    } else {
      options->files.push_back(arg);
    }
  }
  if (options->backend != "model" && options->backend != "agent" && options->backend != "winsock") {
    return "unknown backend \"" + options->backend + "\" (available: model, winsock, agent)";
  }
  if (options->backend == "agent" && options->agent_cmd.empty()) {
    return "--backend=agent needs --agent-cmd='...'";
  }
  if (options->files.empty()) return "no scenario files given";
  return "";
}

std::unique_ptr<wsdup::conformance::Backend> MakeBackend(const RunOptions& options,
                                                         const std::string& program,
                                                         std::string* problem) {
  if (options.backend == "model") return std::make_unique<wsdup::conformance::ModelBackend>();
  wsdup::conformance::AgentOptions agent;
  if (options.backend == "winsock") {
    const std::string exe = wsdup::conformance::FindWinsockAgent(program);
    if (exe.empty()) {
      *problem = "the Windows agent's .exe was not found (build //conformance/winsock_agent:agent_exe, "
                 "or set WSDUP_WINSOCK_AGENT)";
      return nullptr;
    }
    agent = wsdup::conformance::WinsockAgentOptions(exe);
  } else {
    agent.command = options.agent_cmd;
  }
  agent.step_timeout_ms = options.step_timeout_ms;
  agent.positive_wait_ms = options.wait_ms;
  agent.negative_wait_ms = options.negative_wait_ms;
  auto backend = std::make_unique<wsdup::conformance::AgentBackend>(agent);
  if (!backend->Start()) {
    *problem = backend->Problem();
    return nullptr;
  }
  return backend;
}

int RunCommand(const std::vector<std::string>& args, const std::string& program) {
  RunOptions options;
  if (std::string error = ParseRunOptions(args, &options); !error.empty()) {
    std::cerr << "wsdup run: " << error << "\n" << kUsage;
    return kExitBadInput;
  }

  // Every file is validated before anything runs: bad input never half-runs a suite.
  std::vector<std::vector<wsdup::conformance::Scenario>> loaded;
  try {
    for (const std::string& file : options.files) {
      loaded.push_back(wsdup::conformance::LoadScenarioFile(ResolvePath(file)));
    }
  } catch (const InputError& error) {
    std::cerr << "wsdup: bad input: " << error.what() << "\n";
    return kExitBadInput;
  }

  std::string problem;
  const auto startup_began = std::chrono::steady_clock::now();
  std::unique_ptr<wsdup::conformance::Backend> backend = MakeBackend(options, program, &problem);
  const int64_t startup_us = ElapsedUs(startup_began);
  if (!backend) {
    std::cerr << "wsdup run: cannot use backend " << options.backend << ": " << problem << "\n";
    return kExitBadInput;
  }
  int counts[4] = {0, 0, 0, 0};
  std::vector<int64_t> step_us;
  const auto run_began = std::chrono::steady_clock::now();
  for (const auto& scenarios : loaded) {
    for (const auto& scenario : scenarios) {
      wsdup::conformance::ScenarioResult result = RunScenario(*backend, scenario);
      for (const auto& record : result.steps) step_us.push_back(record.elapsed_us);
      if (options.trace) {
        for (const auto& record : result.steps) std::cout << TraceLine(result, record).dump() << "\n";
      }
      std::cout << VerdictName(result.verdict) << "  " << scenario.name;
      if (!result.reason.empty()) std::cout << ": " << result.reason;
      std::cout << "\n";
      ++counts[static_cast<int>(result.verdict)];
    }
  }
  if (options.timing) PrintTiming(startup_us, step_us, ElapsedUs(run_began));
  using wsdup::conformance::Verdict;
  const int failed = counts[static_cast<int>(Verdict::kFail)];
  const int errors = counts[static_cast<int>(Verdict::kError)];
  std::cout << "scenarios on " << backend->Name() << ": " << counts[static_cast<int>(Verdict::kPass)]
            << " pass, " << failed << " fail, " << counts[static_cast<int>(Verdict::kUnsupported)]
            << " unsupported, " << errors << " error\n";
  return failed + errors > 0 ? kExitExpectationFailed : kExitAllHeld;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? kExitBadInput : kExitAllHeld;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "run") return RunCommand(args, argv[0]);
  if (command == "gate") {
    std::cerr << "wsdup gate: not available yet. The gate (model vs a real Winsock stack, with\n"
                 "per-backend deviation records) arrives with the conformance-tables work.\n"
                 "Meanwhile: wsdup run fixtures/*.json\n";
    return kExitBadInput;
  }
  std::cerr << "wsdup: unknown command \"" << command << "\"\n" << kUsage;
  return kExitBadInput;
}
