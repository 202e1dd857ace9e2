// shutdown: what is shut is socket state, seen through every descriptor (SHUT-*).
#include "sim/world.h"

namespace wsdup::sim {

WsaError World::Shutdown(Pid pid, Handle handle, ShutdownHow how) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  SocketState& state = sockets_[socket];
  // SHUT-2: a connection-oriented socket must be connected; a datagram socket needs no connection.
  if (state.type == SockType::kStream && state.stage != Stage::kConnected) {
    return By(WSDUP_RULE("SHUT-2"), WsaError::kNotConnected);
  }
  Reach(WSDUP_RULE("SHUT-1"));
  const uint8_t newly = static_cast<uint8_t>(how & ~state.shut);
  state.shut |= how;
  if (state.type != SockType::kStream) return WsaError::kNone;
  if ((newly & kShutSend) != 0) {
    Reach(WSDUP_RULE("SHUT-3"));  // a FIN follows what was sent; the socket still receives
    FinToFarEnd(state.peer);
  }
  if ((newly & kShutReceive) != 0 && !state.inbox.empty()) ResetByShutdown(socket);
  return WsaError::kNone;
}

void World::ResetByShutdown(SocketId id) {
  SocketState& socket = sockets_[id];
  Reach(WSDUP_RULE("SHUT-4"));
  socket.reset_by_shutdown = true;
  socket.inbox.clear();  // it can never be delivered
  if (peers_[socket.peer].reset) return;
  MarkReset(socket.peer, WSDUP_RULE("SHUT-4"));
  // Bytes the socket sent and the peer has not read may have been lost to the reset (as CLOSE-6).
  peers_[socket.peer].unread_may_be_lost = !peers_[socket.peer].inbox.empty();
}

}  // namespace wsdup::sim
