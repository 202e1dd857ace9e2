// Every rule is exercised by rows, on a real stack whenever one can run them, and
// docs/traceability.md says so truthfully. The catalog's exemptions (model_only_because,
// unexercisable_because) are held to account too: an exemption that no longer holds fails.
#include <algorithm>

#include "conformance/format/scenario.h"
#include "conformance/traceability/stack_findings.h"
#include "conformance/traceability/traceability.h"
#include "docs/generation/generated_file.h"
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
                                     << rule.rows.front()->row.Label() << " cites it";
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
    EXPECT_EQ(model.status, RowStatus::kPass) << row.row.Label() << ": " << model.reason;
  }
}

constexpr std::string_view kRender = "./bazelw run //conformance:render_traceability";

TEST(TraceabilityTest, DocumentIsUpToDate) {
  EXPECT_EQ(docs::StaleReason("docs/traceability.md", RenderTraceability(Matrix()), kRender), "");
}

TEST(TraceabilityTest, ClarificationsShowWhatTheTracesShow) {
  const std::string checked_in = ReadTextFile("docs/clarifications.md");
  EXPECT_EQ(docs::StaleReason("docs/clarifications.md",
                              SpliceGenerated(checked_in, RenderStackFindings(Matrix()), "docs/clarifications.md"),
                              kRender),
            "");
}

// Every open point some row reaches on the model appears with the model's default, so a stack's
// column can be read against it; and a real stack's choices name behaviours the open point has.
TEST(TraceabilityTest, OpenPointTableListsEveryReachedPoint) {
  const std::string table = RenderOpenPointChoices(Matrix());
  for (const sim::OpenPointInfo& info : sim::AllOpenPoints()) {
    const std::string start = "| " + std::string(info.rule) + " | ";
    const size_t line = table.find(start);
    ASSERT_NE(line, std::string::npos) << info.rule << " is missing from\n" << table;
    // The cells after the rule: behaviours, then the model's.
    const size_t model_cell = table.find(" | ", line + start.size()) + 3;
    const std::string default_seen = std::string(info.behaviours.front()) + " (";
    EXPECT_EQ(table.compare(model_cell, default_seen.size(), default_seen), 0)
        << info.rule << ": no row reaches it on the model\n" << table;
  }
}

TEST(SpliceGeneratedTest, ReplacesOnlyWhatStandsBetweenTheMarkers) {
  const std::string document = std::string("hand\n") + kGeneratedBegin + "\nold\n" + kGeneratedEnd + "\ntail\n";
  EXPECT_EQ(SpliceGenerated(document, "new\n", "doc.md"),
            std::string("hand\n") + kGeneratedBegin + "\nnew\n" + kGeneratedEnd + "\ntail\n");
}

TEST(SpliceGeneratedTest, RefusesADocumentWithoutItsMarkers) {
  const std::string begin = kGeneratedBegin, end = kGeneratedEnd;
  for (const std::string& document : {std::string("no markers"), begin + "\nno end", "no begin\n" + end,
                                      end + "\n" + begin, begin + begin + "\n" + end}) {
    try {
      SpliceGenerated(document, "x", "doc.md");
      ADD_FAILURE() << "accepted: " << document;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("doc.md"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace wsdup::conformance
