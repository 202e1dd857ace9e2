#include "sim/spi/protocol_info.h"

#include <algorithm>

namespace wsdup::sim::spi {

bool ProtocolChain::operator==(const ProtocolChain& other) const {
  return length == other.length &&
         std::equal(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(std::min(length, kMaxChainLength)),
                    other.entries.begin());
}

EntryKind ProtocolInfo::Kind() const {
  if (chain.length == 0) return EntryKind::kLayer;
  return chain.length == 1 ? EntryKind::kBase : EntryKind::kChain;
}

bool ProtocolInfo::operator==(const ProtocolInfo& other) const {
  return catalog_entry_id == other.catalog_entry_id && chain == other.chain && address_family == other.address_family &&
         socket_type == other.socket_type && protocol == other.protocol && ifs_handles == other.ifs_handles &&
         provider_reserved == other.provider_reserved;
}

ProtocolInfo BaseProtocolEntry(uint32_t id, bool ifs_handles) {
  ProtocolInfo base;
  base.catalog_entry_id = id;
  base.chain.length = 1;
  base.chain.entries[0] = id;
  base.ifs_handles = ifs_handles;
  return base;
}

std::string Describe(const ProtocolInfo& info) {
  std::string text = "entry " + std::to_string(info.catalog_entry_id);
  switch (info.Kind()) {
    case EntryKind::kLayer: return text + " (a layer's own entry)";
    case EntryKind::kBase: text += " (base"; break;
    case EntryKind::kChain: text += " (chain"; break;
  }
  for (size_t i = 0; i < std::min(info.chain.length, kMaxChainLength); ++i) {
    text += (i == 0 ? " " : ">") + std::to_string(info.chain.entries[i]);
  }
  text += info.ifs_handles ? ", IFS" : ", non-IFS";
  if (info.provider_reserved != 0) text += ", reserved " + std::to_string(info.provider_reserved);
  return text + ")";
}

std::ostream& operator<<(std::ostream& out, const ProtocolInfo& info) { return out << Describe(info); }

}  // namespace wsdup::sim::spi
