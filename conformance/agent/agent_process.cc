#include "conformance/agent/agent_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace wsdup::conformance {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The process groups of the agents alive now, for the interrupt handler: a fixed table of atomics,
// because a signal handler may touch nothing else.
constexpr size_t kMaxGroups = 64;
std::atomic<pid_t> g_groups[kMaxGroups];

void RememberGroup(pid_t group) {
  for (std::atomic<pid_t>& slot : g_groups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, group)) return;
  }
}

void ForgetGroup(pid_t group) {
  for (std::atomic<pid_t>& slot : g_groups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

// SIGINT/SIGTERM/SIGHUP: end every agent's whole process group (a custom agent's children
// included), then die of the same signal as wsdup would have.
void EndAgentsAndDie(int signal_number) {
  for (std::atomic<pid_t>& slot : g_groups) {
    const pid_t group = slot.load();
    if (group > 0) kill(-group, SIGKILL);
  }
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

// Installed once, and only over the default disposition: a host that handles these signals itself
// (a test runner, an IDE) keeps its handler.
void EndAgentsOnInterrupt() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction current {};
      if (sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
        struct sigaction handler {};
        handler.sa_handler = EndAgentsAndDie;
        sigemptyset(&handler.sa_mask);
        sigaction(signal_number, &handler, nullptr);
      }
    }
  });
}

}  // namespace

AgentProcess::AgentProcess(const std::string& command,
                           const std::map<std::string, std::string>& extra_env) {
  // A dead agent must surface as a failed write, not kill the harness.
  signal(SIGPIPE, SIG_IGN);
  EndAgentsOnInterrupt();
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return;
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    return;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(in_pipe[0], STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    for (const auto& [name, value] : extra_env) setenv(name.c_str(), value.c_str(), 1);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (pid < 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    return;
  }
  setpgid(pid, pid);  // also from the parent, so a kill right after fork reaches the group
  pid_ = pid;
  RememberGroup(pid);
  to_child_ = in_pipe[1];
  from_child_ = out_pipe[0];
}

AgentProcess::~AgentProcess() { Stop(0); }

bool AgentProcess::WriteLine(const std::string& line) {
  if (to_child_ < 0) return false;
  std::string data = line + "\n";
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(to_child_, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::string> AgentProcess::ReadLine(int timeout_ms) {
  const int64_t deadline = NowMs() + timeout_ms;
  while (true) {
    // Only the bytes not searched yet: a long line costs linear time, not quadratic.
    const size_t newline = buffer_.find('\n', searched_);
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      searched_ = 0;
      if (!line.empty() && line.back() == '\r') line.pop_back();  // Windows agents write CRLF
      return line;
    }
    searched_ = buffer_.size();
    if (buffer_.size() > kMaxLineBytes) {
      failure_ = "the agent wrote a line longer than " + std::to_string(kMaxLineBytes) + " bytes";
      return std::nullopt;
    }
    if (from_child_ < 0) {
      failure_ = "the agent is not running";
      return std::nullopt;
    }
    const int64_t left = deadline - NowMs();
    if (left <= 0) {
      failure_ = "no answer within " + std::to_string(timeout_ms) + " ms";
      return std::nullopt;
    }
    pollfd fd{from_child_, POLLIN, 0};
    const int ready = poll(&fd, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // re-check the deadline
    char chunk[65536];
    const ssize_t n = read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failure_ = "the agent closed its output (" + Reap(true) + ")";
      return std::nullopt;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

// With `wait`, gives the child one second to finish and then kills its group: never blocks longer.
std::string AgentProcess::Reap(bool wait) {
  if (pid_ <= 0) return "not running";
  int status = 0;
  pid_t done = waitpid(pid_, &status, WNOHANG);
  for (int tries = 0; wait && done == 0 && tries < 100; ++tries) {
    usleep(10000);
    done = waitpid(pid_, &status, WNOHANG);
  }
  if (done == 0 && wait) {
    kill(-pid_, SIGKILL);
    done = waitpid(pid_, &status, 0);
  }
  if (done != pid_) return "still running";
  ForgetGroup(pid_);
  pid_ = -1;
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  return "ended";
}

void AgentProcess::Stop(int grace_ms) {
  if (to_child_ >= 0) close(to_child_);
  to_child_ = -1;
  if (pid_ > 0) {
    const int64_t deadline = NowMs() + grace_ms;
    while (NowMs() < deadline && Reap(false) == "still running") usleep(10000);
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      Reap(true);
    }
  }
  if (from_child_ >= 0) close(from_child_);
  from_child_ = -1;
}

}  // namespace wsdup::conformance
