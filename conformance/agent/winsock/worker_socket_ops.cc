// The worker's socket ops: startup and cleanup, creating, duplicating and importing descriptors,
// binding, listening, connecting, shutdown, accepting, options, send and recv. Each makes the Winsock call the op names
// (docs/scenario-format.md) and reports its outcome as Winsock gave it.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <cstring>

#include <algorithm>

#include "bounded_call.h"
#include "conformance/vocabulary/socket_words.h"
#include "conformance/vocabulary/wsa_errors.h"
#include "out_param.h"
#include "worker_ops.h"

namespace wsdup::agent {
namespace {

json NotWritten() { return HarnessFail(vocabulary::kHarnessResultNotWritten); }

// A value a call's helper thread found that only the coordinator may see (a handle, a port): out of
// the result, into `extra`.
json MoveToExtra(json result, const char* key, json& extra) {
  if (result.contains(key)) {
    extra[key] = result[key];
    result.erase(key);
  }
  return result;
}

// send's and sendto's answer: the bytes sent, or the error.
json SentResult(int sent) {
  if (sent == SOCKET_ERROR) return Fail(WSAGetLastError());
  json out = Ok();
  out["value"] = sent;
  return out;
}

// The address of the step's `to`, whose port and family the coordinator passes (port 0: the zero
// address); returns its length.
int AddressTo(const WorkerRequest& request, sockaddr_storage* to) {
  return SockaddrOf(Endpoint{request.raw.value("family", AF_INET), static_cast<u_short>(request.raw.value("port", 0))},
                    to);
}

// An address a call filled, for the coordinator only (`extra`).
void PutEndpoint(const sockaddr_storage& address, json& extra) {
  const Endpoint endpoint = EndpointOf(address);
  extra["port"] = endpoint.port;
  extra["family"] = endpoint.family;
}

int TypeOf(const json& step) { return step.value("type", "stream") == "dgram" ? SOCK_DGRAM : SOCK_STREAM; }

// The step's "flags", by the vocabulary's values (checked against <winsock2.h> in vocabulary_check.cc).
DWORD FlagsOf(const json& step) {
  DWORD flags = 0;
  for (const json& flag : step.value("flags", json::array())) {
    flags |= vocabulary::CreateFlagFromName(flag.get<std::string>()).value_or(0);
  }
  return flags;
}

SOCKET Create(const json& step) {
  const int type = TypeOf(step);
  const int protocol = type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
  const int family = FamilyOfStep(step);
  const std::string api = step.value("api", "socket");
  if (api == "WSASocketA") return WSASocketA(family, type, protocol, nullptr, 0, FlagsOf(step));
  if (api == "WSASocketW") return WSASocketW(family, type, protocol, nullptr, 0, FlagsOf(step));
  return socket(family, type, protocol);
}

bool OptionOf(const json& step, int* level, int* name) {
  const auto option = vocabulary::OptionFromName(step.value("name", ""));
  const auto option_level = vocabulary::OptionLevelFromName(step.value("level", "SOL_SOCKET"));
  if (!option || !option_level) return false;
  *level = vocabulary::WordOf(*option_level).value;
  *name = vocabulary::WordOf(*option).value;
  return true;
}

json Startup(const WorkerRequest& request, json&) {
  WSADATA data;
  FillWithSentinel(data);
  const WORD version = request.step.value("version", "2.2") == "0" ? 0 : MAKEWORD(2, 2);
  const bool null_data = request.step.contains("data");
  const int result = WSAStartup(version, null_data ? nullptr : &data);
  if (result != 0) return Fail(result);
  return !null_data && Untouched(data.wVersion) ? NotWritten() : Ok();
}

json Cleanup(const WorkerRequest&, json&) { return CallResult(WSACleanup() == 0); }

json Socket(const WorkerRequest& request, json& extra) {
  const SOCKET made = Create(request.step);
  if (made == INVALID_SOCKET) return Fail(WSAGetLastError());
  extra["handle"] = static_cast<uint64_t>(made);
  return Ok();
}

// A socket connected to the coordinator's loopback listener of the step's family, whose port the
// request carries.
json Connected(const WorkerRequest& request, json& extra) {
  const SOCKET made = Create(request.step);
  if (made == INVALID_SOCKET) return Fail(WSAGetLastError());
  sockaddr_storage to;
  const int size = LoopbackOf(FamilyOfStep(request.step), static_cast<u_short>(request.raw["port"].get<int>()), &to);
  if (connect(made, reinterpret_cast<sockaddr*>(&to), size) != 0) {
    const int error = WSAGetLastError();
    closesocket(made);
    return Fail(error);
  }
  extra["handle"] = static_cast<uint64_t>(made);
  return Ok();
}

template <typename Info, typename Duplicate>
json DuplicateInto(const WorkerRequest& request, json& extra, Duplicate duplicate) {
  const DWORD pid = request.raw["pid"].get<DWORD>();
  Info info;
  FillWithSentinel(info);
  if (duplicate(request.sock, pid, request.step.contains("info") ? nullptr : &info) != 0) {
    return Fail(WSAGetLastError());
  }
  if (Untouched(info)) return NotWritten();
  extra["blob"] = ToHex(&info, sizeof info);
  // BLOB-13: what the structure says of the socket.
  json result = Ok();
  result["family"] = info.iAddressFamily;
  result["socktype"] = info.iSocketType;
  result["protocol"] = info.iProtocol;
  return result;
}

json Duplicate(const WorkerRequest& request, json& extra) {
  if (request.step.value("variant", "A") == "W") {
    return DuplicateInto<WSAPROTOCOL_INFOW>(request, extra, WSADuplicateSocketW);
  }
  return DuplicateInto<WSAPROTOCOL_INFOA>(request, extra, WSADuplicateSocketA);
}

// The blob's bytes go into a zeroed structure of the importing variant: A and W share every field
// before szProtocol, so a mixed-variant import passes exactly what the blob holds.
template <typename Info, typename Import>
json ImportInto(const WorkerRequest& request, json& extra, Import import) {
  const std::string bytes = FromHex(request.raw.value("blob", ""));
  Info info{};
  std::memcpy(&info, bytes.data(), bytes.size() < sizeof info ? bytes.size() : sizeof info);
  // BLOB-14: what af, type and protocol say beside the structure, as the step's params name it.
  const std::string params = request.step.value("params", "from_protocol_info");
  int family = FROM_PROTOCOL_INFO, type = FROM_PROTOCOL_INFO, protocol = FROM_PROTOCOL_INFO;
  if (params == "zero") family = type = protocol = 0;
  if (params == "blob") family = info.iAddressFamily, type = info.iSocketType, protocol = info.iProtocol;
  const SOCKET made = import(family, type, protocol, &info, 0, FlagsOf(request.step));
  if (made == INVALID_SOCKET) return Fail(WSAGetLastError());
  extra["handle"] = static_cast<uint64_t>(made);
  return Ok();
}

json FromBlob(const WorkerRequest& request, json& extra) {
  if (request.step.value("variant", "A") == "W") return ImportInto<WSAPROTOCOL_INFOW>(request, extra, WSASocketW);
  return ImportInto<WSAPROTOCOL_INFOA>(request, extra, WSASocketA);
}

json CloseSocket(const WorkerRequest& request, json&) { return CallResult(closesocket(request.sock) == 0); }

// To the loopback address of the socket's own family.
// Without `to`, the loopback address of the socket's family with a port the stack picks; with it,
// the address the coordinator passes (CONN-11: port 0 is the zero address, the wildcard).
json Bind(const WorkerRequest& request, json&) {
  sockaddr_storage address;
  const int size = request.raw.contains("port") ? AddressTo(request, &address)
                                                : LoopbackOf(FamilyOfSocket(request.sock), 0, &address);
  return CallResult(bind(request.sock, reinterpret_cast<sockaddr*>(&address), size) == 0);
}

json Listen(const WorkerRequest& request, json&) {
  return CallResult(listen(request.sock, request.step.value("backlog", SOMAXCONN)) == 0);
}

// CONN-*: the coordinator passes the port of the step's `to` (0 for the zero address). A
// non-blocking socket answers WSAEWOULDBLOCK; the answer then waits, within the step's wait, for
// the connection to complete or fail, so the steps after it meet a settled socket, as the model's do.
json Connect(const WorkerRequest& request, json&) {
  const SOCKET s = request.sock;
  sockaddr_storage to;
  const int size = AddressTo(request, &to);
  json result = Bounded(
      [s, to, size]() { return CallResult(connect(s, reinterpret_cast<const sockaddr*>(&to), size) == 0); },
      std::max<DWORD>(request.wait_ms, kCallMs));
  if (result.value("error", json()) == "WSAEWOULDBLOCK") {
    fd_set writable, failed;
    FD_ZERO(&writable);
    FD_ZERO(&failed);
    FD_SET(s, &writable);
    FD_SET(s, &failed);
    timeval wait{static_cast<long>(request.wait_ms / 1000), static_cast<long>(request.wait_ms % 1000) * 1000};
    select(0, nullptr, &writable, &failed, &wait);
  }
  return result;
}

// getsockname, and port_of for the coordinator: the port goes to `extra`, never to the harness.
json GetSockName(const WorkerRequest& request, json& extra) {
  sockaddr_storage address;
  FillWithSentinel(address);
  int size = sizeof address;
  if (getsockname(request.sock, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return Fail(WSAGetLastError());
  }
  if (Untouched(address)) return NotWritten();
  PutEndpoint(address, extra);
  return Ok();
}

json GetPeerName(const WorkerRequest& request, json&) {
  sockaddr_storage address;
  int size = sizeof address;
  return CallResult(getpeername(request.sock, reinterpret_cast<sockaddr*>(&address), &size) == 0);
}

json Shutdown(const WorkerRequest& request, json&) {
  const std::string how = request.step.value("how", "");
  const int value = how == "send" ? SD_SEND : how == "receive" ? SD_RECEIVE : SD_BOTH;
  return CallResult(shutdown(request.sock, value) == 0);
}

json Accept(const WorkerRequest& request, json& extra) {
  if (request.step.contains("async")) return AcceptOverlapped(request, extra);
  const SOCKET s = request.sock;
  json result = BoundedOnceReadable(
      s, request.wait_ms, [s]() {
        const SOCKET made = accept(s, nullptr, nullptr);
        if (made == INVALID_SOCKET) return Fail(WSAGetLastError());
        json out = Ok();
        out["handle"] = static_cast<uint64_t>(made);
        return out;
      });
  return MoveToExtra(std::move(result), "handle", extra);
}

json SetSockOpt(const WorkerRequest& request, json&) {
  int level = 0, name = 0;
  if (!OptionOf(request.step, &level, &name)) return Fail(WSAENOPROTOOPT);
  const json& value = request.step["value"];
  if (value.is_object()) {
    linger option{static_cast<u_short>(value["l_onoff"].get<int>()), static_cast<u_short>(value["l_linger"].get<int>())};
    return CallResult(setsockopt(request.sock, level, name, reinterpret_cast<char*>(&option), sizeof option) == 0);
  }
  int option = value.get<int>();
  return CallResult(setsockopt(request.sock, level, name, reinterpret_cast<char*>(&option), sizeof option) == 0);
}

json GetSockOpt(const WorkerRequest& request, json&) {
  int level = 0, name = 0;
  if (!OptionOf(request.step, &level, &name)) return Fail(WSAENOPROTOOPT);
  json out = Ok();
  if (name == SO_LINGER) {
    linger option;
    FillWithSentinel(option);
    int size = sizeof option;
    if (getsockopt(request.sock, level, name, reinterpret_cast<char*>(&option), &size) != 0) {
      return Fail(WSAGetLastError());
    }
    if (Untouched(option)) return NotWritten();
    out["value"] = json{{"l_onoff", option.l_onoff}, {"l_linger", option.l_linger}};
    return out;
  }
  int option;
  FillWithSentinel(option);
  int size = sizeof option;
  if (getsockopt(request.sock, level, name, reinterpret_cast<char*>(&option), &size) != 0) {
    return Fail(WSAGetLastError());
  }
  if (Untouched(option)) return NotWritten();
  if (size == 1) option &= 0xFF;  // some stacks answer BOOLs with one byte
  out["value"] = option;
  return out;
}

json Fionbio(const WorkerRequest& request, json&) {
  u_long value = request.step["value"].get<bool>() ? 1 : 0;
  return CallResult(ioctlsocket(request.sock, FIONBIO, &value) == 0);
}

json Send(const WorkerRequest& request, json& extra) {
  if (request.step.contains("async")) return SendOverlapped(request, extra);
  const SOCKET s = request.sock;
  const std::string bytes = request.step["bytes"].get<std::string>();
  return Bounded(
      [s, bytes]() {
        return SentResult(send(s, bytes.data(), static_cast<int>(bytes.size()), 0));
      },
      // The step's wait is for something to happen, which a send does not wait for; the call itself
      // gets the call bound, as recv's does (bounded_call.h). With the step's wait as its bound, a
      // send expected to fail right after a silence (whose wait the harness shortens) came back
      // HARNESS_WOULD_BLOCK: found by wsdup explore (seeds 21 to 24).
      std::max<DWORD>(request.wait_ms, kCallMs));
}

json Recv(const WorkerRequest& request, json& extra) {
  if (request.step.contains("async")) return RecvOverlapped(request, extra);
  const SOCKET s = request.sock;
  return BoundedOnceReadable(
      s, request.wait_ms, [s]() {
        char buffer[65536];
        const int got = recv(s, buffer, sizeof buffer, 0);
        if (got == SOCKET_ERROR) return Fail(WSAGetLastError());
        json out = Ok();
        out["value"] = std::string(buffer, static_cast<size_t>(got));
        return out;
      });
}

// CONN-8: the coordinator passes the port and family of the step's `to` (port 0: the zero address).
json SendTo(const WorkerRequest& request, json&) {
  const SOCKET s = request.sock;
  const std::string bytes = request.step["bytes"].get<std::string>();
  sockaddr_storage to;
  const int size = AddressTo(request, &to);
  return Bounded(
      [s, bytes, to, size]() {
        return SentResult(
            sendto(s, bytes.data(), static_cast<int>(bytes.size()), 0, reinterpret_cast<const sockaddr*>(&to), size));
      },
      std::max<DWORD>(request.wait_ms, kCallMs));  // as send's bound
}

// The sender's port and family go to `extra` for the coordinator (`as`); the buffer starts zeroed,
// so a call that leaves it as it was names the zero address.
json RecvFrom(const WorkerRequest& request, json& extra) {
  const SOCKET s = request.sock;
  json result = BoundedOnceReadable(s, request.wait_ms, [s]() {
    char buffer[65536];
    sockaddr_storage from{};
    int size = sizeof from;
    const int got = recvfrom(s, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &size);
    if (got == SOCKET_ERROR) return Fail(WSAGetLastError());
    json out = Ok();
    out["value"] = std::string(buffer, static_cast<size_t>(got));
    const Endpoint sender = EndpointOf(from);
    out["port"] = sender.port;
    out["family"] = sender.family;
    return out;
  });
  result = MoveToExtra(std::move(result), "family", extra);
  return MoveToExtra(std::move(result), "port", extra);
}

}  // namespace

void AddSocketOps(HandlerTable& table) {
  table.insert({
      {"startup", Startup},
      {"cleanup", Cleanup},
      {"socket", Socket},
      {"connected", Connected},
      {"duplicate", Duplicate},
      {"from_blob", FromBlob},
      {"closesocket", CloseSocket},
      {"bind", Bind},
      {"listen", Listen},
      {"connect", Connect},
      {"getsockname", GetSockName},
      {"getpeername", GetPeerName},
      {"shutdown", Shutdown},
      {kPortOfOp, GetSockName},
      {"accept", Accept},
      {"setsockopt", SetSockOpt},
      {"getsockopt", GetSockOpt},
      {"fionbio", Fionbio},
      {"send", Send},
      {"recv", Recv},
      {"sendto", SendTo},
      {"recvfrom", RecvFrom},
  });
}

}  // namespace wsdup::agent
