// Every rule is exercised by rows, on a real stack whenever one can run them, and
// docs/traceability.md says so truthfully. The catalog's exemptions (model_only_because,
// unexercisable_because) are held to account too: an exemption that no longer holds fails.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "conformance/traceability.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

const TraceabilityMatrix& Matrix() {
  static const TraceabilityMatrix matrix =
      BuildTraceability(spec::LoadCatalog("spec/rules.json"), LoadTables("fixtures"),
                        LoadTraces("fixtures/traces"), "fixtures/deviations");
  return matrix;
}

TEST(TraceabilityTest, ThereIsARealStackToTraceAgainst) {
  EXPECT_GE(Matrix().backends.size(), 2u) << "no trace in fixtures/traces/";
}

TEST(TraceabilityTest, EveryRuleIsExercisedByARowUnlessNoRowCanBe) {
  for (const RuleTrace& rule : Matrix().rules) {
    if (rule.rule.unexercisable_because.empty()) {
      EXPECT_FALSE(rule.rows.empty()) << rule.rule.id << " is exercised by no row";
    } else {
      EXPECT_TRUE(rule.rows.empty()) << rule.rule.id << " is said to be unexercisable, but "
                                     << rule.rows.front()->scenario << " cites it";
    }
  }
}

TEST(TraceabilityTest, EveryRuleRunsOnEachRealStackUnlessOnlyTheModelCan) {
  const TraceabilityMatrix& matrix = Matrix();
  for (const RuleTrace& rule : matrix.rules) {
    if (rule.rows.empty()) continue;
    for (size_t b = 1; b < matrix.backends.size(); ++b) {
      const std::string& stack = matrix.backends[b];
      const bool ran = std::any_of(rule.rows.begin(), rule.rows.end(),
                                   [&stack](const RowStatusSet* row) { return RanOn(*row, stack); });
      if (rule.rule.model_only_because.empty()) {
        EXPECT_TRUE(ran) << rule.rule.id << " is exercised only on the model, though " << stack
                         << " could run it (add a row without model-only ops)";
      } else {
        EXPECT_FALSE(ran) << rule.rule.id << " is said to be model-only, but a row runs on " << stack;
      }
    }
  }
}

TEST(TraceabilityTest, EveryRowPassesOnTheModel) {
  for (const RowStatusSet& row : Matrix().rows) {
    const RowReport& model = row.by_backend.at("model");
    EXPECT_EQ(model.status, RowStatus::kPass) << row.family << "/" << row.scenario << ": " << model.reason;
  }
}

TEST(TraceabilityTest, DocumentIsUpToDate) {
  std::ifstream in("docs/traceability.md");
  std::stringstream checked_in;
  checked_in << in.rdbuf();
  EXPECT_EQ(checked_in.str(), RenderTraceability(Matrix()))
      << "docs/traceability.md is stale: run ./bazelw run //conformance:render_traceability";
}

}  // namespace
}  // namespace wsdup::conformance
