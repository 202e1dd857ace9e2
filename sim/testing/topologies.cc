#include "sim/testing/topologies.h"

#include <stdexcept>

namespace wsdup::sim {
namespace {

Handle Import(World& world, Pid from, Handle handle, Pid to) {
  Outcome<BlobId> blob = world.Duplicate(from, handle, DuplicateArgs{to, Variant::kA, false});
  if (!blob.ok()) throw std::logic_error("topology: duplicate failed");
  Outcome<Handle> imported = world.FromBlob(to, blob.value, Variant::kA, kFlagOverlapped);
  if (!imported.ok()) throw std::logic_error("topology: import failed");
  return imported.value;
}

SharedSocket Origin(World& world, Pid creator) {
  SharedSocket shared;
  Outcome<Handle> made = world.Connected(creator, CreateApi::kSocket, 0, &shared.peer);
  if (!made.ok()) throw std::logic_error("topology: connected failed");
  shared.holders.push_back({creator, made.value});
  return shared;
}

}  // namespace

Pid StartedProcess(World& world) {
  const Pid pid = world.Spawn();
  if (world.Startup(pid) != WsaError::kNone) throw std::logic_error("topology: startup failed");
  return pid;
}

const std::vector<Topology>& AllTopologies() {
  static const std::vector<Topology> topologies = {
      {"self_dup",
       [](World& world) {
         const Pid a = StartedProcess(world);
         SharedSocket shared = Origin(world, a);
         shared.holders.push_back({a, Import(world, a, shared.holders[0].handle, a)});
         return shared;
       }},
      {"a_to_b",
       [](World& world) {
         const Pid a = StartedProcess(world);
         const Pid b = StartedProcess(world);
         SharedSocket shared = Origin(world, a);
         shared.holders.push_back({b, Import(world, a, shared.holders[0].handle, b)});
         return shared;
       }},
      {"a_to_b_to_c",
       [](World& world) {
         const Pid a = StartedProcess(world);
         const Pid b = StartedProcess(world);
         const Pid c = StartedProcess(world);
         SharedSocket shared = Origin(world, a);
         shared.holders.push_back({b, Import(world, a, shared.holders[0].handle, b)});
         shared.holders.push_back({c, Import(world, b, shared.holders[1].handle, c)});
         return shared;
       }},
      {"b_made_it",
       [](World& world) {
         const Pid a = StartedProcess(world);
         const Pid b = StartedProcess(world);
         SharedSocket shared = Origin(world, b);
         shared.holders.push_back({a, Import(world, b, shared.holders[0].handle, a)});
         return shared;
       }},
      {"fan_out",
       [](World& world) {
         const Pid a = StartedProcess(world);
         const Pid b = StartedProcess(world);
         const Pid c = StartedProcess(world);
         SharedSocket shared = Origin(world, a);
         shared.holders.push_back({b, Import(world, a, shared.holders[0].handle, b)});
         shared.holders.push_back({c, Import(world, a, shared.holders[0].handle, c)});
         return shared;
       }},
  };
  return topologies;
}

}  // namespace wsdup::sim
