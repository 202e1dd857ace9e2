// The matchers say what they expect and why a call did not match, in WSA error names: the messages
// sim/testing/matchers.h promises, held to the letter.
#include "sim/testing/matchers.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::sim {
namespace {

using ::testing::AnyOf;
using ::testing::DescribeMatcher;
using ::testing::Eq;
using ::testing::Not;

// What EXPECT_THAT prints after "Actual: <value>, ".
template <typename Matcher, typename Value>
std::string Explain(const Matcher& matcher, const Value& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

const Outcome<Handle> kNotSocket{WsaError::kNotSocket};
const Outcome<Handle> kMade{WsaError::kNone, 4};

TEST(MatchersTest, SucceedsSaysWhatFailed) {
  EXPECT_THAT(kMade, WsaSucceeds());
  EXPECT_THAT(kNotSocket, Not(WsaSucceeds()));
  EXPECT_EQ(DescribeMatcher<Outcome<Handle>>(WsaSucceeds()), "succeeds");
  EXPECT_EQ(Explain(WsaSucceeds(), kNotSocket), "failed with WSAENOTSOCK");
  EXPECT_EQ(::testing::PrintToString(kNotSocket), "WSAENOTSOCK");
  EXPECT_EQ(::testing::PrintToString(kMade), "success");
}

TEST(MatchersTest, FailsWithTakesAnErrorOrAMatcher) {
  EXPECT_THAT(kNotSocket, WsaFailsWith(WsaError::kNotSocket));
  EXPECT_THAT(kNotSocket, WsaFailsWith(AnyOf(WsaError::kInvalidArgument, WsaError::kNotSocket)));
  EXPECT_THAT(kNotSocket, Not(WsaFailsWith(WsaError::kInvalidArgument)));
  EXPECT_THAT(kMade, Not(WsaFailsWith(WsaError::kNotSocket)));
  EXPECT_THAT(WsaError::kBadAddress, WsaFailsWith(Eq(WsaError::kBadAddress)));  // plain WsaError results too
}

TEST(MatchersTest, FailsWithDescribesTheErrorsItAccepts) {
  EXPECT_EQ(DescribeMatcher<Outcome<Handle>>(WsaFailsWith(WsaError::kInvalidArgument)),
            "fails with an error that is equal to WSAEINVAL");
  EXPECT_EQ(DescribeMatcher<Outcome<Handle>>(
                WsaFailsWith(AnyOf(WsaError::kInvalidArgument, WsaError::kBadAddress))),
            "fails with an error that (is equal to WSAEINVAL) or (is equal to WSAEFAULT)");
  EXPECT_EQ(Explain(WsaFailsWith(WsaError::kInvalidArgument), kMade), "succeeded");
  EXPECT_EQ(Explain(WsaFailsWith(WsaError::kInvalidArgument), kNotSocket), "failed with WSAENOTSOCK");
}

TEST(MatchersTest, SucceedsWithValueChecksTheValueOnlyOnSuccess) {
  EXPECT_THAT(kMade, WsaSucceedsWithValue(4u));
  EXPECT_THAT(kMade, Not(WsaSucceedsWithValue(5u)));
  EXPECT_EQ(DescribeMatcher<Outcome<Handle>>(WsaSucceedsWithValue(1u)), "succeeds with a value that is equal to 1");
  EXPECT_EQ(Explain(WsaSucceedsWithValue(1u), Outcome<Handle>{WsaError::kNoBufferSpace}),
            "failed with WSAENOBUFS");
}

// A failed call's value is never a real object's id, and reading it stops the program loudly.
TEST(OutcomeTest, AFailedCallHasNoUsableValue) {
  EXPECT_DEATH((void)kNotSocket.value(), "the value of a call that failed with WSAENOTSOCK was read");
  EXPECT_DEATH((void)Outcome<BlobId>{WsaError::kInvalidArgument}.value(), "WSAEINVAL");
  EXPECT_EQ(ValueOfFailedCall<BlobId>(), kInvalidBlob);
  EXPECT_EQ(ValueOfFailedCall<Handle>(), kInvalidSocket);
}

TEST(OutcomeTest, AssertOkAndAssignGivesTheValue) {
  ASSERT_WSA_OK_AND_ASSIGN(const Handle handle, kMade);
  EXPECT_EQ(handle, 4u);
}

}  // namespace
}  // namespace wsdup::sim
