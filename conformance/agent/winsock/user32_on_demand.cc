#include "user32_on_demand.h"

namespace wsdup::agent {
namespace {

template <typename Function>
bool Resolve(HMODULE module, const char* name, Function* function) {
  *function = reinterpret_cast<Function>(reinterpret_cast<void*>(GetProcAddress(module, name)));
  return *function != nullptr;
}

}  // namespace

const User32* LoadUser32() {
  // Only the worker's main thread makes windows and reads their messages, so no lock.
  static bool tried = false;
  static User32 functions;
  static bool loaded = false;
  if (!tried) {
    tried = true;
    const HMODULE module = LoadLibraryA("user32.dll");
    loaded = module != nullptr && Resolve(module, "CreateWindowExA", &functions.create_window_ex) &&
             Resolve(module, "PeekMessageA", &functions.peek_message) &&
             Resolve(module, "MsgWaitForMultipleObjects", &functions.msg_wait_for_multiple_objects);
  }
  return loaded ? &functions : nullptr;
}

}  // namespace wsdup::agent
