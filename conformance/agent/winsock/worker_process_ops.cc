// The worker's process ops (INH-*): set_inheritable, and the child a `spawn` step makes, which this
// process (the parent) creates itself, so that handle inheritance is the real thing.
#include <winsock2.h>
#include <windows.h>

#include <string>

#include "worker_ops.h"

namespace wsdup::agent {
namespace {

// INH-3: SetHandleInformation is not a Winsock call; its failure is a Win32 code, which for a
// value that names no handle is ERROR_INVALID_HANDLE (WSA_INVALID_HANDLE, the same 6).
json SetInheritable(const WorkerRequest& request, json&) {
  const DWORD flags = request.step["value"].get<bool>() ? HANDLE_FLAG_INHERIT : 0;
  if (SetHandleInformation(reinterpret_cast<HANDLE>(request.sock), HANDLE_FLAG_INHERIT, flags)) return Ok();
  return Fail(static_cast<int>(GetLastError()));
}

// CreateProcess of another worker, with bInheritHandles as the step says. The child speaks to the
// coordinator through the named pipe it is told (its std handles would have to be inherited, which
// a spawn without inheritance cannot do); its pid goes to `extra`.
json SpawnChild(const WorkerRequest& request, json& extra) {
  wchar_t path[MAX_PATH];
  GetModuleFileNameW(nullptr, path, MAX_PATH);
  const std::string pipe = request.raw.value("pipe", "");
  std::wstring command = L"\"" + std::wstring(path) + L"\" --worker --pipe=" + std::wstring(pipe.begin(), pipe.end());
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION made{};
  const BOOL inherit = request.step.value("inherit", false) ? TRUE : FALSE;
  // A failure is the harness's, not an observation: the coordinator reports it as a harness error.
  if (!CreateProcessW(nullptr, command.data(), nullptr, nullptr, inherit, 0, nullptr, nullptr, &startup, &made)) {
    extra["create_error"] = static_cast<uint64_t>(GetLastError());
    return json{{"ok", false}, {"error", nullptr}};
  }
  extra["pid"] = static_cast<uint64_t>(made.dwProcessId);
  CloseHandle(made.hThread);
  CloseHandle(made.hProcess);
  return Ok();
}

}  // namespace

void AddProcessOps(HandlerTable& table) {
  table.insert({
      {"set_inheritable", SetInheritable},
      {kSpawnChildOp, SpawnChild},
  });
}

}  // namespace wsdup::agent
