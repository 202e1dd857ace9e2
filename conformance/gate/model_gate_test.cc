// `wsdup gate --backend=model` runs each row once (model_gate.h). Its report must be exactly the one
// the general path gives: record the model, then judge the recording against fresh oracle runs.
#include <string>
#include <vector>

#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/gate/gate_report.h"
#include "conformance/gate/model_gate.h"
#include "conformance/run/model_backend.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using json = nlohmann::json;

DeviationRecord ModelRecord() { return LoadDeviationRecord(DeviationRecordPath("fixtures/deviations", "model"), "model"); }

GateReport RecordThenCheck(const std::vector<Table>& tables, const DeviationRecord& record) {
  ModelBackend model;
  return Check(Record(model, "model", "model", tables), record, /*model_rows=*/true);
}

TEST(ModelGateTest, EveryRowIsTracedAsARecordingWouldTraceIt) {
  const std::vector<Table> tables = LoadTables("fixtures");
  ModelBackend model;
  const Trace recorded = Record(model, "model", "model", tables);
  Trace derived{"model", "model", {}};
  for (const Table& table : tables) {
    for (const Scenario& scenario : table.scenarios) {
      derived.scenarios.push_back(TracedFromOracle(table.family, scenario, RunOracle(scenario, sim::Choices{})));
    }
  }
  EXPECT_EQ(TraceToText(derived), TraceToText(recorded));
}

TEST(ModelGateTest, OneRunGivesTheReportOfRecordingAndChecking) {
  const std::vector<Table> tables = LoadTables("fixtures");
  const DeviationRecord record = ModelRecord();
  const GateReport once = GateModel(tables, record, nullptr);
  EXPECT_TRUE(once.Passed()) << GateText(once);
  EXPECT_EQ(GateJson(once).dump(1), GateJson(RecordThenCheck(tables, record)).dump(1));
}

// A row the model fails: both paths must give the same error verdict, not a pass.
TEST(ModelGateTest, ARowTheModelFailsIsJudgedTheSameWay) {
  const json row = json::parse(R"({"name": "wrong", "rules": ["DUP-1"], "steps": [
    {"proc": "A", "op": "startup"},
    {"proc": "A", "op": "socket", "type": "stream", "as": "s"},
    {"proc": "A", "op": "closesocket", "sock": "s", "expect": {"ok": false, "error": "WSAENOTSOCK"}}
  ]})");
  const std::vector<Table> tables = {Table{"dup", ParseScenarios(row, "dup.json")}};
  const DeviationRecord none{"", "model", {}};
  const GateReport once = GateModel(tables, none, nullptr);
  EXPECT_FALSE(once.Passed());
  EXPECT_EQ(GateJson(once).dump(1), GateJson(RecordThenCheck(tables, none)).dump(1));
}

// Same input, same output: two runs of every table give byte-identical traces.
TEST(DeterminismTest, ModelTracesAreIdenticalAcrossRuns) {
  auto trace = [] {
    std::string out;
    ModelBackend backend;
    for (const Table& table : LoadTables("fixtures")) {
      for (const Scenario& scenario : table.scenarios) {
        ScenarioResult result = RunScenario(backend, scenario);
        for (const StepRecord& record : result.steps) out += TraceLine(result, record).dump() + "\n";
      }
    }
    return out;
  };
  const std::string first = trace();
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, trace());
}

}  // namespace
}  // namespace wsdup::conformance
