#include "conformance/run/model_chain.h"

#include <utility>
#include <vector>

#include "conformance/spi/chain_config.h"
#include "conformance/spi/layer_registry.h"

namespace wsdup::conformance {

using sim::WsaError;
using sim::spi::kInvalidSocketHandle;
using sim::spi::ProtocolInfo;

std::unique_ptr<ModelChain> ModelChain::Make(sim::World* world, const ScenarioChain& chain, std::string* problem) {
  std::vector<spi::LayerImplementation> layers;
  for (const std::string& name : chain.layers) {
    const spi::LayerImplementation* layer = spi::FindLayer(name);
    if (layer == nullptr) {
      *problem = "the chain names layer \"" + name + "\", which the model does not have (it has:";
      for (const std::string& known : spi::LayerNames()) *problem += " " + known;
      *problem += ")";
      return nullptr;
    }
    layers.push_back(*layer);
  }
  return std::unique_ptr<ModelChain>(
      new ModelChain(std::make_unique<sim::spi::Ws2Dispatch>(world, spi::CatalogOfLayers(layers, chain.base_ifs))));
}

namespace {

template <typename T>
ChainOutcome<T> Failed(WsaError error) {
  ChainOutcome<T> failed;
  failed.error =
      error == WsaError::kNone ? std::string(vocabulary::kHarnessNoErrorCode) : std::string(sim::WsaErrorName(error));
  return failed;
}

template <typename T>
ChainOutcome<T> Made(T value) {
  ChainOutcome<T> made;
  made.value = std::move(value);
  return made;
}

}  // namespace

ChainOutcome<sim::Handle> ModelChain::Socket(sim::Pid pid, sim::SockType type, uint32_t flags) {
  WsaError error = WsaError::kNone;
  const sim::spi::SocketHandle made =
      ws2_->Socket(pid, spi::kChainId, flags, &error, sim::spi::SocketTypeNumber(type));
  return made == kInvalidSocketHandle ? Failed<sim::Handle>(error) : Made<sim::Handle>(made);
}

ChainOutcome<ProtocolInfo> ModelChain::Duplicate(sim::Pid pid, sim::Handle socket, sim::Pid target, bool null_info) {
  if (null_info) return Failed<ProtocolInfo>(WsaError::kBadAddress);
  ProtocolInfo info;
  WsaError error = WsaError::kNone;
  if (ws2_->Duplicate(pid, socket, target, &info, &error) != 0) return Failed<ProtocolInfo>(error);
  return Made(info);
}

ChainOutcome<sim::Handle> ModelChain::Import(sim::Pid pid, const ProtocolInfo& info, uint32_t flags) {
  WsaError error = WsaError::kNone;
  const sim::spi::SocketHandle made = ws2_->Import(pid, info, flags, &error);
  return made == kInvalidSocketHandle ? Failed<sim::Handle>(error) : Made<sim::Handle>(made);
}

ChainOutcome<bool> ModelChain::Close(sim::Pid pid, sim::Handle socket) {
  WsaError error = WsaError::kNone;
  return ws2_->Close(pid, socket, &error) == 0 ? Made(true) : Failed<bool>(error);
}

sim::Handle ModelChain::ModelHandle(sim::Pid pid, sim::Handle socket) {
  const sim::spi::ModelUpcalls& upcalls = ws2_->UpcallsOf(pid);
  // One context per layer and one for a non-IFS base; a layer that made a loop of contexts stops
  // there rather than hanging.
  for (size_t hops = 0; hops <= sim::spi::kMaxChainLength && upcalls.MadeByUpcall(socket); ++hops) {
    socket = upcalls.ContextOf(socket);
  }
  return socket;
}

}  // namespace wsdup::conformance
