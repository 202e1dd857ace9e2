// The network events (Winsock's FD_* bits) that event_select, async_select, enum_events and
// wait_message name. Bit values are Winsock's; lists are written in this (bit) order so
// observations from different backends compare exactly.
#ifndef WSDUP_CONFORMANCE_VOCABULARY_NET_EVENTS_H_
#define WSDUP_CONFORMANCE_VOCABULARY_NET_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace wsdup::vocabulary {

// Unscoped so that masks combine with `|`; the k prefix keeps the names clear of Winsock's macros.
enum NetEvent : uint32_t {
  kFdRead = 0x01,     // FD_READ
  kFdWrite = 0x02,    // FD_WRITE
  kFdOob = 0x04,      // FD_OOB
  kFdAccept = 0x08,   // FD_ACCEPT
  kFdConnect = 0x10,  // FD_CONNECT
  kFdClose = 0x20,    // FD_CLOSE
};
inline constexpr uint32_t kAllNetEvents = 0x3F;

struct NetEventWord {
  NetEvent bit;
  std::string_view name;
};

inline constexpr NetEventWord kNetEvents[] = {
    {kFdRead, "FD_READ"},     {kFdWrite, "FD_WRITE"},     {kFdOob, "FD_OOB"},
    {kFdAccept, "FD_ACCEPT"}, {kFdConnect, "FD_CONNECT"}, {kFdClose, "FD_CLOSE"},
};

constexpr std::optional<uint32_t> NetEventFromName(std::string_view name) {
  for (const NetEventWord& word : kNetEvents) {
    if (word.name == name) return word.bit;
  }
  return std::nullopt;
}

// Calls emit(name) for each bit of `mask`, in bit order.
template <typename Emit>
void ForEachNetEventName(uint32_t mask, Emit emit) {
  for (const NetEventWord& word : kNetEvents) {
    if (mask & word.bit) emit(word.name);
  }
}

}  // namespace wsdup::vocabulary

#endif  // WSDUP_CONFORMANCE_VOCABULARY_NET_EVENTS_H_
