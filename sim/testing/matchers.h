// gtest matchers for model calls, in the manner of gVisor's SyscallSucceeds()/SyscallFailsWithErrno():
// the expected outcome is stated at the call and failures print WSA error names.
//   EXPECT_THAT(world.CloseSocket(a, s), WsaSucceeds());
//   EXPECT_THAT(world.FromBlob(b, blob, kA, 0), WsaFailsWith(WsaError::kInvalidArgument));
//   EXPECT_THAT(world.Send(a, s, "x"), WsaSucceedsWithValue(1u));
#ifndef WSDUP_SIM_TESTING_MATCHERS_H_
#define WSDUP_SIM_TESTING_MATCHERS_H_

#include <ostream>

#include "gmock/gmock.h"
#include "sim/world.h"
#include "sim/types.h"

namespace wsdup::sim {

inline void PrintTo(WsaError error, std::ostream* os) {
  *os << (error == WsaError::kNone ? std::string_view("success") : WsaErrorName(error));
}

template <typename T>
void PrintTo(const Outcome<T>& outcome, std::ostream* os) {
  PrintTo(outcome.error, os);
}

namespace testing_internal {
inline WsaError ErrorOf(WsaError error) { return error; }
template <typename T>
WsaError ErrorOf(const Outcome<T>& outcome) { return outcome.error; }
}  // namespace testing_internal

MATCHER(WsaSucceeds, "succeeds") {
  const WsaError error = testing_internal::ErrorOf(arg);
  if (error != WsaError::kNone) *result_listener << "failed with " << WsaErrorName(error);
  return error == WsaError::kNone;
}

MATCHER_P(WsaFailsWith, expected,
          std::string("fails with ") + std::string(WsaErrorName(expected))) {
  const WsaError error = testing_internal::ErrorOf(arg);
  if (error == WsaError::kNone) {
    *result_listener << "succeeded";
  } else if (error != expected) {
    *result_listener << "failed with " << WsaErrorName(error);
  }
  return error == expected;
}

MATCHER_P(WsaSucceedsWithValue, value_matcher, "succeeds with a matching value") {
  if (!arg.ok()) {
    *result_listener << "failed with " << WsaErrorName(arg.error);
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, arg.value, result_listener);
}

}  // namespace wsdup::sim

#endif  // WSDUP_SIM_TESTING_MATCHERS_H_
