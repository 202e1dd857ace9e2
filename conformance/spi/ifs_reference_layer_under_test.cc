// The IFS reference layer as the layer under test: the suite's proof that a conforming IFS layer
// passes in the chains an IFS layer is gated in.
#include "conformance/spi/chain_config.h"
#include "conformance/spi/layer_under_test.h"

namespace wsdup::conformance::spi {

LayerImplementation LayerUnderTest() { return ReferenceLayerOfKind(/*ifs=*/true); }

}  // namespace wsdup::conformance::spi
