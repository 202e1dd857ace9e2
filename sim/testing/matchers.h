// gtest matchers for model calls, in the manner of gVisor's SyscallSucceeds()/SyscallFailsWithErrno():
// the expected outcome is stated at the call and failures print WSA error names.
//
//   EXPECT_THAT(world.CloseSocket(a, s), WsaSucceeds());
//   EXPECT_THAT(world.FromBlob(b, blob, kA, 0), WsaFailsWith(WsaError::kInvalidArgument));
//   EXPECT_THAT(world.Duplicate(a, s, args), WsaFailsWith(AnyOf(WsaError::kInvalidArgument,
//                                                               WsaError::kBadAddress)));
//   EXPECT_THAT(world.Send(a, s, "x"), WsaSucceedsWithValue(1u));
//   ASSERT_WSA_OK_AND_ASSIGN(const Handle t, world.FromBlob(b, blob, kA, 0));
//
// What a failure prints (sim/testing/matchers_test.cc holds these to the letter):
//   Expected: succeeds
//     Actual: WSAENOTSOCK, failed with WSAENOTSOCK
//   Expected: fails with an error that is equal to WSAEINVAL
//     Actual: success, succeeded
//   Expected: fails with an error that (is equal to WSAEINVAL) or (is equal to WSAEFAULT)
//     Actual: WSAENOTSOCK, failed with WSAENOTSOCK
//   Expected: succeeds with a value that is equal to 1
//     Actual: WSAENOBUFS, failed with WSAENOBUFS
// and ASSERT_WSA_OK_AND_ASSIGN stops the test with the call's text and its error.
#ifndef WSDUP_SIM_TESTING_MATCHERS_H_
#define WSDUP_SIM_TESTING_MATCHERS_H_

#include <ostream>
#include <string>

#include "gmock/gmock.h"
#include "sim/outcome.h"
#include "sim/types.h"

namespace wsdup::vocabulary {

// Found by argument-dependent lookup: WsaError lives in the vocabulary's namespace.
inline void PrintTo(WsaError error, std::ostream* os) {
  *os << (error == WsaError::kNone ? std::string_view("success") : WsaErrorName(error));
}

}  // namespace wsdup::vocabulary

namespace wsdup::sim {

template <typename T>
void PrintTo(const Outcome<T>& outcome, std::ostream* os) {
  vocabulary::PrintTo(outcome.error, os);
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

// `error_matcher` is a WsaError or a matcher of one (AnyOf(...) where the documents allow several).
MATCHER_P(WsaFailsWith, error_matcher,
          "fails with an error that " + ::testing::DescribeMatcher<WsaError>(error_matcher)) {
  const WsaError error = testing_internal::ErrorOf(arg);
  if (error == WsaError::kNone) {
    *result_listener << "succeeded";
    return false;
  }
  *result_listener << "failed with " << WsaErrorName(error);
  return ::testing::SafeMatcherCast<WsaError>(error_matcher).Matches(error);
}

MATCHER_P(WsaSucceedsWithValue, value_matcher,
          "succeeds with a value that " + ::testing::DescribeMatcher<
                                              std::decay_t<decltype(std::declval<arg_type>().value())>>(value_matcher)) {
  if (!arg.ok()) {
    *result_listener << "failed with " << WsaErrorName(arg.error);
    return false;
  }
  return ::testing::ExplainMatchResult(value_matcher, arg.value(), result_listener);
}

}  // namespace wsdup::sim

#define WSDUP_MATCHERS_CONCAT_INNER(a, b) a##b
#define WSDUP_MATCHERS_CONCAT(a, b) WSDUP_MATCHERS_CONCAT_INNER(a, b)

// Declares `lhs` from the value of the Outcome `call`, or stops the test (ASSERT) naming the call
// and its error: the value of a failed call is never used.
#define ASSERT_WSA_OK_AND_ASSIGN(lhs, call)                                        \
  ASSERT_WSA_OK_AND_ASSIGN_IMPL(WSDUP_MATCHERS_CONCAT(wsa_outcome_, __LINE__), lhs, call)
#define ASSERT_WSA_OK_AND_ASSIGN_IMPL(outcome, lhs, call)                          \
  const auto outcome = (call);                                                     \
  ASSERT_THAT(outcome, ::wsdup::sim::WsaSucceeds()) << #call;                      \
  lhs = outcome.value()

#endif  // WSDUP_SIM_TESTING_MATCHERS_H_
