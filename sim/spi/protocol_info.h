// The provider-side view of a Winsock catalog entry (WSAPROTOCOL_INFO as
// service providers see it): what the SPI rules SPI-3 to SPI-8 (spec/rules.md)
// are about. Only the members those rules name or a layer must route by are
// modelled; the rest of the structure carries nothing a rule decides.
#ifndef WSDUP_SIM_SPI_PROTOCOL_INFO_H_
#define WSDUP_SIM_SPI_PROTOCOL_INFO_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include "sim/types.h"

namespace wsdup::sim::spi {

// A protocol chain as WSAPROTOCOL_INFO carries it: entries are catalog entry
// ids, layers first (the top one at 0) and the base provider last. Length 0
// marks the entry of a layered protocol itself (a layer's own catalog entry),
// length 1 a base protocol, 2 and more a chain.
inline constexpr size_t kMaxChainLength = 7;  // MAX_PROTOCOL_CHAIN

// The numbers WSAPROTOCOL_INFO and WSPSocket carry for the one protocol modelled here.
inline constexpr int kAfInet = 2;       // AF_INET
inline constexpr int kAfInet6 = 23;     // AF_INET6 (Windows' value: the model's own catalog has no entry for it)
inline constexpr int kSockStream = 1;   // SOCK_STREAM
inline constexpr int kSockDgram = 2;    // SOCK_DGRAM
inline constexpr int kIpProtoTcp = 6;   // IPPROTO_TCP
inline constexpr int kIpProtoUdp = 17;  // IPPROTO_UDP

// The type and protocol numbers of a model socket of `type`.
constexpr int SocketTypeNumber(SockType type) { return type == SockType::kStream ? kSockStream : kSockDgram; }
constexpr int ProtocolNumber(SockType type) { return type == SockType::kStream ? kIpProtoTcp : kIpProtoUdp; }

struct ProtocolChain {
  size_t length = 1;
  std::array<uint32_t, kMaxChainLength> entries{};

  bool operator==(const ProtocolChain& other) const;
  bool operator!=(const ProtocolChain& other) const { return !(*this == other); }
};

enum class EntryKind { kLayer, kBase, kChain };

struct ProtocolInfo {
  uint32_t catalog_entry_id = 0;
  ProtocolChain chain;
  int address_family = kAfInet;
  int socket_type = kSockStream;
  int protocol = kIpProtoTcp;
  // XP1_IFS_HANDLES: the provider's descriptors are installable file system
  // handles (SPI-5).
  bool ifs_handles = true;
  // dwProviderReserved: the provider's own context, carried from
  // WSPDuplicateSocket in the source to WSPSocket in the target (SPI-4). Zero
  // in a catalog entry.
  uint64_t provider_reserved = 0;

  EntryKind Kind() const;
  bool operator==(const ProtocolInfo& other) const;
  bool operator!=(const ProtocolInfo& other) const { return !(*this == other); }
};

// A base provider's own catalog entry (chain length 1, naming itself).
ProtocolInfo BaseProtocolEntry(uint32_t id, bool ifs_handles);

// "entry 3001 (chain 2001>1001, IFS)": how messages name an info.
std::string Describe(const ProtocolInfo& info);
// The same, for GoogleTest's and GoogleMock's messages.
std::ostream& operator<<(std::ostream& out, const ProtocolInfo& info);

}  // namespace wsdup::sim::spi

#endif  // WSDUP_SIM_SPI_PROTOCOL_INFO_H_
