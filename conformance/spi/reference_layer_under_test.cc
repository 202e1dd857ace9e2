// The reference layer as the layer under test: the suite's own proof that a conforming layer passes.
#include "conformance/spi/broken_layers.h"
#include "conformance/spi/layer_under_test.h"

namespace wsdup::conformance::spi {

sim::spi::LayerFactory LayerUnderTest() { return ReferenceLayerFactory(); }

}  // namespace wsdup::conformance::spi
