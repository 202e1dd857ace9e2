// Sharing topologies ("kinds", as gVisor's socket-pair kinds): each builds one connected socket held
// through several descriptors in one or more processes, so generic test bodies run over all of them.
#ifndef WSDUP_SIM_TESTING_TOPOLOGIES_H_
#define WSDUP_SIM_TESTING_TOPOLOGIES_H_

#include <functional>
#include <string>
#include <vector>

#include "sim/world.h"

namespace wsdup::sim {

struct Holder {
  Pid pid = 0;
  Handle handle = kInvalidSocket;
};

struct SharedSocket {
  std::vector<Holder> holders;  // holders[0] created the socket
  PeerId peer = 0;
};

struct Topology {
  std::string name;
  std::function<SharedSocket(World&)> make;
};

// self_dup: one process, two descriptors; a_to_b; a_to_b_to_c (B re-duplicates for C);
// b_made_it: B creates and hands to A (roles reversed); fan_out: A duplicates for B and for C.
const std::vector<Topology>& AllTopologies();

// Starts Winsock in a new process.
Pid StartedProcess(World& world);

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_TESTING_TOPOLOGIES_H_
