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

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_BOUNDED_CALL_H_
