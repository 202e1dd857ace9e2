// The gate's judgement on synthetic traces: each status, and the comparison rules of docs/gate.md.
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "conformance/gate/gate.h"
#include "conformance/gate/gate_report.h"
#include "conformance/gate/recorded_waits.h"
#include "conformance/gate/step_comparison.h"
#include "conformance/run/trace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Two processes, one duplicate: step 4's result is what the tests vary.
const char* kRow = R"({"name": "row", "rules": ["DUP-1"], "steps": [
  {"proc": "A", "op": "startup"},
  {"proc": "B", "op": "startup"},
  {"proc": "A", "op": "socket", "type": "stream", "as": "s"},
  {"proc": "A", "op": "duplicate", "sock": "s", "target": "B", "as": "b", "expect": {"ok": true}}
]})";

const json kOk = {{"ok", true}, {"error", nullptr}};

// A result object as an agent would send it, typed as the gate holds it.
Observation Obs(const json& result) { return Observation::FromJson(result).value(); }

Trace TraceOf(std::vector<json> results, RunStatus status = RunStatus::kRan) {
  TracedScenario traced;
  traced.family = "dup";
  traced.scenario = ParseScenarios(json::parse(kRow), "test").front();
  traced.status = status;
  for (const json& result : results) traced.observed.push_back(Obs(result));
  return Trace{"agent", "stack-x", {traced}};
}

DeviationRecord RecordOf(std::vector<KnownDeviation> entries) {
  return DeviationRecord{"records/stack-x.json", "stack-x", std::move(entries)};
}

KnownDeviation Entry(std::string scenario, size_t step, json observed) {
  return KnownDeviation{RowId{"dup", std::move(scenario)}, step, {}, nullptr, nullptr, std::move(observed), "why"};
}

const RowReport& StackRow(const GateReport& report) { return report.rows.back(); }

const json kEinval = {{"ok", false}, {"error", "WSAEINVAL"}};

// A step the record says the stack deviates at is run expecting what the record says it observed
// (so a recorded silence waits the short bound); other steps and other rows keep their expect.
TEST(RecordedWaitsTest, AKnownStepExpectsWhatTheStackWasRecordedDoing) {
  const Scenario row = ParseScenarios(json::parse(kRow), "test").front();
  const DeviationRecord record = RecordOf({Entry("row", 4, kEinval), Entry("other-row", 3, kEinval)});
  const Scenario hinted = WithRecordedWaits("dup", row, record);
  EXPECT_THAT(hinted.steps[3].expect, ElementsAre(kEinval));
  EXPECT_EQ(hinted.steps[2].expect, row.steps[2].expect);
  EXPECT_EQ(WithRecordedWaits("evt", row, record).steps[3].expect, row.steps[3].expect);
}

TEST(GateTest, StepsEqualToTheModelPass) {
  const GateReport report = Check(TraceOf({kOk, kOk, kOk, kOk}), RecordOf({}), true);
  ASSERT_EQ(report.rows.size(), 2u);
  EXPECT_EQ(report.rows[0].backend, "model");
  EXPECT_EQ(report.rows[0].status, RowStatus::kPass);
  EXPECT_EQ(StackRow(report).status, RowStatus::kPass);
  EXPECT_TRUE(report.Passed());
}

TEST(GateTest, AnUnrecordedDeviationFailsAndSaysWhatEachSideSaid) {
  const GateReport report = Check(TraceOf({kOk, kOk, kOk, kEinval}), RecordOf({}), true);
  const RowReport& row = StackRow(report);
  EXPECT_EQ(row.status, RowStatus::kDeviation);
  ASSERT_EQ(row.deviations.size(), 1u);
  EXPECT_EQ(row.deviations[0].what.step, 4u);
  EXPECT_EQ(row.deviations[0].kind, DeviationKind::kDocuments);
  EXPECT_EQ(row.deviations[0].what.expected, json({{"ok", true}}));
  // The model's duplicate also says what the structure names of the socket (BLOB-13).
  EXPECT_EQ(row.deviations[0].what.model,
            json({{"ok", true}, {"error", nullptr}, {"family", 2}, {"socktype", 1}, {"protocol", 6}}));
  EXPECT_EQ(row.deviations[0].what.observed, kEinval);
  EXPECT_FALSE(report.Passed());
  EXPECT_THAT(GateText(report), HasSubstr("gate FAILED"));
}

TEST(GateTest, ADeviationFromTheModelAloneCountsToo) {
  // Step 3 has no expect: the stack failing it where the model succeeds is a `model` deviation.
  const GateReport report = Check(TraceOf({kOk, kOk, kEinval, kOk}), RecordOf({}), true);
  ASSERT_EQ(StackRow(report).deviations.size(), 1u);
  EXPECT_EQ(StackRow(report).deviations[0].kind, DeviationKind::kModel);
  EXPECT_EQ(StackRow(report).status, RowStatus::kDeviation);
}

TEST(GateTest, ARecordedDeviationIsKnownAndPasses) {
  const GateReport report =
      Check(TraceOf({kOk, kOk, kOk, kEinval}), RecordOf({Entry("row", 4, kEinval)}), true);
  EXPECT_EQ(StackRow(report).status, RowStatus::kKnownDeviation);
  EXPECT_EQ(StackRow(report).deviations[0].what.note, "why");
  EXPECT_TRUE(report.Passed());
}

TEST(GateTest, ARecordOfAnotherOutcomeDoesNotMatch) {
  const json enotsock = {{"ok", false}, {"error", "WSAENOTSOCK"}};
  const GateReport report =
      Check(TraceOf({kOk, kOk, kOk, kEinval}), RecordOf({Entry("row", 4, enotsock)}), true);
  EXPECT_EQ(StackRow(report).status, RowStatus::kDeviation);
  EXPECT_EQ(StackRow(report).stale.size(), 1u);
  EXPECT_FALSE(report.Passed());
  // The verdict counts the stale entry too, though the row's status names only its new deviation
  // (a row that gained a step shifts its records: both halves must show).
  EXPECT_THAT(VerdictLine(report), HasSubstr("1 row(s) with a new deviation, 1 stale record(s)"));
}

TEST(GateTest, ARecordThatNoLongerHappensIsStale) {
  const GateReport report = Check(TraceOf({kOk, kOk, kOk, kOk}), RecordOf({Entry("row", 4, kEinval)}), true);
  EXPECT_EQ(StackRow(report).status, RowStatus::kStaleRecord);
  EXPECT_FALSE(report.Passed());
}

TEST(GateTest, ARecordForARowNoLongerInItsTableIsOrphaned) {
  const GateReport report = Check(TraceOf({kOk, kOk, kOk, kOk}), RecordOf({Entry("renamed", 2, kOk)}), true);
  EXPECT_EQ(StackRow(report).status, RowStatus::kPass);
  ASSERT_EQ(report.orphaned_records.size(), 1u);
  EXPECT_FALSE(report.Passed());
}

// Scenario names are unique within a family only: a record for evt/row must not excuse dup/row.
TEST(GateTest, ARecordMatchesItsFamilyNotJustTheScenarioName) {
  KnownDeviation elsewhere = Entry("row", 4, kEinval);
  elsewhere.row.family = "evt";
  const GateReport report = Check(TraceOf({kOk, kOk, kOk, kEinval}), RecordOf({elsewhere}), true);
  EXPECT_EQ(StackRow(report).status, RowStatus::kDeviation);
  EXPECT_FALSE(StackRow(report).deviations[0].known);
}

TEST(GateTest, ARecordOfAnotherFamilyIsNotJudgedWhenThatFamilyDidNotRun) {
  KnownDeviation elsewhere = Entry("evt-row", 2, kOk);
  elsewhere.row.family = "evt";
  const GateReport report = Check(TraceOf({kOk, kOk, kOk, kOk}), RecordOf({elsewhere}), true);
  EXPECT_THAT(report.orphaned_records, IsEmpty());
  EXPECT_TRUE(report.Passed());
}

TEST(GateTest, UnsupportedPassesAndErrorFails) {
  Trace unsupported = TraceOf({}, RunStatus::kUnsupported);
  EXPECT_EQ(StackRow(Check(unsupported, RecordOf({}), true)).status, RowStatus::kUnsupported);
  EXPECT_TRUE(Check(unsupported, RecordOf({}), true).Passed());
  Trace crashed = TraceOf({kOk}, RunStatus::kError);
  EXPECT_EQ(StackRow(Check(crashed, RecordOf({}), true)).status, RowStatus::kError);
  EXPECT_FALSE(Check(crashed, RecordOf({}), true).Passed());
}

TEST(GateTest, AModelThatBreaksItsOwnRowFailsAndLeavesNoOracle) {
  Trace trace = TraceOf({kOk, kOk, kOk, kOk});
  trace.scenarios[0].scenario.steps[2].expect = {json{{"ok", false}}};  // the model succeeds here
  const GateReport report = Check(trace, RecordOf({}), true);
  EXPECT_EQ(report.rows[0].status, RowStatus::kModelFail);
  EXPECT_EQ(StackRow(report).status, RowStatus::kError);
  EXPECT_THAT(StackRow(report).reason, HasSubstr("no oracle"));
}

Step StepExpecting(std::vector<json> expect) {
  Step step;
  step.op = "enum_events";
  step.expect = std::move(expect);
  return step;
}

TEST(StepComparisonTest, ComparesOkErrorAndTheFieldsTheExpectNames) {
  const Step step = StepExpecting({json{{"events", {"FD_READ", "FD_WRITE"}}}});
  EXPECT_THAT(ComparedFields(step), ElementsAre("error", "events", "ok"));
  const json model = {{"ok", true}, {"error", nullptr}, {"events", {"FD_READ", "FD_WRITE"}}, {"value", 1}};
  json stack = model;
  stack["value"] = 2;  // not named by the expect: the stack's business
  EXPECT_FALSE(JudgeStep(step, Obs(model), Obs(stack)).Deviates());
  stack["events"] = {"FD_WRITE", "FD_READ"};  // a set: order does not matter
  EXPECT_FALSE(JudgeStep(step, Obs(model), Obs(stack)).Deviates());
  stack["events"] = {"FD_READ"};
  EXPECT_FALSE(JudgeStep(step, Obs(model), Obs(stack)).matches_model);
}

TEST(StepComparisonTest, AnAllowedAlternativeOtherThanTheModelsIsAModelDeviation) {
  const Step step = StepExpecting({json{{"ok", true}}, json{{"ok", false}}});
  const StepJudgement judgement = JudgeStep(step, Obs(kOk), Obs(kEinval));
  EXPECT_TRUE(judgement.expect_held);
  EXPECT_FALSE(judgement.matches_model);
  EXPECT_EQ(judgement.Kind(), DeviationKind::kModel);
}

// A harness outcome inside a "ran" scenario (a foreign or edited trace) is no answer of the stack.
TEST(GateTest, AHarnessErrorInARecordedRunIsAnErrorNotADeviation) {
  const json lost = {{"harness_error", "worker A crashed"}};
  const RowReport row = StackRow(Check(TraceOf({kOk, kOk, kOk, lost}), RecordOf({}), true));
  EXPECT_EQ(row.status, RowStatus::kError);
  EXPECT_THAT(row.reason, HasSubstr("step 4 holds no answer of the stack: worker A crashed"));
  EXPECT_THAT(row.deviations, IsEmpty());
}

TEST(GateReportTest, JsonAndJunitCarryEveryRow) {
  const GateReport report = Check(TraceOf({kOk, kOk, kOk, kEinval}), RecordOf({}), true);
  const json out = GateJson(report);
  EXPECT_EQ(out["summary"]["stack-x"]["dup"]["deviation"], 1);
  EXPECT_EQ(out["summary"]["model"]["total"]["pass"], 1);
  EXPECT_EQ(out["rows"][1]["step"], 4);
  EXPECT_EQ(out["rows"][1]["observed"], kEinval);
  EXPECT_FALSE(out["passed"].get<bool>());
  const std::string junit = GateJunit(report);
  EXPECT_THAT(junit, HasSubstr("<testsuite name=\"stack-x.dup\" tests=\"1\" failures=\"1\""));
  EXPECT_THAT(junit, HasSubstr("&quot;WSAEINVAL&quot;"));
}

TEST(TraceTest, TextRoundTripsAndIsStable) {
  const Trace trace = TraceOf({kOk, kOk, kOk, kEinval});
  const std::string text = TraceToText(trace);
  const Trace again = ParseTrace(text, "t.json");
  EXPECT_EQ(TraceToText(again), text);
  EXPECT_EQ(again.scenarios[0].observed[3].ToJson(), kEinval);
}

TEST(TraceTest, APartialRunKeepsItsStepsAndStatus) {
  const Trace trace = TraceOf({kOk, kOk}, RunStatus::kError);
  const Trace again = ParseTrace(TraceToText(trace), "t.json");
  EXPECT_EQ(again.scenarios[0].status, RunStatus::kError);
  EXPECT_EQ(again.scenarios[0].observed.size(), 2u);
}

// A row through a chain of layers is another row than its steps alone: the trace keeps the chain.
TEST(TraceTest, ARowsChainRoundTrips) {
  json row = json::parse(kRow);
  row["chain"] = {{"layers", {"reference", "reference"}}, {"base", "non_ifs"}};
  Trace trace = TraceOf({}, RunStatus::kUnsupported);
  trace.scenarios[0].scenario = ParseScenarios(row, "test").front();
  const Trace again = ParseTrace(TraceToText(trace), "t.json");
  ASSERT_TRUE(again.scenarios[0].scenario.chain.has_value());
  EXPECT_THAT(again.scenarios[0].scenario.chain->layers, ElementsAre("reference", "reference"));
  EXPECT_FALSE(again.scenarios[0].scenario.chain->base_ifs);
  EXPECT_EQ(again.scenarios[0].scenario.definition["chain"], row["chain"]);
}

TEST(TraceTest, BadTracesNameTheFileAndTheScenario) {
  EXPECT_THROW(ParseTrace("{", "t.json"), InputError);
  std::string text = TraceToText(TraceOf({kOk, kOk, kOk, kOk}));
  text.replace(text.find("\"op\":\"socket\""), 13, "\"op\":\"sockit\"");
  try {
    ParseTrace(text, "t.json");
    ADD_FAILURE() << "an unknown op was accepted";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("t.json: scenario 1 \"row\""));
    EXPECT_THAT(error.what(), HasSubstr("step 3"));
  }
}

// Names reach report lines: a family read from a trace that could forge one is refused, and a
// table file's name that is not UTF-8 becomes an escaped family, the same in every report.
TEST(TraceTest, FamiliesAreReportTextNeverRawBytes) {
  std::string text = TraceToText(TraceOf({kOk, kOk, kOk, kOk}));
  text.replace(text.find("\"family\":\"dup\""), 14, "\"family\":\"d\\nPASS\"");
  try {
    ParseTrace(text, "t.json");
    ADD_FAILURE() << "a family with a newline was accepted";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("\"family\" must be printable text"));
  }
  const std::string file = std::string(std::getenv("TEST_TMPDIR")) + "/d\xffup.json";
  std::ofstream(file) << kRow;
  const std::vector<Table> tables = LoadTableFiles({file});
  EXPECT_EQ(tables.at(0).family, "d\\xffup");
}

}  // namespace
}  // namespace wsdup::conformance
