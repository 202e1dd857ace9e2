// The worker's overlapped ops (OVL-*): completion ports, WSARecv / WSASend / AcceptEx with an
// OVERLAPPED, waiting for an operation and CancelIoEx. Ports and operations are this process's own,
// by name. Each operation has its own event, so a wait finds its completion whether or not a port
// takes it; the packet, when a port of this process has one, is then looked for on every port.
#include <winsock2.h>
#include <windows.h>
#include <mswsock.h>
#include <ws2tcpip.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bounded_call.h"
#include "worker_ops.h"

namespace wsdup::agent {
namespace {

enum class Kind { kRecv, kSend, kAccept };

// Lives until the process ends: a call left blocked (OVL-6 on a socket that is not overlapped) may
// still write into it.
struct Operation {
  OVERLAPPED overlapped{};
  Kind kind = Kind::kRecv;
  SOCKET sock = INVALID_SOCKET;           // issued through
  SOCKET accept_socket = INVALID_SOCKET;  // AcceptEx's
  std::vector<char> buffer;
};

struct Packet {
  std::string port;
  ULONG_PTR key = 0;
};

// Steps on other threads (SHARE-6) reach the same tables. (The agent's mingw-w64 has win32 threads:
// no std::mutex.)
SRWLOCK g_lock = SRWLOCK_INIT;
class Locked {
 public:
  Locked() { AcquireSRWLockExclusive(&g_lock); }
  ~Locked() { ReleaseSRWLockExclusive(&g_lock); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;
};
std::map<std::string, HANDLE> g_ports;
std::map<std::string, std::unique_ptr<Operation>> g_operations;
std::map<const OVERLAPPED*, Packet> g_dequeued;  // packets taken from a port, not yet claimed by a wait

// How long a wait looks for the packet of a completion it saw: the event and the packet are set by
// the same completion, so the packet is there at once or never; the margin covers the two steps.
constexpr DWORD kPacketMs = 100;
constexpr DWORD kAcceptAddressBytes = sizeof(sockaddr_in6) + 16;  // AcceptEx's minimum per address, either family

Operation* NewOperation(const WorkerRequest& request, Kind kind) {
  auto made = std::make_unique<Operation>();
  made->kind = kind;
  made->sock = request.sock;
  made->overlapped.hEvent = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  Operation* operation = made.get();
  Locked lock;
  g_operations[request.step["async"].get<std::string>()] = std::move(made);
  return operation;
}

Operation* OperationNamed(const json& step) {
  Locked lock;
  const auto found = g_operations.find(step.value("async", ""));
  return found == g_operations.end() ? nullptr : found->second.get();
}

json IocpCreate(const WorkerRequest& request, json&) {
  const HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0);
  if (port == nullptr) return Fail(static_cast<int>(GetLastError()));
  Locked lock;
  g_ports[request.step.value("as", "")] = port;
  return Ok();
}

json IocpAssociate(const WorkerRequest& request, json&) {
  HANDLE port = nullptr;
  {
    Locked lock;
    port = g_ports[request.step["port"].get<std::string>()];
  }
  const ULONG_PTR key = request.step["key"].get<ULONG_PTR>();
  if (CreateIoCompletionPort(reinterpret_cast<HANDLE>(request.sock), port, key, 0) == nullptr) {
    return Fail(static_cast<int>(GetLastError()));
  }
  return Ok();
}

// SO_UPDATE_ACCEPT_CONTEXT, as every AcceptEx caller does, so the accept socket answers getpeername
// and shutdown. It needs a descriptor of the listener; the one the call went through may be closed
// by now (OVL-5), and then the socket does I/O without it.
void UpdateAcceptContext(const Operation& operation) {
  SOCKET listener = operation.sock;
  setsockopt(operation.accept_socket, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, reinterpret_cast<char*>(&listener),
             sizeof listener);
}

// The call's own answer: a result when it completed at once, else the error (WSA_IO_PENDING too).
json Issued(const Operation& operation, bool completed, int error, DWORD bytes) {
  if (!completed) return Fail(error);
  json out = Ok();
  if (operation.kind == Kind::kRecv) out["value"] = std::string(operation.buffer.data(), bytes);
  if (operation.kind == Kind::kSend) out["value"] = bytes;
  return out;
}

}  // namespace

// On a socket that is not overlapped the call may block (OVL-6): it runs bounded, as plain recv does.
json RecvOverlapped(const WorkerRequest& request, json&) {
  Operation* operation = NewOperation(request, Kind::kRecv);
  operation->buffer.resize(65536);
  return BoundedOnLiveThread(
      [operation]() {
        WSABUF buffer{static_cast<ULONG>(operation->buffer.size()), operation->buffer.data()};
        DWORD bytes = 0, flags = 0;
        const bool completed = WSARecv(operation->sock, &buffer, 1, &bytes, &flags, &operation->overlapped, nullptr) == 0;
        return Issued(*operation, completed, WSAGetLastError(), bytes);
      },
      std::max<DWORD>(request.wait_ms, kCallMs));
}

json SendOverlapped(const WorkerRequest& request, json&) {
  Operation* operation = NewOperation(request, Kind::kSend);
  const std::string bytes = request.step["bytes"].get<std::string>();
  operation->buffer.assign(bytes.begin(), bytes.end());
  return BoundedOnLiveThread(
      [operation]() {
        WSABUF buffer{static_cast<ULONG>(operation->buffer.size()), operation->buffer.data()};
        DWORD sent = 0;
        const bool completed = WSASend(operation->sock, &buffer, 1, &sent, 0, &operation->overlapped, nullptr) == 0;
        return Issued(*operation, completed, WSAGetLastError(), sent);
      },
      std::max<DWORD>(request.wait_ms, kCallMs));
}

// The accept socket is made first, overlapped, as AcceptEx's callers make it; its handle goes to
// `extra` for the step's `as` unless the call failed (then it is closed) or is still blocked.
json AcceptOverlapped(const WorkerRequest& request, json& extra) {
  Operation* operation = NewOperation(request, Kind::kAccept);
  operation->accept_socket =
      WSASocketW(FamilyOfSocket(request.sock), SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
  if (operation->accept_socket == INVALID_SOCKET) return Fail(WSAGetLastError());
  operation->buffer.resize(2 * kAcceptAddressBytes);
  json result = BoundedOnLiveThread(
      [operation]() {
        DWORD bytes = 0;
        const bool completed = AcceptEx(operation->sock, operation->accept_socket, operation->buffer.data(), 0,
                                        kAcceptAddressBytes, kAcceptAddressBytes, &bytes, &operation->overlapped);
        const int error = WSAGetLastError();
        if (completed) UpdateAcceptContext(*operation);
        json out = Issued(*operation, completed, error, bytes);
        out["pending_or_done"] = completed || error == WSA_IO_PENDING;
        return out;
      },
      std::max<DWORD>(request.wait_ms, kCallMs));
  if (!result.contains("pending_or_done")) return result;  // still blocked: the socket stays with the call
  if (result["pending_or_done"].get<bool>()) {
    extra["handle"] = static_cast<uint64_t>(operation->accept_socket);
  } else {
    closesocket(operation->accept_socket);
  }
  result.erase("pending_or_done");
  return result;
}

namespace {

// The completion's error as Winsock names it. WSAGetOverlappedResult maps the status as the
// socket's provider does, but asks for a descriptor of the socket, and the operation's may be closed
// (OVL-5): then GetOverlappedResult's Win32 code stands, with the two Win32 names of statuses
// Winsock names otherwise.
int CompletionError(Operation& operation, DWORD* bytes) {
  DWORD flags = 0;
  if (WSAGetOverlappedResult(operation.sock, &operation.overlapped, bytes, FALSE, &flags)) return 0;
  const int error = WSAGetLastError();
  if (error != WSAENOTSOCK) return error;
  if (GetOverlappedResult(operation.overlapped.hEvent, &operation.overlapped, bytes, FALSE)) return 0;
  const DWORD win32 = GetLastError();
  if (win32 == ERROR_NETNAME_DELETED) return WSAECONNRESET;
  if (win32 == ERROR_CONNECTION_ABORTED) return WSAECONNABORTED;
  return static_cast<int>(win32);
}

// Takes every packet this process's ports hold, until the operation's is among them or kPacketMs
// have passed; the others wait for their own waits.
std::optional<Packet> TakePacket(const Operation& operation) {
  const DWORD start = GetTickCount();
  while (true) {
    Locked lock;
    if (g_ports.empty()) return std::nullopt;
    for (const auto& [name, port] : g_ports) {
      DWORD bytes = 0;
      ULONG_PTR key = 0;
      OVERLAPPED* overlapped = nullptr;
      while (GetQueuedCompletionStatus(port, &bytes, &key, &overlapped, 0) || overlapped != nullptr) {
        g_dequeued[overlapped] = Packet{name, key};
        overlapped = nullptr;
      }
    }
    const auto found = g_dequeued.find(&operation.overlapped);
    if (found != g_dequeued.end()) {
      Packet packet = found->second;
      g_dequeued.erase(found);
      return packet;
    }
    if (GetTickCount() - start >= kPacketMs) return std::nullopt;
    Sleep(5);
  }
}

json WaitAsync(const WorkerRequest& request, json&) {
  Operation* operation = OperationNamed(request.step);
  if (operation == nullptr) return HarnessFail(vocabulary::kHarnessBadRequest);
  json out = Ok();
  if (WaitForSingleObject(operation->overlapped.hEvent, request.wait_ms) != WAIT_OBJECT_0) {
    out["signaled"] = false;
    return out;
  }
  DWORD bytes = 0;
  const int error = CompletionError(*operation, &bytes);
  if (error != 0) out = Fail(error);
  out["signaled"] = true;
  if (error == 0 && operation->kind == Kind::kRecv) out["value"] = std::string(operation->buffer.data(), bytes);
  if (error == 0 && operation->kind == Kind::kSend) out["value"] = bytes;
  if (error == 0 && operation->kind == Kind::kAccept) UpdateAcceptContext(*operation);
  const std::optional<Packet> packet = TakePacket(*operation);
  out["port"] = packet ? json(packet->port) : json(nullptr);
  if (packet) out["key"] = packet->key;
  return out;
}

// CancelIoEx through the step's descriptor, or the one the operation went through.
json Cancel(const WorkerRequest& request, json&) {
  Operation* operation = OperationNamed(request.step);
  if (operation == nullptr) return HarnessFail(vocabulary::kHarnessBadRequest);
  const SOCKET via = request.step.contains("sock") ? request.sock : operation->sock;
  if (!CancelIoEx(reinterpret_cast<HANDLE>(via), &operation->overlapped)) return Fail(static_cast<int>(GetLastError()));
  return Ok();
}

}  // namespace

void AddOverlappedOps(HandlerTable& table) {
  table.insert({
      {"iocp_create", IocpCreate},
      {"iocp_associate", IocpAssociate},
      {"wait_async", WaitAsync},
      {"cancel", Cancel},
  });
}

}  // namespace wsdup::agent
