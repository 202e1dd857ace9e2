// Table-driven: every row of fixtures/*.json on every backend, one test per (row, backend), named
// <file>_<scenario>_<backend> so --test_filter picks one row on one backend.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "conformance/agent_backend.h"
#include "conformance/model_backend.h"
#include "conformance/winsock_backend.h"
#include "conformance/runner.h"
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
// default target runs the model and the model agent, //conformance:fixtures_winsock_test runs Wine.
const std::vector<BackendKind>& AllBackends() {
  static const std::vector<BackendKind> kinds = {
      {"model", [] { return std::make_unique<ModelBackend>(/*check_invariants=*/true); }},
      // The model again, through the agent protocol: proves the protocol loses nothing.
      {"model_agent",
       [] {
         AgentOptions options;
         options.command = "conformance/model_agent";
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

// Known deviations of a stack (fixtures/deviations/<stack>.json): scenario -> step -> observed.
using DeviationRecord = std::map<std::string, std::map<size_t, nlohmann::json>>;

DeviationRecord KnownDeviations(const std::string& backend_name) {
  DeviationRecord record;
  const size_t open = backend_name.find('(');
  if (open == std::string::npos) return record;
  const std::string stack = backend_name.substr(open + 1, backend_name.size() - open - 2);
  std::ifstream in("fixtures/deviations/" + stack + ".json");
  if (!in) return record;
  const nlohmann::json document = nlohmann::json::parse(in);
  for (const nlohmann::json& entry : document.at("deviations")) {
    record[entry.at("scenario").get<std::string>()][entry.at("step").get<size_t>()] = entry.at("observed");
  }
  return record;
}

struct Row {
  std::string family;  // file stem
  Scenario scenario;
  const BackendKind* backend;
};

std::vector<std::pair<std::string, Scenario>> AllScenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator("fixtures")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, Scenario>> scenarios;
  for (const auto& file : files) {
    for (Scenario& scenario : LoadScenarioFile(file.string())) {
      scenarios.emplace_back(file.stem().string(), std::move(scenario));
    }
  }
  return scenarios;
}

std::vector<Row> AllRows() {
  std::vector<Row> rows;
  for (auto& [family, scenario] : AllScenarios()) {
    for (const BackendKind* backend : Backends()) rows.push_back(Row{family, scenario, backend});
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

// Every expectation holds, except the known deviations recorded for this stack, which must happen
// exactly as recorded: a new deviation fails, and so does a recorded one that no longer happens.
TEST_P(FixtureRowTest, ExpectationsHoldOrDeviateAsRecorded) {
  Backend& backend = SharedBackend(*GetParam().backend);
  ScenarioResult result = RunScenario(backend, GetParam().scenario);
  if (result.verdict == Verdict::kUnsupported) GTEST_SKIP() << result.reason;
  ASSERT_NE(result.verdict, Verdict::kError) << result.reason;
  static const DeviationRecord known = KnownDeviations(backend.Name());
  auto recorded = known.find(GetParam().scenario.name);
  std::map<size_t, nlohmann::json> expected_deviations;
  if (recorded != known.end()) expected_deviations = recorded->second;
  std::map<size_t, nlohmann::json> deviations;
  for (const StepRecord& record : result.steps) {
    if (!record.held) deviations[record.step->index + 1] = record.observed;
  }
  for (const auto& [step, observed] : deviations) {
    auto want = expected_deviations.find(step);
    EXPECT_TRUE(want != expected_deviations.end() && want->second == observed)
        << "new deviation on " << backend.Name() << " at step " << step << ": observed "
        << observed.dump() << (result.reason.empty() ? "" : "\n  first failure: " + result.reason);
  }
  for (const auto& [step, observed] : expected_deviations) {
    EXPECT_TRUE(deviations.count(step))
        << "stale record: step " << step << " no longer deviates (recorded " << observed.dump() << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Tables, FixtureRowTest, ::testing::ValuesIn(AllRows()), TestName);

// Same input, same output: two runs of every table give byte-identical traces.
TEST(DeterminismTest, ModelTracesAreIdenticalAcrossRuns) {
  auto trace = [] {
    std::string out;
    ModelBackend backend;
    for (const auto& [family, scenario] : AllScenarios()) {
      ScenarioResult result = RunScenario(backend, scenario);
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
