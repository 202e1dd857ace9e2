// EVT-* and STARTUP-*.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/testing/matchers.h"
#include "sim/testing/topologies.h"

namespace wsdup::sim {
namespace {

using ::testing::Eq;
using ::testing::IsEmpty;
using ::testing::Optional;

class EventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = StartedProcess(world_);
    b_ = StartedProcess(world_);
    ASSERT_WSA_OK_AND_ASSIGN(s_, world_.Connected(a_, CreateApi::kSocket, 0, &peer_));
    ASSERT_WSA_OK_AND_ASSIGN(const BlobId blob,
                             world_.Duplicate(a_, s_, DuplicateArgs{b_, Variant::kA, false}));
    ASSERT_WSA_OK_AND_ASSIGN(t_, world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped));
    ea_ = world_.CreateEvent(a_);
    eb_ = world_.CreateEvent(b_);
    wa_ = world_.CreateWindow(a_);
    wb_ = world_.CreateWindow(b_);
  }
  void TearDown() override { EXPECT_THAT(world_.CheckInvariants(), IsEmpty()); }

  World world_;
  Pid a_ = 0, b_ = 0;
  Handle s_ = kInvalidSocket, t_ = kInvalidSocket;
  PeerId peer_ = 0;
  EventId ea_ = 0, eb_ = 0;
  WindowId wa_ = 0, wb_ = 0;
};

TEST_F(EventTest, LaterRegistrationThroughAnotherProcessWins_EVT1_EVT8) {
  ASSERT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaSucceeds());
  ASSERT_THAT(world_.EventSelect(b_, t_, eb_, kFdRead), WsaSucceeds());
  world_.PeerSend(peer_, "x");
  EXPECT_FALSE(world_.EventSignaled(ea_));
  EXPECT_TRUE(world_.EventSignaled(eb_));
  EXPECT_THAT(world_.EnumNetworkEvents(b_, t_, eb_), WsaSucceedsWithValue(uint32_t{kFdRead}));
  EXPECT_FALSE(world_.EventSignaled(eb_));
}

TEST_F(EventTest, ReadAndWriteCannotBeSplit_EVT2) {
  ASSERT_THAT(world_.AsyncSelect(a_, s_, wa_, kFdRead), WsaSucceeds());
  ASSERT_THAT(world_.AsyncSelect(b_, t_, wb_, kFdWrite), WsaSucceeds());
  world_.PeerSend(peer_, "x");
  EXPECT_EQ(world_.TakeMessage(wa_), std::nullopt);
  std::optional<WindowMessage> write = world_.TakeMessage(wb_);
  ASSERT_TRUE(write.has_value());
  EXPECT_EQ(write->event, uint32_t{kFdWrite});
  EXPECT_EQ(write->handle, t_);
  EXPECT_EQ(world_.TakeMessage(wb_), std::nullopt);  // FD_READ is not in B's mask
}

TEST_F(EventTest, EmptyMaskCancelsAndBlockingIsAllowedAgain_EVT3_EVT4) {
  ASSERT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaSucceeds());
  EXPECT_THAT(world_.IoctlFionbio(b_, t_, false), WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_THAT(world_.IoctlFionbio(b_, t_, true), WsaSucceeds());
  ASSERT_THAT(world_.EventSelect(b_, t_, eb_, 0), WsaSucceeds());
  world_.PeerSend(peer_, "x");
  EXPECT_FALSE(world_.EventSignaled(ea_));
  EXPECT_FALSE(world_.EventSignaled(eb_));
  EXPECT_THAT(world_.IoctlFionbio(a_, s_, false), WsaSucceeds());
}

TEST_F(EventTest, OneTypeCancelsTheOther_EVT5) {
  ASSERT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaSucceeds());
  ASSERT_THAT(world_.AsyncSelect(a_, s_, wa_, kFdRead), WsaSucceeds());
  world_.PeerSend(peer_, "x");
  EXPECT_FALSE(world_.EventSignaled(ea_));
  EXPECT_THAT(world_.TakeMessage(wa_), Optional(::testing::Field(&WindowMessage::event, Eq(kFdRead))));
  ASSERT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaSucceeds());
  // The unread data was already reported (to the window): no new signal until recv (EVT-12).
  EXPECT_FALSE(world_.EventSignaled(ea_));
  EXPECT_EQ(world_.TakeMessage(wa_), std::nullopt);
  EXPECT_THAT(world_.Recv(b_, t_), WsaSucceeds());
  world_.PeerSend(peer_, "y");
  EXPECT_TRUE(world_.EventSignaled(ea_));
}

TEST_F(EventTest, ReRegistrationRepostsMessagesButDoesNotResignalEvents_EVT12) {
  world_.PeerSend(peer_, "x");
  ASSERT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaSucceeds());
  EXPECT_TRUE(world_.EventSignaled(ea_));  // a condition never reported yet: at once (EVT-10)
  ASSERT_THAT(world_.EnumNetworkEvents(a_, s_, ea_), WsaSucceeds());
  ASSERT_THAT(world_.EventSelect(b_, t_, eb_, kFdRead), WsaSucceeds());
  EXPECT_FALSE(world_.EventSignaled(eb_));  // already reported to A's event
  ASSERT_THAT(world_.AsyncSelect(a_, s_, wa_, kFdRead), WsaSucceeds());
  EXPECT_THAT(world_.TakeMessage(wa_), Optional(::testing::Field(&WindowMessage::event, Eq(kFdRead))));
  ASSERT_THAT(world_.AsyncSelect(a_, s_, wa_, kFdRead), WsaSucceeds());
  EXPECT_THAT(world_.TakeMessage(wa_), Optional(::testing::Field(&WindowMessage::event, Eq(kFdRead))));
}

TEST_F(EventTest, RegistrationMakesTheSocketNonBlocking_EVT6) {
  ASSERT_THAT(world_.AsyncSelect(a_, s_, wa_, kFdRead), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, t_), WsaFailsWith(WsaError::kWouldBlock));
}

TEST_F(EventTest, RegistrationOutlivesTheDescriptorThatMadeIt_EVT7) {
  ASSERT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaSucceeds());
  ASSERT_THAT(world_.CloseSocket(a_, s_), WsaSucceeds());
  world_.PeerSend(peer_, "x");
  EXPECT_TRUE(world_.EventSignaled(ea_));
  EXPECT_THAT(world_.IoctlFionbio(b_, t_, false), WsaFailsWith(WsaError::kInvalidArgument));
}

TEST_F(EventTest, RegistrationEndsWithItsOwnersExit_EVT7) {
  ASSERT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaSucceeds());
  world_.Exit(a_);
  EXPECT_THAT(world_.IoctlFionbio(b_, t_, false), WsaSucceeds());
}

TEST_F(EventTest, RegistrationErrors_EVT9) {
  EXPECT_THAT(world_.EventSelect(a_, t_, ea_, kFdRead), WsaFailsWith(WsaError::kNotSocket));
  world_.SetFault(a_, Fault::kNetDown, true);
  EXPECT_THAT(world_.AsyncSelect(a_, s_, wa_, kFdRead), WsaFailsWith(WsaError::kNetworkDown));
  world_.SetFault(a_, Fault::kNetDown, false);
  world_.SetFault(a_, Fault::kInProgress, true);
  EXPECT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaFailsWith(WsaError::kInProgress));
  world_.SetFault(a_, Fault::kInProgress, false);
  ASSERT_THAT(world_.Cleanup(a_), WsaSucceeds());
  EXPECT_THAT(world_.EventSelect(a_, s_, ea_, kFdRead), WsaFailsWith(WsaError::kNotInitialised));
}

TEST_F(EventTest, ReadIsReportedAgainOnlyAfterRecv_EVT10) {
  ASSERT_THAT(world_.AsyncSelect(b_, t_, wb_, kFdRead), WsaSucceeds());
  world_.PeerSend(peer_, "1");
  world_.PeerSend(peer_, "2");
  EXPECT_THAT(world_.TakeMessage(wb_), Optional(::testing::Field(&WindowMessage::event, Eq(kFdRead))));
  EXPECT_EQ(world_.TakeMessage(wb_), std::nullopt);
  EXPECT_THAT(world_.Recv(a_, s_), WsaSucceedsWithValue(std::string("12")));
  world_.PeerSend(peer_, "3");
  EXPECT_THAT(world_.TakeMessage(wb_), Optional(::testing::Field(&WindowMessage::event, Eq(kFdRead))));
}

TEST(StartupTest, CountedPerProcess_STARTUP1_STARTUP4) {
  World world;
  const Pid a = world.Spawn();
  ASSERT_THAT(world.Startup(a), WsaSucceeds());
  ASSERT_THAT(world.Startup(a), WsaSucceeds());
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world.Socket(a, SockType::kStream, CreateApi::kSocket, 0));
  ASSERT_THAT(world.Cleanup(a), WsaSucceeds());
  EXPECT_THAT(world.CloseSocket(a, s), WsaSucceeds());
  ASSERT_THAT(world.Cleanup(a), WsaSucceeds());
  EXPECT_THAT(world.Cleanup(a), WsaFailsWith(WsaError::kNotInitialised));
}

TEST(StartupTest, LastCleanupClosesDescriptorsOfThatProcessOnly_STARTUP2_STARTUP3_STARTUP6) {
  World world;
  const Pid a = StartedProcess(world);
  const Pid b = StartedProcess(world);
  PeerId peer = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world.Connected(a, CreateApi::kSocket, 0, &peer));
  ASSERT_WSA_OK_AND_ASSIGN(const BlobId self, world.Duplicate(a, s, DuplicateArgs{a, Variant::kA, false}));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s2, world.FromBlob(a, self, Variant::kA, kFlagOverlapped));
  ASSERT_WSA_OK_AND_ASSIGN(const BlobId blob, world.Duplicate(a, s, DuplicateArgs{b, Variant::kA, false}));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle t, world.FromBlob(b, blob, Variant::kA, kFlagOverlapped));
  ASSERT_THAT(world.Cleanup(a), WsaSucceeds());
  EXPECT_EQ(world.LiveDescriptors(a), 0u);
  EXPECT_THAT(world.Send(a, s2, "x"), WsaFailsWith(WsaError::kNotInitialised));
  EXPECT_EQ(world.PeerStateOf(peer), PeerState::kOpen);
  EXPECT_THAT(world.Send(b, t, "x"), WsaSucceeds());
  ASSERT_THAT(world.Startup(a), WsaSucceeds());
  EXPECT_THAT(world.CloseSocket(a, s), WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(world.CloseSocket(a, s2), WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(world.CheckInvariants(), IsEmpty());
}

TEST(StartupTest, BadArgumentsInitialiseNothing_STARTUP5) {
  World world;
  const Pid a = world.Spawn();
  EXPECT_THAT(world.Startup(a, StartupArgs{false, false}), WsaFailsWith(WsaError::kVersionNotSupported));
  EXPECT_THAT(world.Startup(a, StartupArgs{true, true}), WsaFailsWith(WsaError::kBadAddress));
  EXPECT_THAT(world.Socket(a, SockType::kStream, CreateApi::kSocket, 0),
              WsaFailsWith(WsaError::kNotInitialised));
}

}  // namespace
}  // namespace wsdup::sim

namespace wsdup::sim {
namespace {

TEST(EventCloseTest, GracefulCloseIsReportedOnlyAfterUnreadDataIsRead_EVT10) {
  World world;
  const Pid a = StartedProcess(world);
  PeerId peer = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world.Connected(a, CreateApi::kSocket, 0, &peer));
  const EventId event = world.CreateEvent(a);
  ASSERT_THAT(world.EventSelect(a, s, event, kFdClose), WsaSucceeds());
  world.PeerSend(peer, "tail");
  world.PeerClose(peer);
  EXPECT_FALSE(world.EventSignaled(event));
  EXPECT_THAT(world.Recv(a, s), WsaSucceedsWithValue(std::string("tail")));
  EXPECT_TRUE(world.EventSignaled(event));
  EXPECT_THAT(world.EnumNetworkEvents(a, s, event), WsaSucceedsWithValue(uint32_t{kFdClose}));
  EXPECT_THAT(world.CheckInvariants(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace wsdup::sim
