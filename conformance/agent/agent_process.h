// A child process spoken to in lines over its stdin/stdout, with every read bounded by a deadline.
// Killing it also ends what it started (Wine, a custom agent's children): on POSIX the child leads
// its own process group (agent_process_posix.cc); on Windows it runs in a job object
// (agent_process_windows.cc). The line reading above the platform is agent_process.cc.
#ifndef WSDUP_CONFORMANCE_AGENT_AGENT_PROCESS_H_
#define WSDUP_CONFORMANCE_AGENT_AGENT_PROCESS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace wsdup::conformance {

// The longest line an agent may write. A protocol line is a few hundred bytes; a result carrying a
// whole recv is at most 64 KiB of data, escaped. Beyond this the agent is broken, not slow.
inline constexpr size_t kMaxLineBytes = 16u << 20;

class AgentProcess {
 public:
  // Runs `command` through /bin/sh (cmd.exe on Windows) with `extra_env` added to the environment.
  AgentProcess(const std::string& command, const std::map<std::string, std::string>& extra_env);
  ~AgentProcess();
  AgentProcess(const AgentProcess&) = delete;
  AgentProcess& operator=(const AgentProcess&) = delete;

  bool Running() const;
  // False when the child is gone (the pipe is closed).
  bool WriteLine(const std::string& line);
  // The next line, or nullopt on timeout or end of output (see LastFailure()).
  std::optional<std::string> ReadLine(int timeout_ms);
  // Why the last ReadLine failed: "timeout", or how the child ended.
  const std::string& LastFailure() const { return failure_; }
  // Closes stdin, waits up to grace_ms for the child to leave, then kills its process group.
  void Stop(int grace_ms);

 private:
  // What each platform provides. ReadSome: bytes read (> 0) into `into`, 0 at the end of the
  // child's output, -1 when nothing came within timeout_ms. Ended: how the child ended, once its
  // output has ended (waits a bounded time, then kills it).
  long ReadSome(char* into, size_t size, int timeout_ms);
  std::string Ended();

  struct Native;  // the platform's process and pipe handles
  std::unique_ptr<Native> native_;
  std::string buffer_;
  size_t searched_ = 0;  // bytes of buffer_ known to hold no newline
  std::string failure_;
};

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_AGENT_AGENT_PROCESS_H_
