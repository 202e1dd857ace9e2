// The vocabulary's tables are consistent with themselves: every name and value is unique, lookups
// invert each other, and every op's arguments and result fields are well formed. (Agreement with
// <winsock2.h> is checked at compile time by agent/winsock/vocabulary_check.cc; agreement with the
// model, the agents and the docs by agent/op_vocabulary_test.cc.)
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/vocabulary/net_events.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/vocabulary/socket_words.h"
#include "conformance/vocabulary/wsa_errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::vocabulary {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

template <typename T>
bool AllDistinct(const std::vector<T>& items) {
  return std::set<T>(items.begin(), items.end()).size() == items.size();
}

TEST(WsaErrorsTest, NamesAndCodesAreDistinctAndInvert) {
  std::vector<std::string_view> names;
  std::vector<int> codes;
  for (const WsaErrorWord& word : kWsaErrors) {
    names.push_back(word.name);
    if (word.code != 0) codes.push_back(word.code);
    if (word.error == WsaError::kNone) continue;
    EXPECT_THAT(WsaErrorFromName(word.name), Optional(word.error)) << word.name;
    EXPECT_EQ(WsaErrorName(word.error), word.name);
    if (word.code != 0) {  // braces: EXPECT_THAT is an if/else inside
      EXPECT_THAT(WsaErrorNameOfCode(word.code), Optional(word.name));
    }
  }
  EXPECT_TRUE(AllDistinct(names));
  EXPECT_TRUE(AllDistinct(codes));
}

TEST(WsaErrorsTest, UnknownNamesAndCodesAreNotGuessed) {
  EXPECT_EQ(WsaErrorFromName(""), std::nullopt);  // kNone's empty name is not a step's error
  EXPECT_EQ(WsaErrorFromName("WSAEINVALX"), std::nullopt);
  EXPECT_EQ(WsaErrorNameOfCode(0), std::nullopt);  // the harness's own outcomes have no code
  EXPECT_EQ(WsaErrorNameOfCode(10999), std::nullopt);
  EXPECT_EQ(WsaErrorCode(WsaError::kHarnessWouldBlock), 0);
  EXPECT_EQ(WsaErrorCode(WsaError::kInvalidArgument), 10022);
}

TEST(NetEventsTest, EachEventIsOneBitListedInBitOrder) {
  uint32_t seen = 0;
  uint32_t previous = 0;
  for (const NetEventWord& word : kNetEvents) {
    EXPECT_EQ(word.bit & (word.bit - 1), 0u) << word.name << " is not a single bit";
    EXPECT_GT(word.bit, previous) << word.name;
    EXPECT_THAT(NetEventFromName(word.name), Optional(static_cast<uint32_t>(word.bit)));
    previous = word.bit;
    seen |= word.bit;
  }
  EXPECT_EQ(seen, kAllNetEvents);
}

TEST(NetEventsTest, NamesOfAMaskComeInBitOrder) {
  std::vector<std::string_view> names;
  ForEachNetEventName(kFdClose | kFdRead | kFdAccept, [&](std::string_view name) { names.push_back(name); });
  EXPECT_THAT(names, ElementsAre("FD_READ", "FD_ACCEPT", "FD_CLOSE"));
}

TEST(SocketWordsTest, OptionsLevelsAndFlagsHaveDistinctNames) {
  std::vector<std::string_view> names;
  for (const OptionWord& word : kOptions) {
    names.push_back(word.name);
    EXPECT_THAT(OptionFromName(word.name), Optional(word.option));
  }
  for (const OptionLevelWord& word : kOptionLevels) {
    EXPECT_THAT(OptionLevelFromName(word.name), Optional(word.level));
  }
  for (const CreateFlagWord& word : kCreateFlags) {
    EXPECT_THAT(CreateFlagFromName(word.name), Optional(word.value));
  }
  EXPECT_TRUE(AllDistinct(names));
  EXPECT_EQ(OptionFromName("SO_NOSUCH"), std::nullopt);
}

// SOCK-11: which (name, level) pairs are calls about another option. Every pair of the vocabulary is
// listed, so a new option or level is decided here, not by accident.
TEST(SocketWordsTest, ANameAtAnotherLevelIsTheOptionItsNumberIsThere) {
  std::vector<std::string> aliased;
  for (const OptionWord& word : kOptions) {
    for (const OptionLevelWord& level : kOptionLevels) {
      const std::string_view other = OtherOptionWithItsNumber(word.option, level.level);
      if (word.level == level.level) {
        EXPECT_EQ(other, "") << word.name;
      }
      if (!other.empty()) aliased.push_back(std::string(word.name) + "@" + std::string(level.name) + "=" + std::string(other));
    }
  }
  EXPECT_THAT(aliased, ElementsAre("SO_KEEPALIVE@IPPROTO_TCP=TCP_ATMARK", "SO_REUSEADDR@IPPROTO_TCP=TCP_MAXSEG",
                                   "TCP_NODELAY@SOL_SOCKET=SO_DEBUG"));
  std::vector<std::string_view> names;
  for (const OptionWord& word : kOptions) names.push_back(word.name);
  for (const UnmodelledOptionWord& word : kUnmodelledOptions) names.push_back(word.name);
  EXPECT_TRUE(AllDistinct(names));
}

TEST(OpsTest, EveryOpIsWellFormed) {
  std::vector<std::string_view> op_names;
  const std::set<std::string_view> result_fields(std::begin(kResultFields), std::end(kResultFields));
  for (const OpSpec& op : AllOps()) {
    op_names.push_back(op.name);
    EXPECT_EQ(FindOp(op.name), &op);
    std::vector<std::string_view> arg_names;
    for (const ArgSpec& arg : op.args) {
      arg_names.push_back(arg.name);
      const bool takes_choices = arg.kind == ArgKind::kEnum || arg.kind == ArgKind::kFlagList;
      EXPECT_EQ(takes_choices, !arg.choices.empty()) << op.name << "." << arg.name;
    }
    EXPECT_TRUE(AllDistinct(arg_names)) << op.name;
    for (std::string_view field : op.results) {
      EXPECT_TRUE(result_fields.count(field)) << op.name << " reports unknown field " << field;
    }
    EXPECT_TRUE(Reports(op, "ok") && Reports(op, "error")) << op.name;
  }
  EXPECT_TRUE(AllDistinct(op_names));
  EXPECT_EQ(FindOp("no_such_op"), nullptr);
}

TEST(OpsTest, ResultFieldsAreTheOpsOwn) {
  EXPECT_TRUE(Reports(*FindOp("getsockopt"), "value"));
  EXPECT_FALSE(Reports(*FindOp("setsockopt"), "value"));
  EXPECT_TRUE(Reports(*FindOp("wait_message"), "sock"));
  EXPECT_FALSE(Reports(*FindOp("wait_event"), "events"));
}

}  // namespace
}  // namespace wsdup::vocabulary
