#include "conformance/spi/layer_checks.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/spi/chain_rig.h"

namespace wsdup::sim::spi {
void PrintTo(const ProtocolInfo& info, std::ostream* out) { *out << Describe(info); }
}  // namespace wsdup::sim::spi

namespace wsdup::conformance::spi {
namespace {

using sim::WsaError;
using sim::WsaErrorName;
using sim::spi::kInvalidSocketHandle;
using sim::spi::kSocketError;
using sim::spi::ModelUpcalls;
using sim::spi::ProtocolInfo;
using sim::spi::SocketHandle;
using ::testing::_;
using ::testing::DoAll;
using ::testing::Field;
using ::testing::Pointee;
using ::testing::Return;
using ::testing::SetArgPointee;

// What the layer under test must pass the provider below it for a structure it was given.
ProtocolInfo ExpectedBelow(const ChainConfig& config, const ProtocolInfo& given) {
  if (!config.NextIsBase()) return given;  // SPI-6
  ProtocolInfo base = BaseEntry(config);   // SPI-7
  base.provider_reserved = given.provider_reserved;
  return base;
}

const char* PassDownRule(const ChainConfig& config) {
  return config.NextIsBase() ? "SPI-7: a layer passes the base provider the base's own WSAPROTOCOL_INFO"
                             : "SPI-6: a layer passes the next layer the WSAPROTOCOL_INFO it was given, chain "
                               "information and all, unmodified";
}

// A code as messages name it ("no code" where none was stored).
std::string NameOf(WsaError code) { return code == WsaError::kNone ? "no code" : std::string(WsaErrorName(code)); }

bool SetsLastError(sim::spi::Ws2Dispatch& ws2, sim::Pid pid) {
  const auto& calls = ws2.UpcallsOf(pid).calls();
  return std::any_of(calls.begin(), calls.end(),
                     [](const ModelUpcalls::Call& call) { return call.kind == ModelUpcalls::Kind::kSetLastError; });
}

}  // namespace

void CheckDuplicatePassesDown(const ChainConfig& config, const LayerFactory& layer) {
  SCOPED_TRACE(PassDownRule(config));
  // The structure the layer is started with below it, checked too: a provider below refuses a
  // wrong one at startup, and the mismatch says more than the socket's failure that follows.
  const ProtocolInfo expected = ExpectedBelow(config, ChainEntry(config));
  ChainRig rig(config, layer, [&](MockProvider& below) { EXPECT_CALL(below, Startup(expected, _)).Times(1); });
  WsaError error = WsaError::kNone;
  const SocketHandle socket = rig.ws2().Socket(rig.source, kChainId, 0, &error);
  ASSERT_NE(socket, kInvalidSocketHandle) << "a socket through the chain: " << WsaErrorName(error);
  EXPECT_CALL(rig.Below(0), DuplicateSocket(_, rig.target, Pointee(expected), _)).Times(1);
  ProtocolInfo info;
  rig.ws2().Duplicate(rig.source, socket, rig.target, &info, &error);
}

void CheckOtherCallsPassDown(const ChainConfig& config, const LayerFactory& layer) {
  SCOPED_TRACE(std::string("SPI-8, the same policy in WSPStartup, WSPSocket, WSPAddressToString and "
                           "WSPStringToAddress; ") +
               PassDownRule(config));
  const ProtocolInfo expected = ExpectedBelow(config, ChainEntry(config));
  ChainRig rig(config, layer, [&](MockProvider& below) {
    EXPECT_CALL(below, Startup(expected, _)).Times(1);
    EXPECT_CALL(below, Socket(_, _, _, Pointee(expected), _, _)).Times(1);
    EXPECT_CALL(below, AddressToString(_, Pointee(expected), _, _)).Times(1);
    EXPECT_CALL(below, StringToAddress(_, _, Pointee(expected), _, _)).Times(1);
  });
  WsaError error = WsaError::kNone;
  EXPECT_NE(rig.ws2().Socket(rig.source, kChainId, 0, &error), kInvalidSocketHandle) << WsaErrorName(error);
  std::string text;
  EXPECT_EQ(rig.ws2().AddressToString(rig.source, kChainId, sim::spi::Address{0x7F000001, 80}, &text, &error), 0)
      << WsaErrorName(error);
  sim::spi::Address address;
  EXPECT_EQ(rig.ws2().StringToAddress(rig.source, kChainId, "127.0.0.1:80", &address, &error), 0)
      << WsaErrorName(error);
}

void CheckTheDuplicateComesBackThroughTheLayer(const ChainConfig& config, const LayerFactory& layer) {
  ChainRig rig(config, layer);
  WsaError error = WsaError::kNone;
  const SocketHandle socket = rig.ws2().Socket(rig.source, kChainId, 0, &error);
  ASSERT_NE(socket, kInvalidSocketHandle) << WsaErrorName(error);
  // The target's chain is loaded first, so the mock below the layer there can be told what to expect.
  const SocketHandle unrelated = rig.ws2().Socket(rig.target, kChainId, 0, &error);
  ASSERT_NE(unrelated, kInvalidSocketHandle) << WsaErrorName(error);
  ASSERT_EQ(rig.Loaded(), 2u);
  uint64_t reserved_below = 0;
  EXPECT_CALL(rig.Below(0), DuplicateSocket(_, rig.target, _, _))
      .WillOnce([&](SocketHandle lower, sim::Pid target, ProtocolInfo* info, WsaError* code) {
        const int result = rig.Below(0).real()->DuplicateSocket(lower, target, info, code);
        reserved_below = info->provider_reserved;
        return result;
      });
  ProtocolInfo info;
  ASSERT_EQ(rig.ws2().Duplicate(rig.source, socket, rig.target, &info, &error), 0) << WsaErrorName(error);
  {
    SCOPED_TRACE("SPI-4: the provider_reserved the provider below filled comes back up unchanged");
    EXPECT_EQ(info.provider_reserved, reserved_below);
  }
  SCOPED_TRACE("SPI-3: the structure a duplication returns brings the target's WSASocket back through the chain");
  EXPECT_EQ(info.catalog_entry_id, kChainId) << "the structure names " << sim::spi::Describe(info);
  EXPECT_CALL(rig.Below(1), Socket(_, _, _, Pointee(Field(&ProtocolInfo::provider_reserved, reserved_below)), _, _))
      .Times(1);
  const SocketHandle imported = rig.ws2().Import(rig.target, info, 0, &error);
  EXPECT_NE(imported, kInvalidSocketHandle) << WsaErrorName(error);
  EXPECT_EQ(rig.ws2().EntryOf(rig.target, imported), kChainId) << "the target's descriptor bypasses the layers";
  ::testing::Mock::VerifyAndClearExpectations(&rig.Below(1));
}

void CheckSharingThroughTheChain(const ChainConfig& config, const LayerFactory& layer) {
  ChainRig rig(config, layer);
  WsaError error = WsaError::kNone;
  const SocketHandle socket = rig.ws2().Socket(rig.source, kChainId, 0, &error);
  ASSERT_NE(socket, kInvalidSocketHandle) << WsaErrorName(error);
  ProtocolInfo info;
  {
    SCOPED_TRACE("SPI-5: a non-IFS provider must implement WSPDuplicateSocket for duplication to work");
    ASSERT_EQ(rig.ws2().Duplicate(rig.source, socket, rig.target, &info, &error), 0) << WsaErrorName(error);
  }
  SCOPED_TRACE(
      "SPI-3, SPI-9: the target's WSASocket gives a descriptor of the same socket, once; the socket "
      "lives until the last close");
  const SocketHandle imported = rig.ws2().Import(rig.target, info, 0, &error);
  ASSERT_NE(imported, kInvalidSocketHandle) << WsaErrorName(error);
  EXPECT_EQ(rig.world().LiveSockets(), 1u) << "the import made a socket of its own";
  EXPECT_EQ(rig.ws2().Import(rig.target, info, 0, &error), kInvalidSocketHandle) << "the structure imported twice";
  EXPECT_EQ(rig.ws2().Close(rig.source, socket, &error), 0) << WsaErrorName(error);
  EXPECT_EQ(rig.world().LiveSockets(), 1u) << "the socket closed with the source's descriptor";
  EXPECT_EQ(rig.ws2().Close(rig.target, imported, &error), 0) << WsaErrorName(error);
  EXPECT_EQ(rig.world().LiveSockets(), 0u) << "the socket outlived its last descriptor";
}

void CheckDescriptorsComeFromTheUpcall(const ChainConfig& config, const LayerFactory& layer) {
  SCOPED_TRACE(config.ifs_layers
                   ? "SPI-5, SPI-12: an IFS layer hands up the provider below's handle as its own, registered "
                     "with WPUModifyIFSHandle"
                   : "SPI-5: a non-IFS provider has ws2_32 make each new descriptor (WPUCreateSocketHandle)");
  ChainRig rig(config, layer);
  // The lower descriptor the layer got for each socket: what its own upcall must name.
  std::vector<SocketHandle> lower;
  const auto remember = [&](size_t n) {
    EXPECT_CALL(rig.Below(n), Socket(_, _, _, _, _, _))
        .WillRepeatedly(
            [&, n](int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags, WsaError* code) {
              const SocketHandle made = rig.Below(n).real()->Socket(family, type, protocol, info, flags, code);
              if (made != kInvalidSocketHandle) lower.push_back(made);
              return made;
            });
  };
  WsaError error = WsaError::kNone;
  ASSERT_NE(rig.ws2().Socket(rig.target, kChainId, 0, &error), kInvalidSocketHandle) << WsaErrorName(error);
  ASSERT_NE(rig.ws2().Socket(rig.source, kChainId, 0, &error), kInvalidSocketHandle) << WsaErrorName(error);
  remember(0);
  remember(1);
  // Where each of `lower` was made: the source first, then the target; by the order of loading.
  const size_t in_process[] = {rig.LoadedAs(rig.source), rig.LoadedAs(rig.target)};
  SocketHandle socket = rig.ws2().Socket(rig.source, kChainId, 0, &error);
  ASSERT_NE(socket, kInvalidSocketHandle) << WsaErrorName(error);
  ProtocolInfo info;
  ASSERT_EQ(rig.ws2().Duplicate(rig.source, socket, rig.target, &info, &error), 0) << WsaErrorName(error);
  socket = rig.ws2().Import(rig.target, info, 0, &error);
  ASSERT_NE(socket, kInvalidSocketHandle) << WsaErrorName(error);
  ASSERT_EQ(lower.size(), 2u) << "the layer passed WSPSocket down " << lower.size() << " times for 2 sockets";
  const ModelUpcalls::Kind expected =
      config.ifs_layers ? ModelUpcalls::Kind::kModifyIFSHandle : ModelUpcalls::Kind::kCreateSocketHandle;
  for (size_t i = 0; i < lower.size(); ++i) {
    const auto& calls = rig.UpcallsOfLayer(in_process[i]).calls();
    const bool made = std::any_of(calls.begin(), calls.end(), [&](const ModelUpcalls::Call& call) {
      return call.kind == expected && call.value == lower[i];
    });
    EXPECT_TRUE(made) << (i == 0 ? "in the source" : "in the target") << ": the layer made no "
                      << (config.ifs_layers ? "WPUModifyIFSHandle of the lower handle "
                                            : "WPUCreateSocketHandle with the lower descriptor ")
                      << lower[i] << (config.ifs_layers ? "" : " as its context");
  }
}

// SPI-1 for the layer's own failures: when ws2_32 cannot give the layer its descriptor, WSPSocket
// fails with the upcall's code in *lpErrno, never the last error, and the socket made below for it
// is closed, in the source and for an import in the target.
void CheckOwnFailuresComeUpThroughErrno(const ChainConfig& config, const LayerFactory& layer) {
  // The code each upcall's page gives for its failure.
  const WsaError code = config.ifs_layers ? WsaError::kInvalidArgument : WsaError::kNoBufferSpace;
  SCOPED_TRACE(std::string("SPI-1: the layer's ") +
               (config.ifs_layers ? "WPUModifyIFSHandle" : "WPUCreateSocketHandle") + " failed with " +
               std::string(WsaErrorName(code)) +
               "; WSPSocket returns INVALID_SOCKET with that code in *lpErrno, without the last error, and "
               "closes what it made below");
  ChainRig rig(config, layer);
  WsaError error = WsaError::kNone;
  const SocketHandle socket = rig.ws2().Socket(rig.source, kChainId, 0, &error);
  ASSERT_NE(socket, kInvalidSocketHandle) << WsaErrorName(error);
  ASSERT_NE(rig.ws2().Socket(rig.target, kChainId, 0, &error), kInvalidSocketHandle) << WsaErrorName(error);
  ProtocolInfo info;
  ASSERT_EQ(rig.ws2().Duplicate(rig.source, socket, rig.target, &info, &error), 0) << WsaErrorName(error);
  const auto fail_once = [&](MockUpcalls& upcalls) {
    if (config.ifs_layers) {
      EXPECT_CALL(upcalls, ModifyIFSHandle(_, _, _))
          .WillOnce(DoAll(SetArgPointee<2>(code), Return(kInvalidSocketHandle)));
    } else {
      EXPECT_CALL(upcalls, CreateSocketHandle(_, _, _))
          .WillOnce(DoAll(SetArgPointee<2>(code), Return(kInvalidSocketHandle)));
    }
  };
  const struct {
    sim::Pid pid;
    const char* what;
  } attempts[] = {{rig.source, "a new socket in the source"}, {rig.target, "the import in the target"}};
  for (const auto& attempt : attempts) {
    const size_t live = rig.world().LiveSockets();
    fail_once(rig.UpcallsOfLayer(rig.LoadedAs(attempt.pid)));
    error = WsaError::kNone;
    const SocketHandle made = attempt.pid == rig.source ? rig.ws2().Socket(rig.source, kChainId, 0, &error)
                                                        : rig.ws2().Import(rig.target, info, 0, &error);
    EXPECT_EQ(made, kInvalidSocketHandle) << attempt.what;
    EXPECT_EQ(NameOf(error), NameOf(code)) << attempt.what << ": *lpErrno";
    EXPECT_FALSE(SetsLastError(rig.ws2(), attempt.pid)) << attempt.what << ": the layer called WSASetLastError";
    if (attempt.pid == rig.source) {
      EXPECT_EQ(rig.world().LiveSockets(), live) << attempt.what << ": the socket made below was left open";
    }
    ::testing::Mock::VerifyAndClearExpectations(&rig.UpcallsOfLayer(rig.LoadedAs(attempt.pid)));
  }
}

void CheckErrorsComeUpThroughErrno(const ChainConfig& config, const LayerFactory& layer) {
  // SPI-2's table: what a provider below may report.
  const WsaError kCodes[] = {WsaError::kNetworkDown,    WsaError::kInvalidArgument, WsaError::kInProgress,
                             WsaError::kTooManySockets, WsaError::kNoBufferSpace,   WsaError::kNotSocket};
  ChainRig rig(config, layer);
  WsaError error = WsaError::kNone;
  const SocketHandle socket = rig.ws2().Socket(rig.source, kChainId, 0, &error);
  ASSERT_NE(socket, kInvalidSocketHandle) << WsaErrorName(error);
  for (const WsaError code : kCodes) {
    SCOPED_TRACE(std::string("SPI-1, SPI-2: the provider below failed with ") + std::string(WsaErrorName(code)) +
                 "; the layer returns SOCKET_ERROR with that code in *lpErrno, and never sets the last error");
    const SocketHandle to_close = rig.ws2().Socket(rig.source, kChainId, 0, &error);
    ASSERT_NE(to_close, kInvalidSocketHandle) << WsaErrorName(error);
    EXPECT_CALL(rig.Below(0), DuplicateSocket(_, _, _, _))
        .WillOnce(DoAll(SetArgPointee<3>(code), Return(kSocketError)));
    EXPECT_CALL(rig.Below(0), Socket(_, _, _, _, _, _))
        .WillOnce(DoAll(SetArgPointee<5>(code), Return(kInvalidSocketHandle)));
    EXPECT_CALL(rig.Below(0), CloseSocket(_, _)).WillOnce(DoAll(SetArgPointee<1>(code), Return(kSocketError)));
    EXPECT_CALL(rig.Below(0), AddressToString(_, _, _, _))
        .WillOnce(DoAll(SetArgPointee<3>(code), Return(kSocketError)));
    EXPECT_CALL(rig.Below(0), StringToAddress(_, _, _, _, _))
        .WillOnce(DoAll(SetArgPointee<4>(code), Return(kSocketError)));
    ProtocolInfo info;
    error = WsaError::kNone;
    EXPECT_EQ(rig.ws2().Duplicate(rig.source, socket, rig.target, &info, &error), kSocketError);
    EXPECT_EQ(NameOf(error), NameOf(code)) << "WSPDuplicateSocket's *lpErrno";
    error = WsaError::kNone;
    EXPECT_EQ(rig.ws2().Socket(rig.source, kChainId, 0, &error), kInvalidSocketHandle);
    EXPECT_EQ(NameOf(error), NameOf(code)) << "WSPSocket's *lpErrno";
    error = WsaError::kNone;
    EXPECT_EQ(rig.ws2().Close(rig.source, to_close, &error), kSocketError);
    EXPECT_EQ(NameOf(error), NameOf(code)) << "WSPCloseSocket's *lpErrno";
    std::string text;
    error = WsaError::kNone;
    EXPECT_EQ(rig.ws2().AddressToString(rig.source, kChainId, sim::spi::Address{0x7F000001, 80}, &text, &error),
              kSocketError);
    EXPECT_EQ(NameOf(error), NameOf(code)) << "WSPAddressToString's *lpErrno";
    sim::spi::Address address;
    error = WsaError::kNone;
    EXPECT_EQ(rig.ws2().StringToAddress(rig.source, kChainId, "127.0.0.1:80", &address, &error), kSocketError);
    EXPECT_EQ(NameOf(error), NameOf(code)) << "WSPStringToAddress's *lpErrno";
    EXPECT_FALSE(SetsLastError(rig.ws2(), rig.source)) << "the layer called WSASetLastError";
    // Each expectation failed one call; cleared (the forwarding stays), the next code's calls go through.
    ::testing::Mock::VerifyAndClearExpectations(&rig.Below(0));
  }
}

// WSPStartup's failure from below reaches the application's first call through the chain.
void CheckStartupErrorsComeUpThroughErrno(const ChainConfig& config, const LayerFactory& layer) {
  const WsaError kCodes[] = {WsaError::kNetworkDown, WsaError::kInvalidArgument, WsaError::kNoBufferSpace};
  for (const WsaError code : kCodes) {
    SCOPED_TRACE(std::string("SPI-1, SPI-8: the provider below failed WSPStartup with ") +
                 std::string(WsaErrorName(code)) + "; the layer's WSPStartup returns that code in *lpErrno");
    ChainRig rig(config, layer, [code](MockProvider& below) {
      EXPECT_CALL(below, Startup(_, _)).WillOnce(DoAll(SetArgPointee<1>(code), Return(kSocketError)));
    });
    WsaError error = WsaError::kNone;
    EXPECT_EQ(rig.ws2().Socket(rig.source, kChainId, 0, &error), kInvalidSocketHandle);
    EXPECT_EQ(NameOf(error), NameOf(code)) << "the first call's error";
    EXPECT_FALSE(SetsLastError(rig.ws2(), rig.source)) << "the layer called WSASetLastError";
  }
}

}  // namespace wsdup::conformance::spi
