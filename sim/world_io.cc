// Data through descriptors and the harness peers at the far end (SHARE-4, CLOSE-2).
#include "sim/world.h"

namespace wsdup::sim {

Outcome<size_t> World::Send(Pid pid, Handle handle, std::string_view bytes) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  SocketState& state = sockets_[socket];
  // SHUT-1: sending shut down through any descriptor refuses sends through every one, before
  // anything else about the connection is looked at (the model's order, SOCK-10).
  if ((state.shut & kShutSend) != 0) return {By(WSDUP_RULE("SHUT-1"), WsaError::kShutDown)};
  // CONN-6: a datagram socket connected to a destination sends there (CONN-7: whether or not
  // anything receives).
  if (state.type == SockType::kDgram && state.stage == Stage::kConnected) {
    SendDatagram(socket, state.sends_to, bytes);
    return {WsaError::kNone, bytes.size()};
  }
  // SOCK-6: only a connected socket sends. The peer's close is a half-close (SOCK-7): it still
  // reads what the socket sends.
  if (state.stage != Stage::kConnected) {
    // SOCK-10: an unbound datagram socket is also "not bound" (WSAEINVAL); not connected wins.
    if (state.type == SockType::kDgram) Reach(WSDUP_RULE("SOCK-10"));
    return {By(WSDUP_RULE("SOCK-6"), WsaError::kNotConnected)};
  }
  // SHUT-5: after the reset of SHUT-4 the connection is gone.
  if (state.reset_by_shutdown) return {By(WSDUP_RULE("SHUT-5"), WsaError::kConnectionReset)};
  // CONN-5: the other socket of the connection reset it.
  if (ResetSeen(state)) return {By(WSDUP_RULE("CONN-5"), WsaError::kConnectionReset)};
  Reach(WSDUP_RULE("SHARE-4"));
  DeliverToFarEnd(state.peer, bytes);
  return {WsaError::kNone, bytes.size()};
}

Outcome<std::string> World::Recv(Pid pid, Handle handle, AddressId* from) {
  if (from != nullptr) *from = kZeroAddress;
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  return ReceiveFrom(socket, StageVia(*Lookup(pid, handle)) != Stage::kUnbound, from);
}

Outcome<std::string> World::ReceiveFrom(SocketId socket, bool bound_seen, AddressId* from) {
  SocketState& state = sockets_[socket];
  // SHUT-1: likewise for receiving.
  if ((state.shut & kShutReceive) != 0) return {By(WSDUP_RULE("SHUT-1"), WsaError::kShutDown)};
  const WsaError would_block =
      state.non_blocking ? WsaError::kWouldBlock : WsaError::kHarnessWouldBlock;
  // SHARE-3: whichever descriptor made the socket non-blocking, every descriptor sees it.
  const uint8_t would_block_rule = state.non_blocking ? WSDUP_RULE("SHARE-3") : WSDUP_RULE("SOCK-6");
  if (state.type == SockType::kDgram) {
    // SOCK-6: receiving on an unbound datagram socket is refused (SHARE-7: as this descriptor
    // sees it).
    if (!bound_seen) return {By(WSDUP_RULE("SOCK-6"), WsaError::kInvalidArgument)};
    // CONN-7: a datagram it sent found nothing; this recv reports it, once.
    if (state.port_unreachable) {
      state.port_unreachable = false;
      return {By(WSDUP_RULE("CONN-7"), WsaError::kConnectionReset)};
    }
    if (state.datagrams.empty()) return {By(would_block_rule, would_block)};
    // CONN-6: one datagram per recv, oldest first.
    Reach(WSDUP_RULE("CONN-6"));
    Outcome<std::string> out{WsaError::kNone, std::move(state.datagrams.front().bytes)};
    if (from != nullptr) {
      Reach(WSDUP_RULE("CONN-8"));  // recvfrom names the sender
      *from = state.datagrams.front().from;
    }
    state.datagrams.pop_front();
    state.armed |= kFdRead;  // recv re-enables FD_READ, and what is left is reported again
    if (!state.datagrams.empty()) Notify(socket, kFdRead);
    return out;
  }
  // SOCK-6, SOCK-7: a stream socket receives once connected; nothing to read blocks or gives
  // WSAEWOULDBLOCK; after the peer's close, end of stream once the data before it is read.
  if (state.stage != Stage::kConnected) return {By(WSDUP_RULE("SOCK-6"), WsaError::kNotConnected)};
  // CONN-5: the other socket reset the connection; what it had sent and was unread is lost.
  if (ResetSeen(state)) return {By(WSDUP_RULE("CONN-5"), WsaError::kConnectionReset)};
  if (state.inbox.empty()) {
    if (state.peer_closed) return {By(WSDUP_RULE("SOCK-7"), WsaError::kNone), std::string()};  // end of stream
    return {By(would_block_rule, would_block)};
  }
  Reach(WSDUP_RULE("SHARE-4"));
  Outcome<std::string> out{WsaError::kNone, std::move(state.inbox)};
  state.inbox.clear();
  state.armed |= kFdRead;  // recv re-enables FD_READ
  // A graceful close held back behind unread data is reported now that the data is read (EVT-10).
  if (state.peer_closed) Notify(socket, kFdClose);
  return out;
}

Outcome<size_t> World::SendTo(Pid pid, Handle handle, AddressId to, std::string_view bytes) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  SocketState& state = sockets_[socket];
  // CONN-8: a stream socket ignores the address; sendto is send (with send's own checks).
  if (state.type == SockType::kStream) {
    Reach(WSDUP_RULE("CONN-8"));
    return Send(pid, handle, bytes);
  }
  if ((state.shut & kShutSend) != 0) return {By(WSDUP_RULE("SHUT-1"), WsaError::kShutDown)};
  if (WsaError error = FamilyMismatch(socket, to); error != WsaError::kNone) return {error};
  if (to == kZeroAddress) return {By(WSDUP_RULE("CONN-8"), WsaError::kAddressNotAvailable)};
  // CONN-9: connected or not, the datagram goes where the call says (the model's choice).
  Reach(state.stage == Stage::kConnected ? WSDUP_RULE("CONN-9") : WSDUP_RULE("CONN-8"));
  BindImplicitly(socket, SlotOf(pid, handle));
  SendDatagram(socket, to, bytes);
  return {WsaError::kNone, bytes.size()};
}

PeerId World::UnconnectedPeer() {
  Peer peer;
  peer.socket_closed = true;
  peer.reset = true;
  peers_.push_back(peer);
  return static_cast<PeerId>(peers_.size() - 1);
}

void World::PeerSend(PeerId id, std::string_view bytes) {
  Peer& peer = peers_[id];
  // A peer that closed its end sends nothing more (SOCK-7: its close is a FIN; the socket reads
  // end of stream once the data sent before it is read). The harness's peer_send then has no effect.
  if (peer.closed_by_peer) {
    Reach(WSDUP_RULE("SOCK-7"));
    return;
  }
  if (peer.socket_closed) {
    Reach(WSDUP_RULE("CLOSE-9"));
    MarkReset(id, WSDUP_RULE("CLOSE-9"));  // CLOSE-9: a socket that is gone answers data with a reset
    return;
  }
  if (peer.socket == kNone) {  // queued on a listener: the accepted socket gets it (SOCK-4)
    peer.sent_before_accept.append(bytes);
    return;
  }
  if (peer.reset) return;  // SHUT-4 reset the connection: nothing arrives
  if ((sockets_[peer.socket].shut & kShutReceive) != 0) {
    ResetByShutdown(peer.socket);  // SHUT-4: data after SD_RECEIVE resets
    return;
  }
  sockets_[peer.socket].inbox.append(bytes);
  ServePending(peer.socket);  // OVL-1: a pending recv takes the bytes before anything else sees them
  if (!sockets_[peer.socket].inbox.empty()) Notify(peer.socket, kFdRead);
}

std::string World::PeerRecv(PeerId id) {
  Peer& peer = peers_[id];
  if (peer.unread_may_be_lost) Reach(peer.reset_by);
  std::string bytes = std::move(peer.inbox);
  peer.inbox.clear();
  peer.unread_may_be_lost = false;
  return bytes;
}

bool World::PeerReadDecided(PeerId id) const { return !peers_[id].unread_may_be_lost; }

void World::PeerClose(PeerId id) {
  Peer& peer = peers_[id];
  if (peer.closed_by_peer) return;
  peer.closed_by_peer = true;
  if (peer.socket == kNone) return;
  Reach(WSDUP_RULE("SOCK-7"));  // a half-close: the socket still sends, and reads end of stream
  sockets_[peer.socket].peer_closed = true;
  // FD_CLOSE waits until the data the peer sent before closing has been read (EVT-10).
  if (sockets_[peer.socket].inbox.empty()) Notify(peer.socket, kFdClose);
  ServePending(peer.socket);  // OVL-1: end of stream completes a pending recv
}

PeerState World::PeerStateOf(PeerId id) const {
  const Peer& peer = peers_[id];
  if (peer.reset) {
    if (peer.reset_by != kNoRule) Reach(peer.reset_by);
    return PeerState::kReset;
  }
  if (!peer.inbox.empty()) return By(WSDUP_RULE("SHARE-4"), PeerState::kData);
  if (peer.socket_closed) return By(WSDUP_RULE("CLOSE-2"), PeerState::kEof);  // a graceful end
  if (peer.fin) return By(WSDUP_RULE("SHUT-3"), PeerState::kEof);  // the socket shut its sending side
  return PeerState::kOpen;
}

}  // namespace wsdup::sim
