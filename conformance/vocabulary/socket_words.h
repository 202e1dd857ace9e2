// Socket options, option levels and WSASocket creation flags, as steps name them, with Winsock's
// numeric values. The agent checks every value against <winsock2.h> at compile time
// (agent/winsock/vocabulary_check.cc); the model keeps its own semantics per option (sim/types.h).
#ifndef WSDUP_CONFORMANCE_VOCABULARY_SOCKET_WORDS_H_
#define WSDUP_CONFORMANCE_VOCABULARY_SOCKET_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace wsdup::vocabulary {

enum class OptionLevel { kSocket, kTcp };

struct OptionLevelWord {
  OptionLevel level;
  std::string_view name;
  int value;
};

inline constexpr OptionLevelWord kOptionLevels[] = {
    {OptionLevel::kSocket, "SOL_SOCKET", 0xffff},
    {OptionLevel::kTcp, "IPPROTO_TCP", 6},
};

// The options the scenario format knows. Named for what they are, not spelled like Winsock's macros.
enum class Option {
  kReceiveBuffer,       // SO_RCVBUF
  kSendBuffer,          // SO_SNDBUF
  kKeepAlive,           // SO_KEEPALIVE
  kLinger,              // SO_LINGER
  kDontLinger,          // SO_DONTLINGER
  kReuseAddress,        // SO_REUSEADDR
  kExclusiveAddress,    // SO_EXCLUSIVEADDRUSE
  kOobInline,           // SO_OOBINLINE
  kBroadcast,           // SO_BROADCAST
  kType,                // SO_TYPE
  kPendingError,        // SO_ERROR
  kNoDelay,             // TCP_NODELAY
  kReceiveTimeout,      // SO_RCVTIMEO (format 1.1)
  kSendTimeout,         // SO_SNDTIMEO (format 1.1)
  kCount,
};
inline constexpr size_t kOptionCount = static_cast<size_t>(Option::kCount);

struct OptionWord {
  Option option;
  std::string_view name;
  OptionLevel level;
  int value;  // Winsock's optname
};

// Indexed by Option. SO_DONTLINGER and SO_EXCLUSIVEADDRUSE are Winsock's complements of SO_LINGER
// and SO_REUSEADDR, hence the negative values.
inline constexpr OptionWord kOptions[kOptionCount] = {
    {Option::kReceiveBuffer, "SO_RCVBUF", OptionLevel::kSocket, 0x1002},
    {Option::kSendBuffer, "SO_SNDBUF", OptionLevel::kSocket, 0x1001},
    {Option::kKeepAlive, "SO_KEEPALIVE", OptionLevel::kSocket, 0x0008},
    {Option::kLinger, "SO_LINGER", OptionLevel::kSocket, 0x0080},
    {Option::kDontLinger, "SO_DONTLINGER", OptionLevel::kSocket, ~0x0080},
    {Option::kReuseAddress, "SO_REUSEADDR", OptionLevel::kSocket, 0x0004},
    {Option::kExclusiveAddress, "SO_EXCLUSIVEADDRUSE", OptionLevel::kSocket, ~0x0004},
    {Option::kOobInline, "SO_OOBINLINE", OptionLevel::kSocket, 0x0100},
    {Option::kBroadcast, "SO_BROADCAST", OptionLevel::kSocket, 0x0020},
    {Option::kType, "SO_TYPE", OptionLevel::kSocket, 0x1008},
    {Option::kPendingError, "SO_ERROR", OptionLevel::kSocket, 0x1007},
    {Option::kNoDelay, "TCP_NODELAY", OptionLevel::kTcp, 0x0001},
    {Option::kReceiveTimeout, "SO_RCVTIMEO", OptionLevel::kSocket, 0x1006},
    {Option::kSendTimeout, "SO_SNDTIMEO", OptionLevel::kSocket, 0x1005},
};

// WordOf() indexes the tables by enum value; this keeps the tables in enum order.
constexpr bool TablesFollowTheirEnums() {
  for (size_t i = 0; i < kOptionCount; ++i) {
    if (static_cast<size_t>(kOptions[i].option) != i) return false;
  }
  for (size_t i = 0; i < std::size(kOptionLevels); ++i) {
    if (static_cast<size_t>(kOptionLevels[i].level) != i) return false;
  }
  return true;
}
static_assert(TablesFollowTheirEnums(), "kOptions and kOptionLevels must list entries in enum order");

constexpr const OptionWord& WordOf(Option option) { return kOptions[static_cast<size_t>(option)]; }

constexpr std::optional<Option> OptionFromName(std::string_view name) {
  for (const OptionWord& word : kOptions) {
    if (word.name == name) return word.option;
  }
  return std::nullopt;
}

constexpr std::optional<OptionLevel> OptionLevelFromName(std::string_view name) {
  for (const OptionLevelWord& word : kOptionLevels) {
    if (word.name == name) return word.level;
  }
  return std::nullopt;
}

constexpr const OptionLevelWord& WordOf(OptionLevel level) {
  return kOptionLevels[static_cast<size_t>(level)];
}

// Options Windows defines that the vocabulary does not model, by level and number (the Windows
// SDK's winsock2.h for SOL_SOCKET, ws2ipdef.h for IPPROTO_TCP). setsockopt and getsockopt take a
// level and a number, not a name: a name asked at a level other than its own passes its number
// there, and where that number is one of these the call is about that option (SOCK-11).
struct UnmodelledOptionWord {
  OptionLevel level;
  int value;
  std::string_view name;
};

inline constexpr UnmodelledOptionWord kUnmodelledOptions[] = {
    {OptionLevel::kSocket, 0x0001, "SO_DEBUG"},
    {OptionLevel::kSocket, 0x0002, "SO_ACCEPTCONN"},
    {OptionLevel::kSocket, 0x0010, "SO_DONTROUTE"},
    {OptionLevel::kSocket, 0x0040, "SO_USELOOPBACK"},
    {OptionLevel::kSocket, 0x1003, "SO_SNDLOWAT"},
    {OptionLevel::kSocket, 0x1004, "SO_RCVLOWAT"},
    {OptionLevel::kSocket, 0x2001, "SO_GROUP_ID"},
    {OptionLevel::kSocket, 0x2002, "SO_GROUP_PRIORITY"},
    {OptionLevel::kSocket, 0x2003, "SO_MAX_MSG_SIZE"},
    {OptionLevel::kSocket, 0x2004, "SO_PROTOCOL_INFOA"},
    {OptionLevel::kSocket, 0x2005, "SO_PROTOCOL_INFOW"},
    {OptionLevel::kSocket, 0x3002, "SO_CONDITIONAL_ACCEPT"},
    {OptionLevel::kTcp, 2, "TCP_EXPEDITED_1122"},
    {OptionLevel::kTcp, 3, "TCP_KEEPALIVE"},
    {OptionLevel::kTcp, 4, "TCP_MAXSEG"},
    {OptionLevel::kTcp, 5, "TCP_MAXRT"},
    {OptionLevel::kTcp, 6, "TCP_STDURG"},
    {OptionLevel::kTcp, 7, "TCP_NOURG"},
    {OptionLevel::kTcp, 8, "TCP_ATMARK"},
    {OptionLevel::kTcp, 9, "TCP_NOSYNRETRIES"},
    {OptionLevel::kTcp, 10, "TCP_TIMESTAMPS"},
    {OptionLevel::kTcp, 11, "TCP_OFFLOAD_PREFERENCE"},
    {OptionLevel::kTcp, 12, "TCP_CONGESTION_ALGORITHM"},
    {OptionLevel::kTcp, 13, "TCP_DELAY_FIN_ACK"},
    {OptionLevel::kTcp, 14, "TCP_MAXRTMS"},
    {OptionLevel::kTcp, 15, "TCP_FASTOPEN"},
    {OptionLevel::kTcp, 16, "TCP_KEEPCNT"},
    {OptionLevel::kTcp, 17, "TCP_KEEPINTVL"},
    {OptionLevel::kTcp, 18, "TCP_FAIL_CONNECT_ON_ICMP_ERROR"},
    {OptionLevel::kTcp, 19, "TCP_ICMP_ERROR_INFO"},
};

// The option a call naming `option` at `level` is about, when that is not `option` itself: the name
// of another option Windows defines with the same number at that level (TCP_NODELAY's 1 is SO_DEBUG
// at SOL_SOCKET; SO_REUSEADDR's 4 is TCP_MAXSEG at IPPROTO_TCP). Empty when the number means
// `option` (its own level) or nothing at `level`: only then is the call's result the model's to judge.
constexpr std::string_view OtherOptionWithItsNumber(Option option, OptionLevel level) {
  const OptionWord& word = WordOf(option);
  if (word.level == level) return {};
  for (const OptionWord& other : kOptions) {
    if (other.level == level && other.value == word.value) return other.name;
  }
  for (const UnmodelledOptionWord& other : kUnmodelledOptions) {
    if (other.level == level && other.value == word.value) return other.name;
  }
  return {};
}

// WSASocket's dwFlags bits a step may name in "flags".
struct CreateFlagWord {
  std::string_view name;
  uint32_t value;  // Winsock's WSA_FLAG_* bit
};

inline constexpr CreateFlagWord kCreateFlags[] = {
    {"overlapped", 0x01},         // WSA_FLAG_OVERLAPPED
    {"no_handle_inherit", 0x80},  // WSA_FLAG_NO_HANDLE_INHERIT
};

constexpr std::optional<uint32_t> CreateFlagFromName(std::string_view name) {
  for (const CreateFlagWord& word : kCreateFlags) {
    if (word.name == name) return word.value;
  }
  return std::nullopt;
}

}  // namespace wsdup::vocabulary

#endif  // WSDUP_CONFORMANCE_VOCABULARY_SOCKET_WORDS_H_
