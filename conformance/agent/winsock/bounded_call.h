// Runs a call that may block forever on a helper thread, with a bound, so the worker always answers.
#ifndef WSDUP_WINSOCK_AGENT_BOUNDED_CALL_H_
#define WSDUP_WINSOCK_AGENT_BOUNDED_CALL_H_

#include <winsock2.h>
#include <windows.h>

#include <functional>

#include "common.h"

namespace wsdup::agent {

// If `call` has not returned within `bound_ms` the thread is left blocked (the worker dies with the
// scenario) and the call is reported as HARNESS_WOULD_BLOCK.
json Bounded(std::function<json()> call, DWORD bound_ms);

// Bounded, but the thread that made the call never exits: Windows cancels the I/O a thread issued
// when it exits (unless its handle is associated with a completion port), so an overlapped call
// (OVL-1) made on a thread that then ended would be aborted at once. Each call parks one thread
// until the worker process ends with its scenario.
json BoundedOnLiveThread(std::function<json()> call, DWORD bound_ms);

// For recv and accept, which block on a blocking socket with nothing pending: select() first gives
// whatever is in flight on loopback until `wait_ms` to land, then `call` runs Bounded. The whole op
// stays within wait_ms + kCallMs (the worker's answer bound counts on it).
json BoundedOnceReadable(SOCKET s, DWORD wait_ms, std::function<json()> call);

// The bound on the call itself, whether or not select() saw anything. A call that does not block
// (bytes select() saw, WSAEWOULDBLOCK on a non-blocking socket, WSAENOTCONN) only has to outlast
// starting the helper thread and one trip through the stack; 50 ms did not on a loaded machine
// (2 cores, 4 busy loops): a recv of bytes select() had seen came back HARNESS_WOULD_BLOCK in 1 of
// 30 runs, and with 50 ms left for quiet calls 4 of 20 full gates turned an immediate
// WSAEWOULDBLOCK or WSAENOTCONN into HARNESS_WOULD_BLOCK. Only a call that really blocks pays it.
inline constexpr DWORD kCallMs = 1000;

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_BOUNDED_CALL_H_
