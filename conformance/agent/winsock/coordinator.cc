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
#include <utility>
#include <vector>

#include "common.h"
#include "conformance/vocabulary/agent_protocol.h"
#include "conformance/vocabulary/ops.h"
#include "peers.h"
#include "user32_on_demand.h"
#include "worker_ops.h"

namespace wsdup::agent {
namespace {

struct Worker {
  PROCESS_INFORMATION process{};
  HANDLE to_worker = nullptr;
  HANDLE from_worker = nullptr;
  std::string buffer;
  bool alive = false;
  DWORD exited_pid = 0;  // set by `exit` until a step names the pid again (TargetPid)
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
    if (type == protocol::kReset) {
      Reset();
      return json{{"type", protocol::kReady}};
    }
    if (type == protocol::kStep) {
      return json{{"type", protocol::kResult}, {"index", request.value("index", json())}, {"result", Step(request)}};
    }
    if (type == protocol::kEnd) return json{{"type", protocol::kEnded}, {"problems", json::array()}};
    return json{{"type", protocol::kError}, {"message", "unexpected request type \"" + type + "\""}};
  }

  // The ops of the vocabulary this agent performs, in the vocabulary's order: what the workers'
  // handler table holds, plus exit and the peer ops, which the coordinator performs itself.
  static json PerformedOps() {
    json ops = json::array();
    for (const vocabulary::OpSpec& op : vocabulary::AllOps()) {
      const bool performed = WorkerHandlers().count(op.name) || PeerOps().count(op.name) || op.name == "exit";
      if (performed) ops.push_back(std::string(op.name));
    }
    return ops;
  }

  void Reset() {
    ForgetScenario();
    StartSpares();
  }

  // At the end: nothing started ahead stays behind.
  void Shutdown() {
    ForgetScenario();
    for (Worker& spare : spares_) Stop(spare);
    spares_.clear();
  }

 private:
  // A process comes into existence at its first mention. Starting its worker is the harness's own
  // step, not the stack's behaviour: under load CreateProcess can fail transiently (error 1359 was
  // seen with 8 jobs beside busy loops), so it is tried a few times; a worker that still cannot
  // start leaves no entry, and the step becomes a harness error, never an observation.
  Worker* WorkerFor(const std::string& proc) {
    auto found = workers_.find(proc);
    if (found != workers_.end()) return &found->second;
    while (!spares_.empty()) {
      Worker spare = std::move(spares_.back());
      spares_.pop_back();
      if (WaitForSingleObject(spare.process.hProcess, 0) == WAIT_TIMEOUT) return &(workers_[proc] = std::move(spare));
      Stop(spare);  // a spare that died waiting is no process for a scenario
    }
    for (int attempt = 0; attempt < kWorkerStartAttempts; ++attempt) {
      if (attempt > 0) Sleep(kWorkerRetryMs);
      Worker& worker = workers_[proc];
      if (StartWorker(worker)) return &worker;
      Stop(worker);
      workers_.erase(proc);
    }
    return nullptr;
  }

  // The scenario's processes, peers and names go; processes started ahead stay for the next one.
  void ForgetScenario() {
    for (auto& [name, worker] : workers_) Stop(worker);
    workers_.clear();
    peers_.Reset();
    descriptors_.clear();
    blobs_.clear();
    addresses_.clear();
  }

  // A worker's process takes about 50 ms under Wine to start serving, most of it after
  // CreateProcess returns (about 10 ms): started here, between scenarios, a few wait for the next
  // scenario's processes, and their start-up overlaps this one. They are fresh processes that have
  // done nothing, as a process met at its first mention must be; a spare that cannot be started is
  // left for the scenario to start (and to report) itself.
  void StartSpares() {
    while (spares_.size() < kSpareWorkers) {
      Worker spare;
      if (!StartWorker(spare)) {
        Stop(spare);
        return;
      }
      spares_.push_back(std::move(spare));
    }
  }

  bool StartWorker(Worker& worker) {
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    HANDLE child_in = nullptr, child_out = nullptr;
    if (!CreatePipe(&child_in, &worker.to_worker, &inherit, 0) ||
        !CreatePipe(&worker.from_worker, &child_out, &inherit, 0)) {
      start_failure_ = "CreatePipe failed with error " + std::to_string(GetLastError());
      return false;
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
      return false;
    }
    AssignProcessToJobObject(job_, worker.process.hProcess);
    ResumeThread(worker.process.hThread);
    worker.alive = true;
    return true;
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

  // The value a step's "sock" stands for: a bound name's handle, or a raw value ({"raw": 0},
  // {"raw": "invalid"}, docs/scenario-format.md) passed as written.
  SOCKET SocketNamed(const json& sock) const {
    if (sock.is_object()) {
      const json& raw = sock.value("raw", json());
      return raw.is_number_integer() && raw.get<int64_t>() == 0 ? SOCKET{0} : INVALID_SOCKET;
    }
    const auto found = descriptors_.find(sock.get<std::string>());
    return found == descriptors_.end() ? INVALID_SOCKET : static_cast<SOCKET>(found->second.handle);
  }

  json Step(const json& request) {
    const json& step = request.value("step", json::object());
    const std::string op = step.value("op", "");
    const std::string proc = step.value("proc", "");
    const DWORD wait_ms = request.value("wait_ms", kDefaultWaitMs);
    if (const auto peer_op = PeerOps().find(op); peer_op != PeerOps().end()) {
      const size_t expect_bytes = request.value("expect_bytes", static_cast<size_t>(0));
      return (this->*(peer_op->second))(step, WaitHints{wait_ms, expect_bytes});
    }
    if (op == "exit") return Exit(proc);

    json to_worker{{"step", step}, {"wait_ms", wait_ms}};
    if (step.contains("sock")) to_worker["sock"] = static_cast<uint64_t>(SocketNamed(step["sock"]));
    if (op == "duplicate") {
      const std::optional<DWORD> pid = TargetPid(step);
      if (!pid) {
        return HarnessError("cannot start a worker for target " + step.value("target", std::string()) + " (" +
                            start_failure_ + ")");
      }
      to_worker["pid"] = *pid;
    }
    if (op == "from_blob") to_worker["blob"] = blobs_[step.value("blob", "")];
    if (op == "connect" || op == "sendto" || (op == "bind" && step.contains("to"))) {
      const Endpoint to = addresses_[step.value("to", "")];
      to_worker["port"] = to.port;
      to_worker["family"] = to.family;
    }
    SOCKET listener = INVALID_SOCKET;
    if (op == "connected") {
      listener = Peers::Listener(FamilyOfStep(step));
      if (listener == INVALID_SOCKET) return HarnessError("cannot make a loopback listener");
      to_worker["port"] = Peers::PortOf(listener);
    }
    json extra;
    json result = Ask(proc, to_worker, &extra);
    if (op == "connected") {
      if (result.value("ok", false)) peers_.AcceptFrom(step.value("peer", ""), listener);
      closesocket(listener);
    }
    const std::string as = step.value("as", "");
    if (!as.empty() && op == "duplicate") {
      blobs_[as] = extra.value("blob", std::string(2 * sizeof(WSAPROTOCOL_INFOW), '0'));
    } else if (!as.empty() && (op == "getsockname" || op == "recvfrom")) {
      // A failed call gave no port: the name then stands for the zero address (Endpoint).
      addresses_[as] = result.value("ok", false) ? EndpointIn(extra) : Endpoint{};
    } else if (!as.empty() && op != "iocp_create") {  // a port is the worker's own, by name
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
    worker->exited_pid = worker->process.dwProcessId;
    ReleaseProcess(*worker);
    return Ok();
  }

  // The system may keep an ended process's object, and so its pid, for a moment after the process
  // is signalled: Wine 8.0 keeps it about 0.5 s whoever holds what (docs/clarifications.md, DUP-15;
  // the control is conformance/agent/winsock/controls/exited_pid_control.cc). Rows after `exit`
  // mean a process that is gone, so before a step names its pid again (a duplicate to it, the only
  // step that passes a pid) wait, bounded, until the pid names nothing. Waiting there rather than in
  // `exit` costs the half second only to the rows that ask (exit is a quarter of the explorer's
  // draws). A stack that keeps the pid longer is still observed doing so.
  static void AwaitPidReleased(DWORD pid) {
    for (DWORD waited = 0; waited < kPidReleaseMs; waited += kPidPollMs) {
      HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
      if (process == nullptr) return;
      CloseHandle(process);
      Sleep(kPidPollMs);
    }
  }

  // The target's pid (an exited target's too: rows duplicate to it on purpose, DUP-15); nullopt when
  // its worker could not be started, so no made-up pid ever reaches the stack.
  std::optional<DWORD> TargetPid(const json& step) {
    if (step.contains("target")) {
      Worker* target = WorkerFor(step["target"].get<std::string>());
      if (target == nullptr) return std::nullopt;
      if (target->exited_pid != 0) {
        AwaitPidReleased(target->exited_pid);
        return std::exchange(target->exited_pid, 0);
      }
      return target->process.dwProcessId;
    }
    const std::string target_pid = step.value("target_pid", "");
    if (target_pid == "zero") return 0;
    if (target_pid == "all_ones") return static_cast<DWORD>(vocabulary::kAllOnesPid);
    return static_cast<DWORD>(vocabulary::kUnusedPid);
  }

  std::string NameOf(const std::string& proc, uint64_t handle) const {
    for (const auto& [name, descriptor] : descriptors_) {
      if (descriptor.proc == proc && descriptor.handle == handle) return name;
    }
    return "?";
  }

  // What the harness tells a peer op about waiting (the step request's wait_ms and expect_bytes).
  struct WaitHints {
    DWORD wait_ms;
    size_t expect_bytes;
  };
  using PeerOp = json (Coordinator::*)(const json& step, const WaitHints& hints);

  // The ops the coordinator performs itself, on the harness peers (peers.h).
  static const std::map<std::string, PeerOp, std::less<>>& PeerOps() {
    static const std::map<std::string, PeerOp, std::less<>> ops = {
        {"peer_connect", &Coordinator::PeerConnect}, {"peer_send", &Coordinator::PeerSend},
        {"peer_recv", &Coordinator::PeerRecv},       {"peer_state", &Coordinator::PeerState},
        {"peer_close", &Coordinator::PeerClose},       {"spawn", &Coordinator::Spawn},
        {"peer_dgram", &Coordinator::PeerDgram},       {"peer_sendto", &Coordinator::PeerSendTo},
        {"peer_recvfrom", &Coordinator::PeerRecvFrom},
    };
    return ops;
  }

  // Connects a new peer to the port of the listening descriptor "sock" names, which that
  // descriptor's process reports (the harness never sees the port).
  json PeerConnect(const json& step, const WaitHints&) {
    const std::string name = step.value("peer", "");
    // To an address (CONN-1): the port is known since the getsockname that named it, whoever holds
    // the socket now, and the answer is the stack's own.
    if (step.contains("to")) {
      const int error = peers_.ConnectTo(name, addresses_[step.value("to", "")]);
      return error == 0 ? Ok() : Fail(error);
    }
    auto found = descriptors_.find(step.value("sock", ""));
    if (found == descriptors_.end()) return Fail(WSAECONNREFUSED);
    // The descriptor's process has exited, and its exit closed the descriptor (CLOSE-4): no
    // listener is named, as in the model, and there is nobody left to ask for the port.
    if (auto holder = workers_.find(found->second.proc); holder != workers_.end() && !holder->second.alive) {
      return Fail(WSAECONNREFUSED);
    }
    json extra;
    json port = Ask(found->second.proc,
                    json{{"step", {{"op", kPortOfOp}}}, {"sock", found->second.handle}}, &extra);
    if (port.contains("harness_error")) return port;
    if (!port.value("ok", false)) {
      peers_.Unconnected(name);
      return Fail(WSAECONNREFUSED);
    }
    return peers_.ConnectTo(name, EndpointIn(extra)) == 0 ? Ok() : Fail(WSAECONNREFUSED);
  }

  // The address a worker's getsockname, port_of or recvfrom put in `extra`.
  static Endpoint EndpointIn(const json& extra) {
    return Endpoint{extra.value("family", AF_INET), static_cast<u_short>(extra.value("port", 0))};
  }

  // INH-*: the parent creates the child itself (worker_process_ops.cc), with inheritance as the
  // step says; the child serves this coordinator through a named pipe it creates, and is in the
  // job like its parent (a job's processes' children are). Any failure is the harness's.
  json Spawn(const json& step, const WaitHints&) {
    const std::string parent = step.value("parent", ""), child = step.value("child", "");
    const std::string pipe =
        "\\\\.\\pipe\\wsdup-" + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(++spawned_);
    json extra;
    json made = Ask(parent, json{{"step", {{"op", kSpawnChildOp}, {"inherit", step.value("inherit", false)}}}, {"pipe", pipe}},
                    &extra);
    if (made.contains("harness_error")) return made;
    if (!made.value("ok", false)) {
      return HarnessError("process " + parent + " could not create " + child + " (CreateProcess failed with error " +
                          std::to_string(extra.value("create_error", 0)) + ")");
    }
    const DWORD pid = static_cast<DWORD>(extra.value("pid", 0));
    HANDLE channel = INVALID_HANDLE_VALUE;
    for (const ULONGLONG deadline = GetTickCount64() + kWorkerReplyMs; GetTickCount64() < deadline; Sleep(5)) {
      channel = CreateFileA(pipe.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, 0, nullptr);
      if (channel != INVALID_HANDLE_VALUE) break;
    }
    HANDLE process = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    HANDLE second = nullptr;
    if (channel == INVALID_HANDLE_VALUE || process == nullptr ||
        !DuplicateHandle(GetCurrentProcess(), channel, GetCurrentProcess(), &second, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
      if (channel != INVALID_HANDLE_VALUE) CloseHandle(channel);
      if (process != nullptr) {
        TerminateProcess(process, 0);
        CloseHandle(process);
      }
      return HarnessError("child " + child + " of " + parent + " did not connect");
    }
    Worker& worker = workers_[child];
    worker.process.hProcess = process;
    worker.process.dwProcessId = pid;
    worker.to_worker = channel;
    worker.from_worker = second;
    worker.alive = true;
    return Ok();
  }

  json PeerSend(const json& step, const WaitHints&) { return peers_.Send(step.value("peer", ""), step.value("bytes", "")); }
  json PeerClose(const json& step, const WaitHints&) { return peers_.Close(step.value("peer", "")); }
  json PeerRecv(const json& step, const WaitHints& hints) {
    return peers_.Recv(step.value("peer", ""), hints.wait_ms, hints.expect_bytes);
  }
  json PeerState(const json& step, const WaitHints& hints) { return peers_.State(step.value("peer", ""), hints.wait_ms); }
  // Datagram peers: their addresses are kept like getsockname's, under the step's `as`.
  json PeerDgram(const json& step, const WaitHints&) {
    const Endpoint bound = peers_.Dgram(step.value("peer", ""), FamilyOfStep(step));
    if (bound.port == 0) return HarnessError("cannot make a loopback datagram socket");
    if (step.contains("as")) addresses_[step["as"].get<std::string>()] = bound;
    return Ok();
  }
  json PeerSendTo(const json& step, const WaitHints&) {
    return peers_.SendTo(step.value("peer", ""), addresses_[step.value("to", "")], step.value("bytes", ""));
  }
  json PeerRecvFrom(const json& step, const WaitHints& hints) {
    Endpoint from;
    json result = peers_.RecvFrom(step.value("peer", ""), hints.wait_ms, &from);
    if (step.contains("as")) addresses_[step["as"].get<std::string>()] = from;
    return result;
  }

  HANDLE job_ = nullptr;
  std::map<std::string, Worker> workers_;
  std::vector<Worker> spares_;  // started ahead, not yet any scenario's process (StartSpares)
  std::string start_failure_;  // why the last worker could not start, for the harness error
  Peers peers_;
  std::map<std::string, Descriptor> descriptors_;
  std::map<std::string, std::string> blobs_;
  std::map<std::string, Endpoint> addresses_;  // address name -> its loopback port and family (Endpoint)
  unsigned spawned_ = 0;  // children spawned: each has its own pipe name
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
  // Under Wine the first window of a session starts the desktop process. Made by a worker, inside
  // the job that holds the workers, that start took over 8 s in a fresh prefix (every first
  // async_select of a gate failed), so the coordinator makes one window first, before its hello.
  if (const User32* user32 = LoadUser32()) {
    user32->create_window_ex(0, "STATIC", "wsdup-agent", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
  }
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  WriteLineTo(out, json{{"type", protocol::kHello},
                        {"protocol", protocol::kVersion},
                        {"stack", StackName()},
                        {"ops", Coordinator::PerformedOps()}}
                       .dump());
  Coordinator coordinator;
  std::string buffer;
  while (true) {
    bool closed = false;
    std::optional<std::string> line = ReadLineFrom(in, buffer, INFINITE, &closed);
    if (!line) break;
    const json request = json::parse(*line, nullptr, false);
    if (request.is_object() && request.value("type", "") == protocol::kBye) break;
    json answer = request.is_object() ? coordinator.Handle(request)
                                      : json{{"type", protocol::kError}, {"message", "not JSON: " + line->substr(0, 100)}};
    if (!WriteLineTo(out, answer.dump())) break;
  }
  coordinator.Shutdown();
  return 0;
}

}  // namespace wsdup::agent
