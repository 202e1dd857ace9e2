// Every table row can fail (conformance/traceability/vacuous_rows.h), and the check itself catches vacuous rows.
#include "conformance/traceability/vacuous_rows.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(VacuousRowsTest, NoTableRowIsVacuous) {
  size_t rows = 0;
  for (const auto& entry : std::filesystem::directory_iterator("fixtures")) {
    if (entry.path().extension() != ".json") continue;
    for (const Scenario& row : LoadScenarioFile(entry.path().string())) {
      ++rows;
      EXPECT_THAT(VacuousProblems(row), IsEmpty()) << row.file << ": " << row.name;
    }
  }
  EXPECT_GT(rows, 100u);
}

Scenario Row(const nlohmann::json& steps) {
  return ParseScenarios(nlohmann::json{{"name", "r"}, {"rules", {"BLOB-3"}}, {"steps", steps}}, "synthetic.json")
      .front();
}

const nlohmann::json kStart = {{"proc", "A"}, {"op", "startup"}};

TEST(VacuousRowsTest, CatchesExpectationsThatAcceptEverything) {
  const Scenario row = Row({kStart, {{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s"},
                                     {"expect", {{{"ok", true}}, {{"ok", false}}}}},
                            {{"proc", "A"}, {"op", "closesocket"}, {"sock", "s"}}});
  EXPECT_THAT(VacuousProblems(row), ElementsAre(HasSubstr("step 2 (socket): its expectations accept every outcome")));
}

TEST(VacuousRowsTest, NamedErrorsAreNotEverything) {
  const Scenario row = Row({kStart, {{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s"},
                                     {"expect", {{{"ok", true}}, {{"ok", false}, {"error", "WSAEINVAL"}}}}},
                            {{"proc", "A"}, {"op", "closesocket"}, {"sock", "s"}}});
  EXPECT_THAT(VacuousProblems(row), IsEmpty());
}

TEST(VacuousRowsTest, CatchesADescriptorNeverUsed) {
  const Scenario row = Row({kStart, {{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s"},
                                     {"expect", {{"ok", true}}}}});
  EXPECT_THAT(VacuousProblems(row), ElementsAre(HasSubstr("descriptor \"s\" is never used afterwards")));
}

TEST(VacuousRowsTest, AWrittenReasonExempts) {
  const Scenario row = Row({kStart, {{"proc", "A"}, {"op", "socket"}, {"type", "stream"}, {"as", "s"},
                                     {"expect", {{{"ok", true}}, {{"ok", false}}}},
                                     {"exempt_because", "shows only that the call returns"}}});
  EXPECT_THAT(VacuousProblems(row), IsEmpty());
}

}  // namespace
}  // namespace wsdup::conformance
