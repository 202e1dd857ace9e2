// Addresses and connect (CONN-*): a listener reached through its address whatever holds it, and
// connections and datagrams whose both ends are the model's own sockets.
#include <gtest/gtest.h>

#include "sim/testing/matchers.h"
#include "sim/testing/two_processes.h"

namespace wsdup::sim {
namespace {

class ConnectTest : public TwoProcessesTest {
 protected:
  // B's stream socket connected to A's listener, and the socket A accepted.
  void Pair(Handle* client, Handle* server) {
    const Handle listener = Make(a_, SockType::kStream);
    const AddressId address = Bound(a_, listener, true);
    *client = Make(b_, SockType::kStream);
    ASSERT_THAT(world_.Connect(b_, *client, address), WsaSucceeds());
    PeerId unused = 0;
    const Outcome<Handle> accepted = world_.Accept(a_, listener, &unused);
    ASSERT_THAT(accepted, WsaSucceeds());
    *server = accepted.value();
    ASSERT_THAT(world_.CloseSocket(a_, listener), WsaSucceeds());
  }
};

TEST_F(ConnectTest, AddressReachesAListenerHeldOnlyByABlob_CONN1_CONN2) {
  const Handle listener = Make(a_, SockType::kStream);
  const AddressId address = Bound(a_, listener, true);
  ASSERT_WSA_OK_AND_ASSIGN(const BlobId blob, world_.Duplicate(a_, listener, DuplicateArgs{b_, Variant::kA, false}));
  ASSERT_THAT(world_.CloseSocket(a_, listener), WsaSucceeds());
  PeerId peer = 0;
  ASSERT_THAT(world_.PeerConnectTo(address, &peer), WsaSucceeds());
  ASSERT_WSA_OK_AND_ASSIGN(const Handle imported, world_.FromBlob(b_, blob, Variant::kA, kFlagOverlapped));
  EXPECT_THAT(world_.GetSockName(b_, imported), WsaSucceedsWithValue(address));
  PeerId accepted_peer = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle accepted, world_.Accept(b_, imported, &accepted_peer));
  EXPECT_EQ(accepted_peer, peer);
  // The accepted socket has its listener's address.
  EXPECT_THAT(world_.GetSockName(b_, accepted), WsaSucceedsWithValue(address));
  ASSERT_THAT(world_.CloseSocket(b_, imported), WsaSucceeds());
  PeerId refused = 0;
  EXPECT_THAT(world_.PeerConnectTo(address, &refused), WsaFailsWith(WsaError::kConnectionRefused));
  EXPECT_EQ(world_.PeerStateOf(refused), PeerState::kReset);
}

TEST_F(ConnectTest, StreamConnectAnswers_CONN2_CONN3_CONN4) {
  const Handle bound = Make(a_, SockType::kStream);
  const AddressId not_listening = Bound(a_, bound, false);
  const Handle client = Make(b_, SockType::kStream);
  EXPECT_THAT(world_.Connect(b_, client, kZeroAddress), WsaFailsWith(WsaError::kAddressNotAvailable));
  EXPECT_THAT(world_.Connect(b_, client, not_listening), WsaFailsWith(WsaError::kConnectionRefused));
  // Bound implicitly by the attempt, and free to try again.
  EXPECT_THAT(world_.GetSockName(b_, client), WsaSucceeds());
  ASSERT_THAT(world_.Listen(a_, bound), WsaSucceeds());
  EXPECT_THAT(world_.Connect(b_, client, not_listening), WsaSucceeds());
  EXPECT_THAT(world_.Connect(b_, client, not_listening), WsaFailsWith(WsaError::kAlreadyConnected));
  EXPECT_THAT(world_.Connect(a_, bound, not_listening), WsaFailsWith(WsaError::kInvalidArgument));
}

TEST_F(ConnectTest, NonBlockingConnectWouldBlockAndReportsFdConnect_CONN3) {
  const Handle listener = Make(a_, SockType::kStream);
  const AddressId address = Bound(a_, listener, true);
  const Handle client = Make(b_, SockType::kStream);
  const EventId event = world_.CreateEvent(b_);
  ASSERT_THAT(world_.EventSelect(b_, client, event, kFdConnect | kFdWrite), WsaSucceeds());
  EXPECT_THAT(world_.Connect(b_, client, address), WsaFailsWith(WsaError::kWouldBlock));
  EXPECT_TRUE(world_.EventSignaled(event));
  EXPECT_THAT(world_.EnumNetworkEvents(b_, client, event), WsaSucceedsWithValue(kFdConnect | kFdWrite));
  EXPECT_THAT(world_.GetPeerName(b_, client), WsaSucceeds());
}

TEST_F(ConnectTest, BytesAndEndOfStreamBothWays_CONN5) {
  Handle client = kInvalidSocket, server = kInvalidSocket;
  Pair(&client, &server);
  EXPECT_THAT(world_.Send(b_, client, "ping"), WsaSucceedsWithValue(4u));
  EXPECT_THAT(world_.Recv(a_, server), WsaSucceedsWithValue(std::string("ping")));
  EXPECT_THAT(world_.Send(a_, server, "pong"), WsaSucceedsWithValue(4u));
  EXPECT_THAT(world_.Recv(b_, client), WsaSucceedsWithValue(std::string("pong")));
  ASSERT_THAT(world_.Shutdown(b_, client, kShutSend), WsaSucceeds());
  EXPECT_THAT(world_.Recv(a_, server), WsaSucceedsWithValue(std::string()));
  EXPECT_THAT(world_.Send(a_, server, "still"), WsaSucceeds());  // a half-close
  EXPECT_THAT(world_.Recv(b_, client), WsaSucceedsWithValue(std::string("still")));
  ASSERT_THAT(world_.CloseSocket(a_, server), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, client), WsaSucceedsWithValue(std::string()));
}

TEST_F(ConnectTest, DataToAClosedEndResetsTheSender_CONN5_CLOSE9) {
  Handle client = kInvalidSocket, server = kInvalidSocket;
  Pair(&client, &server);
  const EventId event = world_.CreateEvent(b_);
  ASSERT_THAT(world_.EventSelect(b_, client, event, kFdClose), WsaSucceeds());
  ASSERT_THAT(world_.CloseSocket(a_, server), WsaSucceeds());
  EXPECT_THAT(world_.EnumNetworkEvents(b_, client, event), WsaSucceedsWithValue(kFdClose));
  EXPECT_THAT(world_.Send(b_, client, "late"), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, client), WsaFailsWith(WsaError::kConnectionReset));
  EXPECT_THAT(world_.Send(b_, client, "again"), WsaFailsWith(WsaError::kConnectionReset));
}

TEST_F(ConnectTest, AbortiveCloseResetsTheOtherSocketAndUnreadBytesAreLost_CONN5_CLOSE6) {
  Handle client = kInvalidSocket, server = kInvalidSocket;
  Pair(&client, &server);
  ASSERT_THAT(world_.Send(b_, client, "unread"), WsaSucceeds());
  ASSERT_THAT(world_.SetSockOpt(b_, client, OptionLevel::kSocket, Option::kLinger, OptionValue{1, 0}), WsaSucceeds());
  ASSERT_THAT(world_.CloseSocket(b_, client), WsaSucceeds());
  EXPECT_THAT(world_.Recv(a_, server), WsaFailsWith(WsaError::kConnectionReset));
  EXPECT_THAT(world_.Send(a_, server, "x"), WsaFailsWith(WsaError::kConnectionReset));
}

TEST_F(ConnectTest, AConnectionQueuedOnAClosingListenerIsResetForTheClient_CONN5_CLOSE8) {
  const Handle listener = Make(a_, SockType::kStream);
  const AddressId address = Bound(a_, listener, true);
  const Handle client = Make(b_, SockType::kStream);
  ASSERT_THAT(world_.Connect(b_, client, address), WsaSucceeds());
  ASSERT_THAT(world_.CloseSocket(a_, listener), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, client), WsaFailsWith(WsaError::kConnectionReset));
}

TEST_F(ConnectTest, DatagramsGoToTheDestinationOnePerRecv_CONN6) {
  const Handle u = Make(a_, SockType::kDgram);
  const Handle v = Make(b_, SockType::kDgram);
  const AddressId ua = Bound(a_, u, false);
  const AddressId va = Bound(b_, v, false);
  ASSERT_THAT(world_.Connect(a_, u, va), WsaSucceeds());
  ASSERT_THAT(world_.Send(a_, u, "d1"), WsaSucceeds());
  ASSERT_THAT(world_.Send(a_, u, "d2"), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, v), WsaSucceedsWithValue(std::string("d1")));
  // Connected elsewhere, v drops what was queued and takes nothing from u any more.
  const Handle w = Make(b_, SockType::kDgram);
  const AddressId wa = Bound(b_, w, false);
  ASSERT_THAT(world_.Connect(b_, v, wa), WsaSucceeds());
  ASSERT_THAT(world_.Send(a_, u, "d3"), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, v), WsaFailsWith(WsaError::kHarnessWouldBlock));
  ASSERT_THAT(world_.Connect(b_, v, ua), WsaSucceeds());
  ASSERT_THAT(world_.Send(a_, u, "d4"), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, v), WsaSucceedsWithValue(std::string("d4")));
  // The zero address disconnects.
  ASSERT_THAT(world_.Connect(a_, u, kZeroAddress), WsaSucceeds());
  EXPECT_THAT(world_.Send(a_, u, "d5"), WsaFailsWith(WsaError::kNotConnected));
}

TEST_F(ConnectTest, ADatagramNobodyReceivesFailsTheNextRecvOnce_CONN7) {
  const Handle listener = Make(a_, SockType::kStream);
  const AddressId stream_address = Bound(a_, listener, true);
  const Handle u = Make(b_, SockType::kDgram);
  ASSERT_THAT(world_.Connect(b_, u, stream_address), WsaSucceeds());
  ASSERT_WSA_OK_AND_ASSIGN(const BlobId blob, world_.Duplicate(b_, u, DuplicateArgs{a_, Variant::kA, false}));
  ASSERT_WSA_OK_AND_ASSIGN(const Handle shared, world_.FromBlob(a_, blob, Variant::kA, kFlagOverlapped));
  EXPECT_THAT(world_.Send(b_, u, "x"), WsaSucceedsWithValue(1u));
  EXPECT_THAT(world_.Recv(a_, shared), WsaFailsWith(WsaError::kConnectionReset));
  EXPECT_THAT(world_.Recv(b_, u), WsaFailsWith(WsaError::kHarnessWouldBlock));
}

TEST_F(ConnectTest, RecvFromNamesTheSenderAndAReplyReachesIt_CONN8) {
  const Handle server = Make(a_, SockType::kDgram);
  const AddressId server_address = Bound(a_, server, false);
  const Handle client = Make(b_, SockType::kDgram);
  // Unbound until sendto binds it.
  EXPECT_THAT(world_.GetSockName(b_, client), WsaFailsWith(WsaError::kInvalidArgument));
  EXPECT_THAT(world_.SendTo(b_, client, server_address, "q"), WsaSucceedsWithValue(1u));
  ASSERT_WSA_OK_AND_ASSIGN(const AddressId client_address, world_.GetSockName(b_, client));
  AddressId from = kZeroAddress;
  EXPECT_THAT(world_.Recv(a_, server, &from), WsaSucceedsWithValue(std::string("q")));
  EXPECT_EQ(from, client_address);
  EXPECT_THAT(world_.SendTo(a_, server, from, "a"), WsaSucceeds());
  EXPECT_THAT(world_.Recv(b_, client, &from), WsaSucceedsWithValue(std::string("a")));
  EXPECT_EQ(from, server_address);
  EXPECT_THAT(world_.SendTo(a_, server, kZeroAddress, "x"), WsaFailsWith(WsaError::kAddressNotAvailable));
}

TEST_F(ConnectTest, OnAStreamSocketSendToIsSendAndRecvFromNamesNothing_CONN8) {
  Handle client = kInvalidSocket, server = kInvalidSocket;
  Pair(&client, &server);
  EXPECT_THAT(world_.SendTo(b_, client, kZeroAddress, "abc"), WsaSucceedsWithValue(3u));
  AddressId from = 0;
  EXPECT_THAT(world_.Recv(a_, server, &from), WsaSucceedsWithValue(std::string("abc")));
  EXPECT_EQ(from, kZeroAddress);
}

TEST_F(ConnectTest, AnAddressOfTheOtherFamilyFailsAfterTheSocketsOwnState_CONN10) {
  ASSERT_WSA_OK_AND_ASSIGN(const Handle six,
                           world_.Socket(a_, SockType::kStream, CreateApi::kSocket, 0, Family::kInet6));
  const AddressId six_address = Bound(a_, six, true);
  EXPECT_EQ(world_.FamilyVia(a_, six), Family::kInet6);
  const Handle four = Make(b_, SockType::kStream);
  EXPECT_THAT(world_.Connect(b_, four, six_address), WsaFailsWith(WsaError::kFamilyNotSupported));
  EXPECT_THAT(world_.Listen(b_, four), WsaFailsWith(WsaError::kInvalidArgument));  // still unbound: nothing reached
  ASSERT_WSA_OK_AND_ASSIGN(const Handle dialer,
                           world_.Socket(b_, SockType::kStream, CreateApi::kSocket, 0, Family::kInet6));
  EXPECT_THAT(world_.Connect(b_, dialer, kZeroAddress), WsaFailsWith(WsaError::kBadAddress));
  ASSERT_THAT(world_.Connect(b_, dialer, six_address), WsaSucceeds());
  // A connected socket answers for its state first, whatever the address's family.
  const AddressId four_address = Bound(b_, four, true);
  EXPECT_THAT(world_.Connect(b_, dialer, four_address), WsaFailsWith(WsaError::kAlreadyConnected));
  PeerId peer = 0;
  ASSERT_WSA_OK_AND_ASSIGN(const Handle accepted, world_.Accept(a_, six, &peer));
  EXPECT_EQ(world_.FamilyVia(a_, accepted), Family::kInet6);
}

}  // namespace
}  // namespace wsdup::sim
