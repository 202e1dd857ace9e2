#include "sim/spi/model_base_provider.h"

#include <cstdio>

namespace wsdup::sim::spi {
namespace {

int Fail(WsaError code, WsaError* error) {
  *error = code;
  return kSocketError;
}

}  // namespace

uint64_t ReservedForBlob(BlobId blob) { return blob + 1; }
BlobId BlobOfReserved(uint64_t reserved) { return reserved - 1; }

ModelBaseProvider::ModelBaseProvider(World* world, Pid pid, const ProtocolInfo& entry, Upcalls* upcalls)
    : world_(world), pid_(pid), entry_(entry), upcalls_(upcalls) {}

bool ModelBaseProvider::IsOwnEntry(const ProtocolInfo* info, WsaError* error) const {
  if (info == nullptr || info->catalog_entry_id != entry_.catalog_entry_id || info->Kind() != EntryKind::kBase) {
    *error = WsaError::kInvalidArgument;
    return false;
  }
  return true;
}

bool ModelBaseProvider::ModelHandleOf(SocketHandle socket, Handle* handle, WsaError* error) {
  if (entry_.ifs_handles) {
    *handle = socket;  // an IFS descriptor is the provider's own handle
    return true;
  }
  uint64_t context = 0;
  if (upcalls_->QuerySocketHandleContext(socket, &context, error) != 0) return false;
  *handle = context;
  return true;
}

// WSPStartup is ws2_32 loading the provider for a process that has called WSAStartup (the
// application's World::Startup); the provider itself only checks what it is started for.
int ModelBaseProvider::Startup(const ProtocolInfo& info, WsaError* error) {
  return IsOwnEntry(&info, error) ? 0 : kSocketError;
}

SocketHandle ModelBaseProvider::Socket(int family, int type, int protocol, const ProtocolInfo* info, uint32_t flags,
                                       WsaError* error) {
  (void)protocol;
  if (info != nullptr && !IsOwnEntry(info, error)) return kInvalidSocketHandle;
  Outcome<Handle> made{WsaError::kNone};
  if (info != nullptr && info->provider_reserved != 0) {
    // FROM_PROTOCOL_INFO: the structure WSPDuplicateSocket made (SPI-3, SPI-4).
    made = world_->FromBlob(pid_, BlobOfReserved(info->provider_reserved), Variant::kW, flags);
  } else {
    if (family != kAfInet || (type != kSockStream && type != kSockDgram)) {
      Fail(WsaError::kInvalidArgument, error);
      return kInvalidSocketHandle;
    }
    made =
        world_->Socket(pid_, type == kSockStream ? SockType::kStream : SockType::kDgram, CreateApi::kWSASocketW, flags);
  }
  if (!made.ok()) {
    Fail(made.error, error);
    return kInvalidSocketHandle;
  }
  // SPI-5: the descriptor is made through the upcall that fits the provider.
  const SocketHandle descriptor = entry_.ifs_handles
                                      ? upcalls_->ModifyIFSHandle(entry_.catalog_entry_id, made.value(), error)
                                      : upcalls_->CreateSocketHandle(entry_.catalog_entry_id, made.value(), error);
  if (descriptor == kInvalidSocketHandle) world_->CloseSocket(pid_, made.value());
  return descriptor;
}

int ModelBaseProvider::DuplicateSocket(SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) {
  // ws2_32 refuses a NULL lpProtocolInfo with WSAEFAULT before a provider is
  // reached (SPI-2); one that gets here anyway is an invalid argument at this
  // level.
  if (info == nullptr) return Fail(WsaError::kInvalidArgument, error);
  Handle handle = kInvalidSocket;
  if (!ModelHandleOf(socket, &handle, error)) return kSocketError;
  DuplicateArgs args;
  args.target = target;
  args.variant = Variant::kW;
  const Outcome<BlobId> blob = world_->Duplicate(pid_, handle, args);
  if (!blob.ok()) return Fail(blob.error, error);
  // SPI-3, SPI-4: the base's own entry, recognised by its WSPSocket in the
  // target through the context it keeps in provider_reserved.
  *info = entry_;
  info->provider_reserved = ReservedForBlob(blob.value());
  return 0;
}

int ModelBaseProvider::CloseSocket(SocketHandle socket, WsaError* error) {
  Handle handle = kInvalidSocket;
  if (!ModelHandleOf(socket, &handle, error)) return kSocketError;
  const WsaError closed = world_->CloseSocket(pid_, handle);
  if (closed != WsaError::kNone) return Fail(closed, error);
  if (!entry_.ifs_handles) return upcalls_->CloseSocketHandle(socket, error);
  return 0;
}

int ModelBaseProvider::AddressToString(const Address& address, const ProtocolInfo* info, std::string* text,
                                       WsaError* error) {
  if (!IsOwnEntry(info, error)) return kSocketError;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u:%u", (address.ipv4 >> 24) & 0xFF, (address.ipv4 >> 16) & 0xFF,
                (address.ipv4 >> 8) & 0xFF, address.ipv4 & 0xFF, address.port);
  *text = buffer;
  return 0;
}

int ModelBaseProvider::StringToAddress(std::string_view text, int family, const ProtocolInfo* info, Address* address,
                                       WsaError* error) {
  if (!IsOwnEntry(info, error)) return kSocketError;
  if (family != kAfInet) return Fail(WsaError::kInvalidArgument, error);
  unsigned parts[5] = {};
  char tail = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%u.%u.%u.%u:%u%c", &parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &tail) !=
      5) {
    return Fail(WsaError::kInvalidArgument, error);
  }
  for (int i = 0; i < 4; ++i) {
    if (parts[i] > 255) return Fail(WsaError::kInvalidArgument, error);
  }
  if (parts[4] > 65535) return Fail(WsaError::kInvalidArgument, error);
  address->ipv4 = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3];
  address->port = static_cast<uint16_t>(parts[4]);
  return 0;
}

}  // namespace wsdup::sim::spi
