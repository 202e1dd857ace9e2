// The model's speed: a mixed workload (socket, setsockopt, duplicate, import, getsockopt,
// event_select, close x2) while N other descriptors stay live, N = 10, 10^3, 10^6.
//   ./bazelw run -c opt //sim:bench -- --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// Target (issue 2): >= 10M ops/s on one core; cost per op at 10^6 <= 1.5x the cost at 10.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sim/world.h"

namespace wsdup::sim {
namespace {

constexpr int64_t kOpsPerCycle = 8;

struct Fixture {
  World world;
  Pid a = 0, b = 0;
  EventId event = 0;
  std::vector<Handle> background;

  explicit Fixture(int64_t live) {
    a = world.Spawn();
    b = world.Spawn();
    world.Startup(a);
    world.Startup(b);
    event = world.CreateEvent(b);
    background.reserve(static_cast<size_t>(live));
    for (int64_t i = 0; i < live; ++i) {
      background.push_back(world.Socket(a, SockType::kStream, CreateApi::kSocket, 0).value());
    }
  }

  // One hand-off cycle on a fresh socket; returns a value so the work cannot be optimised away.
  int64_t Cycle(int32_t option_value) {
    const Handle s = world.Socket(a, SockType::kStream, CreateApi::kWSASocketA, kFlagOverlapped).value();
    world.SetSockOpt(a, s, OptionLevel::kSocket, Option::kReceiveBuffer, {option_value, 0});
    const BlobId blob = world.Duplicate(a, s, DuplicateArgs{b, Variant::kA, false}).value();
    const Handle t = world.FromBlob(b, blob, Variant::kA, kFlagOverlapped).value();
    const int32_t read = world.GetSockOpt(b, t, OptionLevel::kSocket, Option::kReceiveBuffer).value().value;
    world.EventSelect(b, t, event, kFdRead);
    world.CloseSocket(a, s);
    world.CloseSocket(b, t);
    return read;
  }
};

void BM_MixedWorkload(benchmark::State& state) {
  Fixture fixture(state.range(0));
  int32_t value = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(fixture.Cycle(++value & 0xFFFF));
  }
  state.SetItemsProcessed(state.iterations() * kOpsPerCycle);
  state.counters["live_descriptors"] = static_cast<double>(fixture.world.LiveDescriptors(fixture.a));
}
BENCHMARK(BM_MixedWorkload)->Arg(10)->Arg(1000)->Arg(1000000)->Unit(benchmark::kNanosecond);

// The same cycle plus a getsockopt on a background descriptor chosen pseudo-randomly (fixed LCG),
// so the table's size shows up as cache misses. Reported beside the main figure, not instead of it.
void BM_MixedWorkloadTouchingBackground(benchmark::State& state) {
  Fixture fixture(state.range(0));
  uint64_t lcg = 12345;
  int32_t value = 0;
  for (auto _ : state) {
    lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
    const Handle other = fixture.background[(lcg >> 33) % fixture.background.size()];
    benchmark::DoNotOptimize(
        fixture.world.GetSockOpt(fixture.a, other, OptionLevel::kSocket, Option::kSendBuffer).value().value);
    benchmark::DoNotOptimize(fixture.Cycle(++value & 0xFFFF));
  }
  state.SetItemsProcessed(state.iterations() * (kOpsPerCycle + 1));
}
BENCHMARK(BM_MixedWorkloadTouchingBackground)->Arg(10)->Arg(1000)->Arg(1000000);

}  // namespace
}  // namespace wsdup::sim

BENCHMARK_MAIN();
