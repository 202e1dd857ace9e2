// Sockets, descriptors, blobs and the reference counting that decides when a socket dies.
#include "sim/world.h"

namespace wsdup::sim {

World::SocketId World::NewSocket(SockType type, uint32_t flags) {
  const SocketId id = TakeSlot(sockets_, free_sockets_, &SocketState::next_free);
  SocketState& socket = sockets_[id] = SocketState{};
  socket.live = true;
  socket.type = type;
  socket.create_flags = flags;
  for (size_t i = 0; i < kOptionCount; ++i) {
    socket.options[i].value = InfoOf(static_cast<Option>(i)).default_value;
  }
  socket.options[static_cast<size_t>(Option::SO_TYPE)].value = type == SockType::kStream ? 1 : 2;
  ++live_sockets_;
  return id;
}

Handle World::HandleOf(uint32_t index) const {
  return (static_cast<Handle>(descriptors_[index].generation) << 32) |
         static_cast<Handle>((index + 1) * 4);
}

const World::DescriptorEntry* World::Lookup(Pid pid, Handle handle) const {
  if (handle == kInvalidSocket || (handle & 0xFFFFFFFFu) == 0 || handle % 4 != 0) return nullptr;
  const size_t index = EntryIndex(handle);
  if (index >= descriptors_.size()) return nullptr;
  const DescriptorEntry& entry = descriptors_[index];
  // Closed, recycled since, or another process's value: not a socket here.
  if (entry.pid != pid || entry.generation != static_cast<uint32_t>(handle >> 32)) return nullptr;
  return &entry;
}

Handle World::AddDescriptor(Pid pid, SocketId socket) {
  Process& proc = Proc(pid);
  const uint32_t index = TakeSlot(descriptors_, free_descriptors_, &DescriptorEntry::next);
  DescriptorEntry& entry = descriptors_[index];
  entry.pid = pid;
  entry.socket = socket;
  entry.prev = kNone;
  entry.next = proc.first_descriptor;
  if (proc.first_descriptor != kNone) descriptors_[proc.first_descriptor].prev = index;
  proc.first_descriptor = index;
  ++proc.descriptor_count;
  ++sockets_[socket].descriptors;
  return HandleOf(index);
}

void World::RemoveDescriptor(Handle handle) {
  const uint32_t index = static_cast<uint32_t>(EntryIndex(handle));
  DescriptorEntry& entry = descriptors_[index];
  Process& proc = Proc(entry.pid);
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
void World::CloseDescriptor(Handle handle) {
  const SocketId socket = descriptors_[EntryIndex(handle)].socket;
  RemoveDescriptor(handle);
  --sockets_[socket].descriptors;
  ReleaseRef(socket);
}

void World::ReleaseRef(SocketId socket) {
  const SocketState& state = sockets_[socket];
  if (state.descriptors == 0 && state.blob_refs == 0) DestroySocket(socket);
}

// The peer sees a reset where Winsock aborts the connection (unread data, or SO_LINGER on with a
// zero timeout) and end-of-stream otherwise; queued connections of a listener are reset.
void World::DestroySocket(SocketId id) {
  SocketState& socket = sockets_[id];
  if (socket.peer != kNone) {
    Peer& peer = peers_[socket.peer];
    const OptionValue& linger = socket.options[static_cast<size_t>(Option::SO_LINGER)];
    peer.socket_closed = true;
    peer.reset = !socket.inbox.empty() || (linger.value != 0 && linger.linger == 0);
    peer.socket = kNone;
  }
  for (PeerId pending : socket.pending_accepts) {
    peers_[pending].socket_closed = true;
    peers_[pending].reset = true;
  }
  socket = SocketState{};
  socket.next_free = free_sockets_;
  free_sockets_ = id;
  --live_sockets_;
}

Outcome<Handle> World::Socket(Pid pid, SockType type, CreateApi api, uint32_t flags) {
  if (WsaError error = CommonChecks(pid); error != WsaError::kNone) return {error};
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) return {error};
  // socket() always makes an overlapped socket; that is why BLOB-5 asks the target for the flag.
  if (api == CreateApi::kSocket) flags = kFlagOverlapped;
  return {WsaError::kNone, AddDescriptor(pid, NewSocket(type, flags))};
}

// DUP-1..DUP-12. Order: common checks, the socket (WSAENOTSOCK, QOS), the target pid, the
// info pointer, then the resources the provider needs in the source context.
Outcome<BlobId> World::Duplicate(Pid pid, Handle handle, const DuplicateArgs& args) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  if (sockets_[socket].qos) return {WsaError::WSAEINVAL};
  if (!Alive(args.target)) return {WsaError::WSAEINVAL};
  if (args.null_info) return {WsaError::WSAEFAULT};
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) return {error};

  const uint32_t slot = TakeSlot(blobs_, free_blobs_, &Blob::next_free);
  Blob& blob = blobs_[slot];
  blob.live = true;
  blob.socket = socket;
  blob.source = pid;
  blob.target = args.target;
  blob.variant = args.variant;
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

// BLOB-1..BLOB-3, BLOB-8..BLOB-11. A used blob (BLOB-2), a blob for another process (BLOB-3,
// model's choice) and an invalid blob all give WSAEINVAL. Flag and A/W mismatches are accepted
// (BLOB-6, BLOB-10: the documents give no outcome; the model does not invent an error).
Outcome<Handle> World::FromBlob(Pid pid, BlobId id, Variant /*variant*/, uint32_t /*flags*/) {
  if (WsaError error = CommonChecks(pid); error != WsaError::kNone) return {error};
  // Used (its slot freed), never valid, or meant for another process.
  Blob* blob = LiveBlob(id);
  if (blob == nullptr || blob->target != pid) return {WsaError::WSAEINVAL};
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) return {error};
  const SocketId socket = blob->socket;
  FreeBlob(static_cast<uint32_t>(id & 0xFFFFFFFFu));
  --sockets_[socket].blob_refs;  // the reference passes to the new descriptor
  return {WsaError::kNone, AddDescriptor(pid, socket)};
}

WsaError World::CloseSocket(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  CloseDescriptor(handle);
  return WsaError::kNone;
}

WsaError World::EnableQos(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  sockets_[socket].qos = true;
  return WsaError::kNone;
}

WsaError World::Bind(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  if (sockets_[socket].stage != Stage::kUnbound) return WsaError::WSAEINVAL;
  sockets_[socket].stage = Stage::kBound;
  return WsaError::kNone;
}

WsaError World::Listen(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  SocketState& state = sockets_[socket];
  if (state.type != SockType::kStream) return WsaError::WSAEOPNOTSUPP;
  if (state.stage == Stage::kConnected) return WsaError::WSAEISCONN;
  if (state.stage == Stage::kUnbound) return WsaError::WSAEINVAL;
  state.stage = Stage::kListening;
  return WsaError::kNone;
}

WsaError World::GetSockName(Pid pid, Handle handle) {
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return error;
  return sockets_[socket].stage == Stage::kUnbound ? WsaError::WSAEINVAL : WsaError::kNone;
}

Outcome<Handle> World::Connected(Pid pid, CreateApi api, uint32_t flags, PeerId* peer_out) {
  Outcome<Handle> made = Socket(pid, SockType::kStream, api, flags);
  if (!made.ok()) return made;
  const SocketId socket = Lookup(pid, made.value)->socket;
  sockets_[socket].stage = Stage::kConnected;
  sockets_[socket].peer = static_cast<PeerId>(peers_.size());
  Peer peer;
  peer.socket = socket;
  peers_.push_back(peer);
  *peer_out = sockets_[socket].peer;
  return made;
}

bool World::PeerConnect(Pid pid, Handle listener, PeerId* peer_out) {
  const DescriptorEntry* entry = IsPid(pid) ? Lookup(pid, listener) : nullptr;
  if (entry == nullptr || sockets_[entry->socket].stage != Stage::kListening) return false;
  const SocketId socket = entry->socket;
  *peer_out = static_cast<PeerId>(peers_.size());
  peers_.emplace_back();  // not attached to a socket until accepted
  sockets_[socket].pending_accepts.push_back(*peer_out);
  Notify(socket, FD_ACCEPT);
  return true;
}

Outcome<Handle> World::Accept(Pid pid, Handle listener, PeerId* peer_out) {
  SocketId socket;
  if (WsaError error = Resolve(pid, listener, &socket); error != WsaError::kNone) return {error};
  if (sockets_[socket].stage != Stage::kListening) return {WsaError::WSAEINVAL};
  if (sockets_[socket].pending_accepts.empty()) {
    return {sockets_[socket].non_blocking ? WsaError::WSAEWOULDBLOCK
                                          : WsaError::HARNESS_WOULD_BLOCK};
  }
  if (WsaError error = AllocationChecks(pid); error != WsaError::kNone) return {error};
  const PeerId peer = sockets_[socket].pending_accepts.front();
  sockets_[socket].pending_accepts.erase(sockets_[socket].pending_accepts.begin());
  // The accepted socket inherits the listener's options and flags, as Winsock's accept does.
  const SocketId accepted = NewSocket(SockType::kStream, sockets_[socket].create_flags);
  sockets_[accepted].options = sockets_[socket].options;
  sockets_[accepted].stage = Stage::kConnected;
  sockets_[accepted].peer = peer;
  peers_[peer].socket = accepted;
  *peer_out = peer;
  sockets_[socket].armed |= FD_ACCEPT;  // re-enabled by accept
  if (!sockets_[socket].pending_accepts.empty()) Notify(socket, FD_ACCEPT);
  return {WsaError::kNone, AddDescriptor(pid, accepted)};
}

}  // namespace wsdup::sim
