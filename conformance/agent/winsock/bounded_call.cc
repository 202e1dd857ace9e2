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

// The result is handed over through an event, and the thread then sleeps for good.
struct LiveSlot {
  std::function<json()> call;
  json result;
  HANDLE done = nullptr;
};

DWORD WINAPI RunAndPark(LPVOID arg) {
  auto* holder = static_cast<std::shared_ptr<LiveSlot>*>(arg);
  (*holder)->result = (*holder)->call();
  SetEvent((*holder)->done);
  delete holder;
  Sleep(INFINITE);
  return 0;
}

}  // namespace

json BoundedOnLiveThread(std::function<json()> call, DWORD bound_ms) {
  auto slot = std::make_shared<LiveSlot>();
  slot->call = std::move(call);
  slot->done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (slot->done == nullptr) return HarnessFail(vocabulary::kHarnessThreadFailed);
  auto* holder = new std::shared_ptr<LiveSlot>(slot);
  HANDLE thread = CreateThread(nullptr, 0, RunAndPark, holder, 0, nullptr);
  if (thread == nullptr) {
    delete holder;
    CloseHandle(slot->done);
    return HarnessFail(vocabulary::kHarnessThreadFailed);
  }
  CloseHandle(thread);
  const DWORD waited = WaitForSingleObject(slot->done, bound_ms);
  // The event stays open while a blocked thread may still set it.
  if (waited != WAIT_OBJECT_0) return Fail(vocabulary::WsaError::kHarnessWouldBlock);
  CloseHandle(slot->done);
  return slot->result;
}

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
