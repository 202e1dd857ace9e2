// Vocabulary shared by the model and everything that drives it.
#ifndef WSDUP_SIM_TYPES_H_
#define WSDUP_SIM_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/vocabulary/net_events.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/vocabulary/socket_words.h"
#include "conformance/vocabulary/wsa_errors.h"

namespace wsdup::sim {

// The model speaks the shared vocabulary (conformance/vocabulary/): its errors, events and options
// are the ones steps name, so nothing translates between two spellings.
using vocabulary::WsaError;
using vocabulary::WsaErrorName;

// A process identifier as WSADuplicateSocket's dwProcessId sees it.
using Pid = uint32_t;
// A descriptor value as the process sees it (SOCKET).
using Handle = uint64_t;
// A blob as the model tracks it: slot index in the low 32 bits, slot generation in the high bits.
using BlobId = uint64_t;
using EventId = uint32_t;
using WindowId = uint32_t;
using PeerId = uint32_t;
// A socket's address (getsockname's name), numbered in the order addresses are taken; never reused.
using AddressId = uint32_t;
// A completion port (OVL-3), and an overlapped operation (OVL-1), numbered in the order they are
// made; never reused.
using PortId = uint32_t;
using AsyncId = uint32_t;
inline constexpr PortId kNoPort = ~PortId{0};

inline constexpr Handle kInvalidSocket = ~Handle{0};
// Stands for a failed or garbage WSAPROTOCOL_INFO: never importable.
inline constexpr BlobId kInvalidBlob = ~BlobId{0};
// Neither 0 nor a pid the model ever hands out: WSADuplicateSocket's "no such process". The
// number every backend uses (vocabulary/ops.h says why it names no process).
inline constexpr Pid kUnusedPid = static_cast<Pid>(vocabulary::kUnusedPid);
inline constexpr Pid kAllOnesPid = static_cast<Pid>(vocabulary::kAllOnesPid);
// The zero address (AF_INET, 0.0.0.0, port 0): what an address name holds when the getsockname
// that bound it failed, since the caller's zeroed buffer is left as it was (CONN-4).
inline constexpr AddressId kZeroAddress = ~AddressId{0};

enum class SockType { kStream, kDgram };
// A socket's address family (format 1.1 `family`): AF_INET or AF_INET6.
enum class Family { kInet, kInet6 };
// CONN-12: how a socket's address may be shared, by its options when it took the address.
enum class AddressSharing : uint8_t { kDefault, kReuse, kExclusive };
// shutdown's how: SD_RECEIVE, SD_SEND, SD_BOTH, as bits of what is shut.
enum ShutdownHow : uint8_t { kShutReceive = 1, kShutSend = 2, kShutBoth = 3 };
enum class CreateApi { kSocket, kWSASocketA, kWSASocketW };
enum class Variant { kA, kW };
// What WSASocket's af, type and protocol say when it imports a blob (BLOB-14): FROM_PROTOCOL_INFO
// each, zeros, or the structure's own family, type and protocol.
enum class ImportParams { kFromProtocolInfo, kZero, kBlobValues };

// WSASocket dwFlags bits the model distinguishes (Winsock's values, vocabulary/socket_words.h).
enum CreateFlag : uint32_t {
  kFlagOverlapped = 0x01,
  kFlagNoHandleInherit = 0x80,
};

// Network event bits (Winsock's FD_*), from the vocabulary.
using vocabulary::kAllNetEvents;
using vocabulary::kFdAccept;
using vocabulary::kFdClose;
using vocabulary::kFdConnect;
using vocabulary::kFdOob;
using vocabulary::kFdRead;
using vocabulary::kFdWrite;
using vocabulary::NetEvent;

// FD_* names of a mask, in bit order.
std::vector<std::string> NetEventNames(uint32_t mask);

enum class Fault { kNetDown, kNoBufs, kInProgress, kEMFile };
std::optional<Fault> FaultFromName(std::string_view name);

using vocabulary::Option;
using vocabulary::OptionLevel;
using vocabulary::kOptionCount;

// What the model does with each option of the vocabulary. Every one is socket state, shared by all
// descriptors (SHARE-2).
struct OptionInfo {
  Option option;
  bool is_linger;       // value is {l_onoff, l_linger}
  bool read_only;       // setsockopt refuses it (WSAENOPROTOOPT)
  bool stream_only;     // WSAENOPROTOOPT on a datagram socket
  bool dgram_only;      // WSAENOPROTOOPT on a stream socket
  int32_t default_value;  // the model's default; not a rule, never compare it across stacks
};

const OptionInfo& InfoOf(Option option);

// An option value: plain ints use `value`; SO_LINGER uses both fields.
struct OptionValue {
  int32_t value = 0;   // or l_onoff
  int32_t linger = 0;  // l_linger
  bool operator==(const OptionValue& other) const {
    return value == other.value && linger == other.linger;
  }
};

// What a harness peer observes of its end of a connection, without blocking.
enum class PeerState { kOpen, kData, kEof, kReset };
std::string_view PeerStateName(PeerState state);

// Where a socket is in its life.
enum class Stage { kUnbound, kBound, kListening, kConnected };

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_TYPES_H_
