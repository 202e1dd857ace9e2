// The op table (ops.cc) against docs/scenario-format.md. What each backend performs (the
// model's handlers, each agent's hello) is held to the same table by backend_ops_test, once per
// backend. An op added in one place and forgotten in another is caught by the build, not a user.
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "conformance/vocabulary/ops.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::vocabulary {
namespace {

using ::testing::ContainerEq;

using Names = std::set<std::string>;

Names NamesOf(const std::vector<std::string_view>& ops) { return Names(ops.begin(), ops.end()); }

Names TableOps() { return NamesOf(OpsPerformedBy(/*the_model=*/true)); }

// Ops a real stack cannot perform (Performer says why), by the table's own account.
Names ModelOnlyOps() {
  Names names = TableOps();
  for (std::string_view op : OpsPerformedBy(/*the_model=*/false)) names.erase(std::string(op));
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

TEST(OpVocabularyTest, TheScenarioFormatDocumentsEveryOpOfTheTable) {
  EXPECT_THAT(DocumentedOps(), ContainerEq(TableOps()));
}

}  // namespace
}  // namespace wsdup::vocabulary
