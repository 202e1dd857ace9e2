// The model's base provider keeps the provider-level rules: errors only through
// *error and from the provider's own table (SPI-1, SPI-2), the duplicate
// recognised by WSPSocket in the target as the same socket (SPI-3) through
// provider_reserved (SPI-4), the descriptor made by the upcall that fits IFS or
// non-IFS (SPI-5), only its own catalog entry taken (SPI-7), and the API's
// sharing rules at this level (SPI-9). Each test runs over an IFS and a non-IFS
// base.
#include "sim/spi/model_base_provider.h"

#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/spi/model_upcalls.h"
#include "sim/world.h"

namespace wsdup::sim::spi {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

constexpr uint32_t kBaseEntry = 1001;
constexpr int kTcp = kIpProtoTcp;

ProtocolInfo BaseEntry(bool ifs) { return BaseProtocolEntry(kBaseEntry, ifs); }

// Two processes, each with its own instance of the base (as each loads the
// provider DLL).
class ModelBaseProviderTest : public ::testing::TestWithParam<bool> {
 protected:
  ModelBaseProviderTest()
      : a_(world_.Spawn()),
        b_(world_.Spawn()),
        entry_(BaseEntry(GetParam())),
        in_a_(&world_, a_, entry_, &upcalls_a_),
        in_b_(&world_, b_, entry_, &upcalls_b_) {
    EXPECT_EQ(world_.Startup(a_), WsaError::kNone);  // the applications' WSAStartup
    EXPECT_EQ(world_.Startup(b_), WsaError::kNone);
    WsaError error = WsaError::kNone;
    EXPECT_EQ(in_a_.Startup(entry_, &error), 0);
    EXPECT_EQ(in_b_.Startup(entry_, &error), 0);
  }

  SocketHandle NewSocket(ModelBaseProvider& provider) {
    WsaError error = WsaError::kNone;
    const SocketHandle made = provider.Socket(kAfInet, kSockStream, kTcp, &entry_, 0, &error);
    EXPECT_NE(made, kInvalidSocketHandle) << WsaErrorName(error);
    return made;
  }

  // The model's handle behind a descriptor of process `pid`.
  Handle ModelHandle(ModelUpcalls& upcalls, SocketHandle descriptor) {
    if (GetParam()) return descriptor;
    uint64_t context = 0;
    WsaError error = WsaError::kNone;
    EXPECT_EQ(upcalls.QuerySocketHandleContext(descriptor, &context, &error), 0);
    return context;
  }

  bool NoLastErrorSet() const {
    const auto set = [](const ModelUpcalls::Call& call) { return call.kind == ModelUpcalls::Kind::kSetLastError; };
    return std::none_of(upcalls_a_.calls().begin(), upcalls_a_.calls().end(), set) &&
           std::none_of(upcalls_b_.calls().begin(), upcalls_b_.calls().end(), set);
  }

  World world_;
  Pid a_, b_;
  ProtocolInfo entry_;
  ModelUpcalls upcalls_a_, upcalls_b_;
  ModelBaseProvider in_a_, in_b_;
};

// SPI-3, SPI-4: the target's WSPSocket turns the structure into a descriptor of
// the same socket: an option set through the source's descriptor reads back
// through the target's.
TEST_P(ModelBaseProviderTest, TheDuplicateIsTheSameSocketInTheTarget) {
  const SocketHandle source = NewSocket(in_a_);
  ProtocolInfo info;
  WsaError error = WsaError::kNone;
  ASSERT_EQ(in_a_.DuplicateSocket(source, b_, &info, &error), 0) << WsaErrorName(error);
  EXPECT_EQ(info.catalog_entry_id, kBaseEntry);
  EXPECT_NE(info.provider_reserved,
            0u);  // the context the target's WSPSocket needs
  const SocketHandle imported = in_b_.Socket(kAfInet, kSockStream, kTcp, &info, 0, &error);
  ASSERT_NE(imported, kInvalidSocketHandle) << WsaErrorName(error);
  ASSERT_EQ(world_.SetSockOpt(a_, ModelHandle(upcalls_a_, source), OptionLevel::kSocket, Option::kReceiveBuffer,
                              OptionValue{4096, 0}),
            WsaError::kNone);
  const Outcome<OptionValue> read =
      world_.GetSockOpt(b_, ModelHandle(upcalls_b_, imported), OptionLevel::kSocket, Option::kReceiveBuffer);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read.value().value, 4096);
  EXPECT_TRUE(NoLastErrorSet());
}

// SPI-5: an IFS base registers its own handle, a non-IFS base has ws2_32 make
// the descriptor.
TEST_P(ModelBaseProviderTest, TheDescriptorIsMadeByTheUpcallThatFitsTheProvider) {
  const SocketHandle made = NewSocket(in_a_);
  const ModelUpcalls::Kind expected =
      GetParam() ? ModelUpcalls::Kind::kModifyIFSHandle : ModelUpcalls::Kind::kCreateSocketHandle;
  EXPECT_THAT(upcalls_a_.calls(), ElementsAre(Field(&ModelUpcalls::Call::kind, expected)));
  EXPECT_EQ(upcalls_a_.EntryOf(made), kBaseEntry);
  EXPECT_EQ(upcalls_a_.MadeByUpcall(made), !GetParam());
}

// SPI-1, SPI-2: every failure is SOCKET_ERROR with its code in *error, from the
// provider's table.
TEST_P(ModelBaseProviderTest, FailuresReportThroughErrorWithTheProvidersCodes) {
  const SocketHandle source = NewSocket(in_a_);
  ProtocolInfo info;
  WsaError error = WsaError::kNone;
  EXPECT_EQ(in_a_.DuplicateSocket(source + 8, b_, &info, &error), kSocketError);
  EXPECT_EQ(error, WsaError::kNotSocket);
  error = WsaError::kNone;
  EXPECT_EQ(in_a_.DuplicateSocket(source, kUnusedPid, &info, &error), kSocketError);
  EXPECT_EQ(error, WsaError::kInvalidArgument);
  const std::pair<Fault, WsaError> faults[] = {{Fault::kNetDown, WsaError::kNetworkDown},
                                               {Fault::kNoBufs, WsaError::kNoBufferSpace},
                                               {Fault::kInProgress, WsaError::kInProgress},
                                               {Fault::kEMFile, WsaError::kTooManySockets}};
  for (const auto& [fault, code] : faults) {
    world_.SetFault(a_, fault, true);
    error = WsaError::kNone;
    EXPECT_EQ(in_a_.DuplicateSocket(source, b_, &info, &error), kSocketError) << WsaErrorName(code);
    EXPECT_EQ(error, code);
    world_.SetFault(a_, fault, false);
  }
  EXPECT_TRUE(NoLastErrorSet());
}

// SPI-9 (BLOB-2 at this level): the structure imports once.
TEST_P(ModelBaseProviderTest, TheStructureImportsOnce) {
  const SocketHandle source = NewSocket(in_a_);
  ProtocolInfo info;
  WsaError error = WsaError::kNone;
  ASSERT_EQ(in_a_.DuplicateSocket(source, b_, &info, &error), 0);
  ASSERT_NE(in_b_.Socket(kAfInet, kSockStream, kTcp, &info, 0, &error), kInvalidSocketHandle);
  EXPECT_EQ(in_b_.Socket(kAfInet, kSockStream, kTcp, &info, 0, &error), kInvalidSocketHandle);
  EXPECT_EQ(error, WsaError::kInvalidArgument);
}

// SPI-9 (CLOSE-1 at this level): the socket lives until the last
// WSPCloseSocket.
TEST_P(ModelBaseProviderTest, TheSocketLivesUntilTheLastClose) {
  const SocketHandle source = NewSocket(in_a_);
  ProtocolInfo info;
  WsaError error = WsaError::kNone;
  ASSERT_EQ(in_a_.DuplicateSocket(source, b_, &info, &error), 0);
  const SocketHandle imported = in_b_.Socket(kAfInet, kSockStream, kTcp, &info, 0, &error);
  ASSERT_NE(imported, kInvalidSocketHandle);
  EXPECT_EQ(in_a_.CloseSocket(source, &error), 0);
  EXPECT_EQ(world_.LiveSockets(), 1u);
  EXPECT_EQ(in_a_.CloseSocket(source, &error), kSocketError);
  EXPECT_EQ(error, WsaError::kNotSocket);
  EXPECT_EQ(in_b_.CloseSocket(imported, &error), 0);
  EXPECT_EQ(world_.LiveSockets(), 0u);
}

// SPI-7, SPI-8: a base takes only its own catalog entry; a chain's structure
// passed down unsubstituted is refused, in every call that carries one.
TEST_P(ModelBaseProviderTest, ABaseRefusesAStructureThatIsNotItsOwnEntry) {
  ProtocolInfo chain = entry_;
  chain.catalog_entry_id = 3001;
  chain.chain.length = 2;
  chain.chain.entries = {2001, kBaseEntry};
  WsaError error = WsaError::kNone;
  EXPECT_EQ(in_a_.Startup(chain, &error), kSocketError);
  EXPECT_EQ(error, WsaError::kInvalidArgument);
  EXPECT_EQ(in_a_.Socket(kAfInet, kSockStream, kTcp, &chain, 0, &error), kInvalidSocketHandle);
  std::string text;
  EXPECT_EQ(in_a_.AddressToString(Address{0x7F000001, 80}, &chain, &text, &error), kSocketError);
  Address address;
  EXPECT_EQ(in_a_.StringToAddress("127.0.0.1:80", kAfInet, &chain, &address, &error), kSocketError);
  // Another base's entry is not this one's either.
  ProtocolInfo other_base = entry_;
  other_base.catalog_entry_id = kBaseEntry + 1;
  other_base.chain.entries[0] = kBaseEntry + 1;
  EXPECT_EQ(in_a_.Socket(kAfInet, kSockStream, kTcp, &other_base, 0, &error), kInvalidSocketHandle);
  EXPECT_EQ(error, WsaError::kInvalidArgument);
  EXPECT_EQ(in_a_.AddressToString(Address{0x7F000001, 80}, &entry_, &text, &error), 0);
  EXPECT_EQ(text, "127.0.0.1:80");
  EXPECT_EQ(in_a_.StringToAddress(text, kAfInet, &entry_, &address, &error), 0);
  EXPECT_EQ(address, (Address{0x7F000001, 80}));
}

INSTANTIATE_TEST_SUITE_P(IfsAndNonIfs, ModelBaseProviderTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "Ifs" : "NonIfs"; });

}  // namespace
}  // namespace wsdup::sim::spi
