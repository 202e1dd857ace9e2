// A GoogleMock upcall table for the layer under test: by default each call goes to ws2_32's real
// one (ModelUpcalls) and is kept in calls(), so a check can tell which upcalls the layer itself
// made (SPI-5, SPI-12), and an expectation can make one fail (SPI-1, the layer's own failures).
#ifndef WSDUP_CONFORMANCE_SPI_MOCK_UPCALLS_H_
#define WSDUP_CONFORMANCE_SPI_MOCK_UPCALLS_H_

#include <vector>

#include <gmock/gmock.h>

#include "sim/spi/model_upcalls.h"
#include "sim/spi/provider.h"

namespace wsdup::conformance::spi {

class MockUpcalls : public sim::spi::Upcalls {
 public:
  using Call = sim::spi::ModelUpcalls::Call;
  using Kind = sim::spi::ModelUpcalls::Kind;
  using SocketHandle = sim::spi::SocketHandle;
  using WsaError = sim::WsaError;

  MOCK_METHOD(SocketHandle, CreateSocketHandle, (uint32_t catalog_entry_id, uint64_t context, WsaError* error),
              (override));
  MOCK_METHOD(SocketHandle, ModifyIFSHandle, (uint32_t catalog_entry_id, SocketHandle handle, WsaError* error),
              (override));
  MOCK_METHOD(int, QuerySocketHandleContext, (SocketHandle socket, uint64_t* context, WsaError* error), (override));
  MOCK_METHOD(int, CloseSocketHandle, (SocketHandle socket, WsaError* error), (override));
  MOCK_METHOD(void, SetLastError, (WsaError error), (override));

  // Every call goes to `real` and is kept, unless an expectation says otherwise. Used as a NiceMock.
  void DelegateTo(sim::spi::Upcalls* real) {
    using ::testing::_;
    ON_CALL(*this, CreateSocketHandle).WillByDefault([this, real](uint32_t entry, uint64_t context, WsaError* error) {
      calls_.push_back(Call{Kind::kCreateSocketHandle, entry, context});
      return real->CreateSocketHandle(entry, context, error);
    });
    ON_CALL(*this, ModifyIFSHandle).WillByDefault([this, real](uint32_t entry, SocketHandle handle, WsaError* error) {
      calls_.push_back(Call{Kind::kModifyIFSHandle, entry, handle});
      return real->ModifyIFSHandle(entry, handle, error);
    });
    ON_CALL(*this, QuerySocketHandleContext)
        .WillByDefault([real](SocketHandle socket, uint64_t* context, WsaError* error) {
          return real->QuerySocketHandleContext(socket, context, error);
        });
    ON_CALL(*this, CloseSocketHandle).WillByDefault([real](SocketHandle socket, WsaError* error) {
      return real->CloseSocketHandle(socket, error);
    });
    ON_CALL(*this, SetLastError).WillByDefault([real](WsaError error) { real->SetLastError(error); });
  }

  // The descriptor-making upcalls (CreateSocketHandle, ModifyIFSHandle) the layer made that went
  // through to ws2_32, in order.
  const std::vector<Call>& calls() const { return calls_; }

 private:
  std::vector<Call> calls_;
};

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_MOCK_UPCALLS_H_
