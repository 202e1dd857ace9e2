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
    s_ = world_.Socket(a_, SockType::kStream, CreateApi::kWSASocketW, kFlagOverlapped).value;
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
  EXPECT_THAT(world_.Duplicate(fresh, s_, For(b_)), WsaFailsWith(WsaError::WSANOTINITIALISED));
}

TEST_F(DuplicateTest, InjectedNetworkDown_DUP3) {
  world_.SetFault(a_, Fault::kNetDown, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::WSAENETDOWN));
  world_.SetFault(a_, Fault::kNetDown, false);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaSucceeds());
}

TEST_F(DuplicateTest, TargetPidThatNamesNoLiveProcess_DUP4) {
  EXPECT_THAT(world_.Duplicate(a_, s_, For(0)), WsaFailsWith(WsaError::WSAEINVAL));
  EXPECT_THAT(world_.Duplicate(a_, s_, For(kUnusedPid)), WsaFailsWith(WsaError::WSAEINVAL));
  world_.Exit(b_);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::WSAEINVAL));
}

TEST_F(DuplicateTest, InjectedInProgress_DUP5) {
  world_.SetFault(a_, Fault::kInProgress, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::WSAEINPROGRESS));
}

TEST_F(DuplicateTest, InjectedDescriptorLimit_DUP6) {
  world_.SetFault(a_, Fault::kEMFile, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::WSAEMFILE));
}

TEST_F(DuplicateTest, InjectedNoBuffers_DUP7) {
  world_.SetFault(a_, Fault::kNoBufs, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::WSAENOBUFS));
}

TEST_F(DuplicateTest, NotASocket_DUP8) {
  EXPECT_THAT(world_.Duplicate(a_, 12345 * 4, For(b_)), WsaFailsWith(WsaError::WSAENOTSOCK));
  EXPECT_THAT(world_.Duplicate(a_, kInvalidSocket, For(b_)), WsaFailsWith(WsaError::WSAENOTSOCK));
  // A descriptor value of another process means nothing here.
  EXPECT_THAT(world_.Duplicate(b_, s_, For(a_)), WsaFailsWith(WsaError::WSAENOTSOCK));
  ASSERT_THAT(world_.CloseSocket(a_, s_), WsaSucceeds());
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::WSAENOTSOCK));
}

TEST_F(DuplicateTest, NullInfoPointer_DUP9) {
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{b_, Variant::kA, true}),
              WsaFailsWith(WsaError::WSAEFAULT));
}

TEST_F(DuplicateTest, QosSocketRefused_DUP10) {
  ASSERT_THAT(world_.EnableQos(a_, s_), WsaSucceeds());
  EXPECT_THAT(world_.Duplicate(a_, s_, For(b_)), WsaFailsWith(WsaError::WSAEINVAL));
}

TEST_F(DuplicateTest, SelfDuplicateGivesDistinctDescriptor_DUP11) {
  Outcome<BlobId> blob = world_.Duplicate(a_, s_, For(a_));
  ASSERT_THAT(blob, WsaSucceeds());
  Outcome<Handle> second = world_.FromBlob(a_, blob.value, Variant::kA, kFlagOverlapped);
  EXPECT_THAT(second, WsaSucceedsWithValue(Ne(s_)));
  EXPECT_EQ(world_.LiveSockets(), 1u);
  EXPECT_EQ(world_.LiveDescriptors(a_), 2u);
}

// DUP-12: socket first, then pid, then pointer; preconditions before all; exhaustion last.
TEST_F(DuplicateTest, ErrorPrecedence_DUP12) {
  EXPECT_THAT(world_.Duplicate(a_, 0, DuplicateArgs{0, Variant::kA, true}),
              WsaFailsWith(WsaError::WSAENOTSOCK));
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{0, Variant::kA, true}),
              WsaFailsWith(WsaError::WSAEINVAL));
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{a_, Variant::kA, true}),
              WsaFailsWith(WsaError::WSAEFAULT));
  world_.SetFault(a_, Fault::kEMFile, true);
  EXPECT_THAT(world_.Duplicate(a_, s_, DuplicateArgs{a_, Variant::kA, true}),
              WsaFailsWith(WsaError::WSAEFAULT));
  world_.SetFault(a_, Fault::kNetDown, true);
  EXPECT_THAT(world_.Duplicate(a_, 0, For(b_)), WsaFailsWith(WsaError::WSAENETDOWN));
}

TEST_F(DuplicateTest, ImportedSocketHasTheSameType_DUP14) {
  const Handle dgram = world_.Socket(a_, SockType::kDgram, CreateApi::kSocket, 0).value;
  Outcome<BlobId> blob = world_.Duplicate(a_, dgram, For(b_));
  const Handle imported = world_.FromBlob(b_, blob.value, Variant::kA, kFlagOverlapped).value;
  Outcome<OptionValue> type = world_.GetSockOpt(b_, imported, OptLevel::kSolSocket, Option::SO_TYPE);
  ASSERT_THAT(type, WsaSucceeds());
  EXPECT_EQ(type.value.value, 2);  // SOCK_DGRAM
}

}  // namespace
}  // namespace wsdup::sim
