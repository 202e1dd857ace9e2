// --backend=winsock: the bundled Windows agent, under Wine on Linux (a private prefix in the
// user's cache directory, created on first use; winsock_host_wine.cc) and natively on Windows
// (winsock_host_windows.cc). Finding the agent is common (winsock_backend.cc).
#ifndef WSDUP_CONFORMANCE_AGENT_WINSOCK_BACKEND_H_
#define WSDUP_CONFORMANCE_AGENT_WINSOCK_BACKEND_H_

#include <string>

#include "conformance/agent/agent_backend.h"

namespace wsdup::conformance {

// Where the agent's .exe is: $WSDUP_WINSOCK_AGENT, else the runfiles of `program` (argv[0]).
// Empty when it cannot be found.
std::string FindWinsockAgent(const std::string& program);

// Why the Windows agent cannot be started here, found before any scenario runs: the .exe named by
// $WSDUP_WINSOCK_AGENT is no file, or HostProgramsProblem(). "" when nothing is missing.
std::string WinsockHostProblem(const std::string& agent_exe);

// A program the host needs to run the agent that is missing (on Linux: wine, flock), or "".
std::string HostProgramsProblem();

// Options that run `agent_exe`: under Wine, quietly and without a display, on Linux; as itself on
// Windows.
AgentOptions WinsockAgentOptions(const std::string& agent_exe);

#ifndef _WIN32
// The Wine prefix: $WSDUP_WINEPREFIX, else $TEST_TMPDIR/wineprefix under `bazel test`, else
// $XDG_CACHE_HOME/wsdup/wineprefix, else $HOME/.cache/wsdup/wineprefix, else a per-user one in
// the temporary directory.
std::string WinePrefix();
#endif

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_AGENT_WINSOCK_BACKEND_H_
