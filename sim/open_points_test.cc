// Every open point in both branches: the default is the model's choice, the other is what a stack
// may do instead (docs/clarifications.md); each run notes that it reached the point.
#include <gtest/gtest.h>

#include "sim/testing/matchers.h"
#include "sim/testing/topologies.h"

namespace wsdup::sim {
namespace {

using ::testing::IsEmpty;

// A and B started, A holds a connected socket s with peer p, and a blob of s made for B.
struct Shared {
  explicit Shared(Choices choices = {}) : world(choices) {
    a = StartedProcess(world);
    b = StartedProcess(world);
    c = StartedProcess(world);
    // A constructor cannot ASSERT: value() aborts, naming the error, if either call failed.
    s = world.Connected(a, CreateApi::kSocket, 0, &peer).value();
    blob = world.Duplicate(a, s, DuplicateArgs{b, Variant::kA, false}).value();
  }
  ~Shared() { EXPECT_THAT(world.CheckInvariants(), IsEmpty()); }
  bool Reached(OpenPoint point) const { return world.ReachedOpenPoints() & Bit(point); }

  World world;
  Pid a = 0, b = 0, c = 0;
  Handle s = kInvalidSocket;
  PeerId peer = 0;
  BlobId blob = kInvalidBlob;
};

Choices With(OpenPoint point, uint8_t behaviour) {
  Choices choices;
  choices.Set(point, behaviour);
  return choices;
}

TEST(OpenPointTest, NothingReachedWithoutAnOpenQuestion) {
  Shared shared;
  ASSERT_THAT(shared.world.FromBlob(shared.b, shared.blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
  EXPECT_EQ(shared.world.ReachedOpenPoints(), 0u);
}

TEST(OpenPointTest, NonTargetImport_BLOB3) {
  Shared refused;
  EXPECT_THAT(refused.world.FromBlob(refused.c, refused.blob, Variant::kA, kFlagOverlapped),
              WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_TRUE(refused.Reached(OpenPoint::kNonTargetImport));

  Shared imports(With(OpenPoint::kNonTargetImport, behaviour::kNonTargetImports));
  const Outcome<Handle> stolen = imports.world.FromBlob(imports.c, imports.blob, Variant::kA, kFlagOverlapped);
  ASSERT_THAT(stolen, WsaSucceeds());
  EXPECT_THAT(imports.world.Send(imports.c, stolen.value(), "c"), WsaSucceeds());
  EXPECT_EQ(imports.world.PeerRecv(imports.peer), "c");
  // The target's single use is left (BLOB-2 counts the target's imports).
  EXPECT_THAT(imports.world.FromBlob(imports.b, imports.blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
}

TEST(OpenPointTest, FlagsMismatch_BLOB6) {
  Shared imports;
  EXPECT_THAT(imports.world.FromBlob(imports.b, imports.blob, Variant::kA, 0), WsaSucceeds());
  EXPECT_TRUE(imports.Reached(OpenPoint::kFlagsMismatch));
  Shared refused(With(OpenPoint::kFlagsMismatch, behaviour::kMismatchRefused));
  EXPECT_THAT(refused.world.FromBlob(refused.b, refused.blob, Variant::kA, 0), WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_THAT(refused.world.FromBlob(refused.b, refused.blob, Variant::kA, kFlagOverlapped), WsaSucceeds());
}

TEST(OpenPointTest, UnconsumedBlobLifetime_BLOB7) {
  Shared holds;
  ASSERT_THAT(holds.world.CloseSocket(holds.a, holds.s), WsaSucceeds());
  EXPECT_TRUE(holds.Reached(OpenPoint::kUnconsumedBlobLifetime));
  EXPECT_EQ(holds.world.PeerStateOf(holds.peer), PeerState::kOpen);
  EXPECT_THAT(holds.world.FromBlob(holds.b, holds.blob, Variant::kA, kFlagOverlapped), WsaSucceeds());

  Shared nothing(With(OpenPoint::kUnconsumedBlobLifetime, behaviour::kBlobHoldsNoReference));
  ASSERT_THAT(nothing.world.CloseSocket(nothing.a, nothing.s), WsaSucceeds());
  EXPECT_EQ(nothing.world.PeerStateOf(nothing.peer), PeerState::kEof);
  EXPECT_THAT(nothing.world.FromBlob(nothing.b, nothing.blob, Variant::kA, kFlagOverlapped),
              WsaFailsWith(WsaError::kInvalidArgument));
}

TEST(OpenPointTest, MixedVariants_BLOB10) {
  Shared imports;
  EXPECT_THAT(imports.world.FromBlob(imports.b, imports.blob, Variant::kW, kFlagOverlapped), WsaSucceeds());
  EXPECT_TRUE(imports.Reached(OpenPoint::kMixedVariants));
  Shared refused(With(OpenPoint::kMixedVariants, behaviour::kMismatchRefused));
  EXPECT_THAT(refused.world.FromBlob(refused.b, refused.blob, Variant::kW, kFlagOverlapped),
              WsaFailsWith(WsaError::kInvalidArgument));
}

TEST(OpenPointTest, ImportAfterRestart_BLOB11) {
  for (uint8_t branch : {behaviour::kDefault, behaviour::kMismatchRefused}) {
    Shared shared(With(OpenPoint::kImportAfterRestart, branch));
    ASSERT_THAT(shared.world.Cleanup(shared.b), WsaSucceeds());
    ASSERT_THAT(shared.world.Startup(shared.b), WsaSucceeds());
    const Outcome<Handle> imported = shared.world.FromBlob(shared.b, shared.blob, Variant::kA, kFlagOverlapped);
    EXPECT_TRUE(shared.Reached(OpenPoint::kImportAfterRestart));
    if (branch == behaviour::kDefault) {
      EXPECT_THAT(imported, WsaSucceeds());
    } else {
      EXPECT_THAT(imported, WsaFailsWith(WsaError::kInvalidArgument));
    }
  }
}

TEST(OpenPointTest, ExitedTargetPid_DUP15) {
  for (uint8_t branch : {behaviour::kDefault, behaviour::kExitedPidAccepted}) {
    Shared shared(With(OpenPoint::kExitedTargetPid, branch));
    shared.world.Exit(shared.c);
    const Outcome<BlobId> made = shared.world.Duplicate(shared.a, shared.s, DuplicateArgs{shared.c, Variant::kA, false});
    EXPECT_TRUE(shared.Reached(OpenPoint::kExitedTargetPid));
    if (branch == behaviour::kDefault) {
      EXPECT_THAT(made, WsaFailsWith(WsaError::kInvalidArgument));
    } else {
      EXPECT_THAT(made, WsaSucceeds());
    }
  }
  Shared never_a_process;  // DUP-4 proper: not an open point
  EXPECT_THAT(never_a_process.world.Duplicate(never_a_process.a, never_a_process.s,
                                              DuplicateArgs{kUnusedPid, Variant::kA, false}),
              WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_FALSE(never_a_process.Reached(OpenPoint::kExitedTargetPid));
}

TEST(OpenPointTest, LateDatagramBind_SHARE7) {
  for (uint8_t branch : {behaviour::kDefault, behaviour::kBindNotSeenByOthers}) {
    World world(With(OpenPoint::kLateDatagramBind, branch));
    const Pid a = StartedProcess(world);
    const Pid b = StartedProcess(world);
    ASSERT_WSA_OK_AND_ASSIGN(const Handle s, world.Socket(a, SockType::kDgram, CreateApi::kSocket, 0));
    ASSERT_WSA_OK_AND_ASSIGN(const BlobId blob, world.Duplicate(a, s, DuplicateArgs{b, Variant::kA, false}));
    ASSERT_WSA_OK_AND_ASSIGN(const Handle t, world.FromBlob(b, blob, Variant::kA, kFlagOverlapped));
    ASSERT_THAT(world.Bind(a, s), WsaSucceeds());
    EXPECT_TRUE(world.ReachedOpenPoints() & Bit(OpenPoint::kLateDatagramBind));
    EXPECT_THAT(world.GetSockName(a, s), WsaSucceeds());
    if (branch == behaviour::kDefault) {
      EXPECT_THAT(world.GetSockName(b, t), WsaSucceeds());
      EXPECT_THAT(world.Recv(b, t), WsaFailsWith(WsaError::kHarnessWouldBlock));
    } else {
      EXPECT_THAT(world.GetSockName(b, t), WsaFailsWith(WsaError::kInvalidArgument));
      EXPECT_THAT(world.Recv(b, t), WsaFailsWith(WsaError::kInvalidArgument));
    }
    EXPECT_THAT(world.CheckInvariants(), IsEmpty());
  }
}

TEST(OpenPointTest, CloseRegisteringDescriptor_EVT7) {
  for (uint8_t branch : {behaviour::kDefault, behaviour::kRegistrationCancelled}) {
    Shared shared(With(OpenPoint::kCloseRegisteringDescriptor, branch));
    ASSERT_WSA_OK_AND_ASSIGN(const Handle t,
                             shared.world.FromBlob(shared.b, shared.blob, Variant::kA, kFlagOverlapped));
    const EventId event = shared.world.CreateEvent(shared.a);
    ASSERT_THAT(shared.world.EventSelect(shared.a, shared.s, event, kFdRead), WsaSucceeds());
    ASSERT_THAT(shared.world.CloseSocket(shared.a, shared.s), WsaSucceeds());
    EXPECT_TRUE(shared.Reached(OpenPoint::kCloseRegisteringDescriptor));
    shared.world.PeerSend(shared.peer, "x");
    EXPECT_EQ(shared.world.EventSignaled(event), branch == behaviour::kDefault);
    if (branch == behaviour::kDefault) {
      EXPECT_THAT(shared.world.IoctlFionbio(shared.b, t, false), WsaFailsWith(WsaError::kInvalidArgument));
    } else {
      EXPECT_THAT(shared.world.IoctlFionbio(shared.b, t, false), WsaSucceeds());
    }
  }
}

TEST(OpenPointTest, EveryOpenPointNamesAClarificationRuleAndTwoBehaviours) {
  for (const OpenPointInfo& info : AllOpenPoints()) {
    EXPECT_GE(info.behaviours.size(), 2u) << info.rule;
    EXPECT_EQ(OpenPointOfRule(info.rule), info.point) << info.rule;
  }
}

}  // namespace
}  // namespace wsdup::sim
