// The worker's notification ops: WSAEventSelect with event objects, WSAAsyncSelect with windows,
// and waiting for either; WSAEnumNetworkEvents. Event objects and windows are this process's own,
// made at first mention by name.
#include <winsock2.h>
#include <windows.h>

#include <map>
#include <string>

#include "conformance/vocabulary/net_events.h"
#include "conformance/vocabulary/wsa_errors.h"
#include "out_param.h"
#include "user32_on_demand.h"
#include "worker_ops.h"

namespace wsdup::agent {
namespace {

constexpr UINT kSelectMessage = WM_APP + 1;

std::map<std::string, WSAEVENT> g_events;
std::map<std::string, HWND> g_windows;

// The step's "events", by the vocabulary's bits (checked against <winsock2.h> in vocabulary_check.cc).
long MaskOf(const json& step) {
  long mask = 0;
  for (const json& name : step.value("events", json::array())) {
    mask |= static_cast<long>(vocabulary::NetEventFromName(name.get<std::string>()).value_or(0));
  }
  return mask;
}

json EventNames(long mask) {
  json names = json::array();
  vocabulary::ForEachNetEventName(static_cast<uint32_t>(mask),
                                  [&](std::string_view name) { names.push_back(std::string(name)); });
  return names;
}

WSAEVENT EventNamed(const std::string& name) {
  auto found = g_events.find(name);
  if (found != g_events.end()) return found->second;
  return g_events[name] = WSACreateEvent();
}

json EventSelect(const WorkerRequest& request, json&) {
  const WSAEVENT event = EventNamed(request.step["event"]);
  return CallResult(WSAEventSelect(request.sock, event, MaskOf(request.step)) == 0);
}

json NoWindow() { return HarnessFail(vocabulary::kHarnessNoWindow); }

json AsyncSelect(const WorkerRequest& request, json&) {
  const HWND window = WindowNamed(request.step["window"]);
  if (window == nullptr) return NoWindow();
  return CallResult(WSAAsyncSelect(request.sock, window, kSelectMessage, MaskOf(request.step)) == 0);
}

json WaitEvent(const WorkerRequest& request, json&) {
  json out = Ok();
  out["signaled"] = WaitForSingleObject(EventNamed(request.step["event"]), request.wait_ms) == WAIT_OBJECT_0;
  return out;
}

// Takes one select message; its wParam (the descriptor) goes to `extra` for the coordinator to name.
json WaitMessage(const WorkerRequest& request, json& extra) {
  const HWND window = WindowNamed(request.step["window"]);
  if (window == nullptr) return NoWindow();
  const User32& user32 = *LoadUser32();  // loaded: the window exists
  const ULONGLONG deadline = GetTickCount64() + request.wait_ms;
  json out = Ok();
  while (true) {
    MSG message;
    if (user32.peek_message(&message, window, kSelectMessage, kSelectMessage, PM_REMOVE)) {
      out["signaled"] = true;
      out["events"] = EventNames(WSAGETSELECTEVENT(message.lParam));
      extra["wparam"] = static_cast<uint64_t>(message.wParam);
      return out;
    }
    const ULONGLONG now = GetTickCount64();
    if (now >= deadline) break;
    user32.msg_wait_for_multiple_objects(0, nullptr, FALSE, static_cast<DWORD>(deadline - now), QS_ALLINPUT);
  }
  out["signaled"] = false;
  return out;
}

json EnumEvents(const WorkerRequest& request, json&) {
  WSANETWORKEVENTS events;
  FillWithSentinel(events);
  const WSAEVENT event = request.step.contains("event") ? EventNamed(request.step["event"]) : nullptr;
  if (WSAEnumNetworkEvents(request.sock, event, &events) != 0) return Fail(WSAGetLastError());
  if (Untouched(events.lNetworkEvents)) return HarnessFail(vocabulary::kHarnessResultNotWritten);
  json out = Ok();
  out["events"] = EventNames(events.lNetworkEvents);
  return out;
}

}  // namespace

HWND WindowNamed(const std::string& name) {
  auto found = g_windows.find(name);
  if (found != g_windows.end()) return found->second;
  const User32* user32 = LoadUser32();
  if (user32 == nullptr) return g_windows[name] = nullptr;
  HWND window = user32->create_window_ex(0, "STATIC", name.c_str(), 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr,
                                         nullptr);
  g_windows[name] = window;  // a failure too: another thread must not make it (worker_ops.h)
  return window;
}

void AddEventOps(HandlerTable& table) {
  table.insert({
      {"event_select", EventSelect},
      {"async_select", AsyncSelect},
      {"wait_event", WaitEvent},
      {"wait_message", WaitMessage},
      {"enum_events", EnumEvents},
  });
}

}  // namespace wsdup::agent
