// The harness rejects each broken layer with a failure that names the rule it breaks, and accepts
// the reference layer (here as a control, and as //conformance/spi:reference_layer_spi_check).
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "conformance/spi/broken_layers.h"
#include "conformance/spi/chain_config.h"
#include "conformance/spi/layer_checks.h"

namespace wsdup::conformance::spi {
namespace {

using Check = void (*)(const ChainConfig&, const sim::spi::LayerFactory&);

const std::map<std::string, Check>& Checks() {
  static const std::map<std::string, Check> checks = {
      {"DuplicatePassesDown", &CheckDuplicatePassesDown},
      {"OtherCallsPassDown", &CheckOtherCallsPassDown},
      {"TheDuplicateComesBackThroughTheLayer", &CheckTheDuplicateComesBackThroughTheLayer},
      {"SharingThroughTheChain", &CheckSharingThroughTheChain},
      {"DescriptorsComeFromTheUpcall", &CheckDescriptorsComeFromTheUpcall},
      {"ErrorsComeUpThroughErrno", &CheckErrorsComeUpThroughErrno},
      {"OwnFailuresComeUpThroughErrno", &CheckOwnFailuresComeUpThroughErrno},
      {"StartupErrorsComeUpThroughErrno", &CheckStartupErrorsComeUpThroughErrno},
  };
  return checks;
}

// Every check over every configuration, with the failures collected rather than reported.
std::vector<std::string> FailuresOf(const LayerImplementation& layer) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter collect(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    for (const ChainConfig& config : AllChainConfigs(layer.ifs)) {
      for (const auto& [name, check] : Checks()) check(config, layer.make);
    }
  }
  std::vector<std::string> failures;
  for (int i = 0; i < results.size(); ++i) {
    if (results.GetTestPartResult(i).failed()) failures.push_back(results.GetTestPartResult(i).message());
  }
  return failures;
}

TEST(BrokenLayersTest, TheReferenceLayersFailNothing) {
  for (const bool ifs : {false, true}) {
    const std::vector<std::string> failures = FailuresOf(ReferenceLayerOfKind(ifs));
    EXPECT_TRUE(failures.empty()) << (ifs ? "IFS" : "non-IFS") << ": " << failures.size() << " failures; the first:\n"
                                  << (failures.empty() ? "" : failures[0]);
  }
}

TEST(BrokenLayersTest, EachIsRejectedNamingTheRuleItBreaks) {
  for (const BrokenLayer& broken : BrokenLayers()) {
    const std::vector<std::string> failures = FailuresOf(broken.layer);
    size_t naming = 0;
    const std::string* first = nullptr;
    for (const std::string& failure : failures) {
      if (failure.find(broken.rule + ":") != std::string::npos ||
          failure.find(broken.rule + ",") != std::string::npos) {
        ++naming;
        if (first == nullptr) first = &failure;
      }
    }
    EXPECT_GT(naming, 0u) << broken.name << ": no failure names " << broken.rule << " among " << failures.size();
    if (first != nullptr) {
      std::cout << "[ rejected ] " << broken.name << " (" << broken.rule << "): " << naming << " of " << failures.size()
                << " failures name it; the first:\n"
                << *first << "\n";
    }
  }
}

}  // namespace
}  // namespace wsdup::conformance::spi
