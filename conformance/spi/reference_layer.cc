#include "conformance/spi/reference_layer.h"

namespace wsdup::conformance::spi {

using sim::spi::kInvalidSocketHandle;
using sim::spi::kSocketError;

ReferenceLayer::ReferenceLayer(const ProtocolInfo& own, ProviderLoader* loader, Upcalls* upcalls)
    : own_(own), loader_(loader), upcalls_(upcalls) {}

void ReferenceLayer::Report(WsaError code, WsaError* error) { *error = code; }

int ReferenceLayer::Startup(const ProtocolInfo& info, WsaError* error) {
  // Its place in the chain it is started for: the next entry is the provider below it.
  size_t at = info.chain.length;
  for (size_t i = 0; i + 1 < info.chain.length && i < sim::spi::kMaxChainLength; ++i) {
    if (info.chain.entries[i] == own_.catalog_entry_id) at = i;
  }
  const bool a_chain = info.chain.length >= 2 && info.chain.length <= sim::spi::kMaxChainLength;
  const ProtocolInfo* base = a_chain ? loader_->Entry(info.chain.entries[info.chain.length - 1]) : nullptr;
  if (at == info.chain.length || base == nullptr) {
    Report(WsaError::kInvalidArgument, error);  // started for a chain it is not in
    return kSocketError;
  }
  // The structure must be the catalog's entry of that id: the layers above pass it unmodified
  // (SPI-6), and a layer that finds its place and its next provider in a structure no catalog
  // holds could be serving a chain nobody installed.
  const ProtocolInfo* listed = loader_->Entry(info.catalog_entry_id);
  if (listed == nullptr || listed->chain != info.chain) {
    Report(WsaError::kInvalidArgument, error);
    return kSocketError;
  }
  chain_ = info;
  base_ = *base;
  next_is_base_ = at + 2 == info.chain.length;
  next_ = loader_->Load(info.chain.entries[at + 1]);
  if (next_ == nullptr) {
    Report(WsaError::kInvalidArgument, error);
    return kSocketError;
  }
  const ProtocolInfo down = Down(info);
  return next_->Startup(down, error);  // the lower code, unchanged
}

ProtocolInfo ReferenceLayer::Down(const ProtocolInfo& given) const {
  if (!next_is_base_) return given;                  // SPI-6: unmodified, chain and all
  ProtocolInfo base = base_;                         // SPI-7: the base's own entry
  base.provider_reserved = given.provider_reserved;  // SPI-4: the base's context, if any
  return base;
}

void ReferenceLayer::RouteBack(ProtocolInfo* info) const {
  const uint64_t reserved = info->provider_reserved;
  *info = chain_;
  info->provider_reserved = reserved;
}

SocketHandle ReferenceLayer::Wrap(SocketHandle lower, WsaError* error) {
  WsaError code = WsaError::kNone;
  const SocketHandle mine = upcalls_->CreateSocketHandle(chain_.catalog_entry_id, lower, &code);
  if (mine == kInvalidSocketHandle) Report(code, error);  // SPI-1: the layer's own failure too
  return mine;
}

bool ReferenceLayer::Unwrap(SocketHandle socket, SocketHandle* lower, WsaError* error) {
  uint64_t context = 0;
  WsaError code = WsaError::kNone;
  if (upcalls_->QuerySocketHandleContext(socket, &context, &code) != 0) {
    Report(code, error);
    return false;
  }
  *lower = context;
  return true;
}

SocketHandle ReferenceLayer::Socket(int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags,
                                    WsaError* error) {
  ProtocolInfo down;
  if (info != nullptr) down = Down(*info);
  const SocketHandle lower = next_->Socket(family, type, protocol, info != nullptr ? &down : nullptr, flags, error);
  if (lower == kInvalidSocketHandle) return kInvalidSocketHandle;
  const SocketHandle mine = Wrap(lower, error);
  if (mine == kInvalidSocketHandle) {
    WsaError ignored = WsaError::kNone;
    next_->CloseSocket(lower, &ignored);
  }
  return mine;
}

int ReferenceLayer::DuplicateSocket(SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) {
  SocketHandle lower = kInvalidSocketHandle;
  if (!Unwrap(socket, &lower, error)) return kSocketError;
  if (!next_is_base_) {
    if (next_->DuplicateSocket(lower, target, info, error) != 0) return kSocketError;  // SPI-6: as given
  } else {
    ProtocolInfo base = Down(*info);  // SPI-7
    if (next_->DuplicateSocket(lower, target, &base, error) != 0) return kSocketError;
    *info = base;
  }
  RouteBack(info);
  return 0;
}

int ReferenceLayer::CloseSocket(SocketHandle socket, WsaError* error) {
  SocketHandle lower = kInvalidSocketHandle;
  if (!Unwrap(socket, &lower, error)) return kSocketError;
  if (next_->CloseSocket(lower, error) != 0) return kSocketError;
  return Release(socket, error);
}

int ReferenceLayer::Release(SocketHandle socket, WsaError* error) {
  WsaError code = WsaError::kNone;
  if (upcalls_->CloseSocketHandle(socket, &code) == 0) return 0;
  Report(code, error);
  return kSocketError;
}

int ReferenceLayer::AddressToString(const Address& address, const ProtocolInfo* info, std::string* text,
                                    WsaError* error) {
  ProtocolInfo down;
  if (info != nullptr) down = Down(*info);
  return next_->AddressToString(address, info != nullptr ? &down : nullptr, text, error);
}

int ReferenceLayer::StringToAddress(std::string_view text, int family, const ProtocolInfo* info, Address* address,
                                    WsaError* error) {
  ProtocolInfo down;
  if (info != nullptr) down = Down(*info);
  return next_->StringToAddress(text, family, info != nullptr ? &down : nullptr, address, error);
}

}  // namespace wsdup::conformance::spi
