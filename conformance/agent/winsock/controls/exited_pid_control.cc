// Control experiment for DUP-15 (docs/clarifications.md): is an exited process's pid still accepted
// by WSADuplicateSocket because of the harness (a handle kept, the Job object), or because of the
// stack itself? Starts children that end at once, with and without a Job object, lets go of every
// handle to them, and reports whether the pid still resolves and what WSADuplicateSocket does,
// right away and until the pid goes (up to 3 s).
//
//   ./bazelw build //conformance/agent/winsock:exited_pid_control
//   wine bazel-bin/conformance/agent/winsock/exited_pid_control.exe   (or natively on Windows)
#include <winsock2.h>
#include <windows.h>

#include <cstdio>
#include <string>

namespace {

constexpr DWORD kGiveUpMs = 3000;

// An ended child: started suspended so it can join `job` first, then waited for.
PROCESS_INFORMATION EndedChild(HANDLE job) {
  wchar_t path[MAX_PATH];
  GetModuleFileNameW(nullptr, path, MAX_PATH);
  std::wstring command = L"\"" + std::wstring(path) + L"\" --child";
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION child{};
  CreateProcessW(nullptr, command.data(), nullptr, nullptr, FALSE, CREATE_SUSPENDED, nullptr, nullptr, &startup,
                 &child);
  if (job) AssignProcessToJobObject(job, child.hProcess);
  ResumeThread(child.hThread);
  WaitForSingleObject(child.hProcess, 10000);
  return child;
}

// 0 when WSADuplicateSocket accepts the pid, else its WSA error.
int DuplicateFor(SOCKET socket, DWORD pid) {
  WSAPROTOCOL_INFOW info{};
  return WSADuplicateSocketW(socket, pid, &info) == 0 ? 0 : WSAGetLastError();
}

bool PidResolves(DWORD pid) {
  HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
  if (process) CloseHandle(process);
  return process != nullptr;
}

void Measure(const char* setting, SOCKET socket, HANDLE job) {
  PROCESS_INFORMATION child = EndedChild(job);
  const int while_held = DuplicateFor(socket, child.dwProcessId);
  CloseHandle(child.hProcess);
  CloseHandle(child.hThread);
  const int after_release = DuplicateFor(socket, child.dwProcessId);
  const DWORD start = GetTickCount();
  while (PidResolves(child.dwProcessId) && GetTickCount() - start < kGiveUpMs) Sleep(5);
  const DWORD gone_after = GetTickCount() - start;
  std::printf(
      "{\"setting\": \"%s\", \"duplicate_while_handle_held\": %d, \"duplicate_after_handles_released\": %d, "
      "\"pid_resolves_for_ms\": %lu%s, \"duplicate_after_pid_gone\": %d}\n",
      setting, while_held, after_release, static_cast<unsigned long>(gone_after),
      gone_after >= kGiveUpMs ? ", \"gave_up\": true" : "", DuplicateFor(socket, child.dwProcessId));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) return 0;  // --child: end at once
  WSADATA data;
  WSAStartup(MAKEWORD(2, 2), &data);
  SOCKET socket = ::socket(AF_INET, SOCK_STREAM, 0);
  Measure("no job object", socket, nullptr);
  HANDLE job = CreateJobObjectW(nullptr, nullptr);
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  Measure("in the agent's kind of job object", socket, job);
  CloseHandle(job);
  closesocket(socket);
  WSACleanup();
  return 0;
}
