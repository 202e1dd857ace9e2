// One chain with the layer under test in place, in a fresh model world with a source process and
// a target process. In each process the provider below the layer under test is a MockProvider in
// front of the real one (the next ReferenceLayer or the model's base), so a check can state what
// the layer must pass down, and make the provider below fail; and the layer's upcall table is a
// MockUpcalls in front of ws2_32's, so a check can see the upcalls the layer itself makes, and make
// one fail.
#ifndef WSDUP_CONFORMANCE_SPI_CHAIN_RIG_H_
#define WSDUP_CONFORMANCE_SPI_CHAIN_RIG_H_

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include <gmock/gmock.h>

#include "conformance/spi/chain_config.h"
#include "conformance/spi/mock_provider.h"
#include "conformance/spi/mock_upcalls.h"
#include "sim/spi/ws2_dispatch.h"
#include "sim/world.h"

namespace wsdup::conformance::spi {

class ChainRig {
 public:
  // `on_below` is called with each process's mock as it is made (the source's first, when the
  // chain is first used there), before anything reaches it: where a check sets expectations on
  // calls made while the chain starts.
  ChainRig(const ChainConfig& config, const sim::spi::LayerFactory& under_test,
           std::function<void(MockProvider&)> on_below = nullptr);
  ~ChainRig();

  sim::spi::Ws2Dispatch& ws2() { return *ws2_; }
  sim::World& world() { return world_; }
  // The mock below the layer under test in the n-th process to load the chain (0: usually the source).
  MockProvider& Below(size_t n) { return *below_.at(n); }
  // The layer under test's upcall table in the n-th process to load the chain.
  MockUpcalls& UpcallsOfLayer(size_t n) { return *upcalls_.at(n); }
  size_t Loaded() const { return below_.size(); }
  // The n of process `pid` for Below and UpcallsOfLayer (it has loaded the chain).
  size_t LoadedAs(sim::Pid pid) const { return loaded_by_.at(pid); }

  const ChainConfig config;
  sim::World world_;
  const sim::Pid source, target;

 private:
  class InterceptingLoader;
  std::vector<std::unique_ptr<::testing::NiceMock<MockProvider>>> below_;
  std::vector<std::unique_ptr<::testing::NiceMock<MockUpcalls>>> upcalls_;
  std::map<sim::Pid, size_t> loaded_by_;
  std::vector<std::unique_ptr<InterceptingLoader>> loaders_;
  std::function<void(MockProvider&)> on_below_;
  std::unique_ptr<sim::spi::Ws2Dispatch> ws2_;
};

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_CHAIN_RIG_H_
