// The op list is written in several places: the op table (vocabulary/ops.cc), the model's handlers
// (run/model_backend.cc), what each agent advertises in its hello, and docs/scenario-format.md.
// These tests fail when the copies disagree, so an op added in one place and forgotten in another
// is caught by the build, not by a user.
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "conformance/agent/agent_backend.h"
#include "conformance/agent/winsock_backend.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/run/model_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::ContainerEq;

using Names = std::set<std::string>;

Names TableOps() {
  Names names;
  for (const vocabulary::OpSpec& op : vocabulary::AllOps()) names.insert(std::string(op.name));
  return names;
}

// Ops a real stack cannot perform (vocabulary::Performer says why), by the table's own account.
Names ModelOnlyOps() {
  Names names;
  for (const vocabulary::OpSpec& op : vocabulary::AllOps()) {
    if (op.performer == vocabulary::Performer::kModelOnly) names.insert(std::string(op.name));
  }
  return names;
}

// The op column of the ops table in docs/scenario-format.md: rows like "| `bind` / `listen` | ...".
Names DocumentedOps() {
  std::ifstream in("docs/scenario-format.md");
  std::string line;
  Names names;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("| `startup` |", 0) == 0) in_table = true;
    if (!in_table) continue;
    if (line.rfind("| `", 0) != 0) break;
    const std::string cell = line.substr(2, line.find(" |", 2) - 2);
    std::istringstream ops(cell);
    std::string word;
    while (ops >> word) {
      if (word.size() > 2 && word.front() == '`' && word.back() == '`') names.insert(word.substr(1, word.size() - 2));
    }
  }
  return names;
}

// The two model-only ops the docs name, so the list cannot silently grow to hide a missing op.
TEST(OpVocabularyTest, OnlyEnableQosAndFaultAreModelOnly) {
  EXPECT_THAT(ModelOnlyOps(), ContainerEq(Names{"enable_qos", "fault"}));
}

TEST(OpVocabularyTest, TheModelHandlesEveryOpOfTheTable) {
  const std::vector<std::string> handled = ModelBackend::HandledOps();
  EXPECT_THAT(Names(handled.begin(), handled.end()), ContainerEq(TableOps()));
}

TEST(OpVocabularyTest, TheScenarioFormatDocumentsEveryOpOfTheTable) {
  EXPECT_THAT(DocumentedOps(), ContainerEq(TableOps()));
}

TEST(OpVocabularyTest, TheModelAgentAdvertisesEveryOp) {
  AgentOptions options;
  options.command = "conformance/agent/model_agent";
  AgentBackend agent(options);
  ASSERT_TRUE(agent.Start()) << agent.Problem();
  EXPECT_THAT(Names(agent.AdvertisedOps().begin(), agent.AdvertisedOps().end()), ContainerEq(TableOps()));
}

// Runs only where the Windows agent is part of the test's data (the winsock-tagged target).
TEST(OpVocabularyTest, TheWindowsAgentAdvertisesEveryOpButTheModelOnlyOnes) {
  if (std::getenv("WSDUP_TEST_WINSOCK_AGENT") == nullptr) GTEST_SKIP() << "not the winsock target";
  AgentBackend agent(WinsockAgentOptions(std::getenv("WSDUP_TEST_WINSOCK_AGENT")));
  ASSERT_TRUE(agent.Start()) << agent.Problem();
  const Names advertised(agent.AdvertisedOps().begin(), agent.AdvertisedOps().end());
  Names expected = TableOps();
  for (const std::string& op : ModelOnlyOps()) expected.erase(op);
  EXPECT_THAT(advertised, ContainerEq(expected));
}

}  // namespace
}  // namespace wsdup::conformance
