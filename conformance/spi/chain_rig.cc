#include "conformance/spi/chain_rig.h"

#include <utility>

namespace wsdup::conformance::spi {

using sim::spi::ProtocolInfo;
using sim::spi::ProviderLoader;
using sim::spi::ServiceProvider;

// The layer under test's loader: the entry below it is served by the mock.
class ChainRig::InterceptingLoader : public ProviderLoader {
 public:
  InterceptingLoader(ProviderLoader* real, uint32_t below_id, MockProvider* mock)
      : real_(real), below_id_(below_id), mock_(mock) {}
  const ProtocolInfo* Entry(uint32_t id) const override { return real_->Entry(id); }
  ServiceProvider* Load(uint32_t id) override { return id == below_id_ ? mock_ : real_->Load(id); }

 private:
  ProviderLoader* real_;
  uint32_t below_id_;
  MockProvider* mock_;
};

ChainRig::ChainRig(const ChainConfig& config, const sim::spi::LayerFactory& under_test,
                   std::function<void(MockProvider&)> on_below)
    : config(config), source(world_.Spawn()), target(world_.Spawn()), on_below_(std::move(on_below)) {
  // Both applications have called WSAStartup; ws2_32 starts the providers when a call needs them.
  world_.Startup(source);
  world_.Startup(target);
  const uint32_t below_id = config.NextIsBase() ? kBaseId : LayerId(config.position + 1);
  sim::spi::LayerFactory wrapped = [this, under_test, below_id](const ProtocolInfo& own, ProviderLoader* loader,
                                                                sim::spi::Upcalls* upcalls) {
    auto mock = std::make_unique<::testing::NiceMock<MockProvider>>();
    mock->DelegateTo(loader->Load(below_id));
    if (on_below_) on_below_(*mock);
    loaders_.push_back(std::make_unique<InterceptingLoader>(loader, below_id, mock.get()));
    below_.push_back(std::move(mock));
    upcalls_.push_back(std::make_unique<::testing::NiceMock<MockUpcalls>>());
    upcalls_.back()->DelegateTo(upcalls);
    // ws2_32 gives each process's providers that process's upcall table: which process this is.
    for (const sim::Pid pid : {source, target}) {
      if (upcalls == &ws2_->UpcallsOf(pid)) loaded_by_[pid] = below_.size() - 1;
    }
    return under_test(own, loaders_.back().get(), upcalls_.back().get());
  };
  ws2_ = std::make_unique<sim::spi::Ws2Dispatch>(&world_, CatalogFor(config, wrapped));
}

// The providers go first (they hold the mocks and loaders); the mocks then verify.
ChainRig::~ChainRig() { ws2_.reset(); }

}  // namespace wsdup::conformance::spi
