// Handle inheritance (INH-*): the other way a socket reaches another process, beside duplication.
// An inherited descriptor is a descriptor of the same socket in the child, known there by the value
// the parent had; it counts like any other (CLOSE-2), so the socket outlives the parent's close.
#include "sim/world.h"

namespace wsdup::sim {

Pid World::SpawnChild(Pid parent, bool inherit) {
  const Pid child = Spawn();
  if (!inherit) return By(WSDUP_RULE("INH-2"), child);
  // In the parent's list order, so the child's list (and what its exit closes first) is stable.
  std::vector<uint32_t> inherited;
  for (uint32_t index = Proc(parent).first_descriptor; index != kNone; index = descriptors_[index].next) {
    if (descriptors_[index].inheritable) inherited.push_back(index);
  }
  Reach(WSDUP_RULE("INH-1"));
  for (auto it = inherited.rbegin(); it != inherited.rend(); ++it) {  // AddDescriptor prepends
    const Handle value = HandleOf(*it);
    const bool sees_unbound = descriptors_[*it].sees_unbound;
    const bool overlapped = descriptors_[*it].overlapped;
    const Handle added = AddDescriptor(child, descriptors_[*it].socket, /*inheritable=*/true);
    const uint32_t slot = SlotOf(child, added);
    descriptors_[slot].alias = value;
    descriptors_[slot].sees_unbound = sees_unbound;
    descriptors_[slot].overlapped = overlapped;
    Proc(child).aliases.emplace_back(value, slot);
  }
  return child;
}

// Not a Winsock call: it needs no WSAStartup, and a value that names no handle of the process is
// ERROR_INVALID_HANDLE (WSA_INVALID_HANDLE), whatever it once was.
WsaError World::SetInheritable(Pid pid, Handle handle, bool inheritable) {
  const uint32_t slot = IsPid(pid) ? SlotOf(pid, handle) : kNone;
  if (slot == kNone) return By(WSDUP_RULE("INH-3"), WsaError::kInvalidHandle);
  Reach(WSDUP_RULE("INH-3"));
  descriptors_[slot].inheritable = inheritable;
  return WsaError::kNone;
}

}  // namespace wsdup::sim
