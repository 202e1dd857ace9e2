// Bad input is refused before anything runs, with a message naming file, scenario and step.
#include "conformance/format/scenario.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Validates `text` as the contents of "t.json" and returns the error message ("" if valid).
std::string ErrorFor(const std::string& text) {
  try {
    ParseScenarios(nlohmann::json::parse(text), "t.json");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

std::string OneStep(const std::string& step) {
  return R"({"name":"n","rules":["DUP-1"],"steps":[{"proc":"A","op":"startup"},)" + step + "]}";
}

TEST(ScenarioValidationTest, AcceptsAWellFormedScenario) {
  EXPECT_EQ(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"})")), "");
}

// docs/scenario-format.md, "chain": the layers (top first) and the base; the names are the model's.
TEST(ScenarioValidationTest, AChainIsLayerNamesAndABase) {
  const std::string steps = R"("steps":[{"proc":"A","op":"startup"}]})";
  const std::vector<Scenario> parsed = ParseScenarios(
      nlohmann::json::parse(R"({"name":"n","chain":{"layers":["reference","x"],"base":"non_ifs"},)" + steps), "t.json");
  ASSERT_TRUE(parsed[0].chain.has_value());
  EXPECT_THAT(parsed[0].chain->layers, ::testing::ElementsAre("reference", "x"));
  EXPECT_FALSE(parsed[0].chain->base_ifs);
  EXPECT_FALSE(ParseScenarios(nlohmann::json::parse(R"({"name":"n",)" + steps), "t.json")[0].chain.has_value());
  for (const char* bad : {R"("chain":[])", R"("chain":{"layers":[]})", R"("chain":{"layers":[1]})",
                          R"("chain":{"layers":["a"],"base":"raw"})", R"("chain":{"layers":["a"],"colour":1})",
                          R"("chain":{"layers":["a","b","c","d","e","f","g"]})"}) {
    EXPECT_THAT(ErrorFor(std::string(R"({"name":"n",)") + bad + "," + steps),
                AllOf(HasSubstr("t.json"), HasSubstr("scenario 1 \"n\""), HasSubstr("\"chain\" must be")))
        << bad;
  }
}

TEST(ScenarioValidationTest, UnknownOpNamesFileScenarioAndStep) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"frobnicate"})")),
              AllOf(HasSubstr("t.json"), HasSubstr("scenario 1 \"n\""), HasSubstr("step 2"),
                    HasSubstr("unknown op \"frobnicate\"")));
}

TEST(ScenarioValidationTest, UnknownField) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","colour":"red"})")),
              HasSubstr("unknown field \"colour\""));
}

TEST(ScenarioValidationTest, NameUsedBeforeBound) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"closesocket","sock":"s"})")),
              AllOf(HasSubstr("step 2"), HasSubstr("\"s\" is not bound")));
}

TEST(ScenarioValidationTest, NameOfTheWrongKind) {
  EXPECT_THAT(ErrorFor(R"({"name":"n","steps":[{"proc":"A","op":"socket","type":"stream","as":"s"},
                          {"proc":"A","op":"from_blob","blob":"s"}]})"),
              HasSubstr("\"s\" is a descriptor, not a blob"));
}

TEST(ScenarioValidationTest, WrongTypes) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":5})")),
              HasSubstr("\"type\" must be a string"));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"raw"})")),
              HasSubstr("\"raw\" is not one of [stream, dgram]"));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"fault","kind":"netdown","on":"yes"})")),
              HasSubstr("\"on\" must be true or false"));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"cleanup","expect":{"ok":"true"}})")),
              HasSubstr("\"ok\" must be true or false"));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"cleanup","expect":{"error":"EBADF"}})")),
              HasSubstr("known error name"));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"cleanup","expect":{"colour":1}})")),
              HasSubstr("unknown result field \"colour\""));
}

// An expectation on a field the op never reports could never be checked (vocabulary/ops.h).
TEST(ScenarioValidationTest, ExpectNamesOnlyFieldsTheOpReports) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"cleanup","expect":{"value":1}})")),
              HasSubstr("op \"cleanup\" reports no \"value\""));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"cleanup","expect":[{"ok":true},{"events":[]}]})")),
              HasSubstr("op \"cleanup\" reports no \"events\""));
  EXPECT_EQ(ErrorFor(OneStep(R"({"proc":"A","op":"cleanup","expect":{"ok":false,"error":"WSAEINVAL"}})")), "");
}

// What backends read: the arguments parsed once, with names resolved to the vocabulary's values.
TEST(StepArgsTest, AValidatedStepCarriesItsArgumentsTyped) {
  const std::vector<Scenario> parsed = ParseScenarios(nlohmann::json::parse(R"({"name":"n","steps":[
    {"proc":"A","op":"startup","version":"0"},
    {"proc":"A","op":"socket","type":"dgram","api":"WSASocketW","flags":["overlapped","no_handle_inherit"],"as":"s"},
    {"proc":"A","op":"setsockopt","sock":"s","level":"SOL_SOCKET","name":"SO_LINGER","value":{"l_onoff":1,"l_linger":7}},
    {"proc":"A","op":"event_select","sock":"s","event":"e","events":["FD_CLOSE","FD_READ"]},
    {"proc":"A","op":"duplicate","sock":"s","target_pid":"zero","variant":"W","as":"b"}]})"),
                                                    "t.json");
  const std::vector<Step>& steps = parsed.front().steps;
  EXPECT_FALSE(steps[0].typed.version_supported);
  EXPECT_EQ(steps[1].typed.type, sim::SockType::kDgram);
  EXPECT_EQ(steps[1].typed.api, sim::CreateApi::kWSASocketW);
  EXPECT_EQ(steps[1].typed.create_flags, sim::kFlagOverlapped | sim::kFlagNoHandleInherit);
  EXPECT_EQ(steps[2].typed.option, vocabulary::Option::kLinger);
  EXPECT_EQ(steps[2].typed.level, vocabulary::OptionLevel::kSocket);
  EXPECT_EQ(steps[2].typed.option_value, (sim::OptionValue{1, 7}));
  EXPECT_EQ(steps[3].typed.event_mask, sim::kFdRead | sim::kFdClose);
  EXPECT_EQ(steps[3].typed.event, "e");
  EXPECT_EQ(steps[4].typed.target_pid, TargetPid::kZero);
  EXPECT_EQ(steps[4].typed.variant, sim::Variant::kW);
}

// SOCK-11: TCP_NODELAY's number at SOL_SOCKET is SO_DEBUG's, and SO_REUSEADDR's and SO_KEEPALIVE's at
// IPPROTO_TCP are TCP_MAXSEG's and TCP_ATMARK's: those calls are about options the model does not
// know, so a row cannot ask them. A number that means nothing at the level stays a SOCK-8 row.
TEST(ScenarioValidationTest, AnOptionWhoseNumberIsAnotherOptionAtTheLevelIsRefused) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
                                  {"proc":"A","op":"getsockopt","sock":"s","level":"SOL_SOCKET","name":"TCP_NODELAY"})")),
              AllOf(HasSubstr("step 3"), HasSubstr("which is SO_DEBUG there"), HasSubstr("SOCK-11")));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
                                  {"proc":"A","op":"setsockopt","sock":"s","level":"IPPROTO_TCP","name":"SO_REUSEADDR","value":1})")),
              HasSubstr("which is TCP_MAXSEG there"));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
                                  {"proc":"A","op":"getsockopt","sock":"s","level":"IPPROTO_TCP","name":"SO_KEEPALIVE"})")),
              HasSubstr("which is TCP_ATMARK there"));
  EXPECT_EQ(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
                               {"proc":"A","op":"getsockopt","sock":"s","level":"IPPROTO_TCP","name":"SO_SNDBUF"})")),
            "");
}

// A step that skipped validation (one from the agent protocol) is refused, not half understood.
TEST(StepArgsTest, UnknownValuesAreRefused) {
  EXPECT_THROW(ParseStepArgs(nlohmann::json{{"name", "SO_NOSUCH"}}), InputError);
  EXPECT_THROW(ParseStepArgs(nlohmann::json{{"events", {"FD_NOSUCH"}}}), InputError);
  EXPECT_THROW(ParseStepArgs(nlohmann::json{{"type", "raw"}}), InputError);
  EXPECT_THROW(ParseStepArgs(nlohmann::json{{"target_pid", "someone"}}), InputError);
  EXPECT_THROW(ParseStepArgs(nlohmann::json{{"sock", 3}}), InputError);
  EXPECT_THROW(ParseStepArgs(nlohmann::json{{"value", "x"}}), InputError);
  EXPECT_THROW(ParseStepArgs(nlohmann::json{{"sock", {{"raw", 4}}}}), InputError);
}

// Format 1.1: a raw descriptor value in place of a name; anything else of that shape is refused
// with the two forms named, and a harness op still needs a name.
TEST(ScenarioValidationTest, ARawSockIsZeroOrInvalid) {
  EXPECT_EQ(ErrorFor(OneStep(R"({"proc":"A","op":"closesocket","sock":{"raw":0}},
                               {"proc":"A","op":"closesocket","sock":{"raw":"invalid"}})")),
            "");
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"closesocket","sock":{"raw":8}})")),
              AllOf(HasSubstr("step 2"), HasSubstr("is not a raw descriptor"), HasSubstr("{\"raw\": 0}")));
  EXPECT_THAT(ErrorFor(OneStep(R"({"op":"peer_connect","sock":{"raw":0},"peer":"p"})")),
              HasSubstr("through its name"));
  EXPECT_EQ(ParseStepArgs(nlohmann::json{{"sock", {{"raw", 0}}}}).raw_sock, RawSock::kZero);
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
                                  {"proc":"A","op":"listen","sock":"s","backlog":0})")),
              AllOf(HasSubstr("step 3"), HasSubstr("from 1 to 2147483647")));
  EXPECT_EQ(ParseStepArgs(nlohmann::json{{"backlog", 5}}).backlog, 5);
  EXPECT_EQ(ParseStepArgs(nlohmann::json{{"sock", {{"raw", "invalid"}}}}).raw_sock, RawSock::kInvalid);
}

// A row written once for both notification mechanisms (format/notify_expansion.h).
const char* kNotifyRow = R"({"name": "n-{notify}", "notify": ["event", "window"], "rules": ["EVT-1"],
  "doc": "{Notify} replaces.", "steps": [
  {"proc": "A", "op": "startup"},
  {"proc": "A", "op": "connected", "peer": "p", "as": "s"},
  {"proc": "A", "op": "notify_select", "sock": "s", "on": "o", "events": ["FD_READ"]},
  {"op": "peer_send", "peer": "p", "bytes": "d"},
  {"proc": "A", "op": "notify_wait", "on": "o", "expect": {"signaled": true, "events": ["FD_READ"]}},
  {"notify_only": "event", "proc": "A", "op": "enum_events", "sock": "s", "event": "o", "expect": {"events": ["FD_READ"]},
   "note": "only {Notify} records"}]})";

TEST(NotifyExpansionTest, ARowForBothMechanismsBecomesTwoPlainRows) {
  const std::vector<Scenario> rows = ParseScenarios(nlohmann::json::parse(kNotifyRow), "t.json");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "n-event");
  EXPECT_EQ(rows[0].doc, "WSAEventSelect replaces.");
  ASSERT_EQ(rows[0].steps.size(), 6u);
  EXPECT_EQ(rows[0].steps[2].op, "event_select");
  EXPECT_EQ(rows[0].steps[2].typed.event, "o");
  EXPECT_EQ(rows[0].steps[4].op, "wait_event");
  // wait_event reports no events: the expansion keeps only what it reports.
  EXPECT_EQ(rows[0].steps[4].expect, (std::vector<nlohmann::json>{{{"signaled", true}}}));
  EXPECT_EQ(rows[0].definition["steps"][5]["note"], "only WSAEventSelect records");
  EXPECT_FALSE(rows[0].definition.contains("notify"));

  EXPECT_EQ(rows[1].name, "n-window");
  EXPECT_EQ(rows[1].doc, "WSAAsyncSelect replaces.");
  ASSERT_EQ(rows[1].steps.size(), 5u);  // the event-only step is left out
  EXPECT_EQ(rows[1].steps[2].op, "async_select");
  EXPECT_EQ(rows[1].steps[2].typed.window, "o");
  EXPECT_EQ(rows[1].steps[4].op, "wait_message");
  EXPECT_EQ(rows[1].steps[4].expect.front()["events"], nlohmann::json({"FD_READ"}));
}

TEST(NotifyExpansionTest, MalformedNotifyPartsAreRefusedWithTheirPlace) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string text = kNotifyRow;
    text.replace(text.find(from), from.size(), to);
    return ErrorFor(text);
  };
  EXPECT_THAT(with("\"n-{notify}\"", "\"n\""), AllOf(HasSubstr("t.json: scenario 1"), HasSubstr("needs \"{notify}\"")));
  EXPECT_THAT(with("[\"event\", \"window\"]", "[\"event\", \"pigeon\"]"), HasSubstr("takes \"event\" and \"window\""));
  EXPECT_THAT(with("[\"event\", \"window\"]", "[\"event\", \"event\"]"), HasSubstr("twice"));
  EXPECT_THAT(with("[\"event\", \"window\"]", "[\"window\"]"),
              AllOf(HasSubstr("step 6 of the notify row"), HasSubstr("\"notify_only\" must name one")));
  EXPECT_THAT(with("\"on\": \"o\", \"events\"", "\"events\""), HasSubstr("notify_select needs \"on\""));
}

// Without "notify", the sugar ops do not exist: they never reach a backend.
TEST(NotifyExpansionTest, NotifyOpsNeedANotifyRow) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"notify_wait","on":"o"})")), HasSubstr("unknown op \"notify_wait\""));
}

TEST(ScenarioValidationTest, NamesCannotForgeReportLines) {
  EXPECT_THAT(ErrorFor(R"({"name":"a\nPASS  forged","steps":[{"proc":"A","op":"startup"}]})"),
              HasSubstr("\"a\\x0aPASS  forged\" holds control characters"));
}

TEST(ScenarioValidationTest, StructuralMistakes) {
  EXPECT_THAT(ErrorFor("42"), HasSubstr("expected a scenario object or a list"));
  EXPECT_THAT(ErrorFor("[]"), HasSubstr("holds no scenario"));
  EXPECT_THAT(ErrorFor(R"({"name":"n","steps":[]})"), HasSubstr("\"steps\" must be a non-empty list"));
  EXPECT_THAT(ErrorFor(R"({"steps":[{"proc":"A","op":"startup"}]})"), HasSubstr("\"name\""));
  EXPECT_THAT(ErrorFor(R"([{"name":"x","steps":[{"proc":"A","op":"startup"}]},
                           {"name":"x","steps":[{"proc":"A","op":"startup"}]}])"),
              HasSubstr("two scenarios are named \"x\""));
  EXPECT_THAT(ErrorFor(OneStep(R"({"op":"cleanup"})")), HasSubstr("missing \"proc\""));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"cleanup","as":"x"})")), HasSubstr("binds no name"));
}

TEST(ScenarioValidationTest, DuplicateNeedsExactlyOneTarget) {
  const std::string socket = R"({"proc":"A","op":"socket","type":"stream","as":"s"},)";
  EXPECT_THAT(ErrorFor(OneStep(socket + R"({"proc":"A","op":"duplicate","sock":"s"})")),
              HasSubstr("exactly one of \"target\""));
  EXPECT_THAT(
      ErrorFor(OneStep(socket + R"({"proc":"A","op":"duplicate","sock":"s","target":"B","target_pid":"zero"})")),
      HasSubstr("exactly one of \"target\""));
}

TEST(ScenarioValidationTest, ProcessUsedAfterExit) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"exit"},{"proc":"A","op":"startup"})")),
              AllOf(HasSubstr("step 3"), HasSubstr("has exited")));
}

TEST(ScenarioValidationTest, EventObjectsBelongToOneProcess) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
                                 {"proc":"A","op":"event_select","sock":"s","event":"e","events":["FD_READ"]},
                                 {"proc":"B","op":"wait_event","event":"e"})")),
              HasSubstr("belongs to process \"A\""));
}

TEST(ScenarioValidationTest, HarnessOpsTakeNoProcess) {
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"connected","peer":"p","as":"s"},
                                 {"proc":"A","op":"peer_state","peer":"p"})")),
              HasSubstr("runs in the harness"));
}

TEST(ScenarioValidationTest, EventListsAreCanonicalSets) {
  std::vector<Scenario> parsed = ParseScenarios(
      nlohmann::json::parse(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
          {"proc":"A","op":"enum_events","sock":"s","expect":{"events":["FD_CLOSE","FD_READ"]}})")),
      "t.json");
  EXPECT_EQ(parsed[0].steps[2].expect[0]["events"], nlohmann::json({"FD_READ", "FD_CLOSE"}));
  EXPECT_THAT(ErrorFor(OneStep(R"({"proc":"A","op":"socket","type":"stream","as":"s"},
                                 {"proc":"A","op":"event_select","sock":"s","event":"e","events":["FD_BOGUS"]})")),
              HasSubstr("not an FD_* event name"));
}

TEST(ScenarioValidationTest, MalformedJsonFileNamesTheFile) {
  try {
    LoadScenarioFile("/nonexistent/wsdup.json");
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/nonexistent/wsdup.json: cannot read"));
  }
}

}  // namespace
}  // namespace wsdup::conformance
