// Layers a scenario can name in its chain (Scenario::chain, docs/spi.md): "reference" and
// "reference-ifs" always; tests add the broken ones (broken_layers.h, RegisterBrokenLayers) to show
// rows failing through them.
#ifndef WSDUP_CONFORMANCE_SPI_LAYER_REGISTRY_H_
#define WSDUP_CONFORMANCE_SPI_LAYER_REGISTRY_H_

#include <string>
#include <vector>

#include "conformance/spi/layer_implementation.h"

namespace wsdup::conformance::spi {

// The layer named `name`; nullptr when none is registered.
const LayerImplementation* FindLayer(const std::string& name);
void RegisterLayer(const std::string& name, LayerImplementation layer);
std::vector<std::string> LayerNames();

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_LAYER_REGISTRY_H_
