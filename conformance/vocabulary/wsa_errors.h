// The error names a step can report: Winsock's WSA* codes with their numeric values, and the
// harness's own HARNESS_* outcomes. Portable (no Winsock header), so the model, the harness and the
// Windows agent share one list; the agent checks every value against <winsock2.h> at compile time
// (agent/winsock/vocabulary_check.cc).
#ifndef WSDUP_CONFORMANCE_VOCABULARY_WSA_ERRORS_H_
#define WSDUP_CONFORMANCE_VOCABULARY_WSA_ERRORS_H_

#include <optional>
#include <string_view>

namespace wsdup::vocabulary {

// Named for what they mean, not spelled like Winsock's macros, so this header can sit beside
// <winsock2.h>. The model returns the first group only; real stacks may report any.
enum class WsaError {
  kNone,
  kNotInitialised,         // WSANOTINITIALISED
  kVersionNotSupported,    // WSAVERNOTSUPPORTED
  kNetworkDown,            // WSAENETDOWN
  kInvalidArgument,        // WSAEINVAL
  kInProgress,             // WSAEINPROGRESS
  kTooManySockets,         // WSAEMFILE
  kNoBufferSpace,          // WSAENOBUFS
  kNotSocket,              // WSAENOTSOCK
  kBadAddress,             // WSAEFAULT
  kWouldBlock,             // WSAEWOULDBLOCK
  kNoProtocolOption,       // WSAENOPROTOOPT
  kOperationNotSupported,  // WSAEOPNOTSUPP
  kNotConnected,           // WSAENOTCONN
  kAlreadyConnected,       // WSAEISCONN
  kConnectionRefused,      // WSAECONNREFUSED
  kConnectionReset,        // WSAECONNRESET
  kAddressNotAvailable,    // WSAEADDRNOTAVAIL
  kFamilyNotSupported,     // WSAEAFNOSUPPORT (CONN-10)
  kInvalidHandle,          // WSA_INVALID_HANDLE (ERROR_INVALID_HANDLE: set_inheritable, iocp_associate)
  // Overlapped I/O and completion ports (OVL-*): Win32 codes that Winsock's headers name WSA_*.
  kIoPending,              // WSA_IO_PENDING (ERROR_IO_PENDING)
  kOperationAborted,       // WSA_OPERATION_ABORTED (ERROR_OPERATION_ABORTED)
  kInvalidParameter,       // WSA_INVALID_PARAMETER (ERROR_INVALID_PARAMETER: iocp_associate)
  kNotFound,               // ERROR_NOT_FOUND: cancel found no pending operation (CancelIoEx)
  // Not a Winsock code: the call would block with nothing able to wake it inside the scenario.
  // Real backends report it when their bounded wait expires, so both sides stay comparable.
  kHarnessWouldBlock,      // HARNESS_WOULD_BLOCK
  // Reported by real stacks only.
  kInterrupted,            // WSAEINTR
  kAccessDenied,           // WSAEACCES
  kWrongProtocolType,      // WSAEPROTOTYPE
  kProtocolNotSupported,   // WSAEPROTONOSUPPORT
  kAddressInUse,           // WSAEADDRINUSE
  kConnectionAborted,      // WSAECONNABORTED
  kNetworkUnreachable,     // WSAENETUNREACH
  kShutDown,               // WSAESHUTDOWN
  kInvalidProvider,        // WSAEINVALIDPROVIDER
  kProviderFailedInit,     // WSAEPROVIDERFAILEDINIT
  kWin32AccessDenied,      // ERROR_ACCESS_DENIED: set_inheritable is a Win32 call, not a Winsock one
  // ERROR_HANDLES_CLOSED (STATUS_HANDLES_CLOSED): how Wine 8.0 completes an overlapped recv whose
  // socket's last descriptor closed, where Winsock's error list names WSA_OPERATION_ABORTED (OVL-5).
  kHandlesClosed,
  // WSAETIMEDOUT: a blocking recv that SO_RCVTIMEO ended (Wine 8.0, explore seed 6). The model does
  // not model SO_RCVTIMEO's effect yet (docs/model.md, "Not decided").
  kTimedOut,
};

struct WsaErrorWord {
  WsaError error;
  std::string_view name;  // as steps, traces and reports spell it
  int code;               // Winsock's value; 0 for the harness's own outcomes
};

inline constexpr WsaErrorWord kWsaErrors[] = {
    {WsaError::kNone, "", 0},
    {WsaError::kNotInitialised, "WSANOTINITIALISED", 10093},
    {WsaError::kVersionNotSupported, "WSAVERNOTSUPPORTED", 10092},
    {WsaError::kNetworkDown, "WSAENETDOWN", 10050},
    {WsaError::kInvalidArgument, "WSAEINVAL", 10022},
    {WsaError::kInProgress, "WSAEINPROGRESS", 10036},
    {WsaError::kTooManySockets, "WSAEMFILE", 10024},
    {WsaError::kNoBufferSpace, "WSAENOBUFS", 10055},
    {WsaError::kNotSocket, "WSAENOTSOCK", 10038},
    {WsaError::kBadAddress, "WSAEFAULT", 10014},
    {WsaError::kWouldBlock, "WSAEWOULDBLOCK", 10035},
    {WsaError::kNoProtocolOption, "WSAENOPROTOOPT", 10042},
    {WsaError::kOperationNotSupported, "WSAEOPNOTSUPP", 10045},
    {WsaError::kNotConnected, "WSAENOTCONN", 10057},
    {WsaError::kAlreadyConnected, "WSAEISCONN", 10056},
    {WsaError::kConnectionRefused, "WSAECONNREFUSED", 10061},
    {WsaError::kConnectionReset, "WSAECONNRESET", 10054},
    {WsaError::kAddressNotAvailable, "WSAEADDRNOTAVAIL", 10049},
    {WsaError::kFamilyNotSupported, "WSAEAFNOSUPPORT", 10047},
    {WsaError::kInvalidHandle, "WSA_INVALID_HANDLE", 6},
    {WsaError::kIoPending, "WSA_IO_PENDING", 997},
    {WsaError::kOperationAborted, "WSA_OPERATION_ABORTED", 995},
    {WsaError::kInvalidParameter, "WSA_INVALID_PARAMETER", 87},
    {WsaError::kNotFound, "ERROR_NOT_FOUND", 1168},
    {WsaError::kHarnessWouldBlock, "HARNESS_WOULD_BLOCK", 0},
    {WsaError::kInterrupted, "WSAEINTR", 10004},
    {WsaError::kAccessDenied, "WSAEACCES", 10013},
    {WsaError::kWrongProtocolType, "WSAEPROTOTYPE", 10041},
    {WsaError::kProtocolNotSupported, "WSAEPROTONOSUPPORT", 10043},
    {WsaError::kAddressInUse, "WSAEADDRINUSE", 10048},
    {WsaError::kConnectionAborted, "WSAECONNABORTED", 10053},
    {WsaError::kNetworkUnreachable, "WSAENETUNREACH", 10051},
    {WsaError::kShutDown, "WSAESHUTDOWN", 10058},
    {WsaError::kInvalidProvider, "WSAEINVALIDPROVIDER", 10105},
    {WsaError::kProviderFailedInit, "WSAEPROVIDERFAILEDINIT", 10106},
    {WsaError::kWin32AccessDenied, "ERROR_ACCESS_DENIED", 5},
    {WsaError::kHandlesClosed, "ERROR_HANDLES_CLOSED", 676},
    {WsaError::kTimedOut, "WSAETIMEDOUT", 10060},
};

// Outcomes only a harness reports, never a stack's Winsock call: the agent could not run the step.
inline constexpr std::string_view kHarnessThreadFailed = "HARNESS_THREAD_FAILED";
inline constexpr std::string_view kHarnessUnknownOp = "HARNESS_UNKNOWN_OP";
inline constexpr std::string_view kHarnessBadRequest = "HARNESS_BAD_REQUEST";
// The call reported success but left its out-parameter as the agent's sentinel: no answer to report.
inline constexpr std::string_view kHarnessResultNotWritten = "HARNESS_RESULT_NOT_WRITTEN";
// The step names a window and the agent could not make one (no user32, or CreateWindow failed).
inline constexpr std::string_view kHarnessNoWindow = "HARNESS_NO_WINDOW";
// A provider in a scenario's chain failed the call and stored no code in *lpErrno (SPI-1): the
// application would read whatever the last error held (docs/spi.md).
inline constexpr std::string_view kHarnessNoErrorCode = "HARNESS_NO_ERROR_CODE";

// One of the names above: an outcome an agent may report besides Winsock's names.
constexpr bool IsHarnessOutcomeName(std::string_view name) {
  return name == kHarnessThreadFailed || name == kHarnessUnknownOp || name == kHarnessBadRequest ||
         name == kHarnessResultNotWritten || name == kHarnessNoWindow || name == kHarnessNoErrorCode;
}

// "WSAEINVAL", ...; "" for kNone.
constexpr std::string_view WsaErrorName(WsaError error) {
  for (const WsaErrorWord& word : kWsaErrors) {
    if (word.error == error) return word.name;
  }
  return "WSA_UNKNOWN";
}

constexpr std::optional<WsaError> WsaErrorFromName(std::string_view name) {
  for (const WsaErrorWord& word : kWsaErrors) {
    if (word.error != WsaError::kNone && word.name == name) return word.error;
  }
  return std::nullopt;
}

// The name of Winsock's numeric code; nullopt for a code this list does not hold.
constexpr std::optional<std::string_view> WsaErrorNameOfCode(int code) {
  for (const WsaErrorWord& word : kWsaErrors) {
    if (word.code != 0 && word.code == code) return word.name;
  }
  return std::nullopt;
}

constexpr int WsaErrorCode(WsaError error) {
  for (const WsaErrorWord& word : kWsaErrors) {
    if (word.error == error) return word.code;
  }
  return 0;
}

}  // namespace wsdup::vocabulary

#endif  // WSDUP_CONFORMANCE_VOCABULARY_WSA_ERRORS_H_
