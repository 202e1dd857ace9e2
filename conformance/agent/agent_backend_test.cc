// The agent backend: a crashed, hung or babbling agent gives a clear error for that scenario,
// bounded in time, and the next scenario runs on a fresh agent. The model agent passes the tables.
#include "conformance/agent/agent_backend.h"

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "conformance/run/runner.h"
#include "conformance/format/scenario.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::HasSubstr;

Scenario Tiny(const std::string& name) {
  return ParseScenarios(nlohmann::json::parse(R"({"name":")" + name + R"(","steps":[
      {"proc":"A","op":"startup","expect":{"ok":true}},
      {"proc":"A","op":"socket","type":"stream","as":"s","expect":{"ok":true}}]})"),
                        "tiny.json")[0];
}

AgentOptions Options(const std::string& script) {
  AgentOptions options;
  options.command = "conformance/agent/testdata/" + script;
  options.hello_timeout_ms = 5000;
  options.step_timeout_ms = 500;
  return options;
}

// The last step of a scenario ending in a recv step (or a peer_recv, or a peer_recvfrom) with the
// given expect.
Step LastStep(const std::string& expect, const std::string& op) {
  const std::string last = op == "recv"        ? R"({"proc":"A","op":"recv","sock":"s","expect":)"
                           : op == "peer_recv" ? R"({"op":"peer_recv","peer":"p","expect":)"
                                               : R"({"op":"peer_recvfrom","peer":"d","expect":)";
  const Scenario scenario = ParseScenarios(nlohmann::json::parse(R"({"name":"n","steps":[
      {"proc":"A","op":"startup"},{"proc":"A","op":"connected","peer":"p","as":"s"},
      {"op":"peer_dgram","peer":"d"},)" + last + expect + "}]}"),
                                           "bound.json")[0];
  return scenario.steps.back();
}

// The wait bound of a recv step (or a peer_recv) with the given expect.
int BoundFor(const std::string& expect, const std::string& op = "recv") {
  AgentOptions options;
  options.positive_wait_ms = 2000;
  options.negative_wait_ms = 200;
  return WaitBoundFor(LastStep(expect, op), options);
}

// The peer reads until the fewest bytes any expectation holds have come (then briefly for more).
TEST(WaitBoundTest, PeerRecvIsToldHowManyBytesTheRowExpects) {
  EXPECT_EQ(ExpectedPeerBytes(LastStep(R"({"value":"axyzxyz"})", "peer_recv")), 7u);
  EXPECT_EQ(ExpectedPeerBytes(LastStep(R"([{"value":"ab"},{"value":"a"}])", "peer_recv")), 1u);
  EXPECT_EQ(ExpectedPeerBytes(LastStep(R"([{"value":""},{"value":"abc"}])", "peer_recv")), 0u);
  EXPECT_EQ(ExpectedPeerBytes(LastStep(R"([{"value":"abc"},{"ok":true}])", "peer_recv")), 0u);
  EXPECT_EQ(ExpectedPeerBytes(LastStep(R"({"ok":true,"value":"abc"})", "recv")), 0u);
}

// Silence and failure get the short bound; anything that may bring something gets the long one.
TEST(WaitBoundTest, OnlyExpectedSilenceOrFailureGetsTheShortBound) {
  EXPECT_EQ(BoundFor(R"({"ok":false,"error":"HARNESS_WOULD_BLOCK"})"), 200);
  EXPECT_EQ(BoundFor(R"({"ok":false,"error":"WSAEWOULDBLOCK"})"), 200);
  EXPECT_EQ(BoundFor(R"({"ok":false,"error":"WSAEINVAL"})"), 200);
  EXPECT_EQ(BoundFor(R"([{"ok":false,"error":"HARNESS_WOULD_BLOCK"},{"ok":true}])"), 2000);
  EXPECT_EQ(BoundFor(R"({"ok":true})"), 2000);
  EXPECT_EQ(BoundFor(R"({"ok":true,"value":"a"})"), 2000);
  // recv's "" is an end of stream that has to arrive; peer_recv's is nothing sent.
  EXPECT_EQ(BoundFor(R"({"ok":true,"value":""})"), 2000);
  EXPECT_EQ(BoundFor(R"({"value":""})", "peer_recv"), 200);
  EXPECT_EQ(BoundFor(R"({"value":"a"})", "peer_recv"), 2000);
  // peer_recvfrom's "" is no datagram: silence too.
  EXPECT_EQ(BoundFor(R"({"value":""})", "peer_recvfrom"), 200);
  EXPECT_EQ(BoundFor(R"({"value":"a"})", "peer_recvfrom"), 2000);
}

TEST(WaitBoundTest, OnlyStepsThatCanCauseNothingAreLooks) {
  const auto step = [](const char* op) {
    Step made;
    made.op = op;
    return made;
  };
  for (const char* op : {"wait_event", "wait_message", "enum_events", "getsockopt", "getsockname", "peer_state"}) {
    EXPECT_TRUE(OnlyLooks(step(op))) << op;
  }
  // peer_recv frees the peer's window: a socket whose sends waited for room may be told it can write.
  for (const char* op : {"startup", "socket", "recv", "send", "peer_send", "peer_recv", "closesocket", "exit"}) {
    EXPECT_FALSE(OnlyLooks(step(op))) << op;
  }
  EXPECT_EQ(SettledWaitMs(200, 0), 200);
  EXPECT_EQ(SettledWaitMs(200, 150), 50);
  EXPECT_EQ(SettledWaitMs(200, 200), 0);
  EXPECT_EQ(SettledWaitMs(200, 5000), 0);
}

// Two expected silences in a row: the second is judged once the bound has passed since the last
// step that could cause something, which the first one's wait already spent.
TEST(AgentBackendTest, ASecondSilenceInARowWaitsOnlyWhatIsLeftOfTheBound) {
  const std::string waits = std::string(std::getenv("TEST_TMPDIR")) + "/waits";
  AgentOptions options = Options("wait_recording_agent.sh");
  options.env = {{"WAITS", waits}};
  options.positive_wait_ms = 2000;
  options.negative_wait_ms = 200;
  AgentBackend backend(options);
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  const Scenario scenario = ParseScenarios(nlohmann::json::parse(R"({"name":"silences","steps":[
      {"proc":"A","op":"startup","expect":{"ok":true}},
      {"proc":"A","op":"wait_event","event":"e","expect":{"signaled":false}},
      {"proc":"A","op":"wait_event","event":"e","expect":{"signaled":false}}]})"),
                                           "silences.json")[0];
  const ScenarioResult result = RunScenario(backend, scenario);
  ASSERT_TRUE(result.Passed()) << VerdictName(result) << ": " << result.reason;
  std::ifstream recorded(waits);
  int first = -1, second = -1;
  recorded >> first >> second;
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  // The first wait spent `first` ms, so the second was asked at least that long after the cause.
  EXPECT_LE(first + second, 200) << first << " then " << second;
}

TEST(AgentBackendTest, ModelAgentSaysHelloAndRunsAScenario) {
  AgentOptions options;
  options.command = "conformance/agent/model_agent";
  AgentBackend backend(options);
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  EXPECT_EQ(backend.Name(), "agent (wsdup model)");
  EXPECT_TRUE(backend.Supports("duplicate"));
  EXPECT_FALSE(backend.Supports("frobnicate"));
  Scenario scenario = Tiny("tiny");
  ScenarioResult result = RunScenario(backend, scenario);
  EXPECT_TRUE(result.Passed()) << result.reason;
}

TEST(AgentBackendTest, SilentAgentFailsToStartWithAReason) {
  AgentBackend backend(Options("silent_agent.sh"));
  EXPECT_FALSE(backend.Start());
  EXPECT_THAT(backend.Problem(), HasSubstr("no hello"));
}

TEST(AgentBackendTest, CrashIsAnErrorAndTheNextScenarioRunsOnAFreshAgent) {
  AgentBackend backend(Options("crashing_agent.sh"));
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  for (const char* name : {"first", "second"}) {
    Scenario scenario = Tiny(name);
    ScenarioResult result = RunScenario(backend, scenario);
    EXPECT_EQ(result.status, RunStatus::kError) << name;
    EXPECT_THAT(result.reason, HasSubstr("step 1 (A startup)"));
    EXPECT_THAT(result.reason, HasSubstr("exited with status 3"));
  }
}

// An agent that crashed and will not say hello again costs one bounded restart, not one per scenario.
TEST(AgentBackendTest, AnAgentThatCannotRestartFailsLaterScenariosAtOnce) {
  AgentOptions options = Options("crash_then_silent_agent.sh");
  options.hello_timeout_ms = 1000;
  options.env = {{"MARKER", std::string(std::getenv("TEST_TMPDIR")) + "/started-once"}};
  AgentBackend backend(options);
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  EXPECT_EQ(RunScenario(backend, Tiny("crashes")).status, RunStatus::kError);
  const auto start = std::chrono::steady_clock::now();
  for (const char* name : {"second", "third", "fourth", "fifth"}) {
    const ScenarioResult result = RunScenario(backend, Tiny(name));
    EXPECT_EQ(result.status, RunStatus::kError) << name;
    EXPECT_THAT(result.reason, HasSubstr("could not be restarted after it failed: the agent sent no hello")) << name;
  }
  // One hello bound in all, not four: a bound, not a speed target.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(3000));
}

TEST(AgentBackendTest, HangIsBoundedByTheStepTimeout) {
  AgentBackend backend(Options("hanging_agent.sh"));
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  const auto start = std::chrono::steady_clock::now();
  Scenario scenario = Tiny("hangs");
  ScenarioResult result = RunScenario(backend, scenario);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.status, RunStatus::kError);
  EXPECT_THAT(result.reason, HasSubstr("no answer within 500 ms"));
  EXPECT_LT(elapsed, std::chrono::seconds(5));  // a bound, not a speed target
}

// An agent that answers, but not with a usable result: the scenario is an error whose reason says
// what the agent said.
struct BadAnswer {
  const char* script;
  const char* reason;
};

class BadAnswerTest : public ::testing::TestWithParam<BadAnswer> {};

TEST_P(BadAnswerTest, IsAnErrorThatQuotesTheAgent) {
  AgentBackend backend(Options(GetParam().script));
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  Scenario scenario = Tiny("bad-answer");
  ScenarioResult result = RunScenario(backend, scenario);
  EXPECT_EQ(result.status, RunStatus::kError);
  EXPECT_THAT(result.reason, HasSubstr(GetParam().reason));
}

INSTANTIATE_TEST_SUITE_P(AgentBackendTest, BadAnswerTest,
                         ::testing::Values(
                             // Garbage instead of JSON.
                             BadAnswer{"garbage_agent.sh", "this is not json"},
                             // The agent's own harness error (a worker it lost) is the reason.
                             BadAnswer{"worker_lost_agent.sh", "step 1 (A startup): worker A crashed"}));

TEST(AgentBackendTest, UnsupportedOpMakesTheScenarioUnsupportedWithoutRunningIt) {
  AgentBackend backend(Options("crashing_agent.sh"));
  ASSERT_TRUE(backend.Start()) << backend.Problem();
  Scenario scenario = ParseScenarios(nlohmann::json::parse(R"({"name":"f","steps":[
      {"proc":"A","op":"startup"},{"proc":"A","op":"fault","kind":"netdown","on":true}]})"),
                                     "f.json")[0];
  ScenarioResult result = RunScenario(backend, scenario);
  EXPECT_EQ(result.status, RunStatus::kUnsupported);
  EXPECT_THAT(result.reason, HasSubstr("\"fault\""));
  EXPECT_TRUE(result.steps.empty());
}

}  // namespace
}  // namespace wsdup::conformance
