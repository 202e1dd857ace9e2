// Table-driven: every row of fixtures/*.json on the target's backend (backend_test.bzl makes one
// target per backend), one test per row, named <file>_<scenario> so --test_filter picks one row.
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/gate/gate_report.h"
#include "conformance/run/trace.h"
#include "conformance/testing/test_backend.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

// One running backend shared by all rows: an agent (and Wine) starts once.
Backend& SharedBackend() {
  static const std::unique_ptr<Backend> backend = testing::MakeTestBackend();
  return *backend;
}

struct Row {
  std::string family;  // file stem
  Scenario scenario;
};

std::vector<Row> AllRows() {
  std::vector<Row> rows;
  for (const Table& table : LoadTables("fixtures")) {
    for (const Scenario& scenario : table.scenarios) {
      rows.push_back(Row{table.family, scenario});
    }
  }
  return rows;
}

std::string TestName(const ::testing::TestParamInfo<Row>& info) {
  std::string name = info.param.family + "_" + info.param.scenario.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class FixtureRowTest : public ::testing::TestWithParam<Row> {};

// The gate's judgement on one row (conformance/gate/gate.h): every step equals the model and holds its
// expect, except the deviations recorded for this stack, which must happen exactly as recorded
// (a new deviation fails, and so does a recorded one that no longer happens).
TEST_P(FixtureRowTest, MatchesTheModelOrDeviatesAsRecorded) {
  Backend& backend = SharedBackend();
  const std::string stack = testing::TestBackendStack(backend);
  const Trace trace = Record(backend, testing::TestBackendName(), stack,
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

}  // namespace
}  // namespace wsdup::conformance
