// A test fixture of two processes that started Winsock (A and B) in one World, whose invariants
// must hold at the end of every test, with the few steps most tests of sockets shared between them
// take: make a socket, bind it (and listen), hand it from one process to the other.
#ifndef WSDUP_SIM_TESTING_TWO_PROCESSES_H_
#define WSDUP_SIM_TESTING_TWO_PROCESSES_H_

#include <gtest/gtest.h>

#include "sim/testing/matchers.h"
#include "sim/testing/topologies.h"
#include "sim/world.h"

namespace wsdup::sim {

class TwoProcessesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = StartedProcess(world_);
    b_ = StartedProcess(world_);
  }
  void TearDown() override { EXPECT_THAT(world_.CheckInvariants(), ::testing::IsEmpty()); }

  Handle Make(Pid pid, SockType type, Family family = Family::kInet) {
    const Outcome<Handle> made = world_.Socket(pid, type, CreateApi::kSocket, 0, family);
    EXPECT_THAT(made, WsaSucceeds());
    return made.value();
  }
  // A bound socket's address; listening too when `listen`.
  AddressId Bound(Pid pid, Handle handle, bool listen = false) {
    EXPECT_THAT(world_.Bind(pid, handle), WsaSucceeds());
    if (listen) {
      EXPECT_THAT(world_.Listen(pid, handle), WsaSucceeds());
    }
    const Outcome<AddressId> named = world_.GetSockName(pid, handle);
    EXPECT_THAT(named, WsaSucceeds());
    return named.value();
  }
  // `handle` of process `from` duplicated for `to` and imported there with `flags`.
  Handle Imported(Pid from, Handle handle, Pid to, uint32_t flags = kFlagOverlapped) {
    const Outcome<BlobId> blob = world_.Duplicate(from, handle, DuplicateArgs{to, Variant::kA, false});
    EXPECT_THAT(blob, WsaSucceeds());
    const Outcome<Handle> made = world_.FromBlob(to, blob.value(), Variant::kA, flags);
    EXPECT_THAT(made, WsaSucceeds());
    return made.value();
  }

  World world_;
  Pid a_ = 0, b_ = 0;
};

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_TESTING_TWO_PROCESSES_H_
