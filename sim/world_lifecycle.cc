// Processes, WSAStartup/WSACleanup counting, process exit and fault injection.
#include "sim/world.h"

#include <array>

namespace wsdup::sim {

World::World(Choices choices) : choices_(choices) {}

uint8_t World::RuleOf(OpenPoint point) {
  static const std::array<uint8_t, kOpenPointCount> rules = [] {
    std::array<uint8_t, kOpenPointCount> each{};
    for (const OpenPointInfo& info : AllOpenPoints()) each[static_cast<size_t>(info.point)] = RuleIndex(info.rule);
    return each;
  }();
  return rules[static_cast<size_t>(point)];
}

Pid World::Spawn() {
  processes_.emplace_back();
  return kFirstPid + static_cast<Pid>((processes_.size() - 1) * 4);
}

bool World::IsPid(Pid pid) const {
  return pid >= kFirstPid && (pid - kFirstPid) % 4 == 0 && PidIndex(pid) < processes_.size();
}

bool World::Alive(Pid pid) const { return IsPid(pid) && Proc(pid).alive; }

World::Process& World::Proc(Pid pid) { return processes_[PidIndex(pid)]; }
const World::Process& World::Proc(Pid pid) const { return processes_[PidIndex(pid)]; }

// STARTUP-1, STARTUP-5: counted per process; a bad version or data pointer initialises nothing.
WsaError World::Startup(Pid pid, const StartupArgs& args) {
  Process& proc = Proc(pid);
  if (!args.supported_version) return By(WSDUP_RULE("STARTUP-5"), WsaError::kVersionNotSupported);
  if (args.null_data) return By(WSDUP_RULE("STARTUP-5"), WsaError::kBadAddress);
  if (proc.faults & FaultBit(Fault::kNetDown)) return WsaError::kNetworkDown;
  Reach(WSDUP_RULE("STARTUP-1"));
  ++proc.startups;
  return WsaError::kNone;
}

// STARTUP-2, STARTUP-4: the last cleanup closes every descriptor the process holds, whatever
// socket it came from; one cleanup too many fails.
WsaError World::Cleanup(Pid pid) {
  Process& proc = Proc(pid);
  if (proc.startups == 0) return By(WSDUP_RULE("STARTUP-4"), WsaError::kNotInitialised);
  if (proc.faults & FaultBit(Fault::kInProgress)) return WsaError::kInProgress;
  Reach(WSDUP_RULE("STARTUP-1"));
  if (--proc.startups > 0) return WsaError::kNone;
  Reach(WSDUP_RULE("STARTUP-2"));
  ++proc.winsock_epoch;
  while (proc.first_descriptor != kNone) CloseDescriptor(proc.first_descriptor);
  return WsaError::kNone;
}

// CLOSE-4, BLOB-7: exit closes the process's descriptors, releases the references held by blobs
// waiting for it, and destroys its event objects and windows (registrations that notify them end).
void World::Exit(Pid pid) {
  Process& proc = Proc(pid);
  if (!proc.alive) return;
  Reach(WSDUP_RULE("CLOSE-4"));
  DropPendingOpsOf(pid);
  while (proc.first_descriptor != kNone) CloseDescriptor(proc.first_descriptor);
  while (!proc.pending_blobs.empty()) ReleaseBlob(proc.pending_blobs.back());
  for (SocketState& socket : sockets_) {
    if (socket.live && socket.reg.kind != RegKind::kNone && socket.reg.owner == pid) {
      socket.reg = Registration{};
    }
  }
  proc.alive = false;
  proc.startups = 0;
}

void World::SetFault(Pid pid, Fault fault, bool on) {
  Process& proc = Proc(pid);
  if (on) {
    proc.faults |= FaultBit(fault);
  } else {
    proc.faults &= ~FaultBit(fault);
  }
}

// SOCK-10 (DUP-12 for WSADuplicateSocket): these come before anything a call checks itself.
WsaError World::CommonChecks(Pid pid) const {
  const Process& proc = Proc(pid);
  if (proc.startups == 0) return By(WSDUP_RULE("STARTUP-3"), WsaError::kNotInitialised);
  if (proc.faults & FaultBit(Fault::kNetDown)) return WsaError::kNetworkDown;
  if (proc.faults & FaultBit(Fault::kInProgress)) return WsaError::kInProgress;
  return WsaError::kNone;
}

WsaError World::Resolve(Pid pid, Handle handle, SocketId* socket) const {
  if (WsaError error = CommonChecks(pid); error != WsaError::kNone) return error;
  const DescriptorEntry* entry = Lookup(pid, handle);
  if (entry == nullptr) return By(WSDUP_RULE("CLOSE-3"), WsaError::kNotSocket);
  *socket = entry->socket;
  return WsaError::kNone;
}

WsaError World::AllocationChecks(Pid pid) const {
  const Process& proc = Proc(pid);
  if (proc.faults & FaultBit(Fault::kEMFile)) return WsaError::kTooManySockets;
  if (proc.faults & FaultBit(Fault::kNoBufs)) return WsaError::kNoBufferSpace;
  return WsaError::kNone;
}

size_t World::LiveDescriptors(Pid pid) const { return Proc(pid).descriptor_count; }

}  // namespace wsdup::sim
