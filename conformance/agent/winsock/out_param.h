// Out-parameters are filled with a sentinel before each call, as Wine's own tests do: a call that
// reports success without writing its result is then visible instead of passing off a zeroed
// structure as an answer.
#ifndef WSDUP_WINSOCK_AGENT_OUT_PARAM_H_
#define WSDUP_WINSOCK_AGENT_OUT_PARAM_H_

#include <cstring>

namespace wsdup::agent {

inline constexpr unsigned char kSentinelByte = 0xA5;

template <typename T>
void FillWithSentinel(T& out) {
  std::memset(static_cast<void*>(&out), kSentinelByte, sizeof out);
}

// True when not one byte of `out` was written since FillWithSentinel.
template <typename T>
bool Untouched(const T& out) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(&out);
  for (size_t i = 0; i < sizeof out; ++i) {
    if (bytes[i] != kSentinelByte) return false;
  }
  return true;
}

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_OUT_PARAM_H_
