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

// For recv and accept, which block on a blocking socket with nothing pending: select() first gives
// whatever is in flight on loopback until `wait_ms` to land, then `call` runs Bounded. The whole op
// stays within wait_ms + kReadableCallMs (the worker's answer bound counts on it).
json BoundedOnceReadable(SOCKET s, DWORD wait_ms, std::function<json()> call);

// The bound once select() has seen something: the call will not block, so this only has to outlast
// starting the helper thread. 50 ms did not on a loaded machine (2 cores, 4 busy loops: a recv of
// bytes select() had already seen came back HARNESS_WOULD_BLOCK in 1 of 30 runs).
inline constexpr DWORD kReadableCallMs = 1000;

// The bound once select() has seen nothing for the whole wait: the call is expected to block, so
// this is only a last chance for something landing just after select() gave up; kept short so the
// quiet outcomes (would-block, the short negative wait) stay cheap.
inline constexpr DWORD kQuietCallMs = 50;

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_BOUNDED_CALL_H_
