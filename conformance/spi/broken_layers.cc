#include "conformance/spi/broken_layers.h"

#include <memory>

#include "conformance/spi/ifs_reference_layer.h"
#include "conformance/spi/layer_registry.h"
#include "conformance/spi/reference_layer.h"

namespace wsdup::conformance::spi {
namespace {

using sim::spi::kInvalidSocketHandle;
using sim::spi::kSocketError;

// SPI-6: takes itself out of the chain before handing the structure to the next layer.
class ChainModifyingLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  ProtocolInfo Down(const ProtocolInfo& given) const override {
    if (next_is_base_ || given.chain.length < 2) return ReferenceLayer::Down(given);
    ProtocolInfo shortened = given;
    for (size_t i = 0; i + 1 < shortened.chain.length; ++i) shortened.chain.entries[i] = shortened.chain.entries[i + 1];
    --shortened.chain.length;
    return shortened;
  }
};

// SPI-7: hands the base the chain's structure instead of the base's own.
class NonSubstitutingLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  ProtocolInfo Down(const ProtocolInfo& given) const override { return given; }
};

// SPI-3: passes the lower structure up as it came, so the target's WSASocket goes straight to the
// provider below and the duplicate escapes the layer.
class EscapingLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  void RouteBack(ProtocolInfo*) const override {}
};

// SPI-4: routes the target back through itself but drops the lower provider's context.
class ReservedLosingLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  void RouteBack(ProtocolInfo* info) const override {
    ReferenceLayer::RouteBack(info);
    info->provider_reserved = 0;
  }
};

// SPI-1: reports failures with WSASetLastError and leaves *lpErrno alone.
class LastErrorLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  void Report(WsaError code, WsaError*) override { upcalls_->SetLastError(code); }
  SocketHandle Socket(int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags,
                      WsaError* error) override {
    WsaError code = WsaError::kNone;
    const SocketHandle made = ReferenceLayer::Socket(family, type, protocol, info, flags, &code);
    if (made == kInvalidSocketHandle) Report(code, error);
    return made;
  }
  int DuplicateSocket(SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) override {
    WsaError code = WsaError::kNone;
    if (ReferenceLayer::DuplicateSocket(socket, target, info, &code) == 0) return 0;
    Report(code, error);
    return kSocketError;
  }
};

// SPI-5: a non-IFS layer that leaves WSPDuplicateSocket unimplemented.
class NoDuplicateLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  int DuplicateSocket(SocketHandle, Pid, ProtocolInfo*, WsaError* error) override {
    *error = WsaError::kOperationNotSupported;
    return kSocketError;
  }
};

// SPI-5: a non-IFS layer that hands up the lower descriptor itself, not one ws2_32 made (calls on
// it then reach whichever provider registered that descriptor).
class OwnDescriptorLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  SocketHandle Wrap(SocketHandle lower, WsaError*) override { return lower; }
  int DuplicateSocket(SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) override {
    ProtocolInfo base = Down(*info);
    ProtocolInfo* down = next_is_base_ ? &base : info;
    if (next_->DuplicateSocket(socket, target, down, error) != 0) return kSocketError;
    if (next_is_base_) *info = base;
    RouteBack(info);
    return 0;
  }
  int CloseSocket(SocketHandle socket, WsaError* error) override { return next_->CloseSocket(socket, error); }
};

// SPI-1: when ws2_32 cannot make its descriptor, fails without a code (it passes the upcall a
// scratch code and never reports it), so a failure of its own reaches the application as nothing.
class OwnErrorLosingLayer : public ReferenceLayer {
  using ReferenceLayer::ReferenceLayer;
  SocketHandle Wrap(SocketHandle lower, WsaError*) override {
    WsaError scratch = WsaError::kNone;
    return upcalls_->CreateSocketHandle(chain_.catalog_entry_id, lower, &scratch);
  }
};

// SPI-12: an IFS layer that hands up the lower handle without registering it with
// WPUModifyIFSHandle, so ws2_32 routes the handle's calls past it to the provider below.
class UnregisteredIfsLayer : public IfsReferenceLayer {
  using IfsReferenceLayer::IfsReferenceLayer;
  SocketHandle Wrap(SocketHandle lower, WsaError*) override { return lower; }
};

template <typename Layer>
LayerImplementation Of(bool ifs = false) {
  return {[](const ProtocolInfo& own, ProviderLoader* loader, Upcalls* upcalls) {
            return std::make_unique<Layer>(own, loader, upcalls);
          },
          ifs};
}

}  // namespace

void RegisterBrokenLayers() {
  for (const BrokenLayer& broken : BrokenLayers()) RegisterLayer(broken.id, broken.layer);
}

std::vector<BrokenLayer> BrokenLayers() {
  return {
      {"modifies-chain", "modifies the chain information it passes a next layer", "SPI-6", Of<ChainModifyingLayer>()},
      {"no-substitution", "passes the base the chain's structure, not the base's own", "SPI-7",
       Of<NonSubstitutingLayer>()},
      {"escaping", "lets the duplicate escape the layer (passes the lower structure up unchanged)", "SPI-3",
       Of<EscapingLayer>()},
      {"loses-reserved", "loses the lower provider's dwProviderReserved", "SPI-4", Of<ReservedLosingLayer>()},
      {"last-error", "reports errors with WSASetLastError, not *lpErrno", "SPI-1", Of<LastErrorLayer>()},
      {"loses-own-error", "fails without a code when ws2_32 cannot make its descriptor", "SPI-1",
       Of<OwnErrorLosingLayer>()},
      {"no-duplicate", "a non-IFS layer without WSPDuplicateSocket", "SPI-5", Of<NoDuplicateLayer>()},
      {"own-descriptor", "a non-IFS layer that hands up the lower descriptor, not one ws2_32 made", "SPI-5",
       Of<OwnDescriptorLayer>()},
      {"ifs-unregistered", "an IFS layer that hands up the lower handle without WPUModifyIFSHandle", "SPI-12",
       Of<UnregisteredIfsLayer>(true)},
  };
}

}  // namespace wsdup::conformance::spi
