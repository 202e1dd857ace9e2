// Layers that each break one SPI rule the way real layered providers have: built only for tests,
// which prove the harness rejects each with a message naming the rule (layer_conformance_test).
#ifndef WSDUP_CONFORMANCE_SPI_BROKEN_LAYERS_H_
#define WSDUP_CONFORMANCE_SPI_BROKEN_LAYERS_H_

#include <string>
#include <vector>

#include "sim/spi/ws2_dispatch.h"

namespace wsdup::conformance::spi {

struct BrokenLayer {
  std::string id;    // the name a scenario's chain gives it (RegisterBrokenLayers)
  std::string name;  // what it does wrong
  std::string rule;  // the rule it breaks
  sim::spi::LayerFactory make;
};

std::vector<BrokenLayer> BrokenLayers();
// Makes each nameable in a scenario's chain (layer_registry.h) by its id.
void RegisterBrokenLayers();

// The conforming layer (reference_layer.h) as a factory.
sim::spi::LayerFactory ReferenceLayerFactory();

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_BROKEN_LAYERS_H_
