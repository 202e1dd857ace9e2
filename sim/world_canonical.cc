// A world's state written canonically: slots, generations and id values renumbered in the order
// the caller's names reach them, so two worlds that differ only in history (which slot a socket
// took, how often a slot was recycled) encode alike. Bounded-exhaustive exploration merges states
// by this encoding (conformance/explore/exhaustive.cc).
//
// Soundness, the one property that matters: equal encodings from equal names must answer every
// later call alike. So everything a later call can read is written, and what is written errs on the
// side of too much (raw counters, list orders) — that only merges fewer states. Left out: slot
// generations and free lists (they pick future id values, which no observation shows), and the
// bookkeeping of which rules and open points were reached (it describes the past, not the state).
// //conformance/explore:canonical_state_test holds the encoding to this against random histories.
#include <map>

#include "sim/world.h"

namespace wsdup::sim {
namespace {

// Numbers values in the order they are first met: the canonical name of a slot, an id or a handle.
class FirstSeen {
 public:
  // The canonical number of `value`, and whether it is new (its record is still to be written).
  std::pair<uint32_t, bool> Number(uint64_t value) {
    const auto [it, fresh] = numbers_.try_emplace(value, static_cast<uint32_t>(order_.size()));
    if (fresh) order_.push_back(value);
    return {it->second, fresh};
  }
  size_t size() const { return order_.size(); }
  uint64_t operator[](size_t index) const { return order_[index]; }

 private:
  std::map<uint64_t, uint32_t> numbers_;
  std::vector<uint64_t> order_;
};

void Put(std::string* out, uint64_t value) {
  // Little-endian varint: short for the small numbers that dominate.
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out->push_back(static_cast<char>(byte));
  } while (value != 0);
}

void PutText(std::string* out, const std::string& text) {
  Put(out, text.size());
  out->append(text);
}

}  // namespace

// The encoder walks from the roots; each object's record is written once, after the roots, in the
// order the walk first met it. References are written as canonical numbers, kinds tagged.
class World::Canonicalizer {
 public:
  explicit Canonicalizer(const World& world) : world_(world) {}

  std::string Encode(const CanonicalRoots& roots) {
    out_.clear();
    for (Pid pid : roots.processes) PutPid(pid);
    for (Handle handle : roots.descriptors) PutHandle(handle);
    for (BlobId blob : roots.blobs) PutBlob(blob);
    for (PeerId peer : roots.peers) PutPeer(peer);
    for (EventId event : roots.events) PutEvent(event);
    for (WindowId window : roots.windows) PutWindow(window);
    for (AddressId address : roots.addresses) PutAddress(address);
    // Records, until no new object is met. Each pass may meet new ones, so loop on sizes.
    size_t done_pids = 0, done_handles = 0, done_sockets = 0, done_blobs = 0, done_peers = 0, done_events = 0,
           done_windows = 0;
    bool more = true;
    while (more) {
      more = false;
      for (; done_pids < pids_.size(); ++done_pids, more = true) ProcessRecord(static_cast<Pid>(pids_[done_pids]));
      for (; done_handles < handles_.size(); ++done_handles, more = true) DescriptorRecord(handles_[done_handles]);
      for (; done_sockets < sockets_.size(); ++done_sockets, more = true) {
        SocketRecord(static_cast<SocketId>(sockets_[done_sockets]));
      }
      for (; done_blobs < blobs_.size(); ++done_blobs, more = true) BlobRecord(static_cast<uint32_t>(blobs_[done_blobs]));
      for (; done_peers < peers_.size(); ++done_peers, more = true) PeerRecord(static_cast<PeerId>(peers_[done_peers]));
      for (; done_events < events_.size(); ++done_events, more = true) {
        EventRecord(static_cast<EventId>(events_[done_events]));
      }
      for (; done_windows < windows_.size(); ++done_windows, more = true) {
        WindowRecord(static_cast<WindowId>(windows_[done_windows]));
      }
    }
    return std::move(out_);
  }

 private:
  void Tag(char tag) { out_.push_back(tag); }

  void PutPid(Pid pid) {
    if (!world_.IsPid(pid)) {  // 0 or the unused pid: a value, not a process
      Tag('q');
      Put(&out_, pid);
      return;
    }
    Tag('p');
    Put(&out_, pids_.Number(pid).first);
  }

  // Every handle value is numbered, live or not: a window message names its descriptor by value,
  // and the driver maps the value back to a name, so which values are equal is observable.
  void PutHandle(Handle handle) {
    if (handle == kInvalidSocket) return Tag('I');
    Tag('h');
    Put(&out_, handles_.Number(handle).first);
  }

  void PutSocket(SocketId socket) {
    if (socket == kNone) return Tag('-');
    Tag('s');
    Put(&out_, sockets_.Number(socket).first);
  }

  // An address stands for the sockets at it: exhaustive runs name no address, so no step binds to
  // one whose sockets are gone, and which sockets an address reaches is all a later call can read.
  void PutAddress(AddressId address) {
    if (address == kNone) return Tag('0');
    Tag('a');
    PutSocket(world_.SocketAt(address, SockType::kStream));
    PutSocket(world_.SocketAt(address, SockType::kDgram));
  }

  // A blob that is used, freed or never valid can never be imported: all such are alike.
  void PutBlob(BlobId id) {
    const Blob* blob = world_.LiveBlob(id);
    if (blob == nullptr) return Tag('X');
    Tag('b');
    Put(&out_, blobs_.Number(id & 0xFFFFFFFFu).first);
  }

  void PutBlobSlot(uint32_t slot) {
    Tag('b');
    Put(&out_, blobs_.Number(slot).first);
  }

  void PutPeer(PeerId peer) {
    if (peer == kNone) return Tag('-');
    Tag('r');
    Put(&out_, peers_.Number(peer).first);
  }

  void PutEvent(EventId event) {
    Tag('e');
    Put(&out_, events_.Number(event).first);
  }

  void PutWindow(WindowId window) {
    Tag('w');
    Put(&out_, windows_.Number(window).first);
  }

  void ProcessRecord(Pid pid) {
    const Process& proc = world_.Proc(pid);
    Tag('P');
    Put(&out_, proc.alive);
    Put(&out_, proc.startups);
    Put(&out_, proc.faults);
    Put(&out_, proc.winsock_epoch);
    // In list order: an exit or a last cleanup closes them in this order, and the order of the
    // notifications it sends follows it.
    Put(&out_, proc.descriptor_count);
    for (uint32_t index = proc.first_descriptor; index != kNone; index = world_.descriptors_[index].next) {
      PutHandle(world_.HandleOf(index));
      // An inherited descriptor shares its value with the parent's, whose record the value names;
      // its own state is written here (INH-1).
      const DescriptorEntry& entry = world_.descriptors_[index];
      if (entry.alias == 0) continue;
      Tag('i');
      PutSocket(entry.socket);
      Put(&out_, entry.sees_unbound);
      Put(&out_, entry.inheritable);
    }
    Put(&out_, proc.pending_blobs.size());
    for (uint32_t slot : proc.pending_blobs) PutBlobSlot(slot);
  }

  void DescriptorRecord(Handle handle) {
    Tag('D');
    const size_t index = EntryIndex(handle);
    const bool live = handle % 4 == 0 && index < world_.descriptors_.size() && world_.descriptors_[index].pid != 0 &&
                      world_.descriptors_[index].alias == 0 &&
                      world_.descriptors_[index].generation == static_cast<uint32_t>(handle >> 32);
    Put(&out_, live);
    if (!live) return;  // closed or recycled: names nothing, for every process
    const DescriptorEntry& entry = world_.descriptors_[index];
    PutPid(entry.pid);
    PutSocket(entry.socket);
    Put(&out_, entry.sees_unbound);
    Put(&out_, entry.inheritable);
  }

  void SocketRecord(SocketId id) {
    const SocketState& socket = world_.sockets_[id];
    Tag('S');
    Put(&out_, socket.live);
    if (!socket.live) return;
    Put(&out_, static_cast<uint64_t>(socket.type));
    Put(&out_, socket.create_flags);
    Put(&out_, static_cast<uint64_t>(socket.family));
    Put(&out_, socket.qos);
    Put(&out_, socket.non_blocking);
    Put(&out_, static_cast<uint64_t>(socket.stage));
    Put(&out_, socket.descriptors);
    Put(&out_, socket.blob_refs);
    for (const OptionValue& value : socket.options) {
      Put(&out_, static_cast<uint32_t>(value.value));
      Put(&out_, static_cast<uint32_t>(value.linger));
    }
    Put(&out_, socket.options_decided);
    const Registration& reg = socket.reg;
    Put(&out_, static_cast<uint64_t>(reg.kind));
    if (reg.kind == RegKind::kEvent) PutEvent(reg.target);
    if (reg.kind == RegKind::kWindow) PutWindow(reg.target);
    if (reg.kind != RegKind::kNone) {
      Put(&out_, reg.mask);
      PutPid(reg.owner);
      PutHandle(reg.via);
    }
    Put(&out_, socket.recorded);
    Put(&out_, socket.armed);
    PutPeer(socket.peer);
    PutText(&out_, socket.inbox);
    Put(&out_, socket.peer_closed);
    Put(&out_, socket.shut);
    Put(&out_, socket.reset_by_shutdown);
    Put(&out_, socket.pending_accepts.size());
    for (PeerId peer : socket.pending_accepts) PutPeer(peer);
    PutAddress(socket.address);
    PutAddress(socket.sends_to);
    Put(&out_, socket.datagrams.size());
    for (const SocketState::Datagram& datagram : socket.datagrams) {
      PutText(&out_, datagram.bytes);
      PutAddress(datagram.from);
    }
    Put(&out_, socket.port_unreachable);
  }

  void BlobRecord(uint32_t slot) {
    const Blob& blob = world_.blobs_[slot];
    Tag('B');
    PutSocket(blob.socket);
    PutPid(blob.target);
    Put(&out_, static_cast<uint64_t>(blob.variant));
    Put(&out_, blob.target_epoch);
    Put(&out_, blob.sees_unbound);
  }

  void PeerRecord(PeerId id) {
    const Peer& peer = world_.peers_[id];
    Tag('R');
    PutSocket(peer.socket);
    PutText(&out_, peer.inbox);
    PutText(&out_, peer.sent_before_accept);
    Put(&out_, peer.socket_closed);
    Put(&out_, peer.reset);
    Put(&out_, peer.closed_by_peer);
    Put(&out_, peer.unread_may_be_lost);
    Put(&out_, peer.fin);
    PutPeer(peer.twin);
  }

  void EventRecord(EventId id) {
    const Event& event = world_.events_[id];
    Tag('E');
    PutPid(event.owner);
    Put(&out_, event.signaled);
  }

  void WindowRecord(WindowId id) {
    const Window& window = world_.windows_[id];
    Tag('W');
    PutPid(window.owner);
    Put(&out_, window.queue.size());
    for (const WindowMessage& message : window.queue) {
      PutHandle(message.handle);
      Put(&out_, message.event);
    }
  }

  const World& world_;
  std::string out_;
  FirstSeen pids_, handles_, sockets_, blobs_, peers_, events_, windows_;
};

std::string World::CanonicalState(const CanonicalRoots& roots) const { return Canonicalizer(*this).Encode(roots); }

}  // namespace wsdup::sim
