#include "conformance/spi/chain_config.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "conformance/spi/ifs_reference_layer.h"
#include "conformance/spi/reference_layer.h"

namespace wsdup::conformance::spi {

using sim::spi::Catalog;
using sim::spi::LayerEntry;
using sim::spi::ProtocolInfo;

std::string ChainConfig::Name() const {
  std::string name;
  for (size_t i = 0; i < layers; ++i) {
    name += std::string(LayerIsIfs(i) ? "Ifs" : "") + (i == position ? "Lut_" : "Ref_");
  }
  return name + (base_ifs ? "IfsBase" : "NonIfsBase");
}

bool ChainConfig::AllIfs() const {
  if (!base_ifs) return false;
  for (size_t i = 0; i < layers; ++i) {
    if (!LayerIsIfs(i)) return false;
  }
  return true;
}

std::ostream& operator<<(std::ostream& out, const ChainConfig& config) { return out << config.Name(); }

std::vector<ChainConfig> AllChainConfigs(bool ifs_layer) {
  std::vector<ChainConfig> configs;
  for (bool base_ifs : {true, false}) {
    if (ifs_layer && !base_ifs) continue;  // an IFS layer needs IFS handles below it
    for (size_t layers = 1; layers <= 3; ++layers) {
      for (size_t position = 0; position < layers; ++position) {
        configs.push_back(ChainConfig{layers, position, base_ifs, ifs_layer});
      }
    }
  }
  // Mixed chains over an IFS base: a non-IFS layer over IFS ones, an IFS layer under non-IFS ones.
  for (size_t layers = 2; layers <= 3; ++layers) {
    for (size_t position = 0; position < layers; ++position) {
      const bool others_below = position + 1 < layers;
      if (ifs_layer ? position == 0 : !others_below) continue;  // nothing of the other kind to put there
      configs.push_back(ChainConfig{layers, position, true, ifs_layer, /*mixed=*/true});
    }
  }
  return configs;
}

uint32_t LayerId(size_t position) { return 2001 + static_cast<uint32_t>(position); }

ProtocolInfo BaseEntry(bool base_ifs) { return sim::spi::BaseProtocolEntry(kBaseId, base_ifs); }

ProtocolInfo ChainEntry(size_t layers, bool base_ifs, bool ifs_layers) {
  if (layers + 1 > sim::spi::kMaxChainLength) {
    throw std::logic_error("a protocol chain holds at most " + std::to_string(sim::spi::kMaxChainLength - 1) +
                           " layers over its base");
  }
  ProtocolInfo chain = BaseEntry(base_ifs);
  chain.catalog_entry_id = kChainId;
  chain.chain.length = layers + 1;
  for (size_t i = 0; i < layers; ++i) chain.chain.entries[i] = LayerId(i);
  chain.chain.entries[layers] = kBaseId;
  chain.ifs_handles = base_ifs && ifs_layers;  // the top layer's descriptors are what the application sees
  return chain;
}

Catalog CatalogOfLayers(const std::vector<LayerImplementation>& layers, bool base_ifs) {
  Catalog catalog;
  catalog.bases.push_back(BaseEntry(base_ifs));
  bool ifs_layers = true;
  for (size_t i = 0; i < layers.size(); ++i) {
    ProtocolInfo own = BaseEntry(base_ifs);
    own.catalog_entry_id = LayerId(i);
    own.chain.length = 0;
    own.chain.entries = {};
    own.ifs_handles = layers[i].ifs;
    ifs_layers = ifs_layers && layers[i].ifs;
    catalog.layers.push_back(LayerEntry{own, layers[i].make});
  }
  catalog.chains.push_back(ChainEntry(layers.size(), base_ifs, ifs_layers));
  return catalog;
}

LayerImplementation ReferenceLayerOfKind(bool ifs) {
  if (ifs) {
    return {[](const ProtocolInfo& own, sim::spi::ProviderLoader* loader, sim::spi::Upcalls* upcalls) {
              return std::make_unique<IfsReferenceLayer>(own, loader, upcalls);
            },
            true};
  }
  return {[](const ProtocolInfo& own, sim::spi::ProviderLoader* loader, sim::spi::Upcalls* upcalls) {
            return std::make_unique<ReferenceLayer>(own, loader, upcalls);
          },
          false};
}

Catalog CatalogFor(const ChainConfig& config, const sim::spi::LayerFactory& under_test) {
  std::vector<LayerImplementation> layers;
  for (size_t i = 0; i < config.layers; ++i) {
    layers.push_back(i == config.position ? LayerImplementation{under_test, config.ifs_layers}
                                          : ReferenceLayerOfKind(config.LayerIsIfs(i)));
  }
  return CatalogOfLayers(layers, config.base_ifs);
}

}  // namespace wsdup::conformance::spi
