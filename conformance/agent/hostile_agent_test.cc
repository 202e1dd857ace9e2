// An unknown agent's lines are untrusted: whatever it prints, wsdup never crashes, and what cannot
// be used is a clear error for that agent or that step, never an observation of the stack.
#include <string>

#include "conformance/agent/agent_backend.h"
#include "conformance/format/scenario.h"
#include "conformance/run/runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::HasSubstr;

constexpr const char* kGoodHello = R"({"type":"hello","protocol":1,"stack":"hostile","ops":["startup"]})";

AgentOptions Scripted(const std::string& hello, const std::string& answer) {
  AgentOptions options;
  options.command = "conformance/agent/testdata/scripted_agent.sh";
  options.env = {{"HELLO", hello}, {"ANSWER", answer}};
  options.hello_timeout_ms = 5000;
  options.step_timeout_ms = 2000;
  return options;
}

struct BadHello {
  const char* line;
  const char* reason;
};

class BadHelloTest : public ::testing::TestWithParam<BadHello> {};

TEST_P(BadHelloTest, TheAgentDoesNotStartAndSaysWhy) {
  AgentBackend backend(Scripted(GetParam().line, ""));
  EXPECT_FALSE(backend.Start());
  EXPECT_THAT(backend.Problem(), HasSubstr(GetParam().reason));
}

INSTANTIATE_TEST_SUITE_P(
    Hellos, BadHelloTest,
    ::testing::Values(
        BadHello{R"({"type":"hello","protocol":"1","stack":"x","ops":[]})", "speaks protocol \"1\""},
        BadHello{R"({"type":"hello","protocol":3,"stack":"x","ops":[]})", "speaks protocol 3; this harness speaks 1 to 2"},
        BadHello{R"({"type":"hello","protocol":0,"stack":"x","ops":[]})", "speaks protocol 0"},
        BadHello{R"({"type":5,"protocol":1,"stack":"x","ops":[]})", "not a hello"},
        BadHello{R"({"type":"hello","protocol":1,"stack":5,"ops":[]})", "with no string"},
        BadHello{R"({"type":"hello","protocol":1e400,"stack":"x","ops":[]})", "not a hello"},
        BadHello{R"({"type":"hello","protocol":1,"stack":"../../etc/x","ops":[]})", "without '/'"},
        BadHello{R"({"type":"hello","protocol":1,"stack":"a\nFAIL forged","ops":[]})", "printable"},
        BadHello{R"({"type":"hello","protocol":2,"stack":"x","ops":[5]})", "an op that is not a name: 5"},
        BadHello{"\xff\xfe not utf-8", "\\xff\\xfe not utf-8"}));

struct BadAnswer {
  const char* line;
  const char* reason;
};

class BadAnswerTest : public ::testing::TestWithParam<BadAnswer> {};

TEST_P(BadAnswerTest, TheStepIsAHarnessErrorNotAnObservation) {
  AgentBackend backend(Scripted(kGoodHello, GetParam().line));
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  const Scenario scenario =
      ParseScenarios(nlohmann::json::parse(R"({"name":"n","steps":[{"proc":"A","op":"startup"}]})"), "t.json")[0];
  const ScenarioResult result = RunScenario(backend, scenario);
  EXPECT_EQ(result.status, RunStatus::kError);
  EXPECT_THAT(result.reason, HasSubstr(GetParam().reason));
}

INSTANTIATE_TEST_SUITE_P(
    Answers, BadAnswerTest,
    ::testing::Values(
        BadAnswer{R"({"type":"error","message":5})", "reported an error: (none)"},
        BadAnswer{R"({"type":"result","result":{"ok":true,"error":null,"events":[1]}})", "malformed"},
        BadAnswer{R"({"type":"result","result":{"unsupported":"yes"}})", "malformed"},
        BadAnswer{R"({"type":"result","result":{"ok":false,"error":"WSAENOSUCHTHING"}})", "malformed"},
        BadAnswer{R"({"type":"result","result":{"ok":true,"error":null,"value":1e400}})", "something other"},
        BadAnswer{"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                  "something other"},
        BadAnswer{"{\"type\":\"result\",\"result\":{\"ok\":true,\"error\":null,\"value\":\"\xc3\"}}",
                  "something other"}));

// Protocol 2's duty (docs/agent-protocol.md): a result echoes its step's index. Two steps, so an
// extra answer to the first is caught where it lands, at the second.
ScenarioResult RunTwoSteps(const std::string& hello, const std::string& answers) {
  AgentBackend backend(Scripted(hello, answers));
  EXPECT_TRUE(backend.Start()) << backend.Problem();
  const Scenario scenario = ParseScenarios(nlohmann::json::parse(R"({"name":"n","steps":[
      {"proc":"A","op":"startup"},{"proc":"B","op":"startup"}]})"), "t.json")[0];
  return RunScenario(backend, scenario);
}

constexpr const char* kHelloV2 = R"({"type":"hello","protocol":2,"stack":"hostile","ops":["startup"]})";
constexpr const char* kResultForStep0 = R"({"type":"result","index":0,"result":{"ok":true,"error":null}})";

TEST(StepIndexTest, AnExtraResultIsAnErrorAtTheStepItReaches) {
  const ScenarioResult result = RunTwoSteps(kHelloV2, std::string(kResultForStep0) + "\n" + kResultForStep0);
  EXPECT_EQ(result.status, RunStatus::kError);
  EXPECT_THAT(result.reason, HasSubstr("step 2 (B startup)"));
  EXPECT_THAT(result.reason, HasSubstr("carries index 0 where index 1 was asked"));
}

TEST(StepIndexTest, AProtocol2ResultWithoutItsIndexIsAnError) {
  const ScenarioResult result = RunTwoSteps(kHelloV2, R"({"type":"result","result":{"ok":true,"error":null}})");
  EXPECT_EQ(result.status, RunStatus::kError);
  EXPECT_THAT(result.reason, HasSubstr("carries no \"index\""));
}

TEST(StepIndexTest, AnIndexOfTheWrongTypeIsAnError) {
  const ScenarioResult result =
      RunTwoSteps(kHelloV2, R"({"type":"result","index":"0","result":{"ok":true,"error":null}})");
  EXPECT_EQ(result.status, RunStatus::kError);
  EXPECT_THAT(result.reason, HasSubstr("carries index \"0\""));
}

TEST(StepIndexTest, AProtocol1AgentWithoutIndexesIsStillAccepted) {
  const ScenarioResult result = RunTwoSteps(kGoodHello, R"({"type":"result","result":{"ok":true,"error":null}})");
  EXPECT_EQ(result.status, RunStatus::kRan) << result.reason;
}

}  // namespace
}  // namespace wsdup::conformance
