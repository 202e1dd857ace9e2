// The service-provider interface as wsdup models it: the calls a provider (a
// base protocol or a layer over one) implements, and the upcalls into ws2_32 it
// may make. One provider object serves one process, as a provider DLL instance
// does; what crosses processes travels only in the ProtocolInfo (its
// provider_reserved, SPI-4). Errors follow SPI-1: a failing call returns
// kSocketError (or kInvalidSocket) and stores the code in *error; it never sets
// the thread's last error (Upcalls::SetLastError is there so a harness can see
// a provider that does).
#ifndef WSDUP_SIM_SPI_PROVIDER_H_
#define WSDUP_SIM_SPI_PROVIDER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/spi/protocol_info.h"
#include "sim/types.h"

namespace wsdup::sim::spi {

using SocketHandle = uint64_t;
inline constexpr SocketHandle kInvalidSocketHandle = ~SocketHandle{0};
inline constexpr int kSocketError = -1;

// An IPv4 address and port: what WSPAddressToString and WSPStringToAddress
// convert (SPI-8).
struct Address {
  uint32_t ipv4 = 0;  // host order
  uint16_t port = 0;
  bool operator==(const Address& other) const { return ipv4 == other.ipv4 && port == other.port; }
};

// What ws2_32 offers a provider (the WPU* upcall table, as far as the SPI rules
// name it).
class Upcalls {
 public:
  virtual ~Upcalls() = default;
  // SPI-5, a non-IFS provider: ws2_32 makes the descriptor, remembering the
  // provider's context.
  virtual SocketHandle CreateSocketHandle(uint32_t catalog_entry_id, uint64_t context, WsaError* error) = 0;
  // SPI-5, an IFS provider: its own handle becomes the descriptor (the value is
  // returned as is).
  virtual SocketHandle ModifyIFSHandle(uint32_t catalog_entry_id, SocketHandle handle, WsaError* error) = 0;
  // The context a non-IFS descriptor was made with.
  virtual int QuerySocketHandleContext(SocketHandle socket, uint64_t* context, WsaError* error) = 0;
  // Releases a descriptor CreateSocketHandle made.
  virtual int CloseSocketHandle(SocketHandle socket, WsaError* error) = 0;
  // WSASetLastError: not for providers (SPI-1); offered so that one that calls
  // it is seen.
  virtual void SetLastError(WsaError error) = 0;
};

// A provider's calls (WSP*), for one process. `info` pointers follow the
// layered rule (SPI-6, SPI-7, SPI-8): a layer passes a lower layer the
// structure it was given, unmodified, and the base provider its own catalog
// entry.
class ServiceProvider {
 public:
  virtual ~ServiceProvider() = default;
  // WSPStartup for the catalog entry `info` describes.
  virtual int Startup(const ProtocolInfo& info, WsaError* error) = 0;
  // WSPSocket. With an `info` whose provider_reserved a WSPDuplicateSocket
  // filled, the descriptor is for that duplicated socket (SPI-3); otherwise a
  // new socket of family, type and protocol.
  virtual SocketHandle Socket(int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags,
                              WsaError* error) = 0;
  // WSPDuplicateSocket: fills *info so that WSPSocket in process `target` gives
  // a descriptor for the same underlying socket (SPI-3).
  virtual int DuplicateSocket(SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) = 0;
  virtual int CloseSocket(SocketHandle socket, WsaError* error) = 0;
  virtual int AddressToString(const Address& address, const ProtocolInfo* info, std::string* text, WsaError* error) = 0;
  virtual int StringToAddress(std::string_view text, int family, const ProtocolInfo* info, Address* address,
                              WsaError* error) = 0;
};

}  // namespace wsdup::sim::spi

#endif  // WSDUP_SIM_SPI_PROVIDER_H_
