// StackJudge runs a case on the stack with the model's default branch as wait hints past an open
// point, judges it on the row that expects nothing there, and runs a deviation found after a hint
// again with the judged row's own waits before it counts.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/explore/case_judge.h"
#include "conformance/explore/model_case.h"
#include "conformance/run/model_backend.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;

// Step 5 duplicates to B after B exited: DUP-15, an open point. The getsockopt after it is past the
// open point, so only the hinted row gives it an expectation.
const std::vector<json> kCase = {
    json{{"proc", "A"}, {"op", "startup"}},
    json{{"proc", "B"}, {"op", "startup"}},
    json{{"proc", "B"}, {"op", "exit"}},
    json{{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s1"}},
    json{{"proc", "A"}, {"op", "duplicate"}, {"sock", "s1"}, {"target", "B"}, {"as", "b1"}},
    json{{"proc", "A"}, {"op", "setsockopt"}, {"sock", "s1"}, {"level", "SOL_SOCKET"}, {"name", "SO_RCVBUF"},
         {"value", 8192}},
    json{{"proc", "A"}, {"op", "getsockopt"}, {"sock", "s1"}, {"level", "SOL_SOCKET"}, {"name", "SO_RCVBUF"}},
};
constexpr size_t kGetStep = 6;

// The model as a stack, except that getsockopt fails (WSAENOTSOCK) when `wrong_when_hinted` and
// the step carries an expectation (a stand-in for an event that came after a short wait), or
// always when `always_wrong`. (Past an open point the judged row compares ok and error only.) Records whether each getsockopt it ran carried an expectation.
class StandInStack : public Backend {
 public:
  StandInStack(bool wrong_when_hinted, bool always_wrong)
      : wrong_when_hinted_(wrong_when_hinted), always_wrong_(always_wrong) {}
  std::string Name() const override { return "stand-in"; }
  bool Supports(std::string_view op) const override { return model_.Supports(op); }
  void BeginScenario(const Scenario& scenario) override { model_.BeginScenario(scenario); }
  Observation Execute(const Step& step) override {
    Observation observed = model_.Execute(step);
    if (step.op != "getsockopt") return observed;
    get_hinted_.push_back(!step.expect.empty());
    if (always_wrong_ || (wrong_when_hinted_ && !step.expect.empty())) observed = Observation::Failure("WSAENOTSOCK");
    return observed;
  }
  std::vector<std::string> EndScenario() override { return model_.EndScenario(); }
  const std::vector<bool>& GetHinted() const { return get_hinted_; }

 private:
  ModelBackend model_{/*check_invariants=*/false};
  bool wrong_when_hinted_;
  bool always_wrong_;
  std::vector<bool> get_hinted_;
};

TEST(StackJudgeTest, StepsPastAnOpenPointRunWithTheDefaultBranchAsHints) {
  StandInStack stack(/*wrong_when_hinted=*/false, /*always_wrong=*/false);
  StackJudge judge(stack, "agent", "stand-in", nullptr);
  EXPECT_EQ(judge.Judge(kCase), std::nullopt);
  EXPECT_THAT(stack.GetHinted(), ElementsAre(true));
  EXPECT_EQ(judge.Confirmations(), 0u);
  EXPECT_EQ(judge.TimeByOp().at("getsockopt").steps, 1u);
}

TEST(StackJudgeTest, ADeviationOnlyUnderAHintIsRunAgainAndDropped) {
  StandInStack stack(/*wrong_when_hinted=*/true, /*always_wrong=*/false);
  StackJudge judge(stack, "agent", "stand-in", nullptr);
  EXPECT_EQ(judge.Judge(kCase), std::nullopt);
  EXPECT_THAT(stack.GetHinted(), ElementsAre(true, false));
  EXPECT_EQ(judge.Confirmations(), 1u);
}

TEST(StackJudgeTest, ADeviationThatHoldsWithoutHintsIsReported) {
  StandInStack stack(/*wrong_when_hinted=*/false, /*always_wrong=*/true);
  StackJudge judge(stack, "agent", "stand-in", nullptr);
  const std::optional<Problem> problem = judge.Judge(kCase);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->kind, ProblemKind::kDeviation);
  EXPECT_EQ(problem->step, kGetStep);
  EXPECT_EQ(problem->observed_result, (json{{"ok", false}, {"error", "WSAENOTSOCK"}}));
  EXPECT_THAT(stack.GetHinted(), ElementsAre(true, false));
  EXPECT_EQ(judge.Confirmations(), 1u);
}

// A descriptor value made by a successful call in A, named in B: what it names in B is luck, so the
// step cannot be judged when the model's answer does not come from the descriptor itself.
// An AcceptEx that pends made its accept socket (OVL-1): a stack that pends where the model refuses
// leaves a live descriptor under the name the model holds as INVALID_SOCKET (Wine, seed 123).
TEST(MayNameAReusedValueTest, APendingAcceptExMadeItsAcceptSocket) {
  const std::vector<json> written = {
      json{{"proc", "A"}, {"op", "startup"}},
      json{{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s1"}},
      json{{"proc", "A"}, {"op", "accept"}, {"sock", "s1"}, {"async", "o1"}, {"as", "s2"}},
      json{{"proc", "A"}, {"op", "closesocket"}, {"sock", "s2"}},
  };
  const std::vector<Observation> pending = {Observation::Success(), Observation::Success(),
                                            Observation::Failure("WSA_IO_PENDING")};
  EXPECT_TRUE(MayNameAReusedValue(written, pending, 3, "WSAENOTSOCK"));
  const std::vector<Observation> refused = {Observation::Success(), Observation::Success(),
                                            Observation::Failure("WSAEINVAL")};
  EXPECT_FALSE(MayNameAReusedValue(written, refused, 3, "WSAENOTSOCK"));
}

TEST(MayNameAReusedValueTest, AnotherProcesssValueUnderAnErrorBeforeTheDescriptor) {
  const std::vector<json> written = {
      json{{"proc", "A"}, {"op", "startup"}},
      json{{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s1"}},
      json{{"proc", "B"}, {"op", "event_select"}, {"sock", "s1"}, {"event", "Be1"}, {"events", json::array()}},
  };
  const std::vector<Observation> stack = {Observation::Success(), Observation::Success()};
  EXPECT_TRUE(MayNameAReusedValue(written, stack, 2, "WSAENOTSOCK"));
  EXPECT_TRUE(MayNameAReusedValue(written, stack, 2, "WSANOTINITIALISED"));
  EXPECT_TRUE(MayNameAReusedValue(written, stack, 2, "WSAENETDOWN"));
  EXPECT_TRUE(MayNameAReusedValue(written, stack, 2, "WSA_INVALID_HANDLE"));
  // The call's own conditions come after the descriptor: a stack that got there found a socket.
  EXPECT_FALSE(MayNameAReusedValue(written, stack, 2, "WSAEINVAL"));
  EXPECT_FALSE(MayNameAReusedValue(written, stack, 2, ""));
  // A descriptor the stack failed to make is INVALID_SOCKET, which names nothing anywhere; one the
  // stack made counts even where the model refused it (an import in another branch: seed 32).
  EXPECT_FALSE(MayNameAReusedValue(written, {Observation::Success(), Observation::Failure("WSANOTINITIALISED")}, 2,
                                   "WSANOTINITIALISED"));
}

// A window message names a descriptor, and a case names descriptors its own way: a record entry
// written for a row's "t" explains a case's "s2".
TEST(KnownDeviationTest, MatchesByRuleAndShapeButNotByDescriptorName) {
  DeviationRecord record;
  conformance::KnownDeviation entry;
  entry.rules = {"EVT-10", "EVT-12"};
  entry.model = json{{"ok", true}, {"error", nullptr}, {"signaled", true}, {"events", {"FD_CONNECT"}}, {"sock", "t"}};
  entry.observed = json{{"ok", true}, {"error", nullptr}, {"signaled", false}};
  record.entries.push_back(entry);
  json model = entry.model;
  model["sock"] = "s2";
  EXPECT_EQ(KnownDeviation(record, {"EVT-10"}, model, entry.observed), Explained::kSameShape);
  EXPECT_EQ(KnownDeviation(record, {"EVT-1"}, model, entry.observed), Explained::kNo);
  json other_events = model;
  other_events["events"] = json::array({"FD_READ"});
  EXPECT_EQ(KnownDeviation(record, {"EVT-10"}, other_events, entry.observed), Explained::kNo);
}

json Events(std::vector<std::string> events) {
  return json{{"ok", true}, {"error", nullptr}, {"events", std::move(events)}};
}

conformance::KnownDeviation EnumEntry(std::vector<std::string> rules, json model, json observed) {
  conformance::KnownDeviation entry;
  entry.rules = std::move(rules);
  entry.model = std::move(model);
  entry.observed = std::move(observed);
  return entry;
}

// Seed 31: a stack known to report FD_WRITE again (one row) and FD_CONNECT again (another row)
// reports both at once in a case, over whatever the model reports; each extra event is explained.
TEST(KnownDeviationTest, AnEventListIsExplainedEventByEvent) {
  DeviationRecord record;
  record.entries.push_back(EnumEntry({"EVT-12"}, Events({}), Events({"FD_WRITE"})));
  record.entries.push_back(EnumEntry({"EVT-12"}, Events({}), Events({"FD_CONNECT"})));
  EXPECT_EQ(KnownDeviation(record, {"EVT-10", "EVT-12"}, Events({}), Events({"FD_WRITE", "FD_CONNECT"})),
            Explained::kEventByEvent);
  EXPECT_EQ(KnownDeviation(record, {"EVT-12"}, Events({"FD_WRITE"}), Events({"FD_WRITE", "FD_CONNECT"})),
            Explained::kEventByEvent);
  // An extra event no entry shows, a missing one no entry shows, another outcome, no shared rule.
  EXPECT_EQ(KnownDeviation(record, {"EVT-12"}, Events({}), Events({"FD_WRITE", "FD_READ"})), Explained::kNo);
  EXPECT_EQ(KnownDeviation(record, {"EVT-12"}, Events({"FD_WRITE"}), Events({})), Explained::kNo);
  EXPECT_EQ(KnownDeviation(record, {"EVT-12"}, Events({}),
                           json{{"ok", false}, {"error", "WSAENOTSOCK"}, {"events", json::array({"FD_WRITE"})}}),
            Explained::kNo);
  EXPECT_EQ(KnownDeviation(record, {"EVT-1"}, Events({}), Events({"FD_WRITE"})), Explained::kNo);
}

json Message(const std::string& event, const std::string& sock) {
  return json{{"ok", true}, {"error", nullptr}, {"signaled", true}, {"events", {event}}, {"sock", sock}};
}

// Seed 31: a stack known to post no FD_CONNECT message shows the message after it instead.
TEST(KnownDeviationTest, AMessageKnownNeverToBePostedMayShowAsTheNextOne) {
  DeviationRecord record;
  record.entries.push_back(
      EnumEntry({"EVT-10"}, Message("FD_CONNECT", "t"), json{{"ok", true}, {"error", nullptr}, {"signaled", false}}));
  EXPECT_EQ(KnownDeviation(record, {"EVT-10"}, Message("FD_CONNECT", "s2"), Message("FD_WRITE", "s2")),
            Explained::kSkippedMessage);
  EXPECT_EQ(KnownDeviation(record, {"EVT-10"}, Message("FD_READ", "s2"), Message("FD_WRITE", "s2")), Explained::kNo);
  EXPECT_EQ(KnownDeviation(record, {"EVT-1"}, Message("FD_CONNECT", "s2"), Message("FD_WRITE", "s2")),
            Explained::kNo);
}

// Seed 32: Wine's import by a process other than the blob's target is known to give a dead
// descriptor (a row's send); a case's recv through such a descriptor is the same cause. The open
// point's rule must be the making step's: the step's own rules do not say what the descriptor is.
TEST(KnownDeviationTest, ADescriptorKnownDeadFromTheOpenPointBranchThatMadeIt) {
  DeviationRecord record;
  record.entries.push_back(EnumEntry({"BLOB-3", "BLOB-1"}, json{{"ok", true}, {"error", nullptr}, {"value", 1}},
                                     json{{"ok", false}, {"error", "WSAENOTSOCK"}}));
  const json would_block = json{{"ok", false}, {"error", "HARNESS_WOULD_BLOCK"}};
  const json not_socket = json{{"ok", false}, {"error", "WSAENOTSOCK"}};
  EXPECT_EQ(KnownDeviation(record, {"CLOSE-3"}, would_block, not_socket, {"BLOB-3", "BLOB-1"}),
            Explained::kDeadDescriptor);
  EXPECT_EQ(KnownDeviation(record, {"CLOSE-3"}, would_block, not_socket, {}), Explained::kNo);
  // BLOB-1 is no open point: an ordinary import found dead is a finding.
  EXPECT_EQ(KnownDeviation(record, {"CLOSE-3"}, would_block, not_socket, {"BLOB-1"}), Explained::kNo);
  EXPECT_EQ(KnownDeviation(record, {"CLOSE-3"}, would_block, json{{"ok", false}, {"error", "WSAEINVAL"}}, {"BLOB-3"}),
            Explained::kNo);
}


// Seed 7, 160 cases: after an abortive close (CLOSE-7: the socket closed with the peer's bytes
// unread) Wine's peer read 4 of the 7 bytes sent. What it reads of them is no rule's, so a
// generated row leaves the value out, as it does an unset option's default; before the close the
// value stays.
TEST(WithModelExpectationsTest, APeerReadAfterAnAbortiveCloseStatesNoValue) {
  const std::vector<json> written = {
      json{{"proc", "A"}, {"op", "startup"}},
      json{{"proc", "A"}, {"op", "connected"}, {"peer", "p1"}, {"as", "s1"}},
      json{{"proc", "A"}, {"op", "send"}, {"sock", "s1"}, {"bytes", "a"}},
      json{{"op", "peer_recv"}, {"peer", "p1"}},
      json{{"proc", "A"}, {"op", "send"}, {"sock", "s1"}, {"bytes", "xyz"}},
      json{{"op", "peer_send"}, {"peer", "p1"}, {"bytes", "u"}},
      json{{"proc", "A"}, {"op", "closesocket"}, {"sock", "s1"}},
      json{{"op", "peer_recv"}, {"peer", "p1"}},
      json{{"op", "peer_state"}, {"peer", "p1"}},
  };
  const std::vector<json> rows = WithModelExpectations(written);
  EXPECT_EQ(rows[3]["expect"], (json{{"ok", true}, {"value", "a"}}));
  EXPECT_EQ(rows[7]["expect"], (json{{"ok", true}}));
  EXPECT_EQ(rows[8]["expect"]["state"], "reset");
}

}  // namespace
}  // namespace wsdup::conformance::explore
