// Table-driven: every row of fixtures/*.json on every backend, one test per (row, backend), named
// <file>_<scenario>_<backend> so --test_filter picks one row on one backend.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "conformance/agent/agent_backend.h"
#include "conformance/run/model_backend.h"
#include "conformance/agent/winsock_backend.h"
#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/gate/gate_report.h"
#include "conformance/run/runner.h"
#include "conformance/run/trace.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

struct BackendKind {
  std::string name;
  std::function<std::unique_ptr<Backend>()> make;
};

std::unique_ptr<Backend> StartedAgent(AgentOptions options) {
  auto backend = std::make_unique<AgentBackend>(std::move(options));
  if (!backend->Start()) ADD_FAILURE() << backend->Problem();
  return backend;
}

// Every backend a row can run on. WSDUP_TEST_BACKENDS (comma-separated names) selects some; the
// default target runs the model and the model agent, //conformance/gate:fixtures_winsock_test runs Wine.
const std::vector<BackendKind>& AllBackends() {
  static const std::vector<BackendKind> kinds = {
      {"model", [] { return std::make_unique<ModelBackend>(/*check_invariants=*/true); }},
      // The model again, through the agent protocol: proves the protocol loses nothing.
      {"model_agent",
       [] {
         AgentOptions options;
         options.command = "conformance/agent/model_agent";
         return StartedAgent(options);
       }},
      {"winsock", [] { return StartedAgent(WinsockAgentOptions(FindWinsockAgent(""))); }},
  };
  return kinds;
}

std::vector<const BackendKind*> Backends() {
  const char* wanted = std::getenv("WSDUP_TEST_BACKENDS");
  const std::string list = wanted ? wanted : "model,model_agent";
  std::vector<const BackendKind*> chosen;
  for (const BackendKind& kind : AllBackends()) {
    if (("," + list + ",").find("," + kind.name + ",") != std::string::npos) chosen.push_back(&kind);
  }
  return chosen;
}

// One running backend per kind, shared by all rows: an agent (and Wine) starts once.
Backend& SharedBackend(const BackendKind& kind) {
  static std::map<std::string, std::unique_ptr<Backend>> running;
  std::unique_ptr<Backend>& backend = running[kind.name];
  if (!backend) backend = kind.make();
  return *backend;
}

struct Row {
  std::string family;  // file stem
  Scenario scenario;
  const BackendKind* backend;
};

std::vector<Row> AllRows() {
  std::vector<Row> rows;
  for (const Table& table : LoadTables("fixtures")) {
    for (const Scenario& scenario : table.scenarios) {
      for (const BackendKind* backend : Backends()) rows.push_back(Row{table.family, scenario, backend});
    }
  }
  return rows;
}

std::string TestName(const ::testing::TestParamInfo<Row>& info) {
  std::string name = info.param.family + "_" + info.param.scenario.name + "_" + info.param.backend->name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class FixtureRowTest : public ::testing::TestWithParam<Row> {};

std::string StackOf(Backend& backend) {
  if (auto* agent = dynamic_cast<AgentBackend*>(&backend)) return agent->Stack();
  return "model";
}

// The gate's judgement on one row (conformance/gate/gate.h): every step equals the model and holds its
// expect, except the deviations recorded for this stack, which must happen exactly as recorded
// (a new deviation fails, and so does a recorded one that no longer happens).
TEST_P(FixtureRowTest, MatchesTheModelOrDeviatesAsRecorded) {
  Backend& backend = SharedBackend(*GetParam().backend);
  const std::string stack = StackOf(backend);
  const Trace trace = Record(backend, GetParam().backend->name, stack,
                             {Table{GetParam().family, {GetParam().scenario}}});
  const DeviationRecord record =
      LoadDeviationRecord(DeviationRecordPath("fixtures/deviations", stack), stack);
  GateReport report = Check(trace, record, /*model_rows=*/true);
  // A one-row trace makes every record entry of the row's other scenarios look orphaned; whether
  // records name real rows is DeviationRecordsTest's job, so keep them out of this row's message.
  report.orphaned_records.clear();
  for (const RowReport& row : report.rows) {
    if (row.status == RowStatus::kUnsupported) GTEST_SKIP() << row.reason;
    EXPECT_FALSE(FailsGate(row.status)) << GateText(report);
  }
}

INSTANTIATE_TEST_SUITE_P(Tables, FixtureRowTest, ::testing::ValuesIn(AllRows()), TestName);

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

// Every entry of every deviation record names a row of its family and a step that row has, so a
// renamed or shortened row cannot leave a record that silently never matches.
TEST(DeviationRecordsTest, EveryEntryNamesAnExistingStep) {
  std::map<RowId, size_t> steps_of;
  for (const Table& table : LoadTables("fixtures")) {
    for (const Scenario& scenario : table.scenarios) steps_of[RowId{table.family, scenario.name}] = scenario.steps.size();
  }
  for (const std::string& file : JsonFilesIn("fixtures/deviations")) {
    const std::string stack = std::filesystem::path(file).stem().string();
    const DeviationRecord record = LoadDeviationRecord(file, stack);
    for (const KnownDeviation& entry : record.entries) {
      auto row = steps_of.find(entry.row);
      ASSERT_NE(row, steps_of.end()) << file << ": no row " << entry.row.Label();
      EXPECT_LE(entry.step, row->second) << file << ": " << entry.row.Label() << " has no step " << entry.step;
    }
  }
}

}  // namespace
}  // namespace wsdup::conformance
