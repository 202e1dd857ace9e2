// The op list is written in several places: the op table (format/op_table.cc), the model's handlers
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
#include "conformance/format/op_table.h"
#include "conformance/run/model_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::ContainerEq;
using ::testing::IsSubsetOf;

using Names = std::set<std::string>;

Names TableOps() {
  Names names;
  for (const OpSpec& op : AllOps()) names.insert(std::string(op.name));
  return names;
}

// Ops the Windows agent cannot perform, each for a reason docs/scenario-format.md gives: Winsock has
// no call that makes a socket QOS-enabled on demand, and faults are injected into the model only.
const Names kModelOnlyOps = {"enable_qos", "fault"};

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
  for (const std::string& op : kModelOnlyOps) expected.erase(op);
  EXPECT_THAT(kModelOnlyOps, IsSubsetOf(TableOps()));
  EXPECT_THAT(advertised, ContainerEq(expected));
}

}  // namespace
}  // namespace wsdup::conformance
