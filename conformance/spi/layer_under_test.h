// What a provider author supplies to gate a layer (docs/spi.md): one function, defined in the
// author's own library, that makes the layer's instance for one process. The wsdup_spi_check macro
// (defs.bzl) links it with the conformance suite (layer_suite.cc).
#ifndef WSDUP_CONFORMANCE_SPI_LAYER_UNDER_TEST_H_
#define WSDUP_CONFORMANCE_SPI_LAYER_UNDER_TEST_H_

#include "sim/spi/ws2_dispatch.h"

namespace wsdup::conformance::spi {

sim::spi::LayerFactory LayerUnderTest();

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_LAYER_UNDER_TEST_H_
