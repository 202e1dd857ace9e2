// --backend=winsock on Windows (wsdup.exe): the agent runs as itself; nothing hosts it.
#include "conformance/agent/winsock_backend.h"

namespace wsdup::conformance {

std::string HostProgramsProblem() { return ""; }

AgentOptions WinsockAgentOptions(const std::string& agent_exe) {
  AgentOptions options;
  options.label = "winsock";
  options.command = "\"" + agent_exe + "\"";  // run by cmd.exe /s /c (agent_process_windows.cc)
  return options;
}

}  // namespace wsdup::conformance
