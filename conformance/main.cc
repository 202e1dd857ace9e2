// wsdup: the command line. `run` executes scenario files on a backend; `gate` is the CI gate.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "conformance/model_backend.h"
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
    "  run [--backend=model] [--trace] FILE...\n"
    "      Run scenario files (docs/scenario-format.md) and check every expect.\n"
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

int RunCommand(const std::vector<std::string>& args) {
  std::string backend_name = "model";
  bool trace = false;
  std::vector<std::string> files;
  for (const std::string& arg : args) {
    if (arg == "--trace") {
      trace = true;
    } else if (arg.rfind("--backend=", 0) == 0) {
      backend_name = arg.substr(10);
    } else if (arg.rfind("--", 0) == 0) {
      std::cerr << "wsdup run: unknown option " << arg << "\n" << kUsage;
      return kExitBadInput;
    } else {
      files.push_back(arg);
    }
  }
  if (backend_name != "model") {
    std::cerr << "wsdup run: unknown backend \"" << backend_name
              << "\" (available: model; winsock and agent backends are not built yet)\n";
    return kExitBadInput;
  }
  if (files.empty()) {
    std::cerr << "wsdup run: no scenario files given\n" << kUsage;
    return kExitBadInput;
  }

  // Every file is validated before anything runs: bad input never half-runs a suite.
  std::vector<std::vector<wsdup::conformance::Scenario>> loaded;
  try {
    for (const std::string& file : files) {
      loaded.push_back(wsdup::conformance::LoadScenarioFile(ResolvePath(file)));
    }
  } catch (const InputError& error) {
    std::cerr << "wsdup: bad input: " << error.what() << "\n";
    return kExitBadInput;
  }

  wsdup::conformance::ModelBackend backend;
  int passed = 0, failed = 0, unsupported = 0;
  for (const auto& scenarios : loaded) {
    for (const auto& scenario : scenarios) {
      wsdup::conformance::ScenarioResult result = RunScenario(backend, scenario);
      if (trace) {
        for (const auto& record : result.steps) std::cout << TraceLine(result, record).dump() << "\n";
      }
      std::cout << VerdictName(result.verdict) << "  " << scenario.name;
      if (!result.reason.empty()) std::cout << ": " << result.reason;
      std::cout << "\n";
      switch (result.verdict) {
        case wsdup::conformance::Verdict::kPass: ++passed; break;
        case wsdup::conformance::Verdict::kFail: ++failed; break;
        case wsdup::conformance::Verdict::kUnsupported: ++unsupported; break;
      }
    }
  }
  std::cout << "scenarios on " << backend.Name() << ": " << passed << " pass, " << failed
            << " fail, " << unsupported << " unsupported\n";
  return failed > 0 ? kExitExpectationFailed : kExitAllHeld;
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
  if (command == "run") return RunCommand(args);
  if (command == "gate") {
    std::cerr << "wsdup gate: not available yet. The gate (model vs a real Winsock stack, with\n"
                 "per-backend deviation records) arrives with the conformance-tables work.\n"
                 "Meanwhile: wsdup run fixtures/*.json\n";
    return kExitBadInput;
  }
  std::cerr << "wsdup: unknown command \"" << command << "\"\n" << kUsage;
  return kExitBadInput;
}
