#include "conformance/spi/ifs_reference_layer.h"

namespace wsdup::conformance::spi {

using sim::spi::kInvalidSocketHandle;

SocketHandle IfsReferenceLayer::Wrap(SocketHandle lower, WsaError* error) {
  WsaError code = WsaError::kNone;
  const SocketHandle mine = upcalls_->ModifyIFSHandle(chain_.catalog_entry_id, lower, &code);
  if (mine == kInvalidSocketHandle) Report(code, error);  // SPI-1: the layer's own failure too
  return mine;
}

bool IfsReferenceLayer::Unwrap(SocketHandle socket, SocketHandle* lower, WsaError*) {
  *lower = socket;
  return true;
}

int IfsReferenceLayer::Release(SocketHandle, WsaError*) { return 0; }

}  // namespace wsdup::conformance::spi
