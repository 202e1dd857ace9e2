// Overlapped I/O and completion ports (OVL-*): pending operations, their completions, and the port
// association every descriptor of a socket shares.
#include <gtest/gtest.h>

#include "sim/testing/matchers.h"
#include "sim/testing/two_processes.h"

namespace wsdup::sim {
namespace {

using ::testing::IsEmpty;

class OverlappedTest : public TwoProcessesTest {
 protected:
  Handle Overlapped(Pid pid, PeerId* peer) {
    Outcome<Handle> made = world_.Connected(pid, CreateApi::kWSASocketW, kFlagOverlapped, peer);
    EXPECT_THAT(made, WsaSucceeds());
    return made.value();
  }
};

TEST_F(OverlappedTest, ARecvPendsAndTheFirstArrivalCompletesItOnThePort_OVL1_OVL3) {
  PeerId peer = 0;
  const Handle s = Overlapped(a_, &peer);
  const PortId port = world_.CreatePort(a_);
  ASSERT_THAT(world_.AssociatePort(a_, s, port, 7), WsaSucceeds());
  AsyncId op = 0;
  EXPECT_THAT(world_.RecvOverlapped(a_, s, &op), WsaFailsWith(WsaError::kIoPending));
  EXPECT_FALSE(world_.WaitAsync(a_, op).signaled);
  world_.PeerSend(peer, "first");
  world_.PeerSend(peer, "second");
  // The pending recv took the first arrival only; a plain recv reads what came after.
  EXPECT_THAT(world_.Recv(a_, s), WsaSucceedsWithValue(std::string("second")));
  const Completion done = world_.WaitAsync(a_, op);
  EXPECT_TRUE(done.signaled);
  EXPECT_EQ(done.error, WsaError::kNone);
  EXPECT_EQ(done.bytes, std::optional<std::string>("first"));
  EXPECT_EQ(done.port, port);
  EXPECT_EQ(done.key, 7u);
  // The packet was taken: a second wait sees the completion on no port.
  EXPECT_EQ(world_.WaitAsync(a_, op).port, kNoPort);
}

TEST_F(OverlappedTest, EveryDescriptorSharesTheOneAssociation_OVL3) {
  PeerId peer = 0;
  const Handle s = Overlapped(a_, &peer);
  const PortId mine = world_.CreatePort(a_);
  const PortId theirs = world_.CreatePort(b_);
  ASSERT_THAT(world_.AssociatePort(a_, s, mine, 1), WsaSucceeds());
  const Handle clone = Imported(a_, s, a_);
  const Handle imported = Imported(a_, s, b_);
  EXPECT_THAT(world_.AssociatePort(a_, clone, mine, 2), WsaFailsWith(WsaError::kInvalidParameter));
  EXPECT_THAT(world_.AssociatePort(b_, imported, theirs, 3), WsaFailsWith(WsaError::kInvalidParameter));
  EXPECT_THAT(world_.AssociatePort(a_, Handle{0}, mine, 4), WsaFailsWith(WsaError::kInvalidHandle));
  AsyncId through_clone = 0, in_b = 0;
  ASSERT_THAT(world_.RecvOverlapped(a_, clone, &through_clone), WsaFailsWith(WsaError::kIoPending));
  world_.PeerSend(peer, "x");
  ASSERT_THAT(world_.RecvOverlapped(b_, imported, &in_b), WsaFailsWith(WsaError::kIoPending));
  world_.PeerSend(peer, "y");
  EXPECT_EQ(world_.WaitAsync(a_, through_clone).key, 1u);
  // B's completion went to A's port, which B cannot wait on.
  const Completion b_done = world_.WaitAsync(b_, in_b);
  EXPECT_EQ(b_done.bytes, std::optional<std::string>("y"));
  EXPECT_EQ(b_done.port, kNoPort);
}

TEST_F(OverlappedTest, CancelGoesBySocketAndProcess_OVL4) {
  PeerId peer = 0;
  const Handle s = Overlapped(a_, &peer);
  const Handle clone = Imported(a_, s, a_);
  const Handle in_b = Imported(a_, s, b_);
  PeerId other_peer = 0;
  const Handle other = Overlapped(a_, &other_peer);
  AsyncId op = 0;
  ASSERT_THAT(world_.RecvOverlapped(a_, s, &op), WsaFailsWith(WsaError::kIoPending));
  EXPECT_THAT(world_.CancelAsync(a_, op, other), WsaFailsWith(WsaError::kNotFound));
  EXPECT_THAT(world_.CancelAsync(b_, op, in_b), WsaFailsWith(WsaError::kNotFound));
  EXPECT_THAT(world_.CancelAsync(a_, op, clone), WsaSucceeds());
  EXPECT_EQ(world_.WaitAsync(a_, op).error, WsaError::kOperationAborted);
  EXPECT_THAT(world_.CancelAsync(a_, op, s), WsaFailsWith(WsaError::kNotFound));
  world_.PeerSend(peer, "after");
  EXPECT_THAT(world_.Recv(a_, s), WsaSucceedsWithValue(std::string("after")));
}

TEST_F(OverlappedTest, OnlyTheLastCloseAbortsAPendingAcceptEx_OVL5) {
  ASSERT_WSA_OK_AND_ASSIGN(const Handle l, world_.Socket(a_, SockType::kStream, CreateApi::kWSASocketW, kFlagOverlapped));
  ASSERT_THAT(world_.Bind(a_, l), WsaSucceeds());
  ASSERT_THAT(world_.Listen(a_, l), WsaSucceeds());
  const Handle in_b = Imported(a_, l, b_);
  Handle accepted = kInvalidSocket;
  AsyncId op = 0;
  ASSERT_THAT(world_.AcceptOverlapped(b_, in_b, &accepted, &op), WsaFailsWith(WsaError::kIoPending));
  EXPECT_NE(accepted, kInvalidSocket);
  ASSERT_THAT(world_.CloseSocket(b_, in_b), WsaSucceeds());
  EXPECT_FALSE(world_.WaitAsync(b_, op).signaled);
  ASSERT_THAT(world_.CloseSocket(a_, l), WsaSucceeds());
  const Completion done = world_.WaitAsync(b_, op);
  EXPECT_TRUE(done.signaled);
  EXPECT_EQ(done.error, WsaError::kOperationAborted);
  // The accept socket is the caller's still, unconnected.
  EXPECT_THAT(world_.Send(b_, accepted, "x"), WsaFailsWith(WsaError::kNotConnected));
}

TEST_F(OverlappedTest, AQueuedConnectionCompletesAPendingAcceptEx_OVL1) {
  ASSERT_WSA_OK_AND_ASSIGN(const Handle l, world_.Socket(a_, SockType::kStream, CreateApi::kSocket, 0));
  ASSERT_THAT(world_.Bind(a_, l), WsaSucceeds());
  ASSERT_THAT(world_.Listen(a_, l), WsaSucceeds());
  Handle accepted = kInvalidSocket;
  AsyncId op = 0;
  ASSERT_THAT(world_.AcceptOverlapped(a_, l, &accepted, &op), WsaFailsWith(WsaError::kIoPending));
  PeerId peer = 0;
  ASSERT_TRUE(world_.PeerConnect(a_, l, &peer));
  EXPECT_EQ(world_.WaitAsync(a_, op).error, WsaError::kNone);
  world_.PeerSend(peer, "in");
  EXPECT_THAT(world_.Recv(a_, accepted), WsaSucceedsWithValue(std::string("in")));
  // Nothing left for a plain accept.
  ASSERT_THAT(world_.IoctlFionbio(a_, l, true), WsaSucceeds());
  PeerId none = 0;
  EXPECT_THAT(world_.Accept(a_, l, &none), WsaFailsWith(WsaError::kWouldBlock));
}

TEST_F(OverlappedTest, ASocketThatIsNotOverlappedIgnoresTheOverlapped_OVL6) {
  PeerId peer = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world_.Connected(a_, CreateApi::kWSASocketW, 0, &peer));
  EXPECT_THAT(world_.AssociatePort(a_, s, world_.CreatePort(a_), 0), WsaFailsWith(WsaError::kInvalidParameter));
  ASSERT_THAT(world_.IoctlFionbio(a_, s, true), WsaSucceeds());
  AsyncId op = 0;
  EXPECT_THAT(world_.RecvOverlapped(a_, s, &op), WsaFailsWith(WsaError::kWouldBlock));
  EXPECT_FALSE(world_.WaitAsync(a_, op).signaled);
  world_.PeerSend(peer, "now");
  EXPECT_THAT(world_.RecvOverlapped(a_, s, &op), WsaSucceedsWithValue(std::string("now")));
  EXPECT_EQ(world_.WaitAsync(a_, op).bytes, std::optional<std::string>("now"));
}

TEST_F(OverlappedTest, TheOpenPointsBranchesAnswer_OVL2_OVL7) {
  Choices choices;
  choices.Set(OpenPoint::kImmediateCompletion, behaviour::kAlwaysPending);
  choices.Set(OpenPoint::kImportedIoMode, behaviour::kImportFlagsDecide);
  World other(choices);
  const Pid a = StartedProcess(other);
  PeerId peer = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, other.Connected(a, CreateApi::kSocket, 0, &peer));
  other.PeerSend(peer, "ready");
  AsyncId op = 0;
  EXPECT_THAT(other.RecvOverlapped(a, s, &op), WsaFailsWith(WsaError::kIoPending));
  EXPECT_EQ(other.WaitAsync(a, op).bytes, std::optional<std::string>("ready"));
  EXPECT_NE(other.ReachedOpenPoints() & Bit(OpenPoint::kImmediateCompletion), 0u);
  // An import without WSA_FLAG_OVERLAPPED does plain I/O in that branch: nothing there blocks.
  ASSERT_WSA_OK_AND_ASSIGN(const BlobId blob, other.Duplicate(a, s, {a}));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle plain, other.FromBlob(a, blob, Variant::kA, 0));
  EXPECT_THAT(other.RecvOverlapped(a, plain, &op), WsaFailsWith(WsaError::kHarnessWouldBlock));
  EXPECT_NE(other.ReachedOpenPoints() & Bit(OpenPoint::kImportedIoMode), 0u);
  EXPECT_THAT(other.CheckInvariants(), IsEmpty());
}

}  // namespace
}  // namespace wsdup::sim
