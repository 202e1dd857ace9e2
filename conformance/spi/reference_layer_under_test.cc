// The reference layer as the layer under test: the suite's own proof that a conforming layer passes.
#include "conformance/spi/chain_config.h"
#include "conformance/spi/layer_under_test.h"

namespace wsdup::conformance::spi {

LayerImplementation LayerUnderTest() { return ReferenceLayerOfKind(/*ifs=*/false); }

}  // namespace wsdup::conformance::spi
