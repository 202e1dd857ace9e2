// bind to a named address (CONN-11, CONN-12): in use while a socket of the same protocol has it,
// whatever holds that socket; what SO_REUSEADDR and SO_EXCLUSIVEADDRUSE make of a second bind; and
// the places the model leaves to the stack, where it changes nothing.
#include <gtest/gtest.h>

#include <optional>
#include <tuple>

#include "sim/testing/matchers.h"
#include "sim/testing/two_processes.h"

namespace wsdup::sim {
namespace {

class BindAddressTest : public TwoProcessesTest {
 protected:
  void Set(Pid pid, Handle handle, Option option) {
    ASSERT_THAT(world_.SetSockOpt(pid, handle, OptionLevel::kSocket, option, OptionValue{1, 0}), WsaSucceeds());
  }
};

TEST_F(BindAddressTest, InUseUntilTheLastDescriptorInAnyProcessCloses_CONN11) {
  const Handle holder = Make(a_, SockType::kDgram);
  const AddressId address = Bound(a_, holder);
  const Handle imported = Imported(a_, holder, b_);
  ASSERT_THAT(world_.CloseSocket(a_, holder), WsaSucceeds());

  const Handle newcomer = Make(a_, SockType::kDgram);
  EXPECT_THAT(world_.Bind(a_, newcomer, address), WsaFailsWith(WsaError::kAddressInUse));
  EXPECT_THAT(world_.GetSockName(a_, newcomer), WsaFailsWith(WsaError::kInvalidArgument));  // still unbound
  ASSERT_THAT(world_.CloseSocket(b_, imported), WsaSucceeds());
  EXPECT_THAT(world_.Bind(a_, newcomer, address), WsaSucceeds());
  EXPECT_THAT(world_.GetSockName(a_, newcomer), WsaSucceedsWithValue(address));
}

TEST_F(BindAddressTest, AnUnconsumedBlobKeepsTheAddressInUse_CONN11_BLOB7) {
  const Handle holder = Make(a_, SockType::kDgram);
  const AddressId address = Bound(a_, holder);
  ASSERT_THAT(world_.Duplicate(a_, holder, DuplicateArgs{b_, Variant::kA, false}), WsaSucceeds());
  ASSERT_THAT(world_.CloseSocket(a_, holder), WsaSucceeds());
  EXPECT_THAT(world_.Bind(a_, Make(a_, SockType::kDgram), address), WsaFailsWith(WsaError::kAddressInUse));
}

TEST_F(BindAddressTest, TheOtherProtocolDoesNotHoldIt_CONN11) {
  const Handle listener = Make(a_, SockType::kStream);
  const AddressId address = Bound(a_, listener, /*listen=*/true);
  const Handle datagrams = Make(a_, SockType::kDgram);
  ASSERT_THAT(world_.Bind(a_, datagrams, address), WsaSucceeds());
  EXPECT_THAT(world_.Bind(a_, Make(a_, SockType::kStream), address), WsaFailsWith(WsaError::kAddressInUse));

  // Each protocol's traffic reaches its own socket.
  const Handle sender = Make(b_, SockType::kDgram);
  ASSERT_THAT(world_.SendTo(b_, sender, address, "udp"), WsaSucceeds());
  EXPECT_THAT(world_.Recv(a_, datagrams), WsaSucceedsWithValue("udp"));
  PeerId peer = 0;
  EXPECT_THAT(world_.PeerConnectTo(address, &peer), WsaSucceeds());
}

TEST_F(BindAddressTest, ABoundSocketAndTheOtherFamilyFailFirst_CONN11_SOCK1) {
  const AddressId v4 = Bound(a_, Make(a_, SockType::kStream));
  const AddressId v6 = Bound(a_, Make(a_, SockType::kStream, Family::kInet6));
  EXPECT_THAT(world_.Bind(a_, Make(a_, SockType::kStream), v6), WsaFailsWith(WsaError::kBadAddress));
  const Handle six = Make(a_, SockType::kStream, Family::kInet6);
  EXPECT_THAT(world_.Bind(a_, six, v4), WsaFailsWith(WsaError::kBadAddress));
  EXPECT_THAT(world_.Bind(a_, six, kZeroAddress), WsaFailsWith(WsaError::kBadAddress));
  const Handle bound = Make(a_, SockType::kStream);
  Bound(a_, bound);
  EXPECT_THAT(world_.Bind(a_, bound, v6), WsaFailsWith(WsaError::kInvalidArgument));
}

TEST_F(BindAddressTest, TheZeroAddressTakesAPortOfItsOwn_CONN11) {
  const Handle wild = Make(a_, SockType::kStream);
  ASSERT_THAT(world_.Bind(a_, wild, kZeroAddress), WsaSucceeds());
  ASSERT_THAT(world_.Listen(a_, wild), WsaSucceeds());
  ASSERT_WSA_OK_AND_ASSIGN(const AddressId address, world_.GetSockName(a_, wild));
  EXPECT_NE(address, kZeroAddress);
  PeerId peer = 0;
  EXPECT_THAT(world_.PeerConnectTo(address, &peer), WsaSucceeds());
}

// The places the model leaves to the stack: the call says so and nothing changes.
TEST_F(BindAddressTest, WhatTheModelDoesNotDecideChangesNothing_CONN11_CONN12) {
  const Handle wild = Make(a_, SockType::kDgram);
  ASSERT_THAT(world_.Bind(a_, wild, kZeroAddress), WsaSucceeds());
  ASSERT_WSA_OK_AND_ASSIGN(const AddressId wildcard, world_.GetSockName(a_, wild));
  const Handle specific = Make(a_, SockType::kDgram);
  bool modelled = true;
  world_.Bind(a_, specific, wildcard, &modelled);
  EXPECT_FALSE(modelled) << "a specific address under a wildcard bind of its port";
  EXPECT_THAT(world_.GetSockName(a_, specific), WsaFailsWith(WsaError::kInvalidArgument));

  const Handle first = Make(a_, SockType::kDgram);
  Set(a_, first, Option::kReuseAddress);
  const AddressId shared = Bound(a_, first);
  const Handle second = Make(a_, SockType::kDgram);
  Set(a_, second, Option::kReuseAddress);
  modelled = true;
  world_.Bind(a_, second, shared, &modelled);
  EXPECT_FALSE(modelled) << "two SO_REUSEADDR sockets at one address";
  EXPECT_THAT(world_.GetSockName(a_, second), WsaFailsWith(WsaError::kInvalidArgument));
}

TEST_F(BindAddressTest, AStreamAddressThatCarriedAConnectionIsNotDecided_CONN11) {
  const Handle listener = Make(a_, SockType::kStream);
  const AddressId address = Bound(a_, listener, /*listen=*/true);
  const Handle client = Make(b_, SockType::kStream);
  ASSERT_THAT(world_.Connect(b_, client, address), WsaSucceeds());
  PeerId unused = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle accepted, world_.Accept(a_, listener, &unused));
  ASSERT_THAT(world_.CloseSocket(a_, listener), WsaSucceeds());
  const Handle newcomer = Make(a_, SockType::kStream);
  // The accepted connection has the listener's address, so it is in use.
  EXPECT_THAT(world_.Bind(a_, newcomer, address), WsaFailsWith(WsaError::kAddressInUse));
  ASSERT_THAT(world_.CloseSocket(a_, accepted), WsaSucceeds());
  bool modelled = true;
  world_.Bind(a_, newcomer, address, &modelled);
  EXPECT_FALSE(modelled) << "TIME_WAIT may hold it";
}

// CONN-12's table for a specific address held by a socket bound to it: (the new socket's option,
// the holder's option when it bound, the error).
class BindSharingTest
    : public BindAddressTest,
      public ::testing::WithParamInterface<std::tuple<std::optional<Option>, std::optional<Option>, WsaError>> {};

TEST_P(BindSharingTest, TheTwoSocketsOptionsDecide_CONN12) {
  const auto& [mine, holders, error] = GetParam();
  const Handle holder = Make(a_, SockType::kStream);
  if (holders) Set(a_, holder, *holders);
  const AddressId address = Bound(a_, holder);
  // Set after its bind, an option changes nothing (CONN-12).
  Set(a_, holder, Option::kReuseAddress);
  // The new socket's option, set through a duplicate in another process, is the socket's (SHARE-2).
  const Handle newcomer = Make(a_, SockType::kStream);
  const Handle imported = Imported(a_, newcomer, b_);
  if (mine) Set(b_, imported, *mine);
  EXPECT_THAT(world_.Bind(a_, newcomer, address), WsaFailsWith(error));
}

INSTANTIATE_TEST_SUITE_P(
    Table, BindSharingTest,
    ::testing::Values(
        std::make_tuple(std::nullopt, std::nullopt, WsaError::kAddressInUse),
        std::make_tuple(std::nullopt, std::optional<Option>(Option::kReuseAddress), WsaError::kAccessDenied),
        std::make_tuple(std::nullopt, std::optional<Option>(Option::kExclusiveAddress), WsaError::kAddressInUse),
        std::make_tuple(std::optional<Option>(Option::kReuseAddress), std::nullopt, WsaError::kAccessDenied),
        std::make_tuple(std::optional<Option>(Option::kReuseAddress), std::optional<Option>(Option::kExclusiveAddress),
                        WsaError::kAccessDenied),
        std::make_tuple(std::optional<Option>(Option::kExclusiveAddress), std::nullopt, WsaError::kAddressInUse),
        std::make_tuple(std::optional<Option>(Option::kExclusiveAddress), std::optional<Option>(Option::kReuseAddress),
                        WsaError::kAddressInUse),
        std::make_tuple(std::optional<Option>(Option::kExclusiveAddress),
                        std::optional<Option>(Option::kExclusiveAddress), WsaError::kAddressInUse)));

}  // namespace
}  // namespace wsdup::sim
