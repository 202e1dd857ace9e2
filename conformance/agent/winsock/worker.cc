// A worker: one real process per scenario process. It makes the Winsock calls and answers one
// JSON line per request from the coordinator. Descriptor values arrive resolved ("sock"); event
// objects and windows are this process's own, by name. Blocking calls run on a helper thread with a
// bound, so a call that would block forever is reported (HARNESS_WOULD_BLOCK), never waited out.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <functional>
#include <map>
#include <memory>

#include "common.h"

namespace wsdup::agent {
namespace {

constexpr UINT kSelectMessage = WM_APP + 1;
constexpr DWORD kSettleMs = 50;  // how long a call that may block gets once nothing is pending

std::map<std::string, WSAEVENT> g_events;
std::map<std::string, HWND> g_windows;

int TypeOf(const json& step) { return step.value("type", "stream") == "dgram" ? SOCK_DGRAM : SOCK_STREAM; }

DWORD FlagsOf(const json& step) {
  DWORD flags = 0;
  for (const json& flag : step.value("flags", json::array())) {
    if (flag == "overlapped") flags |= WSA_FLAG_OVERLAPPED;
    if (flag == "no_handle_inherit") flags |= WSA_FLAG_NO_HANDLE_INHERIT;
  }
  return flags;
}

long MaskOf(const json& step) {
  static const std::pair<const char*, long> kBits[] = {{"FD_READ", FD_READ},     {"FD_WRITE", FD_WRITE},
                                                       {"FD_OOB", FD_OOB},       {"FD_ACCEPT", FD_ACCEPT},
                                                       {"FD_CONNECT", FD_CONNECT}, {"FD_CLOSE", FD_CLOSE}};
  long mask = 0;
  for (const json& name : step.value("events", json::array())) {
    for (const auto& [text, bit] : kBits) {
      if (name == text) mask |= bit;
    }
  }
  return mask;
}

json EventNames(long mask) {
  static const std::pair<long, const char*> kBits[] = {{FD_READ, "FD_READ"},     {FD_WRITE, "FD_WRITE"},
                                                       {FD_OOB, "FD_OOB"},       {FD_ACCEPT, "FD_ACCEPT"},
                                                       {FD_CONNECT, "FD_CONNECT"}, {FD_CLOSE, "FD_CLOSE"}};
  json names = json::array();
  for (const auto& [bit, text] : kBits) {
    if (mask & bit) names.push_back(text);
  }
  return names;
}

SOCKET Create(const json& step) {
  const int type = TypeOf(step);
  const int protocol = type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
  const std::string api = step.value("api", "socket");
  if (api == "WSASocketA") return WSASocketA(AF_INET, type, protocol, nullptr, 0, FlagsOf(step));
  if (api == "WSASocketW") return WSASocketW(AF_INET, type, protocol, nullptr, 0, FlagsOf(step));
  return socket(AF_INET, type, protocol);
}

// Runs `call` on a helper thread; if it has not returned within `bound_ms` the thread is left
// blocked (the worker dies with the scenario) and the call is reported as blocking.
json Bounded(std::function<json()> call, DWORD bound_ms) {
  auto slot = std::make_shared<std::pair<std::function<json()>, json>>(std::move(call), json());
  auto* raw = new std::shared_ptr<std::pair<std::function<json()>, json>>(slot);
  HANDLE thread = CreateThread(
      nullptr, 0,
      [](LPVOID arg) -> DWORD {
        auto* holder = static_cast<std::shared_ptr<std::pair<std::function<json()>, json>>*>(arg);
        (*holder)->second = (*holder)->first();
        delete holder;
        return 0;
      },
      raw, 0, nullptr);
  if (thread == nullptr) {
    delete raw;
    return json{{"ok", false}, {"error", "HARNESS_THREAD_FAILED"}};
  }
  const DWORD waited = WaitForSingleObject(thread, bound_ms);
  CloseHandle(thread);
  if (waited != WAIT_OBJECT_0) return json{{"ok", false}, {"error", "HARNESS_WOULD_BLOCK"}};
  return slot->second;
}

bool OptionOf(const json& step, int* level, int* name) {
  static const std::pair<const char*, int> kNames[] = {
      {"SO_RCVBUF", SO_RCVBUF},       {"SO_SNDBUF", SO_SNDBUF},
      {"SO_KEEPALIVE", SO_KEEPALIVE}, {"SO_LINGER", SO_LINGER},
      {"SO_DONTLINGER", SO_DONTLINGER}, {"SO_REUSEADDR", SO_REUSEADDR},
      {"SO_EXCLUSIVEADDRUSE", SO_EXCLUSIVEADDRUSE}, {"SO_OOBINLINE", SO_OOBINLINE},
      {"SO_BROADCAST", SO_BROADCAST}, {"SO_TYPE", SO_TYPE},
      {"SO_ERROR", SO_ERROR},         {"TCP_NODELAY", TCP_NODELAY}};
  *level = step.value("level", "SOL_SOCKET") == "IPPROTO_TCP" ? IPPROTO_TCP : SOL_SOCKET;
  for (const auto& [text, value] : kNames) {
    if (step.value("name", "") == text) {
      *name = value;
      return true;
    }
  }
  return false;
}

HWND WindowNamed(const std::string& name) {
  auto found = g_windows.find(name);
  if (found != g_windows.end()) return found->second;
  HWND window = CreateWindowExA(0, "STATIC", name.c_str(), 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr,
                                nullptr, nullptr);
  g_windows[name] = window;
  return window;
}

WSAEVENT EventNamed(const std::string& name) {
  auto found = g_events.find(name);
  if (found != g_events.end()) return found->second;
  return g_events[name] = WSACreateEvent();
}

json Execute(const json& request, json& extra) {
  const json& step = request["step"];
  const std::string op = step["op"].get<std::string>();
  const SOCKET s = request.contains("sock") ? static_cast<SOCKET>(request["sock"].get<uint64_t>())
                                            : INVALID_SOCKET;
  const DWORD wait_ms = request.value("wait_ms", kDefaultWaitMs);

  if (op == "startup") {
    WSADATA data;
    const WORD version = step.value("version", "2.2") == "0" ? 0 : MAKEWORD(2, 2);
    const int result = WSAStartup(version, step.contains("data") ? nullptr : &data);
    return result == 0 ? Ok() : Fail(result);
  }
  if (op == "cleanup") return WSACleanup() == 0 ? Ok() : Fail(WSAGetLastError());
  if (op == "socket" || op == "connected") {
    const SOCKET made = Create(step);
    if (made == INVALID_SOCKET) return Fail(WSAGetLastError());
    if (op == "connected") {
      sockaddr_in to = Loopback(static_cast<u_short>(request["port"].get<int>()));
      if (connect(made, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        const int error = WSAGetLastError();
        closesocket(made);
        return Fail(error);
      }
    }
    extra["handle"] = static_cast<uint64_t>(made);
    return Ok();
  }
  if (op == "duplicate") {
    const DWORD pid = request["pid"].get<DWORD>();
    const bool null_info = step.contains("info");
    if (step.value("variant", "A") == "W") {
      WSAPROTOCOL_INFOW info{};
      if (WSADuplicateSocketW(s, pid, null_info ? nullptr : &info) != 0) return Fail(WSAGetLastError());
      extra["blob"] = ToHex(&info, sizeof info);
    } else {
      WSAPROTOCOL_INFOA info{};
      if (WSADuplicateSocketA(s, pid, null_info ? nullptr : &info) != 0) return Fail(WSAGetLastError());
      extra["blob"] = ToHex(&info, sizeof info);
    }
    return Ok();
  }
  if (op == "from_blob") {
    // The blob's bytes go into a zeroed structure of the importing variant: A and W share every
    // field before szProtocol, so a mixed-variant import passes exactly what the blob holds.
    const std::string bytes = FromHex(request.value("blob", ""));
    SOCKET made;
    if (step.value("variant", "A") == "W") {
      WSAPROTOCOL_INFOW info{};
      memcpy(&info, bytes.data(), bytes.size() < sizeof info ? bytes.size() : sizeof info);
      made = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, FlagsOf(step));
    } else {
      WSAPROTOCOL_INFOA info{};
      memcpy(&info, bytes.data(), bytes.size() < sizeof info ? bytes.size() : sizeof info);
      made = WSASocketA(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, FlagsOf(step));
    }
    if (made == INVALID_SOCKET) return Fail(WSAGetLastError());
    extra["handle"] = static_cast<uint64_t>(made);
    return Ok();
  }
  if (op == "closesocket") return closesocket(s) == 0 ? Ok() : Fail(WSAGetLastError());
  if (op == "bind") {
    sockaddr_in address = Loopback(0);
    return bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ? Ok() : Fail(WSAGetLastError());
  }
  if (op == "listen") return listen(s, SOMAXCONN) == 0 ? Ok() : Fail(WSAGetLastError());
  if (op == "getsockname" || op == "port_of") {
    sockaddr_in address{};
    int size = sizeof address;
    if (getsockname(s, reinterpret_cast<sockaddr*>(&address), &size) != 0) return Fail(WSAGetLastError());
    extra["port"] = ntohs(address.sin_port);
    return Ok();
  }
  if (op == "accept") {
    Readable(s, wait_ms);
    json result = Bounded(
        [s]() {
          const SOCKET made = accept(s, nullptr, nullptr);
          if (made == INVALID_SOCKET) return Fail(WSAGetLastError());
          json out = Ok();
          out["handle"] = static_cast<uint64_t>(made);
          return out;
        },
        kSettleMs);
    if (result.contains("handle")) {
      extra["handle"] = result["handle"];
      result.erase("handle");
    }
    return result;
  }
  if (op == "setsockopt" || op == "getsockopt") {
    int level = 0, name = 0;
    if (!OptionOf(step, &level, &name)) return Fail(WSAENOPROTOOPT);
    if (op == "setsockopt") {
      const json& value = step["value"];
      if (value.is_object()) {
        linger option{static_cast<u_short>(value["l_onoff"].get<int>()), static_cast<u_short>(value["l_linger"].get<int>())};
        return setsockopt(s, level, name, reinterpret_cast<char*>(&option), sizeof option) == 0 ? Ok() : Fail(WSAGetLastError());
      }
      int option = value.get<int>();
      return setsockopt(s, level, name, reinterpret_cast<char*>(&option), sizeof option) == 0 ? Ok() : Fail(WSAGetLastError());
    }
    if (name == SO_LINGER) {
      linger option{};
      int size = sizeof option;
      if (getsockopt(s, level, name, reinterpret_cast<char*>(&option), &size) != 0) return Fail(WSAGetLastError());
      json out = Ok();
      out["value"] = json{{"l_onoff", option.l_onoff}, {"l_linger", option.l_linger}};
      return out;
    }
    int option = 0;
    int size = sizeof option;
    if (getsockopt(s, level, name, reinterpret_cast<char*>(&option), &size) != 0) return Fail(WSAGetLastError());
    if (size == 1) option &= 0xFF;  // some stacks answer BOOLs with one byte
    json out = Ok();
    out["value"] = option;
    return out;
  }
  if (op == "fionbio") {
    u_long value = step["value"].get<bool>() ? 1 : 0;
    return ioctlsocket(s, FIONBIO, &value) == 0 ? Ok() : Fail(WSAGetLastError());
  }
  if (op == "event_select") {
    return WSAEventSelect(s, EventNamed(step["event"]), MaskOf(step)) == 0 ? Ok() : Fail(WSAGetLastError());
  }
  if (op == "async_select") {
    return WSAAsyncSelect(s, WindowNamed(step["window"]), kSelectMessage, MaskOf(step)) == 0 ? Ok()
                                                                                           : Fail(WSAGetLastError());
  }
  if (op == "wait_event") {
    json out = Ok();
    out["signaled"] = WaitForSingleObject(EventNamed(step["event"]), wait_ms) == WAIT_OBJECT_0;
    return out;
  }
  if (op == "wait_message") {
    HWND window = WindowNamed(step["window"]);
    const ULONGLONG deadline = GetTickCount64() + wait_ms;
    json out = Ok();
    while (true) {
      MSG message;
      if (PeekMessageA(&message, window, kSelectMessage, kSelectMessage, PM_REMOVE)) {
        out["signaled"] = true;
        out["events"] = EventNames(WSAGETSELECTEVENT(message.lParam));
        extra["wparam"] = static_cast<uint64_t>(message.wParam);
        return out;
      }
      const ULONGLONG now = GetTickCount64();
      if (now >= deadline) break;
      MsgWaitForMultipleObjects(0, nullptr, FALSE, static_cast<DWORD>(deadline - now), QS_ALLINPUT);
    }
    out["signaled"] = false;
    return out;
  }
  if (op == "enum_events") {
    WSANETWORKEVENTS events{};
    WSAEVENT event = step.contains("event") ? EventNamed(step["event"]) : nullptr;
    if (WSAEnumNetworkEvents(s, event, &events) != 0) return Fail(WSAGetLastError());
    json out = Ok();
    out["events"] = EventNames(events.lNetworkEvents);
    return out;
  }
  if (op == "send") {
    const std::string bytes = step["bytes"].get<std::string>();
    return Bounded(
        [s, bytes]() {
          const int sent = send(s, bytes.data(), static_cast<int>(bytes.size()), 0);
          if (sent == SOCKET_ERROR) return Fail(WSAGetLastError());
          json out = Ok();
          out["value"] = sent;
          return out;
        },
        wait_ms);
  }
  if (op == "recv") {
    Readable(s, wait_ms);  // data or end of stream in flight on loopback gets time to land
    return Bounded(
        [s]() {
          char buffer[65536];
          const int got = recv(s, buffer, sizeof buffer, 0);
          if (got == SOCKET_ERROR) return Fail(WSAGetLastError());
          json out = Ok();
          out["value"] = std::string(buffer, static_cast<size_t>(got));
          return out;
        },
        kSettleMs);
  }
  return json{{"ok", false}, {"error", "HARNESS_UNKNOWN_OP"}};
}

// Steps naming a thread (SHARE-6) run on a new thread of this process.
// The thread owns copies of everything it touches, so one left blocked cannot reach freed memory.
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

int WorkerMain() {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
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
      result = json{{"ok", false}, {"error", "HARNESS_BAD_REQUEST"}, {"detail", error.what()}};
    }
    if (!WriteLineTo(out, json{{"result", result}, {"extra", extra}}.dump())) return 0;
  }
}

}  // namespace wsdup::agent
