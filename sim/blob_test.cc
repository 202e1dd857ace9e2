// BLOB-*: importing the blob, single use, foreign use, flags, lifetime of unconsumed blobs.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/testing/matchers.h"
#include "sim/testing/topologies.h"

namespace wsdup::sim {
namespace {

using ::testing::IsEmpty;

class BlobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = StartedProcess(world_);
    b_ = StartedProcess(world_);
    c_ = StartedProcess(world_);
    ASSERT_WSA_OK_AND_ASSIGN(s_, world_.Connected(a_, CreateApi::kSocket, 0, &peer_));
  }
  void TearDown() override { EXPECT_THAT(world_.CheckInvariants(), IsEmpty()); }
  BlobId BlobFor(Pid target, Variant variant = Variant::kA) {
    return world_.Duplicate(a_, s_, DuplicateArgs{target, variant, false}).value();
  }

  World world_;
  Pid a_ = 0, b_ = 0, c_ = 0;
  Handle s_ = kInvalidSocket;
  PeerId peer_ = 0;
};

TEST_F(BlobTest, TargetImportsAnotherDescriptorForTheSameSocket_BLOB1) {
  Outcome<Handle> t = world_.FromBlob(b_, BlobFor(b_), Variant::kA, kFlagOverlapped);
  ASSERT_THAT(t, WsaSucceeds());
  EXPECT_EQ(world_.LiveSockets(), 1u);
  EXPECT_THAT(world_.Send(b_, t.value(), "via b"), WsaSucceedsWithValue(5u));
  EXPECT_EQ(world_.PeerRecv(peer_), "via b");
}

TEST_F(BlobTest, SecondUseIsRefused_BLOB2) {
  const BlobId blob = BlobFor(b_);
  ASSERT_THAT(world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
  EXPECT_THAT(world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped),
              WsaFailsWith(WsaError::kInvalidArgument));
}

TEST_F(BlobTest, OtherProcessIsRefusedAndTargetStillImports_BLOB3) {
  const BlobId blob = BlobFor(b_);
  EXPECT_THAT(world_.FromBlob(c_, blob, Variant::kA, kFlagOverlapped),
              WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_THAT(world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
}

TEST_F(BlobTest, FlagsMismatchIsAccepted_BLOB4_BLOB5_BLOB6) {
  // The source used socket(); BLOB-5 asks for WSA_FLAG_OVERLAPPED; the model accepts without.
  EXPECT_THAT(world_.FromBlob(b_, BlobFor(b_), Variant::kA, 0), WsaSucceeds());
  EXPECT_THAT(world_.FromBlob(c_, BlobFor(c_), Variant::kA, kFlagOverlapped), WsaSucceeds());
}

TEST_F(BlobTest, UnconsumedBlobKeepsSocketAliveAfterSourceCloses_BLOB7) {
  const BlobId blob = BlobFor(b_);
  ASSERT_THAT(world_.CloseSocket(a_, s_), WsaSucceeds());
  EXPECT_EQ(world_.PeerStateOf(peer_), PeerState::kOpen);
  Outcome<Handle> t = world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped);
  ASSERT_THAT(t, WsaSucceeds());
  ASSERT_THAT(world_.CloseSocket(b_, t.value()), WsaSucceeds());
  EXPECT_EQ(world_.PeerStateOf(peer_), PeerState::kEof);
}

TEST_F(BlobTest, UnconsumedBlobIsReleasedWhenItsTargetExits_BLOB7) {
  BlobFor(b_);
  ASSERT_THAT(world_.CloseSocket(a_, s_), WsaSucceeds());
  EXPECT_EQ(world_.PeerStateOf(peer_), PeerState::kOpen);
  world_.Exit(b_);
  EXPECT_EQ(world_.PeerStateOf(peer_), PeerState::kEof);
  EXPECT_EQ(world_.LiveSockets(), 0u);
}

TEST_F(BlobTest, ImportBeforeStartupFails_BLOB8) {
  const Pid late = world_.Spawn();
  const BlobId blob = BlobFor(late);
  EXPECT_THAT(world_.FromBlob(late, blob, Variant::kA, kFlagOverlapped),
              WsaFailsWith(WsaError::kNotInitialised));
  ASSERT_THAT(world_.Startup(late), WsaSucceeds());
  EXPECT_THAT(world_.FromBlob(late, blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
}

TEST_F(BlobTest, InjectedResourceFailuresOnImport_BLOB9) {
  const BlobId blob = BlobFor(b_);
  const std::pair<Fault, WsaError> cases[] = {{Fault::kNetDown, WsaError::kNetworkDown},
                                              {Fault::kInProgress, WsaError::kInProgress},
                                              {Fault::kEMFile, WsaError::kTooManySockets},
                                              {Fault::kNoBufs, WsaError::kNoBufferSpace}};
  for (const auto& [fault, error] : cases) {
    world_.SetFault(b_, fault, true);
    EXPECT_THAT(world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped), WsaFailsWith(error));
    world_.SetFault(b_, fault, false);
  }
  // A failed import does not use the blob up.
  EXPECT_THAT(world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
}

TEST_F(BlobTest, MixedVariantsImport_BLOB10) {
  EXPECT_THAT(world_.FromBlob(b_, BlobFor(b_, Variant::kA), Variant::kW, kFlagOverlapped),
              WsaSucceeds());
  EXPECT_THAT(world_.FromBlob(c_, BlobFor(c_, Variant::kW), Variant::kA, kFlagOverlapped),
              WsaSucceeds());
}

TEST_F(BlobTest, ImportAfterTargetRestartedWinsock_BLOB11) {
  const BlobId blob = BlobFor(b_);
  ASSERT_THAT(world_.Cleanup(b_), WsaSucceeds());
  ASSERT_THAT(world_.Startup(b_), WsaSucceeds());
  EXPECT_THAT(world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
}

TEST_F(BlobTest, InvalidBlobIsRefused_BLOB12) {
  EXPECT_THAT(world_.FromBlob(b_, kInvalidBlob, Variant::kA, kFlagOverlapped),
              WsaFailsWith(WsaError::kInvalidArgument));
}

}  // namespace
}  // namespace wsdup::sim

namespace wsdup::sim {
namespace {

// Slots are recycled; the generation keeps an old name from reaching the new occupant.
TEST(RecycledSlotsTest, StaleHandleAndBlobNeverReachTheNewOccupant_CLOSE3_BLOB2) {
  World world;
  const Pid a = StartedProcess(world);
  const Pid b = StartedProcess(world);
  ASSERT_WSA_OK_AND_ASSIGN(const Handle old_handle,
                           world.Socket(a, SockType::kStream, CreateApi::kSocket, 0));
  ASSERT_THAT(world.CloseSocket(a, old_handle), WsaSucceeds());
  ASSERT_WSA_OK_AND_ASSIGN(const Handle new_handle,
                           world.Socket(a, SockType::kStream, CreateApi::kSocket, 0));
  EXPECT_NE(old_handle, new_handle);
  EXPECT_EQ(old_handle & 0xFFFFFFFFu, new_handle & 0xFFFFFFFFu);  // same slot, new generation
  EXPECT_THAT(world.CloseSocket(a, old_handle), WsaFailsWith(WsaError::kNotSocket));

  ASSERT_WSA_OK_AND_ASSIGN(const BlobId used,
                           world.Duplicate(a, new_handle, DuplicateArgs{b, Variant::kA, false}));
  ASSERT_THAT(world.FromBlob(b, used, Variant::kA, kFlagOverlapped), WsaSucceeds());
  ASSERT_WSA_OK_AND_ASSIGN(const BlobId fresh,
                           world.Duplicate(a, new_handle, DuplicateArgs{b, Variant::kA, false}));
  EXPECT_EQ(used & 0xFFFFFFFFu, fresh & 0xFFFFFFFFu);
  EXPECT_THAT(world.FromBlob(b, used, Variant::kA, kFlagOverlapped), WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_THAT(world.FromBlob(b, fresh, Variant::kA, kFlagOverlapped), WsaSucceeds());
  EXPECT_THAT(world.CheckInvariants(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace wsdup::sim
