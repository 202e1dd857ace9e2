// Whole-world consistency checks, run after every step in tests.
#include <string>
#include <vector>

#include "sim/world.h"

namespace wsdup::sim {

std::vector<std::string> World::CheckInvariants() const {
  std::vector<std::string> broken;
  auto fail = [&broken](std::string what) { broken.push_back(std::move(what)); };

  std::vector<uint32_t> descriptors_seen(sockets_.size(), 0);
  std::vector<uint32_t> blobs_seen(sockets_.size(), 0);
  std::vector<uint32_t> per_process(processes_.size(), 0);
  std::vector<uint32_t> made_here(processes_.size(), 0);  // not inherited (INH-1)
  for (const DescriptorEntry& entry : descriptors_) {
    if (entry.pid == 0) continue;
    if (!sockets_[entry.socket].live) fail("a descriptor references a closed socket");
    ++descriptors_seen[entry.socket];
    ++per_process[PidIndex(entry.pid)];
    if (entry.alias == 0) ++made_here[PidIndex(entry.pid)];
  }
  size_t pending_total = 0;
  for (const Process& proc : processes_) pending_total += proc.pending_blobs.size();
  size_t live_blobs = 0;
  for (const Blob& blob : blobs_) {
    if (!blob.live) continue;
    ++live_blobs;
    ++blobs_seen[blob.socket];
    if (!Proc(blob.target).alive) fail("a blob for an exited process holds a reference");
  }
  if (live_blobs != pending_total) fail("unconsumed blobs and pending lists disagree");
  size_t live = 0;
  for (size_t id = 0; id < sockets_.size(); ++id) {
    const SocketState& socket = sockets_[id];
    if (!socket.live) {
      if (descriptors_seen[id] || blobs_seen[id]) fail("a closed socket is still referenced");
      continue;
    }
    ++live;
    const std::string name = "socket " + std::to_string(id);
    if (socket.descriptors != descriptors_seen[id]) fail(name + ": descriptor count is wrong");
    if (socket.blob_refs != blobs_seen[id]) fail(name + ": blob reference count is wrong");
    if (socket.descriptors + socket.blob_refs == 0) fail(name + ": live with no reference");
    if (socket.reg.kind != RegKind::kNone) {
      if (!socket.non_blocking) fail(name + ": registered but blocking");
      if (!Proc(socket.reg.owner).alive) fail(name + ": registration notifies an exited process");
    }
    if (socket.peer != kNone && peers_[socket.peer].socket_closed) {
      fail(name + ": its peer saw the connection end while the socket lives");
    }
  }
  if (live != live_sockets_) fail("live socket count is wrong");
  for (size_t id = 0; id < peers_.size(); ++id) {
    const Peer& peer = peers_[id];
    if (peer.socket != kNone && !sockets_[peer.socket].live) fail("a peer's socket is gone");
    if (peer.twin != kNone && peers_[peer.twin].twin != id) fail("a connection's two ends are not each other's twin");
  }
  for (size_t address = 0; address < addresses_.size(); ++address) {
    for (size_t type = 0; type < 2; ++type) {
      const SocketId at = addresses_[address].taken_by[type];
      if (at != kNone && (!sockets_[at].live || sockets_[at].address != address ||
                          static_cast<size_t>(sockets_[at].type) != type)) {
        fail("address " + std::to_string(address) + " names a socket that does not hold it");
      }
    }
  }
  for (size_t index = 0; index < processes_.size(); ++index) {
    const Process& proc = processes_[index];
    if (proc.descriptor_count != per_process[index]) fail("process descriptor count is wrong");
    if (!proc.alive && (proc.descriptor_count || !proc.pending_blobs.empty())) {
      fail("an exited process still holds descriptors or blobs");
    }
    // Only inherited ones: a child may hold them before its WSAStartup, and its last WSACleanup
    // closes them with the rest (STARTUP-2).
    if (proc.startups == 0 && made_here[index] != 0) fail("a process without Winsock holds descriptors it made");
    for (const auto& [value, slot] : proc.aliases) {
      if (slot >= descriptors_.size() || descriptors_[slot].alias != value ||
          PidIndex(descriptors_[slot].pid) != index) {
        fail("an inherited descriptor's value does not lead to it");
      }
    }
  }
  // OVL-1, OVL-5: a pending operation waits in its own live socket's queue, once, and an AcceptEx's
  // accept socket points back at it; nothing else is pending.
  std::vector<uint32_t> queued(asyncs_.size(), 0);
  for (size_t id = 0; id < sockets_.size(); ++id) {
    const SocketState& socket = sockets_[id];
    if (!socket.live) continue;
    for (AsyncId op : socket.pending_ops) {
      ++queued[op];
      if (asyncs_[op].state != AsyncState::kPending || asyncs_[op].socket != id) {
        fail("a socket's queue holds an operation that is not pending on it");
      }
    }
    if (socket.accepting_op != kNone) {
      const AsyncOp& op = asyncs_[socket.accepting_op];
      if (op.state != AsyncState::kPending || op.kind != AsyncKind::kAccept || op.accept_socket != id) {
        fail("an accept socket points at an operation that is not its pending AcceptEx");
      }
    }
  }
  for (size_t op = 0; op < asyncs_.size(); ++op) {
    if ((asyncs_[op].state == AsyncState::kPending) != (queued[op] == 1)) {
      fail("a pending operation is not queued exactly once");
    }
    if (asyncs_[op].state == AsyncState::kPending && asyncs_[op].kind == AsyncKind::kAccept &&
        sockets_[asyncs_[op].accept_socket].accepting_op != op) {
      fail("a pending AcceptEx's accept socket does not point back at it");
    }
  }
  return broken;
}

}  // namespace wsdup::sim
