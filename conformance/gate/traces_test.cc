// The committed traces (fixtures/traces/*.json, recorded on real stacks) checked offline against the
// model and the deviation records, exactly as `wsdup check` does. They also must be current: a
// table row changed or added since the recording makes the trace stale.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/gate/gate_report.h"
#include "conformance/run/trace.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

std::string Rerecord(const Trace& trace, const std::string& path) {
  return "re-record it: ./bazelw run //:wsdup -- record --backend=" + trace.backend + " --out " + path;
}

class CommittedTraceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CommittedTraceTest, PassesTheGateOffline) {
  const Trace trace = LoadTrace(GetParam());
  const DeviationRecord record =
      LoadDeviationRecord(DeviationRecordPath("fixtures/deviations", trace.stack), trace.stack);
  const GateReport report = Check(trace, record, /*model_rows=*/true);
  EXPECT_TRUE(report.Passed()) << GateText(report);
}

TEST_P(CommittedTraceTest, CoversTheCurrentTables) {
  const Trace trace = LoadTrace(GetParam());
  std::map<std::pair<std::string, std::string>, const TracedScenario*> traced;
  for (const TracedScenario& entry : trace.scenarios) traced[{entry.family, entry.scenario.name}] = &entry;
  for (const Table& table : LoadTables("fixtures")) {
    for (const Scenario& scenario : table.scenarios) {
      auto found = traced.find({table.family, scenario.name});
      if (found == traced.end()) {
        ADD_FAILURE() << GetParam() << " lacks " << table.family << "/" << scenario.name << "; "
                      << Rerecord(trace, GetParam());
        continue;
      }
      EXPECT_EQ(found->second->scenario.definition, scenario.definition)
          << table.family << "/" << scenario.name << " changed since " << GetParam() << " was recorded; "
          << Rerecord(trace, GetParam());
      traced.erase(found);
    }
  }
  for (const auto& [key, unused] : traced) {
    ADD_FAILURE() << GetParam() << " has " << key.first << "/" << key.second
                  << ", which is no longer in the tables; " << Rerecord(trace, GetParam());
  }
}

INSTANTIATE_TEST_SUITE_P(Traces, CommittedTraceTest, ::testing::ValuesIn(JsonFilesIn("fixtures/traces")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

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
