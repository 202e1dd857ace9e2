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
