// A layered provider that keeps every SPI rule: the one the harness accepts, and the base the
// broken layers (broken_layers.h) each break one rule of. A non-IFS layer, as most are: it has
// ws2_32 make its descriptors (SPI-5) and keeps the lower descriptor as their context.
//
// What it does, rule by rule (spec/rules.md):
// - SPI-1: every failure returns SOCKET_ERROR (or INVALID_SOCKET) with the code in *error, the
//   lower provider's code passed up unchanged; it never sets the last error.
// - SPI-6, SPI-8: to a next layer it passes the structure it was given, unmodified; and it is
//   started only for a structure whose chain is the catalog's (WSAEINVAL otherwise), so a layer
//   above that modified the chain is refused below it.
// - SPI-7, SPI-8: to the base it passes the base's own catalog entry (keeping the
//   provider_reserved of a duplicated structure, which is the base's context, SPI-4).
// - After the lower WSPDuplicateSocket succeeds it writes its chain's entry over the structure,
//   keeping the lower provider_reserved, so the target's WSASocket comes back through the layer
//   (docs/clarifications.md, "SPI-3 through a chain").
#ifndef WSDUP_CONFORMANCE_SPI_REFERENCE_LAYER_H_
#define WSDUP_CONFORMANCE_SPI_REFERENCE_LAYER_H_

#include <string>
#include <string_view>

#include "sim/spi/provider.h"
#include "sim/spi/ws2_dispatch.h"

namespace wsdup::conformance::spi {

using sim::Pid;
using sim::WsaError;
using sim::spi::Address;
using sim::spi::ProtocolInfo;
using sim::spi::ProviderLoader;
using sim::spi::ServiceProvider;
using sim::spi::SocketHandle;
using sim::spi::Upcalls;

class ReferenceLayer : public ServiceProvider {
 public:
  ReferenceLayer(const ProtocolInfo& own, ProviderLoader* loader, Upcalls* upcalls);

  int Startup(const ProtocolInfo& info, WsaError* error) override;
  SocketHandle Socket(int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags,
                      WsaError* error) override;
  int DuplicateSocket(SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) override;
  int CloseSocket(SocketHandle socket, WsaError* error) override;
  int AddressToString(const Address& address, const ProtocolInfo* info, std::string* text, WsaError* error) override;
  int StringToAddress(std::string_view text, int family, const ProtocolInfo* info, Address* address,
                      WsaError* error) override;

 protected:
  // The structure to pass the next provider for `given` (SPI-6 to SPI-8). Virtual: the broken
  // layers get it wrong in their own ways.
  virtual ProtocolInfo Down(const ProtocolInfo& given) const;
  // After the lower WSPDuplicateSocket filled `info`: route the target back through this layer.
  virtual void RouteBack(ProtocolInfo* info) const;
  // How a failure is reported (SPI-1): the code in *error.
  virtual void Report(WsaError code, WsaError* error);
  // The descriptor this layer gives for a lower one (SPI-5): made by ws2_32.
  virtual SocketHandle Wrap(SocketHandle lower, WsaError* error);
  // The lower descriptor behind one of this layer's; false when it is not one.
  virtual bool Unwrap(SocketHandle socket, SocketHandle* lower, WsaError* error);
  // After the provider below closed the lower descriptor: releases this layer's own.
  virtual int Release(SocketHandle socket, WsaError* error);

  ProtocolInfo own_;    // the layer's own entry (chain length 0)
  ProtocolInfo chain_;  // the chain entry it was started for
  ProtocolInfo base_;   // the chain's base entry
  bool next_is_base_ = false;
  ServiceProvider* next_ = nullptr;
  ProviderLoader* loader_;
  Upcalls* upcalls_;
};

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_REFERENCE_LAYER_H_
