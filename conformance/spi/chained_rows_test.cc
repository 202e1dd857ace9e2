// The sharing rows of fixtures/ (last close, shared options, registration, single use) run through a
// chain of layers on the model backend (Scenario::chain): through reference layers they pass as they
// do without a chain; through a broken layer some fail, so a layer's bug shows in the API-level rows
// as well as in the SPI harness. A backend that cannot install a chain reports such a row
// unsupported, never runs it.
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "conformance/format/scenario.h"
#include "conformance/run/model_backend.h"
#include "conformance/run/runner.h"
#include "conformance/spi/broken_layers.h"
#include "conformance/spi/layer_registry.h"

namespace wsdup::conformance::spi {
namespace {

// The rows, by file and name, that SPI-9 (the API's sharing rules at the provider interface) cites.
const std::map<std::string, std::set<std::string>> kSharingRows = {
    {"fixtures/blob.json", {"blob-single-use"}},
    {"fixtures/close.json", {"close-source-first"}},
    {"fixtures/evt.json", {"evt-event-other-process-replaces"}},
    {"fixtures/share.json", {"share-options-across-processes-both-ways"}},
};

std::vector<Scenario> SharingRows(const ScenarioChain& chain) {
  std::vector<Scenario> rows;
  for (const auto& [file, names] : kSharingRows) {
    for (Scenario& scenario : LoadScenarioFile(file)) {
      if (names.count(scenario.name) == 0) continue;
      scenario.chain = chain;
      rows.push_back(std::move(scenario));
    }
  }
  return rows;
}

ScenarioChain Chain(std::vector<std::string> layers, bool base_ifs) {
  ScenarioChain chain;
  chain.layers = std::move(layers);
  chain.base_ifs = base_ifs;
  return chain;
}

TEST(ChainedRowsTest, SharingRowsPassThroughReferenceLayers) {
  ModelBackend model;
  for (const ScenarioChain& chain : {Chain({"reference"}, true), Chain({"reference"}, false),
                                     Chain({"reference", "reference", "reference"}, true)}) {
    const std::vector<Scenario> rows = SharingRows(chain);
    ASSERT_EQ(rows.size(), kSharingRows.size());
    for (const Scenario& row : rows) {
      const ScenarioResult result = RunScenario(model, row);
      EXPECT_TRUE(result.Passed()) << row.name << " through " << chain.layers.size() << " layer(s): " << result.reason;
    }
  }
}

TEST(ChainedRowsTest, BrokenLayersFailSharingRows) {
  RegisterBrokenLayers();
  ModelBackend model;
  size_t layers_caught = 0;
  for (const BrokenLayer& broken : BrokenLayers()) {
    size_t failed = 0;
    for (const Scenario& row : SharingRows(Chain({broken.id}, true))) {
      const ScenarioResult result = RunScenario(model, row);
      if (!result.Passed()) {
        ++failed;
        std::cout << "[ row fails ] " << broken.id << " (" << broken.rule << "): " << row.name << ": " << result.reason
                  << "\n";
      }
    }
    if (failed > 0) ++layers_caught;
  }
  // Some bugs cannot show in a one-layer chain on the model (a duplicate escaping a layer that does
  // nothing else is harmless there); most do.
  EXPECT_GE(layers_caught, 4u);
}

// The rows of fixtures/spi.json, written for the reference layer: each names a chain, and each
// passes on the model as written.
std::vector<Scenario> SpiRows() {
  std::vector<Scenario> rows = LoadScenarioFile("fixtures/spi.json");
  for (const Scenario& row : rows) EXPECT_TRUE(row.chain.has_value()) << row.name << " names no chain";
  return rows;
}

bool Cites(const Scenario& row, const std::string& rule) {
  return std::find(row.rules.begin(), row.rules.end(), rule) != row.rules.end();
}

TEST(ChainedRowsTest, SpiRowsPassThroughTheirReferenceChains) {
  ModelBackend model;
  for (const Scenario& row : SpiRows()) {
    const ScenarioResult result = RunScenario(model, row);
    EXPECT_TRUE(result.Passed()) << row.name << ": " << result.reason;
  }
}

// Broken layers whose bug no API-level row can see on the model, and why.
const std::map<std::string, std::string> kInvisibleToRows = {
    {"escaping",
     "a duplicate that bypasses a pass-through layer behaves as one that does not; only the SPI harness sees "
     "where the target's WSPSocket went (Spi3Spi4_TheDuplicateComesBackThroughTheLayer)"},
    {"own-descriptor",
     "calls on the lower descriptor reach the provider below directly, which for a pass-through layer gives "
     "the same outcomes; only the SPI harness sees which upcall made the descriptor "
     "(Spi5Spi12_DescriptorsComeFromTheUpcall)"},
    {"ifs-unregistered",
     "an unregistered handle's calls reach the provider below directly, which for a pass-through layer gives "
     "the same outcomes; only the SPI harness sees the missing WPUModifyIFSHandle "
     "(Spi5Spi12_DescriptorsComeFromTheUpcall)"},
    {"loses-own-error",
     "no row can make ws2_32 refuse a layer its descriptor; the SPI harness does (Spi1_OwnFailuresComeUpThroughErrno)"},
};

// A row proves its SPI rules: with a layer that breaks one of them in every position of its chain,
// some row citing that rule fails.
TEST(ChainedRowsTest, EachSpiRowFailsThroughALayerBreakingItsRules) {
  RegisterBrokenLayers();
  ModelBackend model;
  for (const BrokenLayer& broken : BrokenLayers()) {
    size_t citing = 0;
    size_t failed = 0;
    for (Scenario row : SpiRows()) {
      if (!Cites(row, broken.rule)) continue;
      ++citing;
      for (std::string& layer : row.chain->layers) layer = broken.id;
      const ScenarioResult result = RunScenario(model, row);
      if (result.Passed()) continue;
      ++failed;
      std::cout << "[ row fails ] " << broken.id << " (" << broken.rule << "): " << row.name << ": " << result.reason
                << "\n";
    }
    const auto invisible = kInvisibleToRows.find(broken.id);
    if (invisible != kInvisibleToRows.end()) {
      std::cout << "[ not seen  ] " << broken.id << " (" << broken.rule << "): " << invisible->second << "\n";
      continue;
    }
    EXPECT_GT(citing, 0u) << "no row of fixtures/spi.json cites " << broken.rule;
    EXPECT_GT(failed, 0u) << broken.id << " (" << broken.name << ") passes every row citing " << broken.rule;
  }
}

// A listener handed off through the chain, and the socket it accepts (made by the model directly,
// not through the layers) handed back: both kinds of descriptor duplicate, import and close.
TEST(ChainedRowsTest, AcceptedSocketsShareAlongsideChainedOnes) {
  const nlohmann::json row = nlohmann::json::parse(R"({"name": "listener-and-accepted", "rules": ["SPI-9"], "steps": [
    {"proc": "A", "op": "startup", "expect": {"ok": true}},
    {"proc": "B", "op": "startup", "expect": {"ok": true}},
    {"proc": "A", "op": "socket", "type": "stream", "as": "l", "expect": {"ok": true}},
    {"proc": "A", "op": "bind", "sock": "l", "expect": {"ok": true}},
    {"proc": "A", "op": "listen", "sock": "l", "expect": {"ok": true}},
    {"proc": "A", "op": "duplicate", "sock": "l", "target": "B", "as": "b", "expect": {"ok": true}},
    {"proc": "A", "op": "closesocket", "sock": "l", "expect": {"ok": true}},
    {"proc": "B", "op": "from_blob", "blob": "b", "as": "lb", "expect": {"ok": true}},
    {"op": "peer_connect", "sock": "lb", "peer": "client", "expect": {"ok": true}},
    {"proc": "B", "op": "accept", "sock": "lb", "as": "conn", "expect": {"ok": true}},
    {"proc": "B", "op": "duplicate", "sock": "conn", "target": "A", "as": "c", "expect": {"ok": true}},
    {"proc": "B", "op": "closesocket", "sock": "conn", "expect": {"ok": true}},
    {"proc": "A", "op": "from_blob", "blob": "c", "as": "back", "expect": {"ok": true}},
    {"proc": "A", "op": "from_blob", "blob": "c", "as": "again", "expect": {"ok": false, "error": "WSAEINVAL"}},
    {"proc": "A", "op": "send", "sock": "back", "bytes": "hi", "expect": {"ok": true, "value": 2}},
    {"op": "peer_recv", "peer": "client", "expect": {"value": "hi"}},
    {"proc": "A", "op": "closesocket", "sock": "back", "expect": {"ok": true}},
    {"op": "peer_state", "peer": "client", "expect": {"state": "eof"}},
    {"proc": "B", "op": "closesocket", "sock": "lb", "expect": {"ok": true}}]})");
  ModelBackend model;
  for (const std::optional<ScenarioChain>& chain :
       {std::optional<ScenarioChain>(), std::optional<ScenarioChain>(Chain({"reference"}, true)),
        std::optional<ScenarioChain>(Chain({"reference", "reference"}, false))}) {
    Scenario scenario = ParseScenarios(row, "inline").front();
    scenario.chain = chain;
    const ScenarioResult result = RunScenario(model, scenario);
    EXPECT_TRUE(result.Passed()) << (chain ? chain->layers.size() : 0) << " layer(s): " << result.reason;
  }
}

TEST(ChainedRowsTest, AnUnknownLayerIsAnErrorNamingTheLayersThereAre) {
  ModelBackend model;
  const std::vector<Scenario> rows = SharingRows(Chain({"no-such-layer"}, true));
  const ScenarioResult result = RunScenario(model, rows.front());
  EXPECT_EQ(result.status, RunStatus::kError);
  EXPECT_NE(result.reason.find("no-such-layer"), std::string::npos) << result.reason;
  EXPECT_NE(result.reason.find("reference"), std::string::npos) << result.reason;
}

// A stack cannot install the chain: the row is unsupported before anything runs.
class NoChainsBackend : public ModelBackend {
 public:
  std::string Name() const override { return "a stack"; }
  bool SupportsChains() const override { return false; }
};

TEST(ChainedRowsTest, ABackendWithoutChainsReportsTheRowUnsupported) {
  NoChainsBackend stack;
  const ScenarioResult result = RunScenario(stack, SharingRows(Chain({"reference"}, true)).front());
  EXPECT_EQ(result.status, RunStatus::kUnsupported);
  EXPECT_TRUE(result.steps.empty());
  EXPECT_NE(result.reason.find("chain of layered providers"), std::string::npos) << result.reason;
}

}  // namespace
}  // namespace wsdup::conformance::spi
