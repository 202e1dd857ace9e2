// --backend=winsock on Linux: the Windows agent under Wine, in a private prefix created once under
// a lock. (winsock_host_windows.cc is the same job on Windows, where no host is needed.)
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "conformance/agent/winsock_backend.h"

namespace wsdup::conformance {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string Quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The first executable `name` in a directory of $PATH, as the shell would find it; "" if none.
std::string OnPath(const std::string& name) {
  const std::string path = Env("PATH");
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find(':', start), path.size());
    const std::string directory = end > start ? path.substr(start, end - start) : ".";
    const std::string candidate = directory + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

}  // namespace

std::string HostProgramsProblem() {
  // What the agent's command line (WinsockAgentOptions) runs; a missing one would otherwise show up
  // as an agent that never said hello.
  const std::pair<const char*, const char*> needed[] = {
      {"wine", "Debian: apt-get install wine; ./bazelw installs it"},
      {"flock", "Debian: apt-get install util-linux"},
  };
  for (const auto& [program, how] : needed) {
    if (OnPath(program).empty()) {
      return std::string(program) + " is not on PATH; the Windows agent needs it (" + how + ")";
    }
  }
  return "";
}

std::string WinePrefix() {
  if (!Env("WSDUP_WINEPREFIX").empty()) return Env("WSDUP_WINEPREFIX");
  // Under `bazel test` HOME may be unset: stay inside the test's own scratch directory.
  if (!Env("TEST_TMPDIR").empty()) return Env("TEST_TMPDIR") + "/wineprefix";
  if (!Env("XDG_CACHE_HOME").empty()) return Env("XDG_CACHE_HOME") + "/wsdup/wineprefix";
  std::error_code error;
  if (!Env("HOME").empty() && std::filesystem::is_directory(Env("HOME"), error)) {
    return Env("HOME") + "/.cache/wsdup/wineprefix";
  }
  // No usable HOME (a service account, `env -i`): never /.cache; a per-user temporary prefix, said
  // out loud because it is created afresh (about 10 s) whenever the temporary directory is cleaned.
  const std::string fallback = (std::filesystem::temp_directory_path(error) /
                                ("wsdup-wineprefix-" + std::to_string(::getuid())))
                                   .string();
  std::cerr << "wsdup: HOME is unset or not a directory and XDG_CACHE_HOME is unset; the Wine prefix is "
            << fallback << " (set WSDUP_WINEPREFIX to choose)\n";
  return fallback;
}

AgentOptions WinsockAgentOptions(const std::string& agent_exe) {
  AgentOptions options;
  options.label = "winsock";
  const std::string prefix = WinePrefix();
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(prefix).parent_path(), ignored);
  // Two gates creating one fresh prefix at once race inside wineserver (1 run in 13 failed). The
  // prefix is therefore created under a lock, by one wineboot, before the agent starts; a prefix
  // that exists costs one uncontended lock. `-o`: wineboot starts wineserver, which lingers, and
  // must not inherit the lock (every other agent would wait for it).
  options.command = "flock -o -w 300 " + Quoted(prefix + ".lock") +
                    " sh -c '[ -d \"$WINEPREFIX/drive_c\" ] || wineboot -i >/dev/null 2>&1' && exec wine " +
                    Quoted(agent_exe);
  options.env = {
      {"WINEPREFIX", prefix},
      {"WINEDEBUG", "-all"},
      // No Mono or Gecko install prompts when the prefix is first created.
      {"WINEDLLOVERRIDES", "mscoree,mshtml="},
  };
  return options;
}

}  // namespace wsdup::conformance
