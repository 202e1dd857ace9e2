// A base provider over the model (sim/world.h), for one process:
// WSPDuplicateSocket and WSPSocket as SPI-1 to SPI-5 state them, so the rules
// the API pages give (DUP-*, BLOB-*, SHARE-*, CLOSE-*) hold at the provider
// interface too (SPI-9). IFS or non-IFS as its catalog entry says: an IFS base
// registers the model's handle with ModifyIFSHandle, a non-IFS one has ws2_32
// make the descriptor with CreateSocketHandle and keeps the model's handle as
// its context (SPI-5). A base provider knows nothing of chains (SPI-7): it is
// started for, and takes, only its own catalog entry; handed any other it fails
// with WSAEINVAL, which is how a layer that forgot to substitute is seen below
// it.
#ifndef WSDUP_SIM_SPI_MODEL_BASE_PROVIDER_H_
#define WSDUP_SIM_SPI_MODEL_BASE_PROVIDER_H_

#include <string>
#include <string_view>

#include "sim/spi/protocol_info.h"
#include "sim/spi/provider.h"
#include "sim/world.h"

namespace wsdup::sim::spi {

class ModelBaseProvider : public ServiceProvider {
 public:
  // `entry` is the base's catalog entry (chain length 1). `world` and `upcalls`
  // outlive this.
  ModelBaseProvider(World* world, Pid pid, const ProtocolInfo& entry, Upcalls* upcalls);

  int Startup(const ProtocolInfo& info, WsaError* error) override;
  SocketHandle Socket(int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags,
                      WsaError* error) override;
  int DuplicateSocket(SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) override;
  int CloseSocket(SocketHandle socket, WsaError* error) override;
  int AddressToString(const Address& address, const ProtocolInfo* info, std::string* text, WsaError* error) override;
  int StringToAddress(std::string_view text, int family, const ProtocolInfo* info, Address* address,
                      WsaError* error) override;

  const ProtocolInfo& entry() const { return entry_; }

 private:
  // The model's handle behind a descriptor; false (with *error) when it names
  // none.
  bool ModelHandleOf(SocketHandle socket, Handle* handle, WsaError* error);
  // A structure a layer passed down names this base's entry (SPI-7); sets
  // *error otherwise.
  bool IsOwnEntry(const ProtocolInfo* info, WsaError* error) const;

  World* world_;
  Pid pid_;
  ProtocolInfo entry_;
  Upcalls* upcalls_;
};

// The blob a duplicated structure carries in provider_reserved, and back: zero
// means none.
uint64_t ReservedForBlob(BlobId blob);
BlobId BlobOfReserved(uint64_t reserved);

}  // namespace wsdup::sim::spi

#endif  // WSDUP_SIM_SPI_MODEL_BASE_PROVIDER_H_
