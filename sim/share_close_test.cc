// SHARE-* and CLOSE-*: generic bodies run over every sharing topology (testing/topologies.h).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/testing/matchers.h"
#include "sim/testing/topologies.h"

namespace wsdup::sim {
namespace {

using ::testing::IsEmpty;

class SharedSocketTest : public ::testing::TestWithParam<Topology> {
 protected:
  void SetUp() override { shared_ = GetParam().make(world_); }
  void TearDown() override { EXPECT_THAT(world_.CheckInvariants(), IsEmpty()); }

  World world_;
  SharedSocket shared_;
};

TEST_P(SharedSocketTest, OneUnderlyingSocket_SHARE1) {
  EXPECT_EQ(world_.LiveSockets(), 1u);
  EXPECT_GE(shared_.holders.size(), 2u);
}

TEST_P(SharedSocketTest, OptionSetThroughOneIsSeenThroughAll_SHARE2) {
  for (const Holder& setter : shared_.holders) {
    const int32_t size = 4096 + static_cast<int32_t>(setter.handle);
    ASSERT_THAT(world_.SetSockOpt(setter.pid, setter.handle, OptionLevel::kSocket, Option::kReceiveBuffer,
                                  {size, 0}),
                WsaSucceeds());
    for (const Holder& reader : shared_.holders) {
      Outcome<OptionValue> read =
          world_.GetSockOpt(reader.pid, reader.handle, OptionLevel::kSocket, Option::kReceiveBuffer);
      EXPECT_THAT(read, WsaSucceedsWithValue(OptionValue{size, 0}));
    }
  }
  const Holder& last = shared_.holders.back();
  ASSERT_THAT(world_.SetSockOpt(last.pid, last.handle, OptionLevel::kSocket, Option::kLinger,
                                {1, 7}),
              WsaSucceeds());
  EXPECT_THAT(world_.GetSockOpt(shared_.holders[0].pid, shared_.holders[0].handle,
                                OptionLevel::kSocket, Option::kLinger),
              WsaSucceedsWithValue(OptionValue{1, 7}));
}

TEST_P(SharedSocketTest, NonBlockingModeIsSocketState_SHARE3) {
  const Holder& first = shared_.holders.front();
  const Holder& last = shared_.holders.back();
  EXPECT_THAT(world_.Recv(last.pid, last.handle), WsaFailsWith(WsaError::kHarnessWouldBlock));
  ASSERT_THAT(world_.IoctlFionbio(first.pid, first.handle, true), WsaSucceeds());
  EXPECT_THAT(world_.Recv(last.pid, last.handle), WsaFailsWith(WsaError::kWouldBlock));
}

TEST_P(SharedSocketTest, IoThroughAnyDescriptor_SHARE4_SHARE6) {
  std::string expected;
  for (const Holder& holder : shared_.holders) {
    const std::string bytes = "from " + std::to_string(holder.handle) + ";";
    expected += bytes;
    EXPECT_THAT(world_.Send(holder.pid, holder.handle, bytes), WsaSucceedsWithValue(bytes.size()));
  }
  EXPECT_EQ(world_.PeerRecv(shared_.peer), expected);
  world_.PeerSend(shared_.peer, "reply");
  const Holder& last = shared_.holders.back();
  EXPECT_THAT(world_.Recv(last.pid, last.handle), WsaSucceedsWithValue(std::string("reply")));
}

// SHUT-1, SHUT-3: sending shut through any holder is shut for every holder; the peer reads what
// was sent and then end of stream, and every holder still receives.
TEST_P(SharedSocketTest, ShutdownOfSendingIsSeenThroughEveryHolder_SHUT1_SHUT3) {
  const Holder& first = shared_.holders.front();
  const Holder& last = shared_.holders.back();
  ASSERT_THAT(world_.Send(first.pid, first.handle, "before"), WsaSucceeds());
  ASSERT_THAT(world_.Shutdown(last.pid, last.handle, kShutSend), WsaSucceeds());
  for (const Holder& holder : shared_.holders) {
    EXPECT_THAT(world_.Send(holder.pid, holder.handle, "x"), WsaFailsWith(WsaError::kShutDown));
  }
  EXPECT_EQ(world_.PeerRecv(shared_.peer), "before");
  EXPECT_EQ(world_.PeerStateOf(shared_.peer), PeerState::kEof);
  world_.PeerSend(shared_.peer, "still");
  EXPECT_THAT(world_.Recv(first.pid, first.handle), WsaSucceedsWithValue(std::string("still")));
}

// SHUT-1, SHUT-4, SHUT-5: receiving shut through one holder; data then resets the connection, and
// every holder's send answers WSAECONNRESET while recv stays WSAESHUTDOWN.
TEST_P(SharedSocketTest, DataAfterShutdownOfReceivingResets_SHUT4_SHUT5) {
  const Holder& first = shared_.holders.front();
  ASSERT_THAT(world_.Shutdown(first.pid, first.handle, kShutReceive), WsaSucceeds());
  EXPECT_EQ(world_.PeerStateOf(shared_.peer), PeerState::kOpen);
  world_.PeerSend(shared_.peer, "late");
  EXPECT_EQ(world_.PeerStateOf(shared_.peer), PeerState::kReset);
  for (const Holder& holder : shared_.holders) {
    EXPECT_THAT(world_.Recv(holder.pid, holder.handle), WsaFailsWith(WsaError::kShutDown));
    EXPECT_THAT(world_.Send(holder.pid, holder.handle, "x"), WsaFailsWith(WsaError::kConnectionReset));
  }
  // The last close adds nothing to the reset.
  for (const Holder& holder : shared_.holders) {
    ASSERT_THAT(world_.CloseSocket(holder.pid, holder.handle), WsaSucceeds());
  }
  EXPECT_EQ(world_.PeerStateOf(shared_.peer), PeerState::kReset);
}

TEST_P(SharedSocketTest, ClosingOneLeavesTheOthersWorking_CLOSE1) {
  const Holder& first = shared_.holders.front();
  ASSERT_THAT(world_.CloseSocket(first.pid, first.handle), WsaSucceeds());
  for (size_t i = 1; i < shared_.holders.size(); ++i) {
    EXPECT_THAT(world_.Send(shared_.holders[i].pid, shared_.holders[i].handle, "x"), WsaSucceeds());
  }
  EXPECT_EQ(world_.PeerStateOf(shared_.peer), PeerState::kData);
}

// CLOSE-2 in both orders: the peer sees the end exactly at the last close.
TEST_P(SharedSocketTest, SocketEndsAtLastCloseInEitherOrder_CLOSE2) {
  for (bool forward : {true, false}) {
    World world;
    SharedSocket shared = GetParam().make(world);
    std::vector<Holder> order = shared.holders;
    if (!forward) std::reverse(order.begin(), order.end());
    for (size_t i = 0; i < order.size(); ++i) {
      EXPECT_EQ(world.PeerStateOf(shared.peer), PeerState::kOpen) << "before close " << i;
      ASSERT_THAT(world.CloseSocket(order[i].pid, order[i].handle), WsaSucceeds());
      EXPECT_THAT(world.CheckInvariants(), IsEmpty());
    }
    EXPECT_EQ(world.PeerStateOf(shared.peer), PeerState::kEof);
    EXPECT_EQ(world.LiveSockets(), 0u);
  }
}

TEST_P(SharedSocketTest, ClosedDescriptorIsNotASocket_CLOSE3) {
  const Holder& last = shared_.holders.back();
  ASSERT_THAT(world_.CloseSocket(last.pid, last.handle), WsaSucceeds());
  EXPECT_THAT(world_.CloseSocket(last.pid, last.handle), WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(world_.Send(last.pid, last.handle, "x"), WsaFailsWith(WsaError::kNotSocket));
}

TEST_P(SharedSocketTest, ExitClosesTheExitingProcessesDescriptorsOnly_CLOSE4) {
  const Pid creator = shared_.holders.front().pid;
  world_.Exit(creator);
  bool others = false;
  for (const Holder& holder : shared_.holders) others |= holder.pid != creator;
  EXPECT_EQ(world_.PeerStateOf(shared_.peer), others ? PeerState::kOpen : PeerState::kEof);
}

TEST_P(SharedSocketTest, AbortiveCloseResetsThePeer) {
  const Holder& first = shared_.holders.front();
  ASSERT_THAT(world_.SetSockOpt(first.pid, first.handle, OptionLevel::kSocket, Option::kLinger,
                                {1, 0}),
              WsaSucceeds());
  for (const Holder& holder : shared_.holders) {
    ASSERT_THAT(world_.CloseSocket(holder.pid, holder.handle), WsaSucceeds());
  }
  EXPECT_EQ(world_.PeerStateOf(shared_.peer), PeerState::kReset);
}

INSTANTIATE_TEST_SUITE_P(Topologies, SharedSocketTest, ::testing::ValuesIn(AllTopologies()),
                         [](const ::testing::TestParamInfo<Topology>& info) {
                           return info.param.name;
                         });

TEST(CloseErrorsTest, PreconditionsAndInjectedFaults_CLOSE5) {
  World world;
  const Pid a = StartedProcess(world);
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world.Socket(a, SockType::kStream, CreateApi::kSocket, 0));
  world.SetFault(a, Fault::kNetDown, true);
  EXPECT_THAT(world.CloseSocket(a, s), WsaFailsWith(WsaError::kNetworkDown));
  world.SetFault(a, Fault::kNetDown, false);
  world.SetFault(a, Fault::kInProgress, true);
  EXPECT_THAT(world.CloseSocket(a, s), WsaFailsWith(WsaError::kInProgress));
  world.SetFault(a, Fault::kInProgress, false);
  const Pid never_started = world.Spawn();
  EXPECT_THAT(world.CloseSocket(never_started, s), WsaFailsWith(WsaError::kNotInitialised));
  EXPECT_THAT(world.CloseSocket(a, s), WsaSucceeds());
}

TEST(SharedStateTest, LaterBindIsSharedAsTheDocumentsSay_SHARE7) {
  World world;
  const Pid a = StartedProcess(world);
  const Pid b = StartedProcess(world);
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world.Socket(a, SockType::kDgram, CreateApi::kSocket, 0));
  ASSERT_WSA_OK_AND_ASSIGN(const BlobId blob, world.Duplicate(a, s, DuplicateArgs{b, Variant::kA, false}));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle t, world.FromBlob(b, blob, Variant::kA, kFlagOverlapped));
  EXPECT_THAT(world.GetSockName(b, t), WsaFailsWith(WsaError::kInvalidArgument));
  ASSERT_THAT(world.Bind(a, s), WsaSucceeds());
  EXPECT_THAT(world.GetSockName(b, t), WsaSucceeds());
  ASSERT_THAT(world.IoctlFionbio(b, t, true), WsaSucceeds());
  EXPECT_THAT(world.Recv(b, t), WsaFailsWith(WsaError::kWouldBlock));
}

// SHUT-2: a stream socket must be connected at every stage before; a datagram socket need not be.
TEST(ShutdownTest, NeedsAConnectedStreamSocket_SHUT2) {
  World world;
  const Pid a = StartedProcess(world);
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world.Socket(a, SockType::kStream, CreateApi::kSocket, 0));
  EXPECT_THAT(world.Shutdown(a, s, kShutBoth), WsaFailsWith(WsaError::kNotConnected));
  ASSERT_THAT(world.Bind(a, s), WsaSucceeds());
  EXPECT_THAT(world.Shutdown(a, s, kShutSend), WsaFailsWith(WsaError::kNotConnected));
  ASSERT_THAT(world.Listen(a, s), WsaSucceeds());
  EXPECT_THAT(world.Shutdown(a, s, kShutReceive), WsaFailsWith(WsaError::kNotConnected));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle d, world.Socket(a, SockType::kDgram, CreateApi::kSocket, 0));
  EXPECT_THAT(world.Shutdown(a, d, kShutBoth), WsaSucceeds());
  EXPECT_THAT(world.Send(a, d, "x"), WsaFailsWith(WsaError::kShutDown));  // SHUT-1 before SOCK-6
  EXPECT_THAT(world.Shutdown(a, kInvalidSocket, kShutBoth), WsaFailsWith(WsaError::kNotSocket));
}

}  // namespace
}  // namespace wsdup::sim
