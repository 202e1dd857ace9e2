// What a provider author supplies to gate a layer (docs/spi.md): one function, defined in the
// author's own library, that says how to make the layer's instance for one process and whether it
// is an IFS layer. The wsdup_spi_check macro (defs.bzl) links it with the conformance suite
// (layer_suite.cc).
#ifndef WSDUP_CONFORMANCE_SPI_LAYER_UNDER_TEST_H_
#define WSDUP_CONFORMANCE_SPI_LAYER_UNDER_TEST_H_

#include "conformance/spi/layer_implementation.h"

namespace wsdup::conformance::spi {

LayerImplementation LayerUnderTest();

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_LAYER_UNDER_TEST_H_
