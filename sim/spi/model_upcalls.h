// ws2_32's side of the upcalls (SPI-5) in the model, for one process: the
// descriptors providers registered, with the catalog entry each was registered
// for (ws2_32 routes a descriptor's calls to that entry's provider, so a
// descriptor registered for the base escapes every layer above it), and every
// upcall made, so a harness can tell IFS from non-IFS allocation and see a
// provider that sets the last error instead of *error (SPI-1).
#ifndef WSDUP_SIM_SPI_MODEL_UPCALLS_H_
#define WSDUP_SIM_SPI_MODEL_UPCALLS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "sim/spi/provider.h"

namespace wsdup::sim::spi {

class ModelUpcalls : public Upcalls {
 public:
  enum class Kind { kCreateSocketHandle, kModifyIFSHandle, kQueryContext, kCloseSocketHandle, kSetLastError };
  struct Call {
    Kind kind;
    uint32_t catalog_entry_id = 0;     // kCreateSocketHandle, kModifyIFSHandle
    uint64_t value = 0;                // the context, handle or descriptor the call named
    WsaError error = WsaError::kNone;  // kSetLastError
  };

  SocketHandle CreateSocketHandle(uint32_t catalog_entry_id, uint64_t context, WsaError* error) override;
  SocketHandle ModifyIFSHandle(uint32_t catalog_entry_id, SocketHandle handle, WsaError* error) override;
  int QuerySocketHandleContext(SocketHandle socket, uint64_t* context, WsaError* error) override;
  int CloseSocketHandle(SocketHandle socket, WsaError* error) override;
  void SetLastError(WsaError error) override;

  // ws2_32 forgets a descriptor its provider closed (an IFS one, which no upcall releases).
  void Forget(SocketHandle socket) { registered_.erase(socket); }

  const std::vector<Call>& calls() const { return calls_; }
  // The catalog entry `socket` was registered for; nullopt when no provider
  // registered it.
  std::optional<uint32_t> EntryOf(SocketHandle socket) const;
  // Whether ws2_32 made `socket` (CreateSocketHandle) rather than a provider
  // (ModifyIFSHandle).
  bool MadeByUpcall(SocketHandle socket) const;
  // The context `socket` was made with (MadeByUpcall), looked up without recording a call.
  uint64_t ContextOf(SocketHandle socket) const { return *registered_.at(socket).context; }

 private:
  struct Registered {
    uint32_t catalog_entry_id = 0;
    std::optional<uint64_t> context;  // set for a descriptor CreateSocketHandle made
  };
  // Descriptors ws2_32 makes carry this tag, so they never equal a model handle
  // (sim/world.h: a slot in the low 32 bits, a small generation above).
  static constexpr SocketHandle kMadeTag = SocketHandle{1} << 62;
  std::map<SocketHandle, Registered> registered_;
  SocketHandle next_made_ = kMadeTag;
  std::vector<Call> calls_;
};

}  // namespace wsdup::sim::spi

#endif  // WSDUP_SIM_SPI_MODEL_UPCALLS_H_
