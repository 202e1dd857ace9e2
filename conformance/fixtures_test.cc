// Table-driven: every row of fixtures/*.json on every backend, one test per (row, backend), named
// <file>_<scenario>_<backend> so --test_filter picks one row on one backend.
#include <cctype>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "conformance/agent_backend.h"
#include "conformance/model_backend.h"
#include "conformance/runner.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

struct BackendKind {
  std::string name;
  std::function<std::unique_ptr<Backend>()> make;
};

// Real stacks join this list as their backends arrive.
const std::vector<BackendKind>& Backends() {
  static const std::vector<BackendKind> kinds = {
      {"model", [] { return std::make_unique<ModelBackend>(/*check_invariants=*/true); }},
      // The model again, through the agent protocol: proves the protocol loses nothing.
      {"model_agent",
       []() -> std::unique_ptr<Backend> {
         AgentOptions options;
         options.command = "conformance/model_agent";
         auto backend = std::make_unique<AgentBackend>(options);
         if (!backend->Start()) ADD_FAILURE() << backend->Problem();
         return backend;
       }},
  };
  return kinds;
}

struct Row {
  std::string family;  // file stem
  Scenario scenario;
  const BackendKind* backend;
};

std::vector<Row> AllRows() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator("fixtures")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Row> rows;
  for (const auto& file : files) {
    for (Scenario& scenario : LoadScenarioFile(file.string())) {
      for (const BackendKind& backend : Backends()) {
        rows.push_back(Row{file.stem().string(), scenario, &backend});
      }
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

TEST_P(FixtureRowTest, ExpectationsHold) {
  std::unique_ptr<Backend> backend = GetParam().backend->make();
  ScenarioResult result = RunScenario(*backend, GetParam().scenario);
  if (result.verdict == Verdict::kUnsupported) GTEST_SKIP() << result.reason;
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.reason;
}

INSTANTIATE_TEST_SUITE_P(Tables, FixtureRowTest, ::testing::ValuesIn(AllRows()), TestName);

// Same input, same output: two runs of every table give byte-identical traces.
TEST(DeterminismTest, ModelTracesAreIdenticalAcrossRuns) {
  auto trace = [] {
    std::string out;
    ModelBackend backend;
    for (const Row& row : AllRows()) {
      if (row.backend->name != "model") continue;
      ScenarioResult result = RunScenario(backend, row.scenario);
      for (const StepRecord& record : result.steps) out += TraceLine(result, record).dump() + "\n";
    }
    return out;
  };
  const std::string first = trace();
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, trace());
}

}  // namespace
}  // namespace wsdup::conformance
