#include "sim/spi/ws2_dispatch.h"

#include <set>
#include <utility>

namespace wsdup::sim::spi {

// One process's ws2_32: its upcalls (the descriptors providers registered) and the provider
// instances it loaded, keyed by the entry that names each provider (a base's or a layer's own).
class Ws2Dispatch::Process : public ProviderLoader {
 public:
  Process(World* world, Pid pid, const Catalog* catalog) : world_(world), pid_(pid), catalog_(catalog) {}

  const ProtocolInfo* Entry(uint32_t id) const override {
    for (const ProtocolInfo& base : catalog_->bases) {
      if (base.catalog_entry_id == id) return &base;
    }
    for (const LayerEntry& layer : catalog_->layers) {
      if (layer.own.catalog_entry_id == id) return &layer.own;
    }
    for (const ProtocolInfo& chain : catalog_->chains) {
      if (chain.catalog_entry_id == id) return &chain;
    }
    return nullptr;
  }

  ServiceProvider* Load(uint32_t id) override {
    const ProtocolInfo* entry = Entry(id);
    if (entry == nullptr) return nullptr;
    if (entry->Kind() == EntryKind::kChain) return entry->chain.length == 0 ? nullptr : Load(entry->chain.entries[0]);
    if (const auto loaded = instances_.find(id); loaded != instances_.end()) return loaded->second.get();
    std::unique_ptr<ServiceProvider> made;
    if (entry->Kind() == EntryKind::kBase) {
      made = std::make_unique<ModelBaseProvider>(world_, pid_, *entry, &upcalls_);
    } else {
      for (const LayerEntry& layer : catalog_->layers) {
        if (layer.own.catalog_entry_id == id) made = layer.make(layer.own, this, &upcalls_);
      }
    }
    ServiceProvider* provider = made.get();
    instances_.emplace(id, std::move(made));
    return provider;
  }

  ModelUpcalls upcalls_;
  std::set<uint32_t> started_;  // entries ws2_32 has called WSPStartup for, at the top

 private:
  World* world_;
  Pid pid_;
  const Catalog* catalog_;
  std::map<uint32_t, std::unique_ptr<ServiceProvider>> instances_;
};

Ws2Dispatch::Ws2Dispatch(World* world, Catalog catalog) : world_(world), catalog_(std::move(catalog)) {}
Ws2Dispatch::~Ws2Dispatch() = default;

Ws2Dispatch::Process& Ws2Dispatch::ProcessFor(Pid pid) {
  auto& process = processes_[pid];
  if (!process) process = std::make_unique<Process>(world_, pid, &catalog_);
  return *process;
}

ModelUpcalls& Ws2Dispatch::UpcallsOf(Pid pid) { return ProcessFor(pid).upcalls_; }

std::optional<uint32_t> Ws2Dispatch::EntryOf(Pid pid, SocketHandle socket) {
  return ProcessFor(pid).upcalls_.EntryOf(socket);
}

ServiceProvider* Ws2Dispatch::Started(Pid pid, uint32_t id, WsaError* error) {
  Process& process = ProcessFor(pid);
  const ProtocolInfo* entry = process.Entry(id);
  ServiceProvider* provider = process.Load(id);
  if (entry == nullptr || provider == nullptr) {
    *error = WsaError::kInvalidArgument;  // no provider for that entry (WSAEPROTONOSUPPORT and kin)
    return nullptr;
  }
  if (process.started_.insert(id).second && provider->Startup(*entry, error) != 0) {
    process.started_.erase(id);
    return nullptr;
  }
  return provider;
}

SocketHandle Ws2Dispatch::Socket(Pid pid, uint32_t entry, uint32_t flags, WsaError* error, int socket_type) {
  ServiceProvider* provider = Started(pid, entry, error);
  if (provider == nullptr) return kInvalidSocketHandle;
  const ProtocolInfo info = *ProcessFor(pid).Entry(entry);
  return provider->Socket(info.address_family, socket_type != 0 ? socket_type : info.socket_type, info.protocol, &info,
                          flags, error);
}

ServiceProvider* Ws2Dispatch::StartedFor(Pid pid, SocketHandle socket, uint32_t* entry, WsaError* error) {
  const std::optional<uint32_t> registered = EntryOf(pid, socket);
  if (!registered) {
    *error = WsaError::kNotSocket;
    return nullptr;
  }
  *entry = *registered;
  return Started(pid, *registered, error);
}

int Ws2Dispatch::Duplicate(Pid pid, SocketHandle socket, Pid target, ProtocolInfo* info, WsaError* error) {
  uint32_t entry = 0;
  ServiceProvider* provider = StartedFor(pid, socket, &entry, error);
  if (provider == nullptr) return kSocketError;
  // The buffer arrives holding the descriptor's entry: what a layer passes on (SPI-6) or replaces
  // with its base's (SPI-7) on the way down.
  *info = *ProcessFor(pid).Entry(entry);
  return provider->DuplicateSocket(socket, target, info, error);
}

SocketHandle Ws2Dispatch::Import(Pid pid, const ProtocolInfo& info, uint32_t flags, WsaError* error) {
  ServiceProvider* provider = Started(pid, info.catalog_entry_id, error);
  if (provider == nullptr) return kInvalidSocketHandle;
  return provider->Socket(info.address_family, info.socket_type, info.protocol, &info, flags, error);
}

int Ws2Dispatch::Close(Pid pid, SocketHandle socket, WsaError* error) {
  uint32_t entry = 0;
  ServiceProvider* provider = StartedFor(pid, socket, &entry, error);
  if (provider == nullptr) return kSocketError;
  if (provider->CloseSocket(socket, error) != 0) return kSocketError;
  ProcessFor(pid).upcalls_.Forget(socket);
  return 0;
}

int Ws2Dispatch::AddressToString(Pid pid, uint32_t entry, const Address& address, std::string* text, WsaError* error) {
  ServiceProvider* provider = Started(pid, entry, error);
  if (provider == nullptr) return kSocketError;
  const ProtocolInfo info = *ProcessFor(pid).Entry(entry);
  return provider->AddressToString(address, &info, text, error);
}

int Ws2Dispatch::StringToAddress(Pid pid, uint32_t entry, std::string_view text, Address* address, WsaError* error) {
  ServiceProvider* provider = Started(pid, entry, error);
  if (provider == nullptr) return kSocketError;
  const ProtocolInfo info = *ProcessFor(pid).Entry(entry);
  return provider->StringToAddress(text, info.address_family, &info, address, error);
}

}  // namespace wsdup::sim::spi
