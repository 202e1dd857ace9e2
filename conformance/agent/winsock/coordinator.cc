// The coordinator: speaks the agent protocol on stdin/stdout, starts one worker process per
// scenario process (CreateProcess, so each has its own real pid) inside a Job object that kills
// them all if the coordinator dies, carries blobs between workers as bytes, and holds the harness
// peers: the far ends of loopback TCP connections.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <cstdio>
#include <map>
#include <string>

#include "common.h"

namespace wsdup::agent {
namespace {

struct Worker {
  PROCESS_INFORMATION process{};
  HANDLE to_worker = nullptr;
  HANDLE from_worker = nullptr;
  std::string buffer;
  bool alive = false;
};

struct Descriptor {
  std::string proc;
  uint64_t handle = static_cast<uint64_t>(INVALID_SOCKET);
};

class Coordinator {
 public:
  Coordinator() {
    job_ = CreateJobObjectW(nullptr, nullptr);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetInformationJobObject(job_, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  }

  json Handle(const json& request) {
    const std::string type = request.value("type", "");
    if (type == "reset") {
      Reset();
      return json{{"type", "ready"}};
    }
    if (type == "step") return json{{"type", "result"}, {"result", Step(request)}};
    if (type == "end") return json{{"type", "ended"}, {"problems", json::array()}};
    return json{{"type", "error"}, {"message", "unexpected request type \"" + type + "\""}};
  }

  void Reset() {
    for (auto& [name, worker] : workers_) Stop(worker);
    workers_.clear();
    for (auto& [name, peer] : peers_) closesocket(peer);
    peers_.clear();
    descriptors_.clear();
    blobs_.clear();
  }

 private:
  // A process comes into existence at its first mention.
  Worker* WorkerFor(const std::string& proc) {
    auto found = workers_.find(proc);
    if (found != workers_.end()) return &found->second;
    Worker& worker = workers_[proc];
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    HANDLE child_in = nullptr, child_out = nullptr;
    if (!CreatePipe(&child_in, &worker.to_worker, &inherit, 0) ||
        !CreatePipe(&worker.from_worker, &child_out, &inherit, 0)) {
      start_failure_ = "CreatePipe failed with error " + std::to_string(GetLastError());
      return nullptr;
    }
    // Only the child's ends are inherited; no worker gets another worker's pipes.
    SetHandleInformation(worker.to_worker, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(worker.from_worker, HANDLE_FLAG_INHERIT, 0);
    wchar_t path[MAX_PATH];
    GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring command = L"\"" + std::wstring(path) + L"\" --worker";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = child_in;
    startup.hStdOutput = child_out;
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    const BOOL made = CreateProcessW(nullptr, command.data(), nullptr, nullptr, TRUE, CREATE_SUSPENDED,
                                     nullptr, nullptr, &startup, &worker.process);
    const DWORD create_error = GetLastError();
    CloseHandle(child_in);
    CloseHandle(child_out);
    if (!made) {
      start_failure_ = "CreateProcess failed with error " + std::to_string(create_error);
      return nullptr;
    }
    AssignProcessToJobObject(job_, worker.process.hProcess);
    ResumeThread(worker.process.hThread);
    worker.alive = true;
    return &worker;
  }

  void Stop(Worker& worker) {
    if (worker.alive) {
      TerminateProcess(worker.process.hProcess, 0);
      WaitForSingleObject(worker.process.hProcess, 5000);
    }
    ReleaseProcess(worker);
    CloseHandle(worker.to_worker);
    CloseHandle(worker.from_worker);
    worker.to_worker = worker.from_worker = nullptr;
    worker.alive = false;
  }

  // Holding a handle would keep an exited process's object alive, and with it its pid: let go.
  static void ReleaseProcess(Worker& worker) {
    if (worker.process.hProcess) CloseHandle(worker.process.hProcess);
    if (worker.process.hThread) CloseHandle(worker.process.hThread);
    worker.process.hProcess = worker.process.hThread = nullptr;
  }

  // One request to a worker and its answer, bounded; a dead or silent worker is a harness error.
  json Ask(const std::string& proc, json request, json* extra) {
    Worker* worker = WorkerFor(proc);
    if (worker == nullptr) return HarnessError("cannot start a worker for process " + proc + " (" + start_failure_ + ")");
    if (!worker->alive) return HarnessError("process " + proc + " is not running");
    if (!WriteLineTo(worker->to_worker, request.dump())) return HarnessError("worker " + proc + " is gone");
    bool closed = false;
    std::optional<std::string> line = ReadLineFrom(worker->from_worker, worker->buffer, kWorkerReplyMs, &closed);
    if (!line) {
      return HarnessError(closed ? "worker " + proc + " crashed" : "worker " + proc + " did not answer in time");
    }
    json answer = json::parse(*line, nullptr, false);
    if (!answer.is_object() || !answer.contains("result")) return HarnessError("worker " + proc + " babbled");
    *extra = answer.value("extra", json::object());
    return answer["result"];
  }

  static json HarnessError(const std::string& message) { return json{{"harness_error", message}}; }

  json Step(const json& request) {
    const json& step = request.value("step", json::object());
    const std::string op = step.value("op", "");
    const std::string proc = step.value("proc", "");
    const DWORD wait_ms = request.value("wait_ms", kDefaultWaitMs);
    if (op.rfind("peer_", 0) == 0) return PeerStep(step, wait_ms);
    if (op == "exit") return Exit(proc);

    json to_worker{{"step", step}, {"wait_ms", wait_ms}};
    if (step.contains("sock")) {
      auto found = descriptors_.find(step["sock"].get<std::string>());
      to_worker["sock"] = found == descriptors_.end() ? static_cast<uint64_t>(INVALID_SOCKET) : found->second.handle;
    }
    if (op == "duplicate") to_worker["pid"] = TargetPid(step);
    if (op == "from_blob") to_worker["blob"] = blobs_[step.value("blob", "")];
    SOCKET listener = INVALID_SOCKET;
    if (op == "connected") {
      listener = Listener();
      if (listener == INVALID_SOCKET) return HarnessError("cannot make a loopback listener");
      to_worker["port"] = PortOf(listener);
    }
    json extra;
    json result = Ask(proc, to_worker, &extra);
    if (op == "connected") {
      if (result.value("ok", false)) peers_[step.value("peer", "")] = AcceptPeer(listener);
      closesocket(listener);
    }
    const std::string as = step.value("as", "");
    if (!as.empty() && op == "duplicate") {
      blobs_[as] = extra.value("blob", std::string(2 * sizeof(WSAPROTOCOL_INFOW), '0'));
    } else if (!as.empty()) {
      descriptors_[as] = Descriptor{proc, extra.value("handle", static_cast<uint64_t>(INVALID_SOCKET))};
    }
    if (extra.contains("wparam")) result["sock"] = NameOf(proc, extra["wparam"].get<uint64_t>());
    return result;
  }

  json Exit(const std::string& proc) {
    Worker* worker = WorkerFor(proc);
    if (worker == nullptr || !worker->alive) return HarnessError("process " + proc + " is not running");
    WriteLineTo(worker->to_worker, json{{"step", {{"op", "exit"}}}}.dump());
    if (WaitForSingleObject(worker->process.hProcess, kWorkerReplyMs) != WAIT_OBJECT_0) {
      return HarnessError("process " + proc + " did not exit");
    }
    worker->alive = false;
    const DWORD pid = worker->process.dwProcessId;
    ReleaseProcess(*worker);
    AwaitPidReleased(pid);
    return Ok();
  }

  // The system may keep an ended process's object, and so its pid, for a moment after the process
  // is signalled: Wine 8.0 keeps it about 0.5 s whoever holds what (docs/clarifications.md, DUP-15;
  // the control is conformance/agent/winsock/controls/exited_pid_control.cc). Rows after `exit`
  // mean a process that is gone, so wait, bounded, until its pid names nothing. A stack that keeps
  // the pid longer is still observed doing so.
  static void AwaitPidReleased(DWORD pid) {
    for (DWORD waited = 0; waited < kPidReleaseMs; waited += kPidPollMs) {
      HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
      if (process == nullptr) return;
      CloseHandle(process);
      Sleep(kPidPollMs);
    }
  }

  DWORD TargetPid(const json& step) {
    if (step.contains("target")) {
      Worker* target = WorkerFor(step["target"].get<std::string>());
      return target ? target->process.dwProcessId : 0;
    }
    return step.value("target_pid", "") == "zero" ? 0 : 0xFFFFFFFCu;  // "unused": no process has it
  }

  std::string NameOf(const std::string& proc, uint64_t handle) const {
    for (const auto& [name, descriptor] : descriptors_) {
      if (descriptor.proc == proc && descriptor.handle == handle) return name;
    }
    return "?";
  }

  static SOCKET Listener() {
    SOCKET listener = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
    sockaddr_in address = Loopback(0);
    if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 4) != 0) {
      closesocket(listener);
      return INVALID_SOCKET;
    }
    return listener;
  }

  static int PortOf(SOCKET s) {
    sockaddr_in address{};
    int size = sizeof address;
    getsockname(s, reinterpret_cast<sockaddr*>(&address), &size);
    return ntohs(address.sin_port);
  }

  static SOCKET AcceptPeer(SOCKET listener) {
    if (!Readable(listener, kDefaultWaitMs)) return INVALID_SOCKET;
    SOCKET peer = accept(listener, nullptr, nullptr);
    u_long non_blocking = 1;
    ioctlsocket(peer, FIONBIO, &non_blocking);
    return peer;
  }

  json PeerStep(const json& step, DWORD wait_ms) {
    const std::string op = step["op"].get<std::string>();
    const std::string name = step.value("peer", "");
    if (op == "peer_connect") {
      auto found = descriptors_.find(step.value("sock", ""));
      if (found == descriptors_.end()) return Fail(WSAECONNREFUSED);
      json extra;
      json port = Ask(found->second.proc,
                      json{{"step", {{"op", "port_of"}}}, {"sock", found->second.handle}}, &extra);
      if (port.contains("harness_error")) return port;
      SOCKET peer = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_NO_HANDLE_INHERIT);
      sockaddr_in to = Loopback(static_cast<u_short>(extra.value("port", 0)));
      if (!port.value("ok", false) || connect(peer, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        closesocket(peer);
        peers_[name] = INVALID_SOCKET;
        return Fail(WSAECONNREFUSED);
      }
      u_long non_blocking = 1;
      ioctlsocket(peer, FIONBIO, &non_blocking);
      peers_[name] = peer;
      return Ok();
    }
    auto found = peers_.find(name);
    const SOCKET peer = found == peers_.end() ? INVALID_SOCKET : found->second;
    if (op == "peer_send") {
      const std::string bytes = step.value("bytes", "");
      send(peer, bytes.data(), static_cast<int>(bytes.size()), 0);
      return Ok();
    }
    if (op == "peer_close") {
      shutdown(peer, SD_SEND);
      return Ok();
    }
    if (op == "peer_recv") {
      std::string got;
      DWORD wait = wait_ms;
      while (Readable(peer, wait)) {
        char buffer[65536];
        const int n = recv(peer, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        got.append(buffer, static_cast<size_t>(n));
        wait = 20;  // after the first bytes, only what is already on its way
      }
      json out = Ok();
      out["value"] = got;
      return out;
    }
    if (op == "peer_state") {
      json out = Ok();
      if (peer == INVALID_SOCKET) {
        out["state"] = "reset";
        return out;
      }
      if (!Readable(peer, wait_ms)) {
        out["state"] = "open";
        return out;
      }
      char byte;
      const int n = recv(peer, &byte, 1, MSG_PEEK);
      if (n > 0) {
        out["state"] = "data";
      } else if (n == 0) {
        out["state"] = "eof";
      } else {
        out["state"] = WSAGetLastError() == WSAEWOULDBLOCK ? "open" : "reset";
      }
      return out;
    }
    return HarnessError("unknown harness op " + op);
  }

  HANDLE job_ = nullptr;
  std::map<std::string, Worker> workers_;
  std::string start_failure_;  // why the last worker could not start, for the harness error
  std::map<std::string, SOCKET> peers_;
  std::map<std::string, Descriptor> descriptors_;
  std::map<std::string, std::string> blobs_;
};

std::string StackName() {
  using WineVersion = const char*(CDECL*)();
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  if (auto wine = reinterpret_cast<WineVersion>(GetProcAddress(ntdll, "wine_get_version"))) {
    return std::string("wine-") + wine();
  }
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  OSVERSIONINFOW version{};
  version.dwOSVersionInfoSize = sizeof version;
  if (auto get = reinterpret_cast<RtlGetVersionFn>(GetProcAddress(ntdll, "RtlGetVersion"))) get(&version);
  return "windows-" + std::to_string(version.dwMajorVersion) + "." + std::to_string(version.dwMinorVersion) +
         "." + std::to_string(version.dwBuildNumber);
}

}  // namespace

int CoordinatorMain() {
  WSADATA data;
  WSAStartup(MAKEWORD(2, 2), &data);  // the coordinator's own, for the peers
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  const json ops = {"startup", "cleanup", "socket", "connected", "duplicate", "from_blob", "closesocket",
                    "bind", "listen", "getsockname", "accept", "setsockopt", "getsockopt", "fionbio",
                    "event_select", "async_select", "wait_event", "wait_message", "enum_events", "send",
                    "recv", "exit", "peer_send", "peer_recv", "peer_state", "peer_close", "peer_connect"};
  WriteLineTo(out, json{{"type", "hello"}, {"protocol", 1}, {"stack", StackName()}, {"ops", ops}}.dump());
  Coordinator coordinator;
  std::string buffer;
  while (true) {
    bool closed = false;
    std::optional<std::string> line = ReadLineFrom(in, buffer, INFINITE, &closed);
    if (!line) break;
    const json request = json::parse(*line, nullptr, false);
    if (request.is_object() && request.value("type", "") == "bye") break;
    json answer = request.is_object() ? coordinator.Handle(request)
                                      : json{{"type", "error"}, {"message", "not JSON: " + line->substr(0, 100)}};
    if (!WriteLineTo(out, answer.dump())) break;
  }
  coordinator.Reset();
  return 0;
}

}  // namespace wsdup::agent
