// Layers a scenario can name in its chain (Scenario::chain, docs/spi.md): "reference" always; tests
// add the broken ones (broken_layers.h, RegisterBrokenLayers) to show rows failing through them.
#ifndef WSDUP_CONFORMANCE_SPI_LAYER_REGISTRY_H_
#define WSDUP_CONFORMANCE_SPI_LAYER_REGISTRY_H_

#include <string>
#include <vector>

#include "sim/spi/ws2_dispatch.h"

namespace wsdup::conformance::spi {

// The layer named `name`; nullptr when none is registered.
const sim::spi::LayerFactory* FindLayer(const std::string& name);
void RegisterLayer(const std::string& name, sim::spi::LayerFactory make);
std::vector<std::string> LayerNames();

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_LAYER_REGISTRY_H_
