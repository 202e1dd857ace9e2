// A layered provider that keeps every SPI rule as an IFS layer: instead of having ws2_32 make a
// descriptor of its own (WPUCreateSocketHandle), it hands up the IFS handle of the provider below
// as its own, registered with WPUModifyIFSHandle under the chain's entry so that ws2_32 routes the
// handle's calls to it (SPI-12). It therefore works only over IFS providers: every provider below
// it must hand up real handles.
//
// Everything else is the reference layer's (reference_layer.h): what it passes down (SPI-6 to
// SPI-8), how the duplicate comes back through it (SPI-11) and how it reports failures (SPI-1). In
// WSPDuplicateSocket it passes its descriptor, the lower handle, down unchanged; in the target's
// WSPSocket it registers the handle the provider below made for the import, as for any new socket.
#ifndef WSDUP_CONFORMANCE_SPI_IFS_REFERENCE_LAYER_H_
#define WSDUP_CONFORMANCE_SPI_IFS_REFERENCE_LAYER_H_

#include "conformance/spi/reference_layer.h"

namespace wsdup::conformance::spi {

class IfsReferenceLayer : public ReferenceLayer {
 public:
  using ReferenceLayer::ReferenceLayer;

 protected:
  // SPI-5, SPI-12: the lower handle, registered for this layer's chain.
  SocketHandle Wrap(SocketHandle lower, WsaError* error) override;
  // The descriptor is the lower handle itself.
  bool Unwrap(SocketHandle socket, SocketHandle* lower, WsaError* error) override;
  // Nothing of its own to release: the provider below closed the handle.
  int Release(SocketHandle socket, WsaError* error) override;
};

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_IFS_REFERENCE_LAYER_H_
