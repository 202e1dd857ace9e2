// The catalog is well formed and rendered, and rows cite only its rules. Whether every rule is
// exercised (and on which backends) is //conformance/traceability:traceability_test's job.
#include <filesystem>
#include <map>
#include <set>

#include "conformance/format/scenario.h"
#include "docs/generation/generated_file.h"
#include "gtest/gtest.h"
#include "sim/open_points.h"
#include "sim/rules.h"
#include "spec/catalog.h"

namespace wsdup::spec {
namespace {

std::vector<conformance::Scenario> AllRows() {
  std::vector<conformance::Scenario> rows;
  for (const auto& entry : std::filesystem::directory_iterator("fixtures")) {
    if (entry.path().extension() != ".json") continue;
    for (auto& row : conformance::LoadScenarioFile(entry.path().string())) rows.push_back(row);
  }
  return rows;
}

TEST(CatalogTest, LoadsAndIsWellFormed) {
  std::vector<Rule> rules = LoadCatalog("spec/rules.json");
  EXPECT_GE(rules.size(), 50u);
  const std::set<std::string> families = {"DUP", "BLOB", "SHARE", "CLOSE", "EVT", "STARTUP", "SOCK", "SHUT", "CONN", "INH", "OVL", "SPI"};
  std::set<std::string> seen;
  for (const Rule& rule : rules) seen.insert(rule.family);
  EXPECT_EQ(seen, families);
}

TEST(CatalogTest, RenderedMarkdownIsUpToDate) {
  EXPECT_EQ(docs::StaleReason("spec/rules.md", RenderMarkdown(LoadCatalog("spec/rules.json")),
                              "./bazelw run //spec:render_rules"),
            "");
}

TEST(CatalogTest, EveryFixtureRowNamesKnownRules) {
  std::set<std::string> ids;
  for (const Rule& rule : LoadCatalog("spec/rules.json")) ids.insert(rule.id);
  for (const auto& row : AllRows()) {
    EXPECT_FALSE(row.rules.empty()) << row.file << ": " << row.name << " names no rule";
    for (const std::string& id : row.rules) {
      EXPECT_TRUE(ids.count(id)) << row.file << ": " << row.name << " cites unknown rule " << id;
    }
  }
}

// The model's open points (sim/open_points.h) and the catalog's are the same list: rule, behaviours
// and default, so a record or a report naming a behaviour means the same thing everywhere.
TEST(CatalogTest, OpenPointsMatchTheModel) {
  std::map<std::string, std::vector<std::string>> in_catalog;
  for (const Rule& rule : LoadCatalog("spec/rules.json")) {
    if (!rule.open_point.empty()) in_catalog[rule.id] = rule.open_point;
  }
  std::map<std::string, std::vector<std::string>> in_model;
  for (const sim::OpenPointInfo& info : sim::AllOpenPoints()) {
    std::vector<std::string>& names = in_model[std::string(info.rule)];
    for (std::string_view behaviour : info.behaviours) names.emplace_back(behaviour);
  }
  EXPECT_EQ(in_catalog, in_model);
}

// The model's rule list (sim/rules.h, which WSDUP_RULE checks at compile time) is the catalog's
// modelled rules in order, so a rule the model notes is one a reader can look up.
TEST(CatalogTest, ModelledRulesMatchTheModel) {
  std::vector<std::string> in_catalog;
  for (const Rule& rule : LoadCatalog("spec/rules.json")) {
    if (rule.modelled) in_catalog.push_back(rule.id);
  }
  const std::vector<std::string> in_model(std::begin(sim::kModelledRules), std::end(sim::kModelledRules));
  EXPECT_EQ(in_catalog, in_model);
}

}  // namespace
}  // namespace wsdup::spec
