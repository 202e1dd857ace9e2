// Layers that each break one SPI rule the way real layered providers have: built only for tests,
// which prove the harness rejects each with a message naming the rule (layer_conformance_test).
#ifndef WSDUP_CONFORMANCE_SPI_BROKEN_LAYERS_H_
#define WSDUP_CONFORMANCE_SPI_BROKEN_LAYERS_H_

#include <string>
#include <vector>

#include "conformance/spi/layer_implementation.h"

namespace wsdup::conformance::spi {

struct BrokenLayer {
  std::string id;    // the name a scenario's chain gives it (RegisterBrokenLayers)
  std::string name;  // what it does wrong
  std::string rule;  // the rule it breaks
  LayerImplementation layer;
};

std::vector<BrokenLayer> BrokenLayers();
// Makes each nameable in a scenario's chain (layer_registry.h) by its id.
void RegisterBrokenLayers();

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_BROKEN_LAYERS_H_
