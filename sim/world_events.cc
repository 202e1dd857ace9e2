// WSAEventSelect / WSAAsyncSelect: at most one registration per socket, replaced by any call
// through any descriptor (EVT-1, EVT-2, EVT-5), with Winsock's record-and-re-enable behaviour.
#include "sim/world.h"

namespace wsdup::sim {

EventId World::CreateEvent(Pid owner) {
  events_.push_back(Event{owner, false});
  return static_cast<EventId>(events_.size() - 1);
}

WindowId World::CreateWindow(Pid owner) {
  windows_.push_back(Window{owner, {}});
  return static_cast<WindowId>(windows_.size() - 1);
}

bool World::EventSignaled(EventId event) const { return events_[event].signaled; }

std::optional<WindowMessage> World::TakeMessage(WindowId window) {
  std::deque<WindowMessage>& queue = windows_[window].queue;
  if (queue.empty()) return std::nullopt;
  WindowMessage message = queue.front();
  queue.pop_front();
  return message;
}

// Conditions that hold now and that a fresh registration reports at once (level-triggered start).
uint32_t World::CurrentConditions(const SocketState& socket) const {
  uint32_t now = 0;
  if (!socket.inbox.empty() || !socket.datagrams.empty()) now |= kFdRead;
  // The peer's close is a half-close: the socket can still send (SOCK-7). A datagram socket can
  // always sendto, bound or not (EVT-10). Once sending is shut nothing can be sent (SHUT-1).
  const bool send_shut = (socket.shut & kShutSend) != 0;
  if (!send_shut && (socket.stage == Stage::kConnected || socket.type == SockType::kDgram)) now |= kFdWrite;
  // A graceful close by the peer is reported only once the data before it has been read.
  if (socket.stage == Stage::kConnected && socket.peer_closed && socket.inbox.empty()) now |= kFdClose;
  if (ResetSeen(socket)) now |= kFdClose;  // CONN-5
  if (!socket.pending_accepts.empty()) now |= kFdAccept;
  // EVT-10: FD_CONNECT when the registration is made if a connection is established (Microsoft's
  // WSAAsyncSelect summary). It has no re-enabling call, so it is reported once (armed, EVT-12).
  if (socket.stage == Stage::kConnected && socket.type == SockType::kStream) now |= kFdConnect;
  return now;
}

// Delivers the armed events among `events` to the socket's registration, then disarms them until
// the matching call (recv, accept) re-enables them. Nothing is delivered without a registration.
void World::Notify(SocketId id, uint32_t events) {
  SocketState& socket = sockets_[id];
  const uint32_t deliver = events & socket.armed & socket.reg.mask;
  if (socket.reg.kind == RegKind::kNone) return;
  if ((events & socket.reg.mask & ~socket.armed) != 0) Reach(WSDUP_RULE("EVT-10"));  // not re-enabled yet
  if (deliver == 0) return;
  Reach(WSDUP_RULE("EVT-8"));  // the current registration, and only it, hears of it
  socket.armed &= ~deliver;
  if (socket.reg.kind == RegKind::kEvent) {
    socket.recorded |= deliver;
    events_[socket.reg.target].signaled = true;
    return;
  }
  for (uint32_t bit = 1; bit <= kFdClose; bit <<= 1) {
    if (deliver & bit) windows_[socket.reg.target].queue.push_back({socket.reg.via, bit});
  }
}

// EVT-1, EVT-3, EVT-5, EVT-6: any new call replaces the registration whichever descriptor or
// process made it, clears the recorded events, and leaves the socket non-blocking. EVT-12: a new
// registration reports the conditions that hold now, except that an event object is not signalled
// for a condition already reported and not re-enabled since; a window gets its message again.
void World::Register(SocketId id, const Registration& reg) {
  SocketState& socket = sockets_[id];
#ifdef WSDUP_BROKEN_REGISTRATION_PER_DESCRIPTOR  // sim/broken_variants.md: breaks EVT-1
  if (socket.reg.kind != RegKind::kNone && socket.reg.via != reg.via) return;
#endif
  if (socket.reg.kind != RegKind::kNone) {
    Reach(WSDUP_RULE("EVT-1"));
    if (socket.reg.owner != reg.owner) Reach(WSDUP_RULE("EVT-2"));
    if (socket.reg.kind != reg.kind) Reach(WSDUP_RULE("EVT-5"));
  }
  Reach(WSDUP_RULE("EVT-6"));
  socket.recorded = 0;
  socket.non_blocking = true;
  if (reg.mask == 0) {
    Reach(WSDUP_RULE("EVT-3"));
    socket.reg = Registration{};
    return;
  }
  socket.reg = reg;
  const uint32_t now = CurrentConditions(socket);
  if (now != 0) Reach(WSDUP_RULE("EVT-12"));
  if (reg.kind == RegKind::kWindow) socket.armed |= now;
  Notify(id, now);
}

WsaError World::EventSelect(Pid pid, Handle handle, EventId event, uint32_t mask) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return By(WSDUP_RULE("EVT-9"), error);
  // Not a handle in this process.
  if (events_[event].owner != pid) return By(WSDUP_RULE("EVT-9"), WsaError::kInvalidArgument);
  Register(socket, Registration{RegKind::kEvent, event, mask, pid, handle});
  return WsaError::kNone;
}

WsaError World::AsyncSelect(Pid pid, Handle handle, WindowId window, uint32_t mask) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return By(WSDUP_RULE("EVT-9"), error);
  if (windows_[window].owner != pid) return By(WSDUP_RULE("EVT-9"), WsaError::kInvalidArgument);
  Register(socket, Registration{RegKind::kWindow, window, mask, pid, handle});
  return WsaError::kNone;
}

Outcome<uint32_t> World::EnumNetworkEvents(Pid pid, Handle handle, std::optional<EventId> event) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  if (event && events_[*event].owner != pid) return {WsaError::kInvalidArgument};
  Reach(WSDUP_RULE("EVT-10"));  // reports and clears what was recorded
  const uint32_t recorded = sockets_[socket].recorded;
  sockets_[socket].recorded = 0;
  if (event) events_[*event].signaled = false;
  return {WsaError::kNone, recorded};
}

}  // namespace wsdup::sim
