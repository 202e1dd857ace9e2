// A worker's ops: one handler per op of the vocabulary that runs inside a scenario process, found
// by name in one table, as the model backend finds its own (conformance/run/model_backend.cc).
#ifndef WSDUP_WINSOCK_AGENT_WORKER_OPS_H_
#define WSDUP_WINSOCK_AGENT_WORKER_OPS_H_

#include <winsock2.h>
#include <windows.h>

#include <map>
#include <string_view>

#include "common.h"

namespace wsdup::agent {

// What the coordinator sends for one step, already resolved for this process.
struct WorkerRequest {
  const json& step;  // the step as the protocol carries it
  SOCKET sock;       // the descriptor value "sock" names, or INVALID_SOCKET
  DWORD wait_ms;     // how long waiting for something to happen may take
  // The whole request: "pid" (duplicate), "blob" (from_blob), "port" and "family" (connected,
  // connect, sendto, bind with `to`).
  const json& raw;
};

// Answers {"ok":..,"error":..,...}; values the harness must not see (handles, blob bytes, ports,
// wParam) go to `extra`, which only the coordinator reads.
using OpHandler = json (*)(const WorkerRequest& request, json& extra);
using HandlerTable = std::map<std::string_view, OpHandler>;

// The coordinator's own request for a listening descriptor's port (peer_connect); not a step op.
inline constexpr std::string_view kPortOfOp = "port_of";
// The coordinator's request that this process create a spawn step's child; not a step op.
inline constexpr std::string_view kSpawnChildOp = "spawn_child";

void AddSocketOps(HandlerTable& table);   // worker_socket_ops.cc
void AddEventOps(HandlerTable& table);    // worker_event_ops.cc
void AddProcessOps(HandlerTable& table);  // worker_process_ops.cc
void AddOverlappedOps(HandlerTable& table);  // worker_overlapped_ops.cc: ports, wait_async, cancel
// recv, send and accept with `async` (worker_overlapped_ops.cc): WSARecv, WSASend and AcceptEx with
// an OVERLAPPED, which the plain ops hand their step to.
json RecvOverlapped(const WorkerRequest& request, json& extra);
json SendOverlapped(const WorkerRequest& request, json& extra);
json AcceptOverlapped(const WorkerRequest& request, json& extra);
const HandlerTable& WorkerHandlers();    // both, built once

// Windows belong to the thread that reads their messages: the worker's main thread creates each one
// before any step (possibly on another thread) uses it.
HWND WindowNamed(const std::string& name);

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_WORKER_OPS_H_
