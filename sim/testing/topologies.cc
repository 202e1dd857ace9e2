#include "sim/testing/topologies.h"

#include <stdexcept>

namespace wsdup::sim {
namespace {

Handle Import(World& world, Pid from, Handle handle, Pid to) {
  Outcome<BlobId> blob = world.Duplicate(from, handle, DuplicateArgs{to, Variant::kA, false});
  if (!blob.ok()) throw std::logic_error("topology: duplicate failed");
  Outcome<Handle> imported = world.FromBlob(to, blob.value(), Variant::kA, kFlagOverlapped);
  if (!imported.ok()) throw std::logic_error("topology: import failed");
  return imported.value();
}

SharedSocket Origin(World& world, Pid creator) {
  SharedSocket shared;
  Outcome<Handle> made = world.Connected(creator, CreateApi::kSocket, 0, &shared.peer);
  if (!made.ok()) throw std::logic_error("topology: connected failed");
  shared.holders.push_back({creator, made.value()});
  return shared;
}

}  // namespace

Pid StartedProcess(World& world) {
  const Pid pid = world.Spawn();
  if (world.Startup(pid) != WsaError::kNone) throw std::logic_error("topology: startup failed");
  return pid;
}

// A topology as data: how many processes, which one creates the socket, and the hand-offs made,
// each from an existing holder (by position) to a process (by position).
struct Shape {
  const char* name;
  int processes;
  int creator;
  std::vector<std::pair<int, int>> handoffs;  // (from holder, to process)
};

const std::vector<Topology>& AllTopologies() {
  static const std::vector<Topology> topologies = [] {
    const Shape shapes[] = {
        {"self_dup", 1, 0, {{0, 0}}},
        {"a_to_b", 2, 0, {{0, 1}}},
        {"a_to_b_to_c", 3, 0, {{0, 1}, {1, 2}}},
        {"b_made_it", 2, 1, {{0, 0}}},
        {"fan_out", 3, 0, {{0, 1}, {0, 2}}},
    };
    std::vector<Topology> built;
    for (const Shape& shape : shapes) {
      built.push_back({shape.name, [shape](World& world) {
                         std::vector<Pid> pids;
                         for (int i = 0; i < shape.processes; ++i) pids.push_back(StartedProcess(world));
                         SharedSocket shared = Origin(world, pids[shape.creator]);
                         for (const auto& [from, to] : shape.handoffs) {
                           const Holder source = shared.holders[from];
                           shared.holders.push_back(
                               {pids[to], Import(world, source.pid, source.handle, pids[to])});
                         }
                         return shared;
                       }});
    }
    return built;
  }();
  return topologies;
}

}  // namespace wsdup::sim
