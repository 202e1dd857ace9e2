// Error codes the model can return, named as Winsock names them.
#ifndef WSDUP_SIM_WSA_ERROR_H_
#define WSDUP_SIM_WSA_ERROR_H_

#include <optional>
#include <string_view>

namespace wsdup::sim {

enum class WsaError {
  kNone = 0,
  WSANOTINITIALISED,
  WSAVERNOTSUPPORTED,
  WSAENETDOWN,
  WSAEINVAL,
  WSAEINPROGRESS,
  WSAEMFILE,
  WSAENOBUFS,
  WSAENOTSOCK,
  WSAEFAULT,
  WSAEWOULDBLOCK,
  WSAENOPROTOOPT,
  WSAEOPNOTSUPP,
  WSAENOTCONN,
  WSAEISCONN,
  WSAECONNREFUSED,
  WSAECONNRESET,
  // Not a Winsock code: the call would block with nothing able to wake it inside the scenario.
  // Real backends report it when their bounded wait expires, so both sides stay comparable.
  HARNESS_WOULD_BLOCK,
};

// "WSAEINVAL", ...; "" for kNone.
std::string_view WsaErrorName(WsaError error);
std::optional<WsaError> WsaErrorFromName(std::string_view name);

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_WSA_ERROR_H_
