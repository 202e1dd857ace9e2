// Addresses, connect, and connections whose both ends are the model's own sockets (CONN-*).
//
// An address is the socket's, not a descriptor's: whatever holds the socket (a descriptor in any
// process, or only an unconsumed blob) is reached through it. A connection between two model
// sockets is two far-end records (World::Peer) linked as twins, so every path a harness peer's
// connection takes (sends, half-closes, resets, a listener's queue) serves it unchanged.
#include "sim/world.h"

namespace wsdup::sim {

void World::TakeAddress(SocketId socket) {
  SocketState& state = sockets_[socket];
  state.address = static_cast<AddressId>(addresses_.size());
  state.sharing = SharingOf(state);
  AddressUse use;
  use.taken_by[static_cast<size_t>(state.type)] = socket;
  use.family = state.family;
  addresses_.push_back(use);
}

// CONN-12: the option that counts when both are set is SO_EXCLUSIVEADDRUSE (the model's reading:
// the documents' table has no row for a socket with both).
AddressSharing World::SharingOf(const SocketState& socket) {
  if (socket.options[static_cast<size_t>(Option::kExclusiveAddress)].value != 0) return AddressSharing::kExclusive;
  if (socket.options[static_cast<size_t>(Option::kReuseAddress)].value != 0) return AddressSharing::kReuse;
  return AddressSharing::kDefault;
}

// CONN-10: the zero address is AF_INET's. An AF_INET socket given an AF_INET6 address refuses the
// family; an AF_INET6 socket given an AF_INET address gets a buffer shorter than its own family's.
WsaError World::FamilyMismatch(SocketId socket, AddressId to) const {
  const Family of_address = to == kZeroAddress ? Family::kInet : addresses_[to].family;
  if (of_address == sockets_[socket].family) return WsaError::kNone;
  Reach(WSDUP_RULE("CONN-10"));
  return sockets_[socket].family == Family::kInet ? WsaError::kFamilyNotSupported : WsaError::kBadAddress;
}

void World::BindImplicitly(SocketId socket, uint32_t slot) {
  if (sockets_[socket].stage == Stage::kUnbound) {
    sockets_[socket].stage = Stage::kBound;
    TakeAddress(socket);
  }
  descriptors_[slot].sees_unbound = false;
}

World::SocketId World::SocketAt(AddressId address, SockType type) const {
  return address < addresses_.size() ? addresses_[address].taken_by[static_cast<size_t>(type)] : kNone;
}

// The socket's address is now the local address of a stream connection: once its sockets are gone
// it may still be held by the connection's TIME_WAIT, which the model does not decide (CONN-11).
void World::CarryConnection(SocketId socket) {
  const AddressId address = sockets_[socket].address;
  if (address < addresses_.size()) addresses_[address].carried_connection = true;
}

// CONN-11: an address is in use while a live socket of the same type has it: the one that took it,
// or a connection accepted on it, whatever holds them (a descriptor in any process, or only an
// unconsumed blob). CONN-12 says what the two sockets' options make of that. The socket is
// unbound and of the address's family (Bind checked both).
WsaError World::BindTo(SocketId socket, AddressId to, bool* modelled) {
  SocketState& state = sockets_[socket];
  Reach(WSDUP_RULE("CONN-11"));
  if (to == kZeroAddress) {  // the wildcard address, with a port the stack picks
    state.stage = Stage::kBound;
    TakeAddress(socket);
    addresses_[state.address].wildcard = true;
    return WsaError::kNone;
  }
  AddressUse& use = addresses_[to];
  // A specific address under a wildcard bind of the same port is decided by an access check
  // (CONN-12's sources), which the model does not make.
  if (use.wildcard) return NotModelled(modelled);
  const SocketState* holder = nullptr;
  for (const SocketState& other : sockets_) {
    if (other.live && other.address == to && other.type == state.type) {
      holder = &other;
      break;
    }
  }
  if (holder != nullptr) {
    const AddressSharing mine = SharingOf(state);
    if (mine == AddressSharing::kDefault && holder->sharing == AddressSharing::kDefault) {
      return WsaError::kAddressInUse;
    }
    Reach(WSDUP_RULE("CONN-12"));
    if (mine == AddressSharing::kExclusive) return WsaError::kAddressInUse;
    if (mine == AddressSharing::kReuse) {
      // Both may share it; which of the two then receives is not documented (CONN-12).
      if (holder->sharing == AddressSharing::kReuse) return NotModelled(modelled);
      return WsaError::kAccessDenied;
    }
    return holder->sharing == AddressSharing::kReuse ? WsaError::kAccessDenied : WsaError::kAddressInUse;
  }
  if (state.type == SockType::kStream && use.carried_connection) return NotModelled(modelled);
  state.stage = Stage::kBound;
  state.address = to;
  state.sharing = SharingOf(state);
  use.taken_by[static_cast<size_t>(state.type)] = socket;
  return WsaError::kNone;
}

WsaError World::NotModelled(bool* modelled) {
  if (modelled != nullptr) *modelled = false;
  return WsaError::kNone;
}

PeerId World::QueueConnection(SocketId listener, PeerId twin) {
  const PeerId queued = static_cast<PeerId>(peers_.size());
  Peer far_end;  // not attached to a socket until accepted
  far_end.twin = twin;
  peers_.push_back(far_end);
  sockets_[listener].pending_accepts.push_back(queued);
  Reach(WSDUP_RULE("SOCK-4"));  // queued until accepted, through any descriptor
  Notify(listener, kFdAccept);
  ServePending(listener);  // OVL-1: a pending AcceptEx takes it
  return queued;
}

bool World::PeerConnect(Pid pid, Handle listener, PeerId* peer_out) {
  const DescriptorEntry* entry = IsPid(pid) ? Lookup(pid, listener) : nullptr;
  if (entry == nullptr || sockets_[entry->socket].stage != Stage::kListening) return false;
  *peer_out = QueueConnection(entry->socket, kNone);
  return true;
}

WsaError World::PeerConnectTo(AddressId to, PeerId* peer_out) {
  if (to == kZeroAddress) {
    *peer_out = UnconnectedPeer();
    return By(WSDUP_RULE("CONN-4"), WsaError::kAddressNotAvailable);
  }
  const SocketId at = SocketAt(to, SockType::kStream);
  if (at == kNone || sockets_[at].stage != Stage::kListening) {
    *peer_out = UnconnectedPeer();
    return By(WSDUP_RULE("CONN-2"), WsaError::kConnectionRefused);
  }
  Reach(WSDUP_RULE("CONN-1"));
  *peer_out = QueueConnection(at, kNone);
  return WsaError::kNone;
}

WsaError World::Connect(Pid pid, Handle handle, AddressId to) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  SocketState& state = sockets_[socket];
  if (state.type == SockType::kDgram) {
    if (WsaError error = FamilyMismatch(socket, to); error != WsaError::kNone) return error;
    // CONN-6: no handshake; the destination is only remembered (an unbound socket is bound first).
    // CONN-4: the zero address disconnects. Datagrams queued from another source are dropped.
    BindImplicitly(socket, SlotOf(pid, handle));
    if (to == kZeroAddress) {
      Reach(WSDUP_RULE("CONN-4"));
      state.stage = Stage::kBound;
      state.sends_to = kNone;
      return WsaError::kNone;
    }
    Reach(WSDUP_RULE("CONN-6"));
    if (state.sends_to != to) state.datagrams.clear();
    state.stage = Stage::kConnected;
    state.sends_to = to;
    return WsaError::kNone;
  }
  // CONN-3: a stream socket connects once, and never while it listens.
  if (state.stage == Stage::kConnected) return By(WSDUP_RULE("CONN-3"), WsaError::kAlreadyConnected);
  if (state.stage == Stage::kListening) return By(WSDUP_RULE("CONN-3"), WsaError::kInvalidArgument);
  // CONN-10 and CONN-4 look at the address, after the socket's own state (the model's order).
  if (WsaError error = FamilyMismatch(socket, to); error != WsaError::kNone) return error;
  if (to == kZeroAddress) return By(WSDUP_RULE("CONN-4"), WsaError::kAddressNotAvailable);
  Reach(WSDUP_RULE("CONN-3"));
  BindImplicitly(socket, SlotOf(pid, handle));  // whatever the outcome
  // CONN-3: a non-blocking socket (SHARE-3: whichever descriptor made it so) answers
  // WSAEWOULDBLOCK, and FD_CONNECT reports the outcome.
  const SocketId at = SocketAt(to, SockType::kStream);
  if (at == kNone || sockets_[at].stage != Stage::kListening) {
    Reach(WSDUP_RULE("CONN-2"));
    Notify(socket, kFdConnect);
    return state.non_blocking ? WsaError::kWouldBlock : WsaError::kConnectionRefused;
  }
  // CONN-1, CONN-5: this socket's far end waits in the listener's queue; whoever accepts it gets
  // the other end.
  Reach(WSDUP_RULE("CONN-1"));
  Reach(WSDUP_RULE("CONN-5"));
  const PeerId mine = static_cast<PeerId>(peers_.size());
  peers_.emplace_back();
  peers_[mine].socket = socket;
  const PeerId theirs = QueueConnection(at, mine);
  peers_[mine].twin = theirs;
  state.stage = Stage::kConnected;
  state.peer = mine;
  CarryConnection(socket);
  Notify(socket, kFdConnect | kFdWrite);
  return state.non_blocking ? WsaError::kWouldBlock : WsaError::kNone;
}

bool World::ResetSeen(const SocketState& socket) const {
  if (socket.peer == kNone) return false;
  const PeerId twin = peers_[socket.peer].twin;
  return twin != kNone && peers_[twin].reset;
}

void World::DeliverToFarEnd(PeerId peer, std::string_view bytes) {
  const PeerId twin = peers_[peer].twin;
  if (twin == kNone) {
    peers_[peer].inbox.append(bytes);
    return;
  }
  PeerSend(twin, bytes);  // the other socket receives, as from a harness peer (CONN-5)
}

void World::FinToFarEnd(PeerId peer) {
  peers_[peer].fin = true;
  if (peers_[peer].twin != kNone) PeerClose(peers_[peer].twin);
}

// The connection of `peer`'s socket was reset (rule: why). Its far end sees it: a harness peer reads
// "reset"; another model socket (CONN-5) fails recv and send with WSAECONNRESET from now on and is
// told by FD_CLOSE.
void World::MarkReset(PeerId peer, uint8_t rule) {
  Peer& record = peers_[peer];
  if (record.reset) return;
  record.reset = true;
  record.reset_by = rule;
  if (record.twin == kNone) return;
  const SocketId other = peers_[record.twin].socket;
  if (other == kNone) return;  // still queued: the socket accept makes sees it (ResetSeen)
  Reach(WSDUP_RULE("CONN-5"));
  Notify(other, kFdClose);
  ServePending(other);  // OVL-1: a pending recv completes with the reset
}

void World::SendDatagram(SocketId from, AddressId to, std::string_view bytes) {
  const SocketId at = SocketAt(to, SockType::kDgram);
  if (at == kNone) {
    // CONN-7: nothing receives there; the port-unreachable answer comes back to the sender.
    Reach(WSDUP_RULE("CONN-7"));
    sockets_[from].port_unreachable = true;
    return;
  }
  SocketState& target = sockets_[at];
  // CONN-6: a connected datagram socket takes datagrams only from its destination.
  if (target.sends_to != kNone && target.sends_to != sockets_[from].address) return;
  Reach(WSDUP_RULE("CONN-6"));
  target.datagrams.push_back(SocketState::Datagram{std::string(bytes), sockets_[from].address});
  Notify(at, kFdRead);
  ServePending(at);  // OVL-1: a pending recv takes it
}

}  // namespace wsdup::sim
