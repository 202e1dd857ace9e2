// Vocabulary shared by the model and everything that drives it.
#ifndef WSDUP_SIM_TYPES_H_
#define WSDUP_SIM_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsdup::sim {

// A process identifier as WSADuplicateSocket's dwProcessId sees it.
using Pid = uint32_t;
// A descriptor value as the process sees it (SOCKET).
using Handle = uint64_t;
// A blob as the model tracks it: slot index in the low 32 bits, slot generation in the high bits.
using BlobId = uint64_t;
using EventId = uint32_t;
using WindowId = uint32_t;
using PeerId = uint32_t;

inline constexpr Handle kInvalidSocket = ~Handle{0};
// Stands for a failed or garbage WSAPROTOCOL_INFO: never importable.
inline constexpr BlobId kInvalidBlob = ~BlobId{0};
// Neither 0 nor a pid the model ever hands out: WSADuplicateSocket's "no such process".
inline constexpr Pid kUnusedPid = 0xFFFFFFF0u;

enum class SockType { kStream, kDgram };
enum class CreateApi { kSocket, kWSASocketA, kWSASocketW };
enum class Variant { kA, kW };

// WSASocket dwFlags bits the model distinguishes.
enum CreateFlag : uint32_t {
  kFlagOverlapped = 1u << 0,
  kFlagNoHandleInherit = 1u << 1,
};

// Network event bits (FD_*), in Winsock's bit order.
enum NetEvent : uint32_t {
  FD_READ = 1u << 0,
  FD_WRITE = 1u << 1,
  FD_OOB = 1u << 2,
  FD_ACCEPT = 1u << 3,
  FD_CONNECT = 1u << 4,
  FD_CLOSE = 1u << 5,
};
inline constexpr uint32_t kAllNetEvents = (1u << 6) - 1;

std::vector<std::string> NetEventNames(uint32_t mask);
std::optional<uint32_t> NetEventFromName(std::string_view name);

enum class Fault { kNetDown, kNoBufs, kInProgress, kEMFile };
std::optional<Fault> FaultFromName(std::string_view name);

enum class OptLevel { kSolSocket, kIpprotoTcp };

// Socket options the model keeps. Every one is socket state, shared by all descriptors (SHARE-2).
enum class Option {
  SO_RCVBUF,
  SO_SNDBUF,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_DONTLINGER,
  SO_REUSEADDR,
  SO_EXCLUSIVEADDRUSE,
  SO_OOBINLINE,
  SO_BROADCAST,
  SO_TYPE,
  SO_ERROR,
  TCP_NODELAY,
  kCount,
};
inline constexpr size_t kOptionCount = static_cast<size_t>(Option::kCount);

struct OptionInfo {
  Option option;
  std::string_view name;
  OptLevel level;
  bool is_linger;       // value is {l_onoff, l_linger}
  bool read_only;       // setsockopt refuses it (WSAENOPROTOOPT)
  bool stream_only;     // WSAENOPROTOOPT on a datagram socket
  bool dgram_only;      // WSAENOPROTOOPT on a stream socket
  int32_t default_value;  // the model's default; not a rule, never compare it across stacks
};

const OptionInfo& InfoOf(Option option);
std::optional<Option> OptionFromName(std::string_view name);
std::optional<OptLevel> LevelFromName(std::string_view name);

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
