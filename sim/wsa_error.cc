#include "sim/wsa_error.h"

#include <array>
#include <utility>

namespace wsdup::sim {
namespace {

constexpr std::array<std::pair<WsaError, std::string_view>, 18> kNames = {{
    {WsaError::kNone, ""},
    {WsaError::WSANOTINITIALISED, "WSANOTINITIALISED"},
    {WsaError::WSAVERNOTSUPPORTED, "WSAVERNOTSUPPORTED"},
    {WsaError::WSAENETDOWN, "WSAENETDOWN"},
    {WsaError::WSAEINVAL, "WSAEINVAL"},
    {WsaError::WSAEINPROGRESS, "WSAEINPROGRESS"},
    {WsaError::WSAEMFILE, "WSAEMFILE"},
    {WsaError::WSAENOBUFS, "WSAENOBUFS"},
    {WsaError::WSAENOTSOCK, "WSAENOTSOCK"},
    {WsaError::WSAEFAULT, "WSAEFAULT"},
    {WsaError::WSAEWOULDBLOCK, "WSAEWOULDBLOCK"},
    {WsaError::WSAENOPROTOOPT, "WSAENOPROTOOPT"},
    {WsaError::WSAEOPNOTSUPP, "WSAEOPNOTSUPP"},
    {WsaError::WSAENOTCONN, "WSAENOTCONN"},
    {WsaError::WSAEISCONN, "WSAEISCONN"},
    {WsaError::WSAECONNREFUSED, "WSAECONNREFUSED"},
    {WsaError::WSAECONNRESET, "WSAECONNRESET"},
    {WsaError::HARNESS_WOULD_BLOCK, "HARNESS_WOULD_BLOCK"},
}};

}  // namespace

std::string_view WsaErrorName(WsaError error) {
  for (const auto& [code, name] : kNames) {
    if (code == error) return name;
  }
  return "WSA_UNKNOWN";
}

std::optional<WsaError> WsaErrorFromName(std::string_view name) {
  for (const auto& [code, known] : kNames) {
    if (code != WsaError::kNone && known == name) return code;
  }
  return std::nullopt;
}

}  // namespace wsdup::sim
