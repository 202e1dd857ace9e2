// A model call's result: success or a WSA error, and on success the call's value.
#ifndef WSDUP_SIM_OUTCOME_H_
#define WSDUP_SIM_OUTCOME_H_

#include <type_traits>
#include <utility>

#include "sim/types.h"

namespace wsdup::sim {

// Prints which failed call's value was read, then aborts (outcome.cc).
[[noreturn]] void AbortOnValueOfFailedCall(WsaError error);

// What a failed call's value holds: all ones for ids (kInvalidSocket, kInvalidBlob), never the id of
// a real object, so code that forgets to check cannot reach one.
template <typename T>
T ValueOfFailedCall() {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(~T{0});
  } else {
    return T{};
  }
}

template <typename T>
class Outcome {
 public:
  // Implicit, so a call returns `{error}` or `{WsaError::kNone, value}`.
  Outcome(WsaError error) : error(error), value_(ValueOfFailedCall<T>()) {}  // NOLINT
  Outcome(WsaError error, T value) : error(error), value_(std::move(value)) {}

  bool ok() const { return error == WsaError::kNone; }

  // The call's value. Reading it after a failure is the caller's bug: it aborts naming the error,
  // so a test that forgot to check fails loudly instead of going on with a made-up value.
  const T& value() const {
    if (!ok()) AbortOnValueOfFailedCall(error);
    return value_;
  }

  WsaError error;

 private:
  T value_;
};

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_OUTCOME_H_
