// A child process spoken to in lines over its stdin/stdout, with every read bounded by a deadline.
// The child runs in its own process group so that killing it also ends what it started (Wine).
#ifndef WSDUP_CONFORMANCE_AGENT_AGENT_PROCESS_H_
#define WSDUP_CONFORMANCE_AGENT_AGENT_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>

namespace wsdup::conformance {

// The longest line an agent may write. A protocol line is a few hundred bytes; a result carrying a
// whole recv is at most 64 KiB of data, escaped. Beyond this the agent is broken, not slow.
inline constexpr size_t kMaxLineBytes = 16u << 20;

class AgentProcess {
 public:
  // Runs `command` through /bin/sh with `extra_env` added to the environment.
  AgentProcess(const std::string& command, const std::map<std::string, std::string>& extra_env);
  ~AgentProcess();
  AgentProcess(const AgentProcess&) = delete;
  AgentProcess& operator=(const AgentProcess&) = delete;

  bool Running() const { return pid_ > 0; }
  // False when the child is gone (the pipe is closed).
  bool WriteLine(const std::string& line);
  // The next line, or nullopt on timeout or end of output (see LastFailure()).
  std::optional<std::string> ReadLine(int timeout_ms);
  // Why the last ReadLine failed: "timeout", or how the child ended.
  const std::string& LastFailure() const { return failure_; }
  // Closes stdin, waits up to grace_ms for the child to leave, then kills its process group.
  void Stop(int grace_ms);

 private:
  std::string Reap(bool wait);

  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;
  size_t searched_ = 0;  // bytes of buffer_ known to hold no newline
  std::string failure_;
};

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_AGENT_AGENT_PROCESS_H_
