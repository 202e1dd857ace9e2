// Overlapped I/O and completion ports (OVL-*).
//
// An overlapped operation is a record that outlives the call: pending, it sits in its socket's
// queue (SocketState::pending_ops) and is completed by whatever arrives first (ServePending, called
// where bytes, end of stream, resets, datagrams and connections arrive), by CancelIoEx, or by the
// socket's destruction. Its completion is kept for wait, and queued to the port the socket is
// associated with; the association is the socket's, so every descriptor's operations share it.
#include <algorithm>

#include "sim/world.h"

namespace wsdup::sim {
namespace {

bool WouldBlock(WsaError error) { return error == WsaError::kWouldBlock || error == WsaError::kHarnessWouldBlock; }

}  // namespace

PortId World::CreatePort(Pid owner) {
  ports_.push_back(Port{owner});
  return static_cast<PortId>(ports_.size() - 1);
}

// OVL-7: a descriptor whose own flag agrees with its socket's attribute needs no choice.
bool World::OverlappedVia(const DescriptorEntry& entry) {
  const bool socket_attribute = (sockets_[entry.socket].create_flags & kFlagOverlapped) != 0;
  if (entry.overlapped == socket_attribute) return socket_attribute;
  return Takes(OpenPoint::kImportedIoMode, behaviour::kImportFlagsDecide) ? entry.overlapped : socket_attribute;
}

// Not a Winsock call: no WSAStartup needed; a value that names no handle of the process is
// ERROR_INVALID_HANDLE, as for SetHandleInformation (INH-3).
WsaError World::AssociatePort(Pid pid, Handle handle, PortId port, uint64_t key) {
  // INVALID_SOCKET is INVALID_HANDLE_VALUE, with which CreateIoCompletionPort makes a new port, and
  // then takes no existing one.
  if (handle == kInvalidSocket) return By(WSDUP_RULE("OVL-3"), WsaError::kInvalidParameter);
  const uint32_t slot = Alive(pid) ? SlotOf(pid, handle) : kNone;
  if (slot == kNone) return By(WSDUP_RULE("OVL-3"), WsaError::kInvalidHandle);
  Reach(WSDUP_RULE("OVL-3"));
  SocketState& state = sockets_[descriptors_[slot].socket];
  // One association per socket, whichever descriptor made it; a port needs an overlapped handle.
  if (state.port != kNoPort) return WsaError::kInvalidParameter;
  if (!OverlappedVia(descriptors_[slot])) return By(WSDUP_RULE("OVL-6"), WsaError::kInvalidParameter);
  state.port = port;
  state.port_key = key;
  return WsaError::kNone;
}

AsyncId World::NewAsync(Pid pid, SocketId socket, AsyncKind kind) {
  AsyncOp op;
  op.pid = pid;
  op.socket = socket;
  op.kind = kind;
  asyncs_.push_back(op);
  return static_cast<AsyncId>(asyncs_.size() - 1);
}

void World::Complete(AsyncId id, WsaError error) {
  AsyncOp& op = asyncs_[id];
  op.state = AsyncState::kDone;
  op.error = error;
  const SocketState& state = sockets_[op.socket];
  // OVL-3: queued to the socket's port, with its key, whoever issued it; a port dies with its owner.
  if (state.port != kNoPort && Alive(ports_[state.port].owner)) {
    Reach(WSDUP_RULE("OVL-3"));
    op.port = state.port;
    op.key = state.port_key;
  }
}

Outcome<std::string> World::RecvOverlapped(Pid pid, Handle handle, AsyncId* op) {
  *op = NewAsync(pid, kNone, AsyncKind::kRecv);
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  asyncs_[*op].socket = socket;
  const DescriptorEntry& entry = *Lookup(pid, handle);
  const bool overlapped = OverlappedVia(entry);
  const RuleSet before = rules_reached_;
  Outcome<std::string> got = ReceiveFrom(socket, StageVia(entry) != Stage::kUnbound, nullptr);
  if (!overlapped) {
    // OVL-6: the plain recv, whose success is still reported to wait.
    Reach(WSDUP_RULE("OVL-6"));
    if (got.ok()) {
      asyncs_[*op].bytes = got.value();
      Complete(*op, WsaError::kNone);
    }
    return got;
  }
  if (WouldBlock(got.error)) {
    // OVL-1: nothing to read pends, whatever the blocking mode; the rules of a would-block decided
    // nothing here.
    rules_reached_ = before;
    Reach(WSDUP_RULE("OVL-1"));
    asyncs_[*op].state = AsyncState::kPending;
    sockets_[socket].pending_ops.push_back(*op);
    return {WsaError::kIoPending};
  }
  if (!got.ok()) return got;  // failed when issued: never completes (OVL-1)
  asyncs_[*op].bytes = got.value();
  Complete(*op, WsaError::kNone);
  if (Takes(OpenPoint::kImmediateCompletion, behaviour::kAlwaysPending)) return {WsaError::kIoPending};
  return got;
}

Outcome<size_t> World::SendOverlapped(Pid pid, Handle handle, std::string_view bytes, AsyncId* op) {
  *op = NewAsync(pid, kNone, AsyncKind::kSend);
  SocketId socket;
  if (WsaError error = Resolve(pid, handle, &socket); error != WsaError::kNone) return {error};
  asyncs_[*op].socket = socket;
  const bool overlapped = OverlappedVia(*Lookup(pid, handle));
  Outcome<size_t> sent = Send(pid, handle, bytes);
  if (!sent.ok()) return sent;  // failed when issued: never completes (OVL-1)
  asyncs_[*op].count = sent.value();
  Complete(*op, WsaError::kNone);
  if (!overlapped) return By(WSDUP_RULE("OVL-6"), sent);
  // OVL-2: the model's sends never wait for buffer space, so each can complete when issued.
  if (Takes(OpenPoint::kImmediateCompletion, behaviour::kAlwaysPending)) return {WsaError::kIoPending};
  return sent;
}

WsaError World::AcceptOverlapped(Pid pid, Handle listener, Handle* accept_out, AsyncId* op) {
  *accept_out = kInvalidSocket;
  *op = NewAsync(pid, kNone, AsyncKind::kAccept);
  // The accept socket comes first, as AcceptEx's callers make it, of the listener's family.
  const Family family = FamilyVia(pid, listener).value_or(Family::kInet);
  Outcome<Handle> made = Socket(pid, SockType::kStream, CreateApi::kWSASocketW, kFlagOverlapped, family);
  if (!made.ok()) return made.error;
  SocketId socket;
  WsaError error = Resolve(pid, listener, &socket);
  if (error == WsaError::kNone) {
    Reach(WSDUP_RULE("SOCK-4"));  // AcceptEx takes queued connections as accept does
    if (sockets_[socket].type != SockType::kStream) error = WsaError::kOperationNotSupported;
    else if (sockets_[socket].stage != Stage::kListening) error = WsaError::kInvalidArgument;
  }
  if (error != WsaError::kNone) {
    CloseSocket(pid, made.value());
    return error;
  }
  AsyncOp& issued = asyncs_[*op];
  issued.socket = socket;
  const SocketId accept_socket = descriptors_[SlotOf(pid, made.value())].socket;
  issued.accept_socket = accept_socket;
  *accept_out = made.value();
  SocketState& state = sockets_[socket];
  if (!state.pending_accepts.empty()) {
    TakeConnection(socket, accept_socket);
    Complete(*op, WsaError::kNone);
    if (!OverlappedVia(*Lookup(pid, listener))) return By(WSDUP_RULE("OVL-6"), WsaError::kNone);
    if (Takes(OpenPoint::kImmediateCompletion, behaviour::kAlwaysPending)) return WsaError::kIoPending;
    return WsaError::kNone;
  }
  if (!OverlappedVia(*Lookup(pid, listener))) {
    // OVL-6: AcceptEx on a listener that is not overlapped waits, as accept would.
    Reach(WSDUP_RULE("OVL-6"));
    return state.non_blocking ? WsaError::kWouldBlock : WsaError::kHarnessWouldBlock;
  }
  Reach(WSDUP_RULE("OVL-1"));
  issued.state = AsyncState::kPending;
  state.pending_ops.push_back(*op);
  sockets_[accept_socket].accepting_op = *op;
  return WsaError::kIoPending;
}

void World::Unqueue(AsyncId id) {
  std::vector<AsyncId>& pending = sockets_[asyncs_[id].socket].pending_ops;
  pending.erase(std::find(pending.begin(), pending.end(), id));
  ReleaseAcceptSocket(id);
}

void World::ReleaseAcceptSocket(AsyncId id) {
  if (asyncs_[id].kind == AsyncKind::kAccept) sockets_[asyncs_[id].accept_socket].accepting_op = kNone;
}

void World::ServePending(SocketId socket) {
  std::vector<AsyncId>& pending = sockets_[socket].pending_ops;
  while (!pending.empty()) {
    const AsyncId id = pending.front();
    WsaError error = WsaError::kNone;
    if (asyncs_[id].kind == AsyncKind::kAccept) {
      if (sockets_[socket].pending_accepts.empty()) return;
      TakeConnection(socket, asyncs_[id].accept_socket);
      ReleaseAcceptSocket(id);
    } else {
      const RuleSet before = rules_reached_;
      Outcome<std::string> got = ReceiveFrom(socket, /*bound_seen=*/true, nullptr);
      if (WouldBlock(got.error)) {
        rules_reached_ = before;
        return;
      }
      error = got.error;
      if (got.ok()) asyncs_[id].bytes = std::move(got.value());
    }
    pending.erase(pending.begin());
    Reach(WSDUP_RULE("OVL-1"));
    Complete(id, error);
  }
}

void World::AbortPendingOf(SocketId socket) {
  SocketState& state = sockets_[socket];
  if (state.accepting_op != kNone) {
    // The accept socket of a pending AcceptEx is going: that AcceptEx ends too.
    const AsyncId id = state.accepting_op;
    Unqueue(id);
    Reach(WSDUP_RULE("OVL-5"));
    Complete(id, WsaError::kOperationAborted);
  }
  std::vector<AsyncId> pending;
  pending.swap(state.pending_ops);
  for (AsyncId id : pending) {
    Reach(WSDUP_RULE("OVL-5"));
    ReleaseAcceptSocket(id);
    Complete(id, WsaError::kOperationAborted);
  }
}

void World::DropPendingOpsOf(Pid pid) {
  for (SocketState& socket : sockets_) {
    if (!socket.live || socket.pending_ops.empty()) continue;
    auto mine = [this, pid](AsyncId id) {
      if (asyncs_[id].pid != pid) return false;
      ReleaseAcceptSocket(id);
      asyncs_[id].state = AsyncState::kDone;
      asyncs_[id].error = WsaError::kOperationAborted;
      return true;
    };
    socket.pending_ops.erase(std::remove_if(socket.pending_ops.begin(), socket.pending_ops.end(), mine),
                             socket.pending_ops.end());
  }
}

Completion World::WaitAsync(Pid pid, AsyncId id) {
  Completion completion;
  AsyncOp& op = asyncs_[id];
  if (op.state != AsyncState::kDone) return By(WSDUP_RULE("OVL-1"), completion);
  Reach(WSDUP_RULE("OVL-1"));
  completion.signaled = true;
  completion.error = op.error;
  if (op.error == WsaError::kNone && op.kind == AsyncKind::kRecv) completion.bytes = op.bytes;
  if (op.error == WsaError::kNone && op.kind == AsyncKind::kSend) completion.count = op.count;
  // OVL-3: the packet is taken from the port by the wait that finds it there.
  if (op.port != kNoPort && ports_[op.port].owner == pid) {
    Reach(WSDUP_RULE("OVL-3"));
    completion.port = op.port;
    completion.key = op.key;
    op.port = kNoPort;
  }
  return completion;
}

// Not a Winsock call, like AssociatePort. Cancellation goes by socket and issuing process.
WsaError World::CancelAsync(Pid pid, AsyncId id, Handle via) {
  // INVALID_SOCKET is INVALID_HANDLE_VALUE, the process's own pseudo-handle: a handle, through
  // which no socket's operation is found.
  if (via == kInvalidSocket) return By(WSDUP_RULE("OVL-4"), WsaError::kNotFound);
  const uint32_t slot = Alive(pid) ? SlotOf(pid, via) : kNone;
  if (slot == kNone) return By(WSDUP_RULE("OVL-4"), WsaError::kInvalidHandle);
  Reach(WSDUP_RULE("OVL-4"));
  AsyncOp& op = asyncs_[id];
  if (op.state != AsyncState::kPending || op.pid != pid || descriptors_[slot].socket != op.socket) {
    return WsaError::kNotFound;
  }
  Unqueue(id);
  Complete(id, WsaError::kOperationAborted);
  return WsaError::kNone;
}

}  // namespace wsdup::sim
