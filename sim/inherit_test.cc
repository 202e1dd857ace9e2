// Handle inheritance (INH-*): descriptors a child inherits under its parent's values.
#include <gtest/gtest.h>

#include "sim/testing/matchers.h"
#include "sim/testing/topologies.h"

namespace wsdup::sim {
namespace {

using ::testing::IsEmpty;

class InheritTest : public ::testing::Test {
 protected:
  void SetUp() override { parent_ = StartedProcess(world_); }
  void TearDown() override { EXPECT_THAT(world_.CheckInvariants(), IsEmpty()); }

  World world_;
  Pid parent_ = 0;
};

TEST_F(InheritTest, AChildUsesTheParentsValueAndHoldsTheSocket_INH1) {
  PeerId peer = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world_.Connected(parent_, CreateApi::kSocket, 0, &peer));
  const Pid child = world_.SpawnChild(parent_, /*inherit=*/true);
  EXPECT_EQ(world_.LiveDescriptors(child), 1u);
  // Before WSAStartup the child's calls fail as any process's would.
  EXPECT_THAT(world_.Send(child, s, "x"), WsaFailsWith(WsaError::kNotInitialised));
  ASSERT_THAT(world_.CloseSocket(parent_, s), WsaSucceeds());
  EXPECT_EQ(world_.PeerStateOf(peer), PeerState::kOpen);
  ASSERT_THAT(world_.Startup(child), WsaSucceeds());
  EXPECT_THAT(world_.Send(child, s, "from-child"), WsaSucceedsWithValue(10u));
  EXPECT_EQ(world_.PeerRecv(peer), "from-child");
  // A new descriptor of the parent never collides with the value the child holds.
  ASSERT_WSA_OK_AND_ASSIGN(const Handle again, world_.Socket(parent_, SockType::kStream, CreateApi::kSocket, 0));
  EXPECT_NE(again, s);
  ASSERT_THAT(world_.CloseSocket(child, s), WsaSucceeds());
  EXPECT_EQ(world_.PeerStateOf(peer), PeerState::kEof);
  EXPECT_THAT(world_.CloseSocket(child, s), WsaFailsWith(WsaError::kNotSocket));
}

TEST_F(InheritTest, WithoutInheritanceOrInheritabilityNothingPasses_INH2_INH3) {
  ASSERT_WSA_OK_AND_ASSIGN(const Handle flagged,
                           world_.Socket(parent_, SockType::kStream, CreateApi::kWSASocketW, kFlagNoHandleInherit));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle cleared, world_.Socket(parent_, SockType::kStream, CreateApi::kSocket, 0));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle passed, world_.Socket(parent_, SockType::kDgram, CreateApi::kSocket, 0));
  ASSERT_THAT(world_.SetInheritable(parent_, cleared, false), WsaSucceeds());
  EXPECT_THAT(world_.SetInheritable(parent_, Handle{0}, true), WsaFailsWith(WsaError::kInvalidHandle));
  const Pid none = world_.SpawnChild(parent_, /*inherit=*/false);
  EXPECT_EQ(world_.LiveDescriptors(none), 0u);
  const Pid child = world_.SpawnChild(parent_, /*inherit=*/true);
  ASSERT_THAT(world_.Startup(child), WsaSucceeds());
  EXPECT_THAT(world_.Bind(child, flagged), WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(world_.Bind(child, cleared), WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(world_.Bind(child, passed), WsaSucceeds());
  // Per descriptor: the child's copy stops passing on; the parent's still does.
  ASSERT_THAT(world_.SetInheritable(child, passed, false), WsaSucceeds());
  EXPECT_EQ(world_.LiveDescriptors(world_.SpawnChild(child, true)), 0u);
  EXPECT_EQ(world_.LiveDescriptors(world_.SpawnChild(parent_, true)), 1u);
}

}  // namespace
}  // namespace wsdup::sim
