// A GoogleMock provider for the places next to the layer under test: below it (the next layer or
// the base), recording and checking exactly what it passes down, and by default doing what the
// real provider it stands in front of does, so the chain still works end to end.
#ifndef WSDUP_CONFORMANCE_SPI_MOCK_PROVIDER_H_
#define WSDUP_CONFORMANCE_SPI_MOCK_PROVIDER_H_

#include <string>
#include <string_view>

#include <gmock/gmock.h>

#include "sim/spi/provider.h"

namespace wsdup::conformance::spi {

class MockProvider : public sim::spi::ServiceProvider {
 public:
  using Address = sim::spi::Address;
  using ProtocolInfo = sim::spi::ProtocolInfo;
  using SocketHandle = sim::spi::SocketHandle;
  using WsaError = sim::WsaError;

  MOCK_METHOD(int, Startup, (const ProtocolInfo& info, WsaError* error), (override));
  MOCK_METHOD(SocketHandle, Socket,
              (int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags, WsaError* error),
              (override));
  MOCK_METHOD(int, DuplicateSocket, (SocketHandle socket, sim::Pid target, ProtocolInfo* info, WsaError* error),
              (override));
  MOCK_METHOD(int, CloseSocket, (SocketHandle socket, WsaError* error), (override));
  MOCK_METHOD(int, AddressToString,
              (const Address& address, const ProtocolInfo* info, std::string* text, WsaError* error), (override));
  MOCK_METHOD(int, StringToAddress,
              (std::string_view text, int family, const ProtocolInfo* info, Address* address, WsaError* error),
              (override));

  // Every call goes to `real` (the provider this one stands in front of) unless an expectation
  // says otherwise. Used as a NiceMock: calls no check names are allowed, and a call that a check's
  // expectation names but does not match is reported with what was passed.
  void DelegateTo(sim::spi::ServiceProvider* real) {
    real_ = real;
    using ::testing::Invoke;
    ON_CALL(*this, Startup).WillByDefault(Invoke(real, &sim::spi::ServiceProvider::Startup));
    ON_CALL(*this, Socket).WillByDefault(Invoke(real, &sim::spi::ServiceProvider::Socket));
    ON_CALL(*this, DuplicateSocket).WillByDefault(Invoke(real, &sim::spi::ServiceProvider::DuplicateSocket));
    ON_CALL(*this, CloseSocket).WillByDefault(Invoke(real, &sim::spi::ServiceProvider::CloseSocket));
    ON_CALL(*this, AddressToString).WillByDefault(Invoke(real, &sim::spi::ServiceProvider::AddressToString));
    ON_CALL(*this, StringToAddress).WillByDefault(Invoke(real, &sim::spi::ServiceProvider::StringToAddress));
  }

  // The provider this one stands in front of (for an action that calls it and looks at the result).
  sim::spi::ServiceProvider* real() const { return real_; }

 private:
  sim::spi::ServiceProvider* real_ = nullptr;
};

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_MOCK_PROVIDER_H_
