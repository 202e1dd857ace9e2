// AgentProcess on Windows (wsdup.exe, built with mingw-w64): CreateProcess through cmd.exe, the
// child in a job object that kills everything it started when the job is terminated or wsdup.exe
// ends (an interrupted wsdup leaves nothing behind), and a reader thread, because an anonymous pipe
// cannot be waited on with a deadline.
#include <windows.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "conformance/agent/agent_process.h"

namespace wsdup::conformance {
namespace {

// The current environment with `extra` set over it, as CreateProcess wants it: NAME=value strings,
// each ended by a NUL, the block ended by one more.
std::vector<char> EnvironmentWith(const std::map<std::string, std::string>& extra) {
  std::vector<char> block;
  char* current = GetEnvironmentStringsA();
  for (const char* entry = current; entry && *entry; entry += std::strlen(entry) + 1) {
    const std::string text(entry);
    const size_t equals = text.find('=', 1);  // "=C:=C:\..." entries start with '='
    if (equals != std::string::npos && extra.count(text.substr(0, equals))) continue;
    block.insert(block.end(), text.begin(), text.end());
    block.push_back('\0');
  }
  if (current) FreeEnvironmentStringsA(current);
  for (const auto& [name, value] : extra) {
    const std::string text = name + "=" + value;
    block.insert(block.end(), text.begin(), text.end());
    block.push_back('\0');
  }
  block.push_back('\0');
  return block;
}

// Asks for the desktop window once, before the first agent starts, so wsdup.exe itself uses the
// desktop for the whole run. Under Wine the desktop is a process (explorer.exe /desktop) started
// on demand and ended once nothing uses it. Measured with wsdup.exe recording Wine right after
// other Wine runs (//conformance/cli:wsdup_exe_test): without this, all 8 runs had the agent's
// first windows (the async_select rows) wait past its 8 s worker bound, and a process sample
// showed the earlier runs' desktop process leave and a new one start just then; with it, 3 of 3
// recordings were byte-identical to the Linux-driven one. On Windows the desktop always exists.
void HoldDesktop() {
  static const HWND desktop = GetDesktopWindow();
  (void)desktop;
}

}  // namespace

struct AgentProcess::Native {
  HANDLE process = nullptr;
  HANDLE job = nullptr;
  HANDLE to_child = nullptr;
  HANDLE from_child = nullptr;
  HANDLE reader = nullptr;
  // What the reader thread has read and not yet taken, guarded by `lock`; `ready` is set while
  // there is something (bytes, or the end of the output) to take.
  CRITICAL_SECTION lock;
  HANDLE ready = nullptr;
  std::string pending;
  bool at_end = false;

  Native() { InitializeCriticalSection(&lock); }
  ~Native() { DeleteCriticalSection(&lock); }

  static DWORD WINAPI ReadLoop(void* self) {
    Native& native = *static_cast<Native*>(self);
    char chunk[65536];
    for (;;) {
      DWORD n = 0;
      const BOOL ok = ReadFile(native.from_child, chunk, sizeof chunk, &n, nullptr);
      EnterCriticalSection(&native.lock);
      if (ok && n > 0) {
        native.pending.append(chunk, n);
      } else {
        native.at_end = true;
      }
      const bool done = native.at_end;
      SetEvent(native.ready);
      LeaveCriticalSection(&native.lock);
      if (done) return 0;
    }
  }

  std::string Describe() {
    DWORD code = 0;
    if (!GetExitCodeProcess(process, &code)) return "ended";
    return "exited with status " + std::to_string(code);
  }
};

AgentProcess::AgentProcess(const std::string& command, const std::map<std::string, std::string>& extra_env)
    : native_(std::make_unique<Native>()) {
  HoldDesktop();
  Native& native = *native_;
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  HANDLE child_in = nullptr, child_out = nullptr;
  if (!CreatePipe(&child_in, &native.to_child, &inherit, 0)) return;
  if (!CreatePipe(&native.from_child, &child_out, &inherit, 0)) {
    CloseHandle(child_in);
    CloseHandle(native.to_child);
    native.to_child = nullptr;
    return;
  }
  // Only the child's ends are inherited.
  SetHandleInformation(native.to_child, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(native.from_child, HANDLE_FLAG_INHERIT, 0);
  native.job = CreateJobObjectW(nullptr, nullptr);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  SetInformationJobObject(native.job, JobObjectExtendedLimitInformation, &limits, sizeof limits);

  STARTUPINFOA startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = child_in;
  startup.hStdOutput = child_out;
  startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION info{};
  // cmd.exe is to Windows what /bin/sh is to POSIX: --agent-cmd is a command line, not a file.
  // /s with the outer quotes: the command line is passed through as written.
  std::string line = "cmd.exe /d /s /c \"" + command + "\"";
  std::vector<char> environment = EnvironmentWith(extra_env);
  const BOOL started = CreateProcessA(nullptr, line.data(), nullptr, nullptr, TRUE, CREATE_SUSPENDED,
                                      environment.data(), nullptr, &startup, &info);
  CloseHandle(child_in);
  CloseHandle(child_out);
  if (!started) {
    CloseHandle(native.to_child);
    CloseHandle(native.from_child);
    native.to_child = native.from_child = nullptr;
    return;
  }
  // In the job before it runs a single instruction, so nothing it starts escapes the job.
  AssignProcessToJobObject(native.job, info.hProcess);
  ResumeThread(info.hThread);
  CloseHandle(info.hThread);
  native.process = info.hProcess;
  native.ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  native.reader = CreateThread(nullptr, 0, &Native::ReadLoop, &native, 0, nullptr);
}

AgentProcess::~AgentProcess() { Stop(0); }

bool AgentProcess::Running() const { return native_->process != nullptr; }

bool AgentProcess::WriteLine(const std::string& line) {
  if (native_->to_child == nullptr) return false;
  const std::string data = line + "\n";
  size_t written = 0;
  while (written < data.size()) {
    DWORD n = 0;
    if (!WriteFile(native_->to_child, data.data() + written, static_cast<DWORD>(data.size() - written), &n, nullptr) ||
        n == 0) {
      return false;
    }
    written += n;
  }
  return true;
}

long AgentProcess::ReadSome(char* into, size_t size, int timeout_ms) {
  Native& native = *native_;
  if (native.reader == nullptr) return 0;
  if (WaitForSingleObject(native.ready, static_cast<DWORD>(timeout_ms)) != WAIT_OBJECT_0) return -1;
  EnterCriticalSection(&native.lock);
  const size_t n = native.pending.size() < size ? native.pending.size() : size;
  std::memcpy(into, native.pending.data(), n);
  native.pending.erase(0, n);
  if (native.pending.empty() && !native.at_end) ResetEvent(native.ready);
  LeaveCriticalSection(&native.lock);
  return static_cast<long>(n);  // 0 only at the end of the output
}

std::string AgentProcess::Ended() {
  Native& native = *native_;
  if (native.process == nullptr) return "not running";
  // One second to leave, as on POSIX; then the job ends it and everything it started.
  if (WaitForSingleObject(native.process, 1000) != WAIT_OBJECT_0) {
    TerminateJobObject(native.job, 1);
    WaitForSingleObject(native.process, 5000);
  }
  const std::string how = native.Describe();
  CloseHandle(native.process);
  native.process = nullptr;
  return how;
}

void AgentProcess::Stop(int grace_ms) {
  Native& native = *native_;
  if (native.to_child != nullptr) CloseHandle(native.to_child);
  native.to_child = nullptr;
  if (native.process != nullptr) {
    if (WaitForSingleObject(native.process, static_cast<DWORD>(grace_ms)) != WAIT_OBJECT_0) {
      TerminateJobObject(native.job, 1);
      WaitForSingleObject(native.process, 5000);
    }
    CloseHandle(native.process);
    native.process = nullptr;
  }
  if (native.job != nullptr) {
    TerminateJobObject(native.job, 1);  // whatever the agent left running
    CloseHandle(native.job);
    native.job = nullptr;
  }
  if (native.reader != nullptr) {
    // Every writer of the pipe is gone with the job, so the reader sees the end; bounded anyway.
    if (WaitForSingleObject(native.reader, 5000) != WAIT_OBJECT_0) CancelSynchronousIo(native.reader);
    // Last resort: the thread touches only this Native, which must not be freed under it.
    if (WaitForSingleObject(native.reader, 5000) != WAIT_OBJECT_0) TerminateThread(native.reader, 1);
    CloseHandle(native.reader);
    native.reader = nullptr;
  }
  if (native.from_child != nullptr) CloseHandle(native.from_child);
  native.from_child = nullptr;
  if (native.ready != nullptr) CloseHandle(native.ready);
  native.ready = nullptr;
}

}  // namespace wsdup::conformance
