#include "conformance/spi/layer_registry.h"

#include <map>
#include <memory>

#include "conformance/spi/reference_layer.h"

namespace wsdup::conformance::spi {
namespace {

std::map<std::string, sim::spi::LayerFactory>& Registry() {
  static std::map<std::string, sim::spi::LayerFactory> layers = {
      {"reference", [](const ProtocolInfo& own, ProviderLoader* loader,
                       Upcalls* upcalls) { return std::make_unique<ReferenceLayer>(own, loader, upcalls); }},
  };
  return layers;
}

}  // namespace

const sim::spi::LayerFactory* FindLayer(const std::string& name) {
  const auto found = Registry().find(name);
  return found == Registry().end() ? nullptr : &found->second;
}

void RegisterLayer(const std::string& name, sim::spi::LayerFactory make) { Registry()[name] = std::move(make); }

std::vector<std::string> LayerNames() {
  std::vector<std::string> names;
  for (const auto& [name, make] : Registry()) names.push_back(name);
  return names;
}

}  // namespace wsdup::conformance::spi
