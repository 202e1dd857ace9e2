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

std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string FindWinsockAgent(const std::string& program) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  const std::string configured = Env("WSDUP_WINSOCK_AGENT");
  if (!configured.empty()) return configured;
  // `bazel run` and `bazel test` start in the runfiles tree; a direct call has runfiles beside it.
  const std::string candidates[] = {
      kAgentPath,
      Env("RUNFILES_DIR") + "/wsdup/" + kAgentPath,
      program + ".runfiles/wsdup/" + kAgentPath,
  };
  for (const std::string& candidate : candidates) {
    if (fs::exists(candidate, ignored)) return fs::absolute(candidate, ignored).string();
  }
  return "";
}

std::string WinePrefix() {
  if (!Env("WSDUP_WINEPREFIX").empty()) return Env("WSDUP_WINEPREFIX");
  // Under `bazel test` HOME may be unset: stay inside the test's own scratch directory.
  if (!Env("TEST_TMPDIR").empty()) return Env("TEST_TMPDIR") + "/wineprefix";
  const std::string cache = !Env("XDG_CACHE_HOME").empty() ? Env("XDG_CACHE_HOME")
                                                           : Env("HOME") + "/.cache";
  return cache + "/wsdup/wineprefix";
}

AgentOptions WinsockAgentOptions(const std::string& agent_exe) {
  AgentOptions options;
  options.label = "winsock";
  const std::string prefix = WinePrefix();
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(prefix).parent_path(), ignored);
  options.command = "exec wine " + Quoted(agent_exe);
  options.env = {
      {"WINEPREFIX", prefix},
      {"WINEDEBUG", "-all"},
      // No Mono or Gecko install prompts when the prefix is first created.
      {"WINEDLLOVERRIDES", "mscoree,mshtml="},
  };
  return options;
}

}  // namespace wsdup::conformance
