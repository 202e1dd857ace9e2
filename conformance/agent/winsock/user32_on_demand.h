// user32, loaded at the first window a scenario's process names rather than when the process starts.
// Under Wine, linking user32 made every worker's start-up about a third dearer (10 starts of an
// empty program: 0.22 s, with user32 imported 0.34 s), and most scenario processes never make a
// window; exploration starts about three workers per case.
#ifndef WSDUP_WINSOCK_AGENT_USER32_ON_DEMAND_H_
#define WSDUP_WINSOCK_AGENT_USER32_ON_DEMAND_H_

#include <windows.h>

namespace wsdup::agent {

// The user32 functions the worker calls.
struct User32 {
  decltype(&CreateWindowExA) create_window_ex = nullptr;
  decltype(&PeekMessageA) peek_message = nullptr;
  decltype(&MsgWaitForMultipleObjects) msg_wait_for_multiple_objects = nullptr;
};

// Loads user32 the first time; null when it or one of the functions is missing (the op then
// reports a harness outcome, never a Winsock answer).
const User32* LoadUser32();

}  // namespace wsdup::agent

#endif  // WSDUP_WINSOCK_AGENT_USER32_ON_DEMAND_H_
