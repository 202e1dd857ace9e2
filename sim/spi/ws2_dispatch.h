// ws2_32 over a catalog of providers, in the model: the part of Winsock above the providers that
// SPI-3 to SPI-8 presuppose. It loads one instance of each provider per process (as each process
// loads the DLL), routes a new socket to the provider at the top of the entry's chain, routes every
// later call on a descriptor to the entry the descriptor was registered for (ModelUpcalls), and
// routes an import to the entry the structure names: so a structure that names the base makes a
// descriptor that bypasses every layer above it.
#ifndef WSDUP_SIM_SPI_WS2_DISPATCH_H_
#define WSDUP_SIM_SPI_WS2_DISPATCH_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/spi/model_base_provider.h"
#include "sim/spi/model_upcalls.h"
#include "sim/spi/protocol_info.h"
#include "sim/spi/provider.h"
#include "sim/world.h"

namespace wsdup::sim::spi {

// What a layer uses to find the provider below it, in its own process (what LoadLibrary and the
// catalog give a real layer).
class ProviderLoader {
 public:
  virtual ~ProviderLoader() = default;
  // The catalog entry `id`; nullptr when the catalog has none.
  virtual const ProtocolInfo* Entry(uint32_t id) const = 0;
  // The provider that serves entry `id` (a layer's own entry, a base entry, or a chain, served by
  // its top), loaded in this process if it was not; not started. nullptr for an unknown entry.
  virtual ServiceProvider* Load(uint32_t id) = 0;
};

// Makes a layer's instance for one process: `own` is the layer's own entry (chain length 0).
using LayerFactory =
    std::function<std::unique_ptr<ServiceProvider>(const ProtocolInfo& own, ProviderLoader* loader, Upcalls* upcalls)>;

struct LayerEntry {
  ProtocolInfo own;  // chain length 0
  LayerFactory make;
};

struct Catalog {
  std::vector<ProtocolInfo> bases;  // each served by a ModelBaseProvider
  std::vector<LayerEntry> layers;
  std::vector<ProtocolInfo> chains;  // chain entries: entries[0] is the top layer's own id
};

class Ws2Dispatch {
 public:
  Ws2Dispatch(World* world, Catalog catalog);
  ~Ws2Dispatch();

  // WSASocket for catalog entry `entry` (a chain or a base), in process `pid`; `socket_type` 0 is
  // the entry's own type.
  SocketHandle Socket(Pid pid, uint32_t entry, uint32_t flags, WsaError* error, int socket_type = 0);
  // WSADuplicateSocket: the structure the provider the descriptor belongs to fills.
  int Duplicate(Pid pid, SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error);
  // WSASocket with FROM_PROTOCOL_INFO: routed to the entry `info` names.
  SocketHandle Import(Pid pid, const ProtocolInfo& info, uint32_t flags, WsaError* error);
  int Close(Pid pid, SocketHandle socket, WsaError* error);
  // WSAAddressToString and WSAStringToAddress naming catalog entry `entry` (SPI-8).
  int AddressToString(Pid pid, uint32_t entry, const Address& address, std::string* text, WsaError* error);
  int StringToAddress(Pid pid, uint32_t entry, std::string_view text, Address* address, WsaError* error);

  // ws2_32's record of process `pid` (descriptors, upcalls made).
  ModelUpcalls& UpcallsOf(Pid pid);
  // The catalog entry the descriptor is registered for; nullopt when none.
  std::optional<uint32_t> EntryOf(Pid pid, SocketHandle socket);

 private:
  class Process;
  Process& ProcessFor(Pid pid);
  // The started provider for a call on entry `id` in `pid`, or nullptr with *error set.
  ServiceProvider* Started(Pid pid, uint32_t id, WsaError* error);
  // The same for the entry descriptor `socket` is registered for (*entry); WSAENOTSOCK when no
  // provider registered it.
  ServiceProvider* StartedFor(Pid pid, SocketHandle socket, uint32_t* entry, WsaError* error);

  World* world_;
  Catalog catalog_;
  std::map<Pid, std::unique_ptr<Process>> processes_;
};

}  // namespace wsdup::sim::spi

#endif  // WSDUP_SIM_SPI_WS2_DISPATCH_H_
