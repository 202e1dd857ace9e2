// The chains the harness puts a layer under test in: one to three layers over a base, the layer
// under test in every position. A non-IFS layer is put among ReferenceLayers over an IFS and a
// non-IFS base; an IFS layer among IfsReferenceLayers over an IFS base (it needs IFS handles
// below it, SPI-12). Over an IFS base, mixed chains too, as real catalogs have them: IFS layers
// below the layer under test and non-IFS layers above it.
#ifndef WSDUP_CONFORMANCE_SPI_CHAIN_CONFIG_H_
#define WSDUP_CONFORMANCE_SPI_CHAIN_CONFIG_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "conformance/spi/layer_implementation.h"
#include "sim/spi/ws2_dispatch.h"

namespace wsdup::conformance::spi {

struct ChainConfig {
  size_t layers = 1;        // 1 to 3
  size_t position = 0;      // of the layer under test, 0 at the top
  bool base_ifs = true;     // the base provider's handles
  bool ifs_layers = false;  // the layer under test is an IFS layer (and, unmixed, every other)
  bool mixed = false;       // the layers below it are IFS ones, those above non-IFS (IFS base only)

  // "Lut_IfsRef_IfsBase": the chain from the top, "Lut" the layer under test, "Ifs" before an IFS
  // layer (a gtest name).
  std::string Name() const;
  bool NextIsBase() const { return position + 1 == layers; }
  bool LayerIsIfs(size_t i) const { return i == position || !mixed ? ifs_layers : i > position; }
  // Every provider in the chain hands up IFS handles: the chain entry's are IFS ones.
  bool AllIfs() const;
};

// Its Name(), for GoogleTest's reports.
std::ostream& operator<<(std::ostream& out, const ChainConfig& config);

// The configurations a layer of that kind is gated in (15 for a non-IFS layer, 9 for an IFS one).
std::vector<ChainConfig> AllChainConfigs(bool ifs_layer = false);

// Catalog entry ids of a chain's parts: the base, each layer's own entry, and the chain entry.
inline constexpr uint32_t kBaseId = 1001;
inline constexpr uint32_t kChainId = 3001;
uint32_t LayerId(size_t position);  // the layer at `position` (2001, 2002, ...)

// A catalog of one chain entry (kChainId) of `layers` (the top first, LayerId(i) each) over a base
// (kBaseId), IFS or not: what a harness chain and a scenario's chain (Scenario::chain) are made of.
sim::spi::Catalog CatalogOfLayers(const std::vector<LayerImplementation>& layers, bool base_ifs);

// The catalog of `config`: the layer under test made by `under_test`, the others by
// ReferenceLayer (IfsReferenceLayer in a chain of IFS layers).
sim::spi::Catalog CatalogFor(const ChainConfig& config, const sim::spi::LayerFactory& under_test);

// The conforming layer of each kind (reference_layer.h, ifs_reference_layer.h).
LayerImplementation ReferenceLayerOfKind(bool ifs);

// The chain entry and the base entry of a catalog of `layers` layers. The chain's handles are IFS
// ones only when every provider in it hands up IFS handles.
sim::spi::ProtocolInfo ChainEntry(size_t layers, bool base_ifs, bool ifs_layers = false);
sim::spi::ProtocolInfo BaseEntry(bool base_ifs);
inline sim::spi::ProtocolInfo ChainEntry(const ChainConfig& config) {
  return ChainEntry(config.layers, config.base_ifs, config.AllIfs());
}
inline sim::spi::ProtocolInfo BaseEntry(const ChainConfig& config) { return BaseEntry(config.base_ifs); }

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_CHAIN_CONFIG_H_
