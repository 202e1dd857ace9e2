#include "conformance/spi/layer_registry.h"

#include <map>
#include <utility>

#include "conformance/spi/chain_config.h"

namespace wsdup::conformance::spi {
namespace {

std::map<std::string, LayerImplementation>& Registry() {
  static std::map<std::string, LayerImplementation> layers = {
      {"reference", ReferenceLayerOfKind(false)},
      {"reference-ifs", ReferenceLayerOfKind(true)},
  };
  return layers;
}

}  // namespace

const LayerImplementation* FindLayer(const std::string& name) {
  const auto found = Registry().find(name);
  return found == Registry().end() ? nullptr : &found->second;
}

void RegisterLayer(const std::string& name, LayerImplementation layer) { Registry()[name] = std::move(layer); }

std::vector<std::string> LayerNames() {
  std::vector<std::string> names;
  for (const auto& [name, make] : Registry()) names.push_back(name);
  return names;
}

}  // namespace wsdup::conformance::spi
