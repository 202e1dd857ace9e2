// AgentProcess on POSIX: fork and exec through /bin/sh, pipes read with poll, the child leading its
// own process group so that one kill ends everything it started.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "conformance/agent/agent_process.h"

namespace wsdup::conformance {
namespace {

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

struct AgentProcess::Native {
  pid_t pid = -1;
  int to_child = -1;
  int from_child = -1;

  // With `wait`, gives the child one second to finish and then kills its group: never blocks longer.
  std::string Reap(bool wait) {
    if (pid <= 0) return "not running";
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    for (int tries = 0; wait && done == 0 && tries < 100; ++tries) {
      usleep(10000);
      done = waitpid(pid, &status, WNOHANG);
    }
    if (done == 0 && wait) {
      kill(-pid, SIGKILL);
      done = waitpid(pid, &status, 0);
    }
    if (done != pid) return "still running";
    ForgetGroup(pid);
    pid = -1;
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
    return "ended";
  }
};

AgentProcess::AgentProcess(const std::string& command, const std::map<std::string, std::string>& extra_env)
    : native_(std::make_unique<Native>()) {
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
  native_->pid = pid;
  RememberGroup(pid);
  native_->to_child = in_pipe[1];
  native_->from_child = out_pipe[0];
}

AgentProcess::~AgentProcess() { Stop(0); }

bool AgentProcess::Running() const { return native_->pid > 0; }

bool AgentProcess::WriteLine(const std::string& line) {
  if (native_->to_child < 0) return false;
  std::string data = line + "\n";
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(native_->to_child, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

long AgentProcess::ReadSome(char* into, size_t size, int timeout_ms) {
  if (native_->from_child < 0) return 0;
  pollfd fd{native_->from_child, POLLIN, 0};
  if (poll(&fd, 1, timeout_ms) <= 0) return -1;  // a timeout or an interrupted wait: the caller re-checks
  const ssize_t n = read(native_->from_child, into, size);
  if (n < 0 && errno == EINTR) return -1;
  return n < 0 ? 0 : static_cast<long>(n);
}

std::string AgentProcess::Ended() { return native_->Reap(true); }

void AgentProcess::Stop(int grace_ms) {
  if (native_->to_child >= 0) close(native_->to_child);
  native_->to_child = -1;
  if (native_->pid > 0) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
    while (std::chrono::steady_clock::now() < deadline && native_->Reap(false) == "still running") usleep(10000);
    if (native_->pid > 0) {
      kill(-native_->pid, SIGKILL);
      native_->Reap(true);
    }
  }
  if (native_->from_child >= 0) close(native_->from_child);
  native_->from_child = -1;
}

}  // namespace wsdup::conformance
