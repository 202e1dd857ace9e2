// The conformance suite a layer is gated by: every check of layer_checks.h over every chain
// configuration (chain_config.h), one test each, named for the rules it holds the layer to. Linked
// with the author's LayerUnderTest() by wsdup_spi_check (defs.bzl); the report is GoogleTest's:
// text on the console, JUnit XML in bazel-testlogs (test.xml), JSON with
// --test_arg=--gtest_output=json:FILE.
#include <gtest/gtest.h>

#include "conformance/spi/chain_config.h"
#include "conformance/spi/layer_checks.h"
#include "conformance/spi/layer_under_test.h"

namespace wsdup::conformance::spi {
namespace {

class LayerConformance : public ::testing::TestWithParam<ChainConfig> {};

TEST_P(LayerConformance, Spi6Spi7_DuplicatePassesDown) { CheckDuplicatePassesDown(GetParam(), LayerUnderTest().make); }

TEST_P(LayerConformance, Spi8_OtherCallsPassDown) { CheckOtherCallsPassDown(GetParam(), LayerUnderTest().make); }

TEST_P(LayerConformance, Spi3Spi4_TheDuplicateComesBackThroughTheLayer) {
  CheckTheDuplicateComesBackThroughTheLayer(GetParam(), LayerUnderTest().make);
}

TEST_P(LayerConformance, Spi3Spi5Spi9_SharingThroughTheChain) {
  CheckSharingThroughTheChain(GetParam(), LayerUnderTest().make);
}

TEST_P(LayerConformance, Spi5Spi12_DescriptorsComeFromTheUpcall) {
  CheckDescriptorsComeFromTheUpcall(GetParam(), LayerUnderTest().make);
}

TEST_P(LayerConformance, Spi1_OwnFailuresComeUpThroughErrno) {
  CheckOwnFailuresComeUpThroughErrno(GetParam(), LayerUnderTest().make);
}

TEST_P(LayerConformance, Spi1Spi2_ErrorsComeUpThroughErrno) {
  CheckErrorsComeUpThroughErrno(GetParam(), LayerUnderTest().make);
}

TEST_P(LayerConformance, Spi1Spi8_StartupErrorsComeUpThroughErrno) {
  CheckStartupErrorsComeUpThroughErrno(GetParam(), LayerUnderTest().make);
}

INSTANTIATE_TEST_SUITE_P(Chains, LayerConformance, ::testing::ValuesIn(AllChainConfigs(LayerUnderTest().ifs)),
                         [](const ::testing::TestParamInfo<ChainConfig>& info) { return info.param.Name(); });

}  // namespace
}  // namespace wsdup::conformance::spi
