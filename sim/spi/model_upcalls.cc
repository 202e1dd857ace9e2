#include "sim/spi/model_upcalls.h"

namespace wsdup::sim::spi {

SocketHandle ModelUpcalls::CreateSocketHandle(uint32_t catalog_entry_id, uint64_t context, WsaError* error) {
  calls_.push_back(Call{Kind::kCreateSocketHandle, catalog_entry_id, context});
  (void)error;  // the model never runs out of descriptors here
  const SocketHandle made = next_made_;
  next_made_ += 4;  // descriptors are multiples of 4, as Windows hands handles out
  registered_[made] = Registered{catalog_entry_id, context};
  return made;
}

SocketHandle ModelUpcalls::ModifyIFSHandle(uint32_t catalog_entry_id, SocketHandle handle, WsaError* error) {
  calls_.push_back(Call{Kind::kModifyIFSHandle, catalog_entry_id, handle});
  if (handle == kInvalidSocketHandle || (handle & kMadeTag) != 0) {
    *error = WsaError::kInvalidArgument;  // not a handle the provider could have made
    return kInvalidSocketHandle;
  }
  registered_[handle] = Registered{catalog_entry_id, std::nullopt};
  return handle;
}

int ModelUpcalls::QuerySocketHandleContext(SocketHandle socket, uint64_t* context, WsaError* error) {
  calls_.push_back(Call{Kind::kQueryContext, 0, socket});
  const auto found = registered_.find(socket);
  if (found == registered_.end() || !found->second.context) {
    *error = WsaError::kNotSocket;
    return kSocketError;
  }
  *context = *found->second.context;
  return 0;
}

int ModelUpcalls::CloseSocketHandle(SocketHandle socket, WsaError* error) {
  calls_.push_back(Call{Kind::kCloseSocketHandle, 0, socket});
  const auto found = registered_.find(socket);
  if (found == registered_.end() || !found->second.context) {
    *error = WsaError::kNotSocket;
    return kSocketError;
  }
  registered_.erase(found);
  return 0;
}

void ModelUpcalls::SetLastError(WsaError error) { calls_.push_back(Call{Kind::kSetLastError, 0, 0, error}); }

std::optional<uint32_t> ModelUpcalls::EntryOf(SocketHandle socket) const {
  const auto found = registered_.find(socket);
  if (found == registered_.end()) return std::nullopt;
  return found->second.catalog_entry_id;
}

bool ModelUpcalls::MadeByUpcall(SocketHandle socket) const {
  const auto found = registered_.find(socket);
  return found != registered_.end() && found->second.context.has_value();
}

}  // namespace wsdup::sim::spi
