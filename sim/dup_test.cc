// DUP-*: WSADuplicateSocket success, its error table and error precedence.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/testing/matchers.h"
#include "sim/testing/topologies.h"

namespace wsdup::sim {
namespace {

using ::testing::IsEmpty;
using ::testing::Ne;

class DuplicateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = StartedProcess(world_);
    b_ = StartedProcess(world_);
    ASSERT_WSA_OK_AND_ASSIGN(s_,
                             world_.Socket(a_, SockType::kStream, CreateApi::kWSASocketW, kFlagOverlapped));
  }
  void TearDown() override { EXPECT_THAT(world_.CheckInvariants(), IsEmpty()); }
  DuplicateArgs For(Pid target) { return DuplicateArgs{target, Variant::kA, false}; }

  World world_;
  Pid a_ = 0, b_ = 0;
  Handle s_ = kInvalidSocket;
};

TEST_F(DuplicateTest, SucceedsForALiveTarget_DUP1) {
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaSucceeds());
}

TEST_F(DuplicateTest, BothVariantsDuplicate_DUP13) {
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{b_, Variant::kA, false}), WsaSucceeds());
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{b_, Variant::kW, false}), WsaSucceeds());
}

TEST_F(DuplicateTest, NotInitialisedBeforeStartup_DUP2) {
  const Pid fresh = world_.Spawn();
  EXPECT_THAT(world_.Duplicate(fresh, s_, For(b_)), WsaFailsWith(WsaError::kNotInitialised));
}

TEST_F(DuplicateTest, InjectedNetworkDown_DUP3) {
  world_.SetFault(a_, Fault::kNetDown, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::kNetworkDown));
  world_.SetFault(a_, Fault::kNetDown, false);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaSucceeds());
}

TEST_F(DuplicateTest, TargetPidThatNamesNoLiveProcess_DUP4) {
  EXPECT_THAT(world_.Duplicate(a_, s_, For(0)), WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_THAT(world_.Duplicate(a_, s_, For(kUnusedPid)), WsaFailsWith(WsaError::kInvalidArgument));
  world_.Exit(b_);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::kInvalidArgument));
}

TEST_F(DuplicateTest, InjectedInProgress_DUP5) {
  world_.SetFault(a_, Fault::kInProgress, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::kInProgress));
}

TEST_F(DuplicateTest, InjectedDescriptorLimit_DUP6) {
  world_.SetFault(a_, Fault::kEMFile, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::kTooManySockets));
}

TEST_F(DuplicateTest, InjectedNoBuffers_DUP7) {
  world_.SetFault(a_, Fault::kNoBufs, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::kNoBufferSpace));
}

TEST_F(DuplicateTest, NotASocket_DUP8) {
  EXPECT_THAT(world_.Duplicate(a_, 12345 * 4, For(b_)), WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(world_.Duplicate(a_, kInvalidSocket, For(b_)), WsaFailsWith(WsaError::kNotSocket));
  // A descriptor value of another process means nothing here.
  EXPECT_THAT(world_.Duplicate(b_, s_, For(a_)), WsaFailsWith(WsaError::kNotSocket));
  ASSERT_THAT(world_.CloseSocket(a_, s_), WsaSucceeds());
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::kNotSocket));
}

TEST_F(DuplicateTest, NullInfoPointer_DUP9) {
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{b_, Variant::kA, true}),
              WsaFailsWith(WsaError::kBadAddress));
}

TEST_F(DuplicateTest, QosSocketRefused_DUP10) {
  ASSERT_THAT(world_.EnableQos(a_, s_), WsaSucceeds());
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::kInvalidArgument));
}

TEST_F(DuplicateTest, SelfDuplicateGivesDistinctDescriptor_DUP11) {
  Outcome<BlobId> blob = world_.Duplicate(a_, s_, For(a_));
  ASSERT_THAT(blob, WsaSucceeds());
  Outcome<Handle> second = world_.FromBlob(a_, blob.value(), Variant::kA, kFlagOverlapped);
  EXPECT_THAT(second, WsaSucceedsWithValue(Ne(s_)));
  EXPECT_EQ(world_.LiveSockets(), 1u);
  EXPECT_EQ(world_.LiveDescriptors(a_), 2u);
}

// DUP-12: socket first, then pid, then pointer; preconditions before all; exhaustion last.
TEST_F(DuplicateTest, ErrorPrecedence_DUP12) {
  EXPECT_THAT(world_.Duplicate(a_, 0, DuplicateArgs{0, Variant::kA, true}),
              WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{0, Variant::kA, true}),
              WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{a_, Variant::kA, true}),
              WsaFailsWith(WsaError::kBadAddress));
  world_.SetFault(a_, Fault::kEMFile, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{a_, Variant::kA, true}),
              WsaFailsWith(WsaError::kBadAddress));
  world_.SetFault(a_, Fault::kNetDown, true);
  EXPECT_THAT(world_.Duplicate(a_, 0, For(b_)), WsaFailsWith(WsaError::kNetworkDown));
}

TEST_F(DuplicateTest, ImportedSocketHasTheSameType_DUP14) {
  ASSERT_WSA_OK_AND_ASSIGN(const Handle dgram, world_.Socket(a_, SockType::kDgram, CreateApi::kSocket, 0));
  Outcome<BlobId> blob = world_.Duplicate(a_, dgram, For(b_));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle imported,
                           world_.FromBlob(b_, blob.value(), Variant::kA, kFlagOverlapped));
  Outcome<OptionValue> type = world_.GetSockOpt(b_, imported, OptionLevel::kSocket, Option::kType);
  ASSERT_THAT(type, WsaSucceeds());
  EXPECT_EQ(type.value().value, 2);  // SOCK_DGRAM
}

}  // namespace
}  // namespace wsdup::sim
