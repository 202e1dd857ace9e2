// A worker: one real process per scenario process. It makes the Winsock calls and answers one
// JSON line per request from the coordinator. Descriptor values arrive resolved ("sock"); event
// objects and windows are this process's own, by name. Blocking calls run on a helper thread with a
// bound, so a call that would block forever is reported (HARNESS_WOULD_BLOCK), never waited out.
#include <winsock2.h>
#include <windows.h>

#include "bounded_call.h"
#include "common.h"
#include "conformance/vocabulary/wsa_errors.h"
#include "worker_ops.h"

namespace wsdup::agent {
namespace {

json Execute(const json& request, json& extra) {
  const json& step = request["step"];
  const auto handler = WorkerHandlers().find(step["op"].get<std::string>());
  if (handler == WorkerHandlers().end()) return HarnessFail(vocabulary::kHarnessUnknownOp);
  const SOCKET sock = request.contains("sock") ? static_cast<SOCKET>(request["sock"].get<uint64_t>())
                                               : INVALID_SOCKET;
  const WorkerRequest resolved{step, sock, request.value("wait_ms", kDefaultWaitMs), request};
  return handler->second(resolved, extra);
}

// Steps naming a thread (SHARE-6) run on a new thread of this process. The thread owns copies of
// everything it touches, so one left blocked cannot reach freed memory. Its bound leaves a second
// for the answer to travel within the coordinator's kWorkerReplyMs.
json OnThread(const json& request, json& extra) {
  json both = Bounded(
      [request]() {
        json thread_extra = json::object();
        json result = Execute(request, thread_extra);
        return json{{"result", result}, {"extra", thread_extra}};
      },
      kWorkerReplyMs - 1000);
  if (!both.contains("result")) return both;  // it blocked
  extra = both["extra"];
  return both["result"];
}

}  // namespace

const HandlerTable& WorkerHandlers() {
  static const HandlerTable table = [] {
    HandlerTable built;
    AddSocketOps(built);
    AddEventOps(built);
    AddProcessOps(built);
    AddOverlappedOps(built);
    return built;
  }();
  return table;
}

// A spawned child (worker_process_ops.cc) serves the coordinator through a named pipe it creates
// and waits on; every other worker through its std handles. Those are made non-inheritable, so a
// child spawned with inheritance does not hold this worker's pipe open after this worker is gone.
int WorkerMain(const char* pipe_name) {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  if (pipe_name != nullptr) {
    const std::string name(pipe_name);
    in = out = CreateNamedPipeA(name.c_str(), PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, 1,
                                65536, 65536, 0, nullptr);
    if (in == INVALID_HANDLE_VALUE) return 4;
    if (!ConnectNamedPipe(in, nullptr) && GetLastError() != ERROR_PIPE_CONNECTED) return 5;
  } else {
    SetHandleInformation(in, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(out, HANDLE_FLAG_INHERIT, 0);
  }
  std::string buffer;
  while (true) {
    bool closed = false;
    std::optional<std::string> line = ReadLineFrom(in, buffer, INFINITE, &closed);
    if (!line) return 0;
    const json request = json::parse(*line, nullptr, false);
    if (!request.is_object() || !request.contains("step")) return 3;
    const std::string op = request["step"].value("op", "");
    if (op == "exit") TerminateProcess(GetCurrentProcess(), 0);  // nothing closed on the way out
    // Windows are created on this (main) thread, whose message queue wait_message reads.
    if (request["step"].contains("window")) WindowNamed(request["step"]["window"]);
    json extra = json::object();
    json result;
    try {
      result = request["step"].contains("thread") ? OnThread(request, extra) : Execute(request, extra);
    } catch (const std::exception& error) {
      result = HarnessFail(vocabulary::kHarnessBadRequest);
      result["detail"] = error.what();
    }
    if (!WriteLineTo(out, json{{"result", result}, {"extra", extra}}.dump())) return 0;
  }
}

}  // namespace wsdup::agent
