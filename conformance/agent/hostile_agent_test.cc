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
        BadHello{R"({"type":5,"protocol":1,"stack":"x","ops":[]})", "not a hello"},
        BadHello{R"({"type":"hello","protocol":1,"stack":5,"ops":[]})", "with no string"},
        BadHello{R"({"type":"hello","protocol":1e400,"stack":"x","ops":[]})", "not a hello"},
        BadHello{R"({"type":"hello","protocol":1,"stack":"../../etc/x","ops":[]})", "without '/'"},
        BadHello{R"({"type":"hello","protocol":1,"stack":"a\nFAIL forged","ops":[]})", "printable"},
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

}  // namespace
}  // namespace wsdup::conformance
