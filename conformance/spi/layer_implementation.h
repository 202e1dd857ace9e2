// A layered provider as the harness and a scenario's chain take it: how to make its instance for
// one process, and which descriptors it hands up, since that decides the chains it can be put in
// and what the harness expects of it (SPI-5, SPI-12).
#ifndef WSDUP_CONFORMANCE_SPI_LAYER_IMPLEMENTATION_H_
#define WSDUP_CONFORMANCE_SPI_LAYER_IMPLEMENTATION_H_

#include "sim/spi/ws2_dispatch.h"

namespace wsdup::conformance::spi {

struct LayerImplementation {
  sim::spi::LayerFactory make;
  // False: a non-IFS layer, whose descriptors ws2_32 makes (WPUCreateSocketHandle). True: an IFS
  // layer, handing up the provider below's IFS handles as its own (WPUModifyIFSHandle); it is put
  // only over IFS providers.
  bool ifs = false;
};

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_LAYER_IMPLEMENTATION_H_
