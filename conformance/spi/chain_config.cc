#include "conformance/spi/chain_config.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "conformance/spi/reference_layer.h"

namespace wsdup::conformance::spi {

using sim::spi::Catalog;
using sim::spi::LayerEntry;
using sim::spi::ProtocolInfo;

std::string ChainConfig::Name() const {
  std::string name;
  for (size_t i = 0; i < layers; ++i) name += i == position ? "Lut_" : "Ref_";
  return name + (base_ifs ? "IfsBase" : "NonIfsBase");
}

std::ostream& operator<<(std::ostream& out, const ChainConfig& config) { return out << config.Name(); }

std::vector<ChainConfig> AllChainConfigs() {
  std::vector<ChainConfig> configs;
  for (bool ifs : {true, false}) {
    for (size_t layers = 1; layers <= 3; ++layers) {
      for (size_t position = 0; position < layers; ++position) configs.push_back(ChainConfig{layers, position, ifs});
    }
  }
  return configs;
}

uint32_t LayerId(size_t position) { return 2001 + static_cast<uint32_t>(position); }

ProtocolInfo BaseEntry(bool base_ifs) { return sim::spi::BaseProtocolEntry(kBaseId, base_ifs); }

ProtocolInfo ChainEntry(size_t layers, bool base_ifs) {
  if (layers + 1 > sim::spi::kMaxChainLength) {
    throw std::logic_error("a protocol chain holds at most " + std::to_string(sim::spi::kMaxChainLength - 1) +
                           " layers over its base");
  }
  ProtocolInfo chain = BaseEntry(base_ifs);
  chain.catalog_entry_id = kChainId;
  chain.chain.length = layers + 1;
  for (size_t i = 0; i < layers; ++i) chain.chain.entries[i] = LayerId(i);
  chain.chain.entries[layers] = kBaseId;
  chain.ifs_handles = false;  // the layers make the descriptors the application sees
  return chain;
}

Catalog CatalogOfLayers(const std::vector<sim::spi::LayerFactory>& layers, bool base_ifs) {
  Catalog catalog;
  catalog.bases.push_back(BaseEntry(base_ifs));
  for (size_t i = 0; i < layers.size(); ++i) {
    ProtocolInfo own = BaseEntry(base_ifs);
    own.catalog_entry_id = LayerId(i);
    own.chain.length = 0;
    own.chain.entries = {};
    own.ifs_handles = false;
    catalog.layers.push_back(LayerEntry{own, layers[i]});
  }
  catalog.chains.push_back(ChainEntry(layers.size(), base_ifs));
  return catalog;
}

Catalog CatalogFor(const ChainConfig& config, const sim::spi::LayerFactory& under_test) {
  std::vector<sim::spi::LayerFactory> layers;
  for (size_t i = 0; i < config.layers; ++i) {
    if (i == config.position) {
      layers.push_back(under_test);
    } else {
      layers.push_back([](const ProtocolInfo& entry, sim::spi::ProviderLoader* loader, sim::spi::Upcalls* upcalls) {
        return std::make_unique<ReferenceLayer>(entry, loader, upcalls);
      });
    }
  }
  return CatalogOfLayers(layers, config.base_ifs);
}

}  // namespace wsdup::conformance::spi
