// A scenario's provider chain in the model (Scenario::chain, docs/spi.md). The calls the provider
// interface models (WSASocket, WSADuplicateSocket, WSASocket from a structure, closesocket) go
// through ws2_32 over a catalog, the named layers and the model's base provider (sim/spi/). The
// calls it does not model (connect, I/O, options, registrations, accept) reach the model directly
// through the descriptor's contexts, as a layer that forwards them unchanged would pass them.
#ifndef WSDUP_CONFORMANCE_RUN_MODEL_CHAIN_H_
#define WSDUP_CONFORMANCE_RUN_MODEL_CHAIN_H_

#include <memory>
#include <optional>
#include <string>

#include "conformance/format/scenario.h"
#include "sim/spi/ws2_dispatch.h"
#include "sim/world.h"

namespace wsdup::conformance {

// A call's result through the chain: its value, or the name of the error (a WSA name, or
// HARNESS_NO_ERROR_CODE when a provider failed without storing one, SPI-1).
template <typename T>
struct ChainOutcome {
  std::optional<T> value;
  std::string error;
  bool ok() const { return value.has_value(); }
};

class ModelChain {
 public:
  // nullptr, with *problem saying why, when a layer's name is not one the registry knows.
  static std::unique_ptr<ModelChain> Make(sim::World* world, const ScenarioChain& chain, std::string* problem);

  ChainOutcome<sim::Handle> Socket(sim::Pid pid, sim::SockType type, uint32_t flags);
  // ws2_32 refuses a NULL structure (DUP-9's WSAEFAULT) before any provider is reached (SPI-2).
  ChainOutcome<sim::spi::ProtocolInfo> Duplicate(sim::Pid pid, sim::Handle socket, sim::Pid target, bool null_info);
  ChainOutcome<sim::Handle> Import(sim::Pid pid, const sim::spi::ProtocolInfo& info, uint32_t flags);
  ChainOutcome<bool> Close(sim::Pid pid, sim::Handle socket);
  // The model's handle behind a descriptor the chain gave (`socket` itself when it is not one).
  sim::Handle ModelHandle(sim::Pid pid, sim::Handle socket);
  // Whether the chain gave `socket` to `pid`: an accepted socket, made by the model directly, was
  // not, and its calls go to the model as in a scenario without a chain.
  bool Owns(sim::Pid pid, sim::Handle socket) { return ws2_->EntryOf(pid, socket).has_value(); }

 private:
  explicit ModelChain(std::unique_ptr<sim::spi::Ws2Dispatch> ws2) : ws2_(std::move(ws2)) {}
  std::unique_ptr<sim::spi::Ws2Dispatch> ws2_;
};

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_RUN_MODEL_CHAIN_H_
