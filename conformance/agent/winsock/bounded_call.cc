#include "bounded_call.h"

#include <memory>
#include <utility>

#include "conformance/vocabulary/wsa_errors.h"

namespace wsdup::agent {
namespace {

// Shared by the caller and the thread: a thread left blocked past the bound still owns its half.
using Slot = std::pair<std::function<json()>, json>;

DWORD WINAPI RunSlot(LPVOID arg) {
  auto* holder = static_cast<std::shared_ptr<Slot>*>(arg);
  (*holder)->second = (*holder)->first();
  delete holder;
  return 0;
}

}  // namespace

json Bounded(std::function<json()> call, DWORD bound_ms) {
  auto slot = std::make_shared<Slot>(std::move(call), json());
  auto* holder = new std::shared_ptr<Slot>(slot);
  HANDLE thread = CreateThread(nullptr, 0, RunSlot, holder, 0, nullptr);
  if (thread == nullptr) {
    delete holder;
    return HarnessFail(vocabulary::kHarnessThreadFailed);
  }
  const DWORD waited = WaitForSingleObject(thread, bound_ms);
  CloseHandle(thread);
  if (waited != WAIT_OBJECT_0) return Fail(vocabulary::WsaError::kHarnessWouldBlock);
  return slot->second;
}

json BoundedOnceReadable(SOCKET s, DWORD wait_ms, std::function<json()> call) {
  Readable(s, wait_ms);  // only waits for what is in flight; the call decides the outcome
  return Bounded(std::move(call), kCallMs);
}

}  // namespace wsdup::agent
