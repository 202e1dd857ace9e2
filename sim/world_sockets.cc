// Sockets, descriptors, blobs and the reference counting that decides when a socket dies.
#include <algorithm>

#include "sim/world.h"

namespace wsdup::sim {

World::SocketId World::NewSocket(SockType type, uint32_t flags, Family family) {
  const SocketId id = TakeSlot(sockets_, free_sockets_, &SocketState::next_free);
  SocketState& socket = sockets_[id] = SocketState{};
  socket.live = true;
  socket.type = type;
  socket.family = family;
  socket.create_flags = flags;
  socket.armed = kAllNetEvents;  // nothing reported yet (EVT-10)
  for (size_t i = 0; i < kOptionCount; ++i) {
    socket.options[i].value = InfoOf(static_cast<Option>(i)).default_value;
  }
  socket.options[static_cast<size_t>(Option::kType)].value = type == SockType::kStream ? 1 : 2;
  socket.options_decided = 1u << static_cast<uint32_t>(Option::kType);
  ++live_sockets_;
  return id;
}

Handle World::HandleOf(uint32_t index) const {
  if (descriptors_[index].alias != 0) return descriptors_[index].alias;
  return (static_cast<Handle>(descriptors_[index].generation) << 32) |
         static_cast<Handle>((index + 1) * 4);
}

uint32_t World::SlotOf(Pid pid, Handle handle) const {
  if (handle == kInvalidSocket || (handle & 0xFFFFFFFFu) == 0 || handle % 4 != 0) return kNone;
  if (IsPid(pid)) {
    for (const auto& [value, slot] : Proc(pid).aliases) {
      if (value == handle) return slot;
    }
  }
  const size_t index = EntryIndex(handle);
  if (index >= descriptors_.size()) return kNone;
  const DescriptorEntry& entry = descriptors_[index];
  // Closed, recycled since, or another process's value: not a socket here.
  if (entry.pid != pid || entry.alias != 0 || entry.generation != static_cast<uint32_t>(handle >> 32)) return kNone;
  return static_cast<uint32_t>(index);
}

const World::DescriptorEntry* World::Lookup(Pid pid, Handle handle) const {
  const uint32_t slot = SlotOf(pid, handle);
  return slot == kNone ? nullptr : &descriptors_[slot];
}

Handle World::AddDescriptor(Pid pid, SocketId socket, bool inheritable) {
  Process& proc = Proc(pid);
  const uint32_t index = TakeSlot(descriptors_, free_descriptors_, &DescriptorEntry::next);
  DescriptorEntry& entry = descriptors_[index];
  entry.pid = pid;
  entry.socket = socket;
  entry.sees_unbound = false;
  entry.inheritable = inheritable;
  entry.overlapped = (sockets_[socket].create_flags & kFlagOverlapped) != 0;
  entry.alias = 0;
  entry.prev = kNone;
  entry.next = proc.first_descriptor;
  if (proc.first_descriptor != kNone) descriptors_[proc.first_descriptor].prev = index;
  proc.first_descriptor = index;
  ++proc.descriptor_count;
  ++sockets_[socket].descriptors;
  return HandleOf(index);
}

void World::RemoveDescriptor(uint32_t index) {
  DescriptorEntry& entry = descriptors_[index];
  Process& proc = Proc(entry.pid);
  if (entry.alias != 0) {
    auto& aliases = proc.aliases;
    aliases.erase(std::find_if(aliases.begin(), aliases.end(), [index](const auto& alias) { return alias.second == index; }));
    entry.alias = 0;
  }
  if (entry.prev != kNone) {
    descriptors_[entry.prev].next = entry.next;
  } else {
    proc.first_descriptor = entry.next;
  }
  if (entry.next != kNone) descriptors_[entry.next].prev = entry.prev;
  --proc.descriptor_count;
  entry.pid = 0;
  ++entry.generation;
  entry.next = free_descriptors_;
  free_descriptors_ = index;
}

// CLOSE-1, CLOSE-2: a descriptor goes; the socket goes only with its last reference.
void World::CloseDescriptor(uint32_t slot) {
  const SocketId socket = descriptors_[slot].socket;
  const Pid pid = descriptors_[slot].pid;
  const Handle handle = HandleOf(slot);
  RemoveDescriptor(slot);
  SocketState& state = sockets_[socket];
  --state.descriptors;
#ifdef WSDUP_BROKEN_CLOSE_ON_FIRST_CLOSE  // sim/broken_variants.md: breaks CLOSE-2
  for (uint32_t index = 0; index < descriptors_.size(); ++index) {
    if (descriptors_[index].pid != 0 && descriptors_[index].socket == socket) {
      RemoveDescriptor(index);
      --state.descriptors;
    }
  }
#endif
  Reach(WSDUP_RULE("CLOSE-1"));
  if (state.reg.kind != RegKind::kNone) Reach(WSDUP_RULE("EVT-11"));  // a local close posts no FD_CLOSE
  // EVT-7 (open point): the registration made through this descriptor outlives it, or not.
  if (state.reg.kind != RegKind::kNone && state.reg.via == handle && state.reg.owner == pid &&
      state.descriptors + state.blob_refs > 0 &&
      Takes(OpenPoint::kCloseRegisteringDescriptor, behaviour::kRegistrationCancelled)) {
    state.reg = Registration{};
  }
  ReleaseRef(socket);
}

void World::ReleaseRef(SocketId socket) {
  const SocketState& state = sockets_[socket];
  if (state.descriptors > 0) return;
  // BLOB-7 (open point): whether unconsumed blobs keep the socket alive until their targets exit.
  if (state.blob_refs > 0 &&
      !Takes(OpenPoint::kUnconsumedBlobLifetime, behaviour::kBlobHoldsNoReference)) {
    return;
  }
  DestroySocket(socket);
}

// Blobs of a socket that died before they were imported (BLOB-7's "holds_nothing" branch): an
// import of them is refused like any blob that names no socket.
void World::FreeBlobsOf(SocketId socket) {
  for (uint32_t slot = 0; slot < blobs_.size(); ++slot) {
    if (blobs_[slot].live && blobs_[slot].socket == socket) FreeBlob(slot);
  }
}

// What the socket's end does to the harness peer: CLOSE-2 (graceful: end of stream), CLOSE-6
// (SO_LINGER on with a zero timeout: reset), CLOSE-7 (unread received data: reset), CLOSE-8
// (connections queued on a listener: reset, an open point).
void World::DestroySocket(SocketId id) {
  AbortPendingOf(id);
  SocketState& socket = sockets_[id];
  Reach(WSDUP_RULE("CLOSE-2"));
  if (socket.blob_refs > 0) FreeBlobsOf(id);
  if (socket.peer != kNone) {
    Peer& peer = peers_[socket.peer];
    peer.socket_closed = true;
    // A connection already reset while the socket lived (SHUT-4) stays as it was: the close adds
    // nothing to it.
    if (!peer.reset) {
      const OptionValue& linger = socket.options[static_cast<size_t>(Option::kLinger)];
      const bool unread = !socket.inbox.empty();
      const bool abortive_linger = linger.value != 0 && linger.linger == 0;
      if (unread) Reach(WSDUP_RULE("CLOSE-7"));
      if (abortive_linger) Reach(WSDUP_RULE("CLOSE-6"));
      if (unread || abortive_linger) {
        MarkReset(socket.peer, unread ? WSDUP_RULE("CLOSE-7") : WSDUP_RULE("CLOSE-6"));
        peers_[socket.peer].unread_may_be_lost = !peers_[socket.peer].inbox.empty();
      } else if (peer.twin != kNone) {
        PeerClose(peer.twin);  // CONN-5: the other socket reads end of stream
      }
    }
    peers_[socket.peer].socket = kNone;
  }
  if (!socket.pending_accepts.empty()) {
    const bool graceful =
        Takes(OpenPoint::kListenerQueueOnClose, behaviour::kQueuedClosedGracefully);
    for (PeerId pending : socket.pending_accepts) {
      peers_[pending].socket_closed = true;
      // Unread data from the peer aborts even a graceful close (CLOSE-7).
      const bool unread = !peers_[pending].sent_before_accept.empty();
      if (!graceful || unread) {
        MarkReset(pending, unread ? WSDUP_RULE("CLOSE-7") : WSDUP_RULE("CLOSE-8"));
      } else {
        peers_[pending].reset_by = WSDUP_RULE("CLOSE-8");
        if (peers_[pending].twin != kNone) PeerClose(peers_[pending].twin);  // CONN-5
      }
    }
  }
  if (socket.address != kNone && SocketAt(socket.address, socket.type) == id) {
    addresses_[socket.address].taken_by[static_cast<size_t>(socket.type)] = kNone;
  }
  socket = SocketState{};
  socket.next_free = free_sockets_;
  free_sockets_ = id;
  --live_sockets_;
}

Outcome<Handle> World::Socket(Pid pid, SockType type, CreateApi api, uint32_t flags, Family family) {
  if (WsaError error = CommonChecks(pid); error != WsaError::kNone) return {error};
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) return {error};
  // socket() always makes an overlapped socket; that is why BLOB-5 asks the target for the flag.
  if (api == CreateApi::kSocket) flags = kFlagOverlapped;
  return {WsaError::kNone, AddDescriptor(pid, NewSocket(type, flags, family), (flags & kFlagNoHandleInherit) == 0)};
}

// DUP-1..DUP-12. Order: common checks, the socket (WSAENOTSOCK, QOS), the target pid, the
// info pointer, then the resources the provider needs in the source context.
Outcome<BlobId> World::Duplicate(Pid pid, Handle handle, const DuplicateArgs& args) {
  // DUP-12: whichever error comes first in this order is the one returned.
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) {
    Reach(WSDUP_RULE("DUP-12"));
    if (error == WsaError::kNotInitialised) Reach(WSDUP_RULE("DUP-2"));
    if (error == WsaError::kNetworkDown) Reach(WSDUP_RULE("DUP-3"));
    if (error == WsaError::kInProgress) Reach(WSDUP_RULE("DUP-5"));
    if (error == WsaError::kNotSocket) Reach(WSDUP_RULE("DUP-8"));
    return {error};
  }
  if (sockets_[socket].qos) return {By(WSDUP_RULE("DUP-10"), WsaError::kInvalidArgument)};
  if (!Alive(args.target)) {
    // DUP-4: no such process. DUP-15 (open point): a pid whose process has exited.
    const bool exited = IsPid(args.target);
    if (!exited || !Takes(OpenPoint::kExitedTargetPid, behaviour::kExitedPidAccepted)) {
      Reach(WSDUP_RULE("DUP-12"));
      return {By(WSDUP_RULE("DUP-4"), WsaError::kInvalidArgument)};
    }
  }
  if (args.null_info) {
    Reach(WSDUP_RULE("DUP-12"));
    return {By(WSDUP_RULE("DUP-9"), WsaError::kBadAddress)};
  }
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) {
    Reach(error == WsaError::kTooManySockets ? WSDUP_RULE("DUP-6") : WSDUP_RULE("DUP-7"));
    return {error};
  }
  Reach(WSDUP_RULE("DUP-1"));
  Reach(WSDUP_RULE("DUP-13"));  // either variant duplicates
  Reach(WSDUP_RULE("BLOB-13"));  // the structure names the socket's family, type and protocol (TypeVia)
  if (args.target == pid) Reach(WSDUP_RULE("DUP-11"));
  // DUP-15, branch "accepted": a blob no process can ever import, holding nothing.
  if (!Alive(args.target)) return {WsaError::kNone, kInvalidBlob};

  const uint32_t slot = TakeSlot(blobs_, free_blobs_, &Blob::next_free);
  Blob& blob = blobs_[slot];
  blob.live = true;
  blob.socket = socket;
  blob.target = args.target;
  blob.variant = args.variant;
  blob.target_epoch = Proc(args.target).winsock_epoch;
  blob.sees_unbound = false;
  // BLOB-7 (model's choice): the blob holds a reference until it is consumed or its target exits.
  std::vector<uint32_t>& pending = Proc(args.target).pending_blobs;
  blob.pending_index = static_cast<uint32_t>(pending.size());
  pending.push_back(slot);
  ++sockets_[socket].blob_refs;
  const BlobId id = (static_cast<BlobId>(blob.generation) << 32) | slot;
  return {WsaError::kNone, id};
}

World::Blob* World::LiveBlob(BlobId id) {
  if (id == kInvalidBlob) return nullptr;
  const uint32_t slot = static_cast<uint32_t>(id & 0xFFFFFFFFu);
  if (slot >= blobs_.size()) return nullptr;
  Blob& blob = blobs_[slot];
  if (!blob.live || blob.generation != static_cast<uint32_t>(id >> 32)) return nullptr;
  return &blob;
}

// Takes the blob off its target's pending list and recycles its slot; the reference it held is
// the caller's to transfer or release.
void World::FreeBlob(uint32_t slot) {
  Blob& blob = blobs_[slot];
  std::vector<uint32_t>& pending = Proc(blob.target).pending_blobs;
  const uint32_t moved = pending.back();
  pending[blob.pending_index] = moved;
  blobs_[moved].pending_index = blob.pending_index;
  pending.pop_back();
  blob.live = false;
  ++blob.generation;
  blob.next_free = free_blobs_;
  free_blobs_ = slot;
}

void World::ReleaseBlob(uint32_t slot) {
  const SocketId socket = blobs_[slot].socket;
  FreeBlob(slot);
  --sockets_[socket].blob_refs;
  ReleaseRef(socket);
}

// The open points of an import in its target. Each refusal is WSAEINVAL and leaves the blob
// usable; the defaults import (the documents give no error for any of them).
bool World::ImportRefused(const Blob& blob, Pid pid, Variant variant, uint32_t flags) {
  // BLOB-6: only WSA_FLAG_OVERLAPPED describes the socket's I/O; no_handle_inherit is the handle's.
  const bool flags_differ =
      ((flags ^ sockets_[blob.socket].create_flags) & kFlagOverlapped) != 0;
  if (flags_differ) {
    Reach(WSDUP_RULE("BLOB-4"));
    // BLOB-5: an overlapped source (socket() always makes one) needs the flag on import too.
    if ((flags & kFlagOverlapped) == 0 && (sockets_[blob.socket].create_flags & kFlagOverlapped) != 0) {
      Reach(WSDUP_RULE("BLOB-5"));
    }
  }
  if (flags_differ && Takes(OpenPoint::kFlagsMismatch, behaviour::kMismatchRefused)) return true;
  if (variant != blob.variant && Takes(OpenPoint::kMixedVariants, behaviour::kMismatchRefused)) {
    return true;
  }
  if (blob.target_epoch != Proc(pid).winsock_epoch &&
      Takes(OpenPoint::kImportAfterRestart, behaviour::kMismatchRefused)) {
    return true;
  }
  return false;
}

// BLOB-1, BLOB-2, BLOB-8, BLOB-9; open points BLOB-3, BLOB-6, BLOB-10, BLOB-11. A used blob
// (BLOB-2) and an invalid one give WSAEINVAL.
Outcome<Handle> World::FromBlob(Pid pid, BlobId id, Variant variant, uint32_t flags, ImportParams params) {
  if (WsaError error = CommonChecks(pid); error != WsaError::kNone) {
    return {By(error == WsaError::kNotInitialised ? WSDUP_RULE("BLOB-8") : WSDUP_RULE("BLOB-9"), error)};
  }
  Blob* blob = LiveBlob(id);  // null: used (its slot freed) or never valid
  if (blob == nullptr) return {By(WSDUP_RULE("BLOB-2"), WsaError::kInvalidArgument)};
  const bool is_target = blob->target == pid;
  if (!is_target) {
    // BLOB-3 (open point): refused; or imported without using up the target's single use.
    if (!Takes(OpenPoint::kNonTargetImport, behaviour::kNonTargetImports)) return {WsaError::kInvalidArgument};
  } else if (ImportRefused(*blob, pid, variant, flags)) {
    return {WsaError::kInvalidArgument};
  }
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) return {By(WSDUP_RULE("BLOB-9"), error)};
  Reach(WSDUP_RULE("BLOB-1"));
  Reach(WSDUP_RULE("SHARE-1"));  // a new descriptor for the same socket
  Reach(WSDUP_RULE("DUP-14"));   // of the blob's socket, so of its type
  // BLOB-14: the structure decides the socket; zeros or its own values import it as well.
  if (params != ImportParams::kFromProtocolInfo) Reach(WSDUP_RULE("BLOB-14"));
  const SocketId socket = blob->socket;
  const bool sees_unbound = blob->sees_unbound;
#ifndef WSDUP_BROKEN_BLOB_IMPORTS_TWICE  // sim/broken_variants.md: breaks BLOB-2
  if (is_target) {
    FreeBlob(static_cast<uint32_t>(id & 0xFFFFFFFFu));
    --sockets_[socket].blob_refs;  // the reference passes to the new descriptor
  }
#endif
  const Handle handle = AddDescriptor(pid, socket, (flags & kFlagNoHandleInherit) == 0);
  descriptors_[SlotOf(pid, handle)].sees_unbound = sees_unbound;
  descriptors_[SlotOf(pid, handle)].overlapped = (flags & kFlagOverlapped) != 0;  // OVL-7
  return {WsaError::kNone, handle};
}

WsaError World::CloseSocket(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return By(WSDUP_RULE("CLOSE-5"), error);
  CloseDescriptor(SlotOf(pid, handle));
  // OVL-5: the socket's pending operations outlive every close but the last.
  if (sockets_[socket].live && !sockets_[socket].pending_ops.empty()) Reach(WSDUP_RULE("OVL-5"));
  return WsaError::kNone;
}

WsaError World::EnableQos(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  sockets_[socket].qos = true;
  return WsaError::kNone;
}

Stage World::StageVia(const DescriptorEntry& entry) const {
  return entry.sees_unbound ? Stage::kUnbound : sockets_[entry.socket].stage;
}

// SHARE-7, branch "not_seen_by_other_descriptors": every other descriptor of the socket, and
// every blob of it not yet imported, keeps seeing it unbound.
void World::HideLaterBind(SocketId socket, uint32_t binding_index) {
  for (uint32_t index = 0; index < descriptors_.size(); ++index) {
    DescriptorEntry& entry = descriptors_[index];
    if (entry.pid != 0 && entry.socket == socket && index != binding_index) entry.sees_unbound = true;
  }
  for (Blob& blob : blobs_) {
    if (blob.live && blob.socket == socket) blob.sees_unbound = true;
  }
}

// SOCK-1: a socket binds once. SHARE-7 (open point): a datagram socket bound after it was shared.
WsaError World::Bind(Pid pid, Handle handle, std::optional<AddressId> to, bool* modelled) {
  if (modelled != nullptr) *modelled = true;
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  const uint32_t index = SlotOf(pid, handle);
  DescriptorEntry& entry = descriptors_[index];
  SocketState& state = sockets_[socket];
  if (entry.sees_unbound) {  // this descriptor binds its own view (SHARE-7 branch)
    entry.sees_unbound = false;
    return By(WSDUP_RULE("SHARE-7"), WsaError::kNone);
  }
  Reach(WSDUP_RULE("SOCK-1"));
  if (state.stage != Stage::kUnbound) return WsaError::kInvalidArgument;
  if (!to) {
    state.stage = Stage::kBound;
    TakeAddress(socket);
  } else {
    // CONN-11: bind's address of the other family is a structure of the wrong shape or size
    // (WSAEFAULT both ways, unlike connect's CONN-10); the zero address is AF_INET's.
    const Family of_address = *to == kZeroAddress ? Family::kInet : addresses_[*to].family;
    if (of_address != state.family) return By(WSDUP_RULE("CONN-11"), WsaError::kBadAddress);
    const WsaError error = BindTo(socket, *to, modelled);
    if (state.stage == Stage::kUnbound) return error;  // refused, or not the model's to decide
  }
  if (state.type == SockType::kDgram && state.descriptors + state.blob_refs > 1 &&
      Takes(OpenPoint::kLateDatagramBind, behaviour::kBindNotSeenByOthers)) {
    HideLaterBind(socket, index);
  }
  return WsaError::kNone;
}

WsaError World::Listen(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  SocketState& state = sockets_[socket];
  // SOCK-2: only a bound, unconnected stream socket listens.
  Reach(WSDUP_RULE("SOCK-2"));
  if (state.type != SockType::kStream) return WsaError::kOperationNotSupported;
  if (state.stage == Stage::kConnected) return WsaError::kAlreadyConnected;
  if (state.stage == Stage::kUnbound) return WsaError::kInvalidArgument;
  state.stage = Stage::kListening;
  return WsaError::kNone;
}

// SOCK-3: an unbound socket has no name. CONN-1: a bound one has one address, the socket's, the
// same through every descriptor.
Outcome<AddressId> World::GetSockName(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  Reach(WSDUP_RULE("SOCK-3"));
  if (StageVia(descriptors_[SlotOf(pid, handle)]) == Stage::kUnbound) return {WsaError::kInvalidArgument};
  return {WsaError::kNone, sockets_[socket].address};
}

std::optional<SockType> World::TypeVia(Pid pid, Handle handle) const {
  const DescriptorEntry* entry = IsPid(pid) ? Lookup(pid, handle) : nullptr;
  if (entry == nullptr) return std::nullopt;
  return sockets_[entry->socket].type;
}

std::optional<Family> World::FamilyVia(Pid pid, Handle handle) const {
  const DescriptorEntry* entry = IsPid(pid) ? Lookup(pid, handle) : nullptr;
  if (entry == nullptr) return std::nullopt;
  return sockets_[entry->socket].family;
}

WsaError World::GetPeerName(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  // SOCK-12: the connection is socket state (SHARE-1), so every descriptor of a connected socket
  // names its peer; the peer's close is a half-close and leaves it connected (SOCK-7).
  Reach(WSDUP_RULE("SOCK-12"));
  return sockets_[socket].stage == Stage::kConnected ? WsaError::kNone : WsaError::kNotConnected;
}

Outcome<Handle> World::Connected(Pid pid, CreateApi api, uint32_t flags, PeerId* peer_out, Family family) {
  Outcome<Handle> made = Socket(pid, SockType::kStream, api, flags, family);
  if (!made.ok()) return made;
  ConnectToNewPeer(pid, made.value(), peer_out);
  return made;
}

WsaError World::ConnectToNewPeer(Pid pid, Handle handle, PeerId* peer_out) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  if (sockets_[socket].type != SockType::kStream || sockets_[socket].stage != Stage::kUnbound) {
    return WsaError::kInvalidArgument;
  }
  sockets_[socket].stage = Stage::kConnected;
  TakeAddress(socket);  // connect binds implicitly
  CarryConnection(socket);
  sockets_[socket].peer = static_cast<PeerId>(peers_.size());
  Peer peer;
  peer.socket = socket;
  peers_.push_back(peer);
  *peer_out = sockets_[socket].peer;
  return WsaError::kNone;
}

// SOCK-4: accept takes the oldest queued connection, or would block. SOCK-5 and EVT-13: the new
// socket has the listener's properties: options, flags, non-blocking mode and its registration
// (whichever process made it), whose messages name the new descriptor.
Outcome<Handle> World::Accept(Pid pid, Handle listener, PeerId* peer_out) {
  SocketId socket;
  if (WsaError error = Resolve(pid, listener, &socket); error != WsaError::kNone) return {error};
  Reach(WSDUP_RULE("SOCK-4"));
  // A datagram socket cannot accept, as it cannot listen (SOCK-2).
  if (sockets_[socket].type != SockType::kStream) return {WsaError::kOperationNotSupported};
  if (sockets_[socket].stage != Stage::kListening) return {WsaError::kInvalidArgument};
  if (sockets_[socket].pending_accepts.empty()) {
    if (sockets_[socket].non_blocking) Reach(WSDUP_RULE("SHARE-3"));
    return {sockets_[socket].non_blocking ? WsaError::kWouldBlock
                                          : WsaError::kHarnessWouldBlock};
  }
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) return {error};
  *peer_out = sockets_[socket].pending_accepts.front();
  const SocketId accepted = NewSocket(SockType::kStream, sockets_[socket].create_flags, sockets_[socket].family);
  TakeConnection(socket, accepted);
  const SocketState& from = sockets_[socket];
  SocketState& made = sockets_[accepted];
  made.non_blocking = from.non_blocking;
  // INH-4 (open point): inheritable unless the listener was made with WSA_FLAG_NO_HANDLE_INHERIT,
  // or inheritable whatever the listener was.
  const bool inheritable = (from.create_flags & kFlagNoHandleInherit) == 0 ||
                           Takes(OpenPoint::kAcceptedInheritance, behaviour::kAcceptedAlwaysInheritable);
  const Handle handle = AddDescriptor(pid, accepted, inheritable);
  if (from.reg.kind != RegKind::kNone) {
    Reach(WSDUP_RULE("EVT-13"));
    Registration inherited = from.reg;
    inherited.via = handle;
    made.reg = inherited;
    Notify(accepted, CurrentConditions(made));
  }
  sockets_[socket].armed |= kFdAccept;  // re-enabled by accept (EVT-10)
  if (!sockets_[socket].pending_accepts.empty()) Notify(socket, kFdAccept);
  return {WsaError::kNone, handle};
}

void World::TakeConnection(SocketId listener, SocketId accepted) {
  const PeerId peer = sockets_[listener].pending_accepts.front();
  sockets_[listener].pending_accepts.erase(sockets_[listener].pending_accepts.begin());
  const SocketState& from = sockets_[listener];
  SocketState& made = sockets_[accepted];
  made.options = from.options;
  made.options_decided = from.options_decided;
  made.stage = Stage::kConnected;
  made.address = from.address;  // the listener's address (CONN-1), which the new socket does not own
  made.sharing = from.sharing;
  CarryConnection(listener);
  made.peer = peer;
  Peer& far_end = peers_[peer];
  far_end.socket = accepted;
  made.inbox = std::move(far_end.sent_before_accept);
  far_end.sent_before_accept.clear();
  made.peer_closed = far_end.closed_by_peer;
  Reach(WSDUP_RULE("SOCK-5"));
}

}  // namespace wsdup::sim
