#include "conformance/agent/winsock_backend.h"

#include <cstdlib>
#include <filesystem>

namespace wsdup::conformance {
namespace {

constexpr const char* kAgentPath = "conformance/agent/winsock/wsdup_winsock_agent.exe";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::string WinsockHostProblem(const std::string& agent_exe) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(agent_exe, error)) {
    return "the Windows agent " + agent_exe + " is not a file (unset WSDUP_WINSOCK_AGENT to use the built one)";
  }
  return HostProgramsProblem();
}

std::string FindWinsockAgent(const std::string& program) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  const std::string configured = Env("WSDUP_WINSOCK_AGENT");
  if (!configured.empty()) return configured;
  // `bazel run` and `bazel test` start in the runfiles tree; a direct call has runfiles beside it;
  // a wsdup.exe copied to Windows has the agent beside it (README.md, wsdup on Windows).
  const std::string candidates[] = {
      kAgentPath,
      Env("RUNFILES_DIR") + "/wsdup/" + kAgentPath,
      program + ".runfiles/wsdup/" + kAgentPath,
      (fs::path(program).parent_path() / fs::path(kAgentPath).filename()).string(),
  };
  for (const std::string& candidate : candidates) {
    if (fs::exists(candidate, ignored)) return fs::absolute(candidate, ignored).string();
  }
  return "";
}

}  // namespace wsdup::conformance
