// The vocabulary (conformance/vocabulary/) states Winsock's numeric values without <winsock2.h>, so
// the model and the harness can use them anywhere. Here, with the real header at hand, every value
// is checked at compile time: a wrong number fails the agent's build, not a gate run.
#include <winsock2.h>
#include <ws2tcpip.h>

#include "conformance/vocabulary/net_events.h"
#include "conformance/vocabulary/socket_words.h"
#include "conformance/vocabulary/wsa_errors.h"

namespace wsdup::agent {
namespace {

using vocabulary::Option;
using vocabulary::OptionLevel;
using vocabulary::WsaError;
using vocabulary::WsaErrorCode;

constexpr int OptionValue(Option option) { return vocabulary::WordOf(option).value; }
constexpr int LevelValue(OptionLevel level) { return vocabulary::WordOf(level).value; }
constexpr int UnmodelledValue(std::string_view name) {
  for (const vocabulary::UnmodelledOptionWord& word : vocabulary::kUnmodelledOptions) {
    if (word.name == name) return word.value;
  }
  return -1;
}

static_assert(WsaErrorCode(WsaError::kNotInitialised) == WSANOTINITIALISED);
static_assert(WsaErrorCode(WsaError::kVersionNotSupported) == WSAVERNOTSUPPORTED);
static_assert(WsaErrorCode(WsaError::kNetworkDown) == WSAENETDOWN);
static_assert(WsaErrorCode(WsaError::kInvalidArgument) == WSAEINVAL);
static_assert(WsaErrorCode(WsaError::kInProgress) == WSAEINPROGRESS);
static_assert(WsaErrorCode(WsaError::kTooManySockets) == WSAEMFILE);
static_assert(WsaErrorCode(WsaError::kNoBufferSpace) == WSAENOBUFS);
static_assert(WsaErrorCode(WsaError::kNotSocket) == WSAENOTSOCK);
static_assert(WsaErrorCode(WsaError::kBadAddress) == WSAEFAULT);
static_assert(WsaErrorCode(WsaError::kWouldBlock) == WSAEWOULDBLOCK);
static_assert(WsaErrorCode(WsaError::kNoProtocolOption) == WSAENOPROTOOPT);
static_assert(WsaErrorCode(WsaError::kOperationNotSupported) == WSAEOPNOTSUPP);
static_assert(WsaErrorCode(WsaError::kNotConnected) == WSAENOTCONN);
static_assert(WsaErrorCode(WsaError::kAlreadyConnected) == WSAEISCONN);
static_assert(WsaErrorCode(WsaError::kConnectionRefused) == WSAECONNREFUSED);
static_assert(WsaErrorCode(WsaError::kConnectionReset) == WSAECONNRESET);
static_assert(WsaErrorCode(WsaError::kAddressNotAvailable) == WSAEADDRNOTAVAIL);
static_assert(WsaErrorCode(WsaError::kInvalidHandle) == WSA_INVALID_HANDLE);
static_assert(WsaErrorCode(WsaError::kWin32AccessDenied) == ERROR_ACCESS_DENIED);
// mingw-w64's winerror.h does not define ERROR_HANDLES_CLOSED; Windows SDK's value.
static_assert(WsaErrorCode(WsaError::kHandlesClosed) == 676);
static_assert(WsaErrorCode(WsaError::kTimedOut) == WSAETIMEDOUT);
static_assert(WsaErrorCode(WsaError::kIoPending) == WSA_IO_PENDING);
static_assert(WsaErrorCode(WsaError::kOperationAborted) == WSA_OPERATION_ABORTED);
static_assert(WsaErrorCode(WsaError::kInvalidParameter) == WSA_INVALID_PARAMETER);
static_assert(WsaErrorCode(WsaError::kNotFound) == ERROR_NOT_FOUND);
static_assert(WsaErrorCode(WsaError::kInterrupted) == WSAEINTR);
static_assert(WsaErrorCode(WsaError::kAccessDenied) == WSAEACCES);
static_assert(WsaErrorCode(WsaError::kWrongProtocolType) == WSAEPROTOTYPE);
static_assert(WsaErrorCode(WsaError::kProtocolNotSupported) == WSAEPROTONOSUPPORT);
static_assert(WsaErrorCode(WsaError::kFamilyNotSupported) == WSAEAFNOSUPPORT);
static_assert(WsaErrorCode(WsaError::kAddressInUse) == WSAEADDRINUSE);
static_assert(WsaErrorCode(WsaError::kConnectionAborted) == WSAECONNABORTED);
static_assert(WsaErrorCode(WsaError::kNetworkUnreachable) == WSAENETUNREACH);
static_assert(WsaErrorCode(WsaError::kShutDown) == WSAESHUTDOWN);
static_assert(WsaErrorCode(WsaError::kInvalidProvider) == WSAEINVALIDPROVIDER);
static_assert(WsaErrorCode(WsaError::kProviderFailedInit) == WSAEPROVIDERFAILEDINIT);

static_assert(vocabulary::kFdRead == FD_READ);
static_assert(vocabulary::kFdWrite == FD_WRITE);
static_assert(vocabulary::kFdOob == FD_OOB);
static_assert(vocabulary::kFdAccept == FD_ACCEPT);
static_assert(vocabulary::kFdConnect == FD_CONNECT);
static_assert(vocabulary::kFdClose == FD_CLOSE);
static_assert(vocabulary::kAllNetEvents == (FD_READ | FD_WRITE | FD_OOB | FD_ACCEPT | FD_CONNECT | FD_CLOSE));

static_assert(LevelValue(OptionLevel::kSocket) == SOL_SOCKET);
static_assert(LevelValue(OptionLevel::kTcp) == IPPROTO_TCP);
static_assert(OptionValue(Option::kReceiveBuffer) == SO_RCVBUF);
static_assert(OptionValue(Option::kSendBuffer) == SO_SNDBUF);
static_assert(OptionValue(Option::kKeepAlive) == SO_KEEPALIVE);
static_assert(OptionValue(Option::kLinger) == SO_LINGER);
static_assert(OptionValue(Option::kDontLinger) == SO_DONTLINGER);
static_assert(OptionValue(Option::kReuseAddress) == SO_REUSEADDR);
static_assert(OptionValue(Option::kExclusiveAddress) == SO_EXCLUSIVEADDRUSE);
static_assert(OptionValue(Option::kOobInline) == SO_OOBINLINE);
static_assert(OptionValue(Option::kBroadcast) == SO_BROADCAST);
static_assert(OptionValue(Option::kType) == SO_TYPE);
static_assert(OptionValue(Option::kPendingError) == SO_ERROR);
static_assert(OptionValue(Option::kNoDelay) == TCP_NODELAY);
static_assert(OptionValue(Option::kReceiveTimeout) == SO_RCVTIMEO);
static_assert(OptionValue(Option::kSendTimeout) == SO_SNDTIMEO);
static_assert(vocabulary::kOptionCount == 14, "a new option needs its check here");

// The options SOCK-11 knows only by number. mingw-w64's winsock2.h has the SOL_SOCKET ones; its
// ws2ipdef.h lacks the IPPROTO_TCP ones, which are checked where a header defines them.
static_assert(UnmodelledValue("SO_DEBUG") == SO_DEBUG);
static_assert(UnmodelledValue("SO_ACCEPTCONN") == SO_ACCEPTCONN);
static_assert(UnmodelledValue("SO_DONTROUTE") == SO_DONTROUTE);
static_assert(UnmodelledValue("SO_USELOOPBACK") == SO_USELOOPBACK);
static_assert(UnmodelledValue("SO_SNDLOWAT") == SO_SNDLOWAT);
static_assert(UnmodelledValue("SO_RCVLOWAT") == SO_RCVLOWAT);
static_assert(UnmodelledValue("SO_GROUP_ID") == SO_GROUP_ID);
static_assert(UnmodelledValue("SO_GROUP_PRIORITY") == SO_GROUP_PRIORITY);
static_assert(UnmodelledValue("SO_MAX_MSG_SIZE") == SO_MAX_MSG_SIZE);
static_assert(UnmodelledValue("SO_PROTOCOL_INFOA") == SO_PROTOCOL_INFOA);
static_assert(UnmodelledValue("SO_PROTOCOL_INFOW") == SO_PROTOCOL_INFOW);
static_assert(UnmodelledValue("SO_CONDITIONAL_ACCEPT") == SO_CONDITIONAL_ACCEPT);
#ifdef TCP_MAXSEG
static_assert(UnmodelledValue("TCP_MAXSEG") == TCP_MAXSEG);
#endif
#ifdef TCP_ATMARK
static_assert(UnmodelledValue("TCP_ATMARK") == TCP_ATMARK);
#endif

static_assert(*vocabulary::CreateFlagFromName("overlapped") == WSA_FLAG_OVERLAPPED);
static_assert(*vocabulary::CreateFlagFromName("no_handle_inherit") == WSA_FLAG_NO_HANDLE_INHERIT);
static_assert(std::size(vocabulary::kCreateFlags) == 2, "a new flag needs its check here");
static_assert(std::size(vocabulary::kWsaErrors) == 38, "a new error code needs its check here");

}  // namespace
}  // namespace wsdup::agent
