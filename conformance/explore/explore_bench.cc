// Exploration's speed on the model, part by part, so the part that dominates is measured rather than
// guessed (docs/performance.md, "Exploration"):
//   ./bazelw build -c opt //conformance/explore:explore_bench
//   taskset -c 1 bazel-bin/conformance/explore/explore_bench --benchmark_repetitions=5 \
//       --benchmark_report_aggregates_only=true
// BM_Explore is what `wsdup explore` does per case on the model (generate, run with invariants,
// replay for determinism); the others are its parts. Goal (issue 11): 1,000,000 steps/s on one core.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>

#include "conformance/explore/case_generator.h"
#include "conformance/explore/explorer.h"
#include "conformance/explore/model_case.h"
#include "conformance/explore/rng.h"
#include "conformance/vocabulary/ops.h"

namespace wsdup::conformance::explore {
namespace {

constexpr uint64_t kCasesPerIteration = 200;

GeneratorOptions ModelAlphabet() {
  GeneratorOptions options;
  options.alphabet = vocabulary::OpsPerformedBy(/*the_model=*/true);
  return options;
}

void ReportSteps(benchmark::State& state, uint64_t steps) {
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}

// The whole loop of `wsdup explore` on the model.
void BM_Explore(benchmark::State& state) {
  ExploreOptions options;
  options.generator = ModelAlphabet();
  options.cases = kCasesPerIteration;
  uint64_t steps = 0;
  for (auto _ : state) {
    const ExploreTally tally = Explore(options, nullptr, nullptr);
    steps += tally.steps;
    options.seed += 1;
  }
  ReportSteps(state, steps);
}
BENCHMARK(BM_Explore)->Unit(benchmark::kMillisecond);

// Generating and running each case once, invariants included (no determinism replay).
void BM_RunModelCase(benchmark::State& state) {
  const GeneratorOptions options = ModelAlphabet();
  uint64_t steps = 0, seed = 1;
  for (auto _ : state) {
    for (uint64_t i = 0; i < kCasesPerIteration; ++i) steps += RunModelCase(options, CaseSeed(seed, i)).steps.size();
    ++seed;
  }
  ReportSteps(state, steps);
}
BENCHMARK(BM_RunModelCase)->Unit(benchmark::kMillisecond);

// The generator alone, every step taken as a success.
void BM_Generate(benchmark::State& state) {
  const GeneratorOptions options = ModelAlphabet();
  uint64_t steps = 0, seed = 1;
  for (auto _ : state) {
    for (uint64_t i = 0; i < kCasesPerIteration; ++i) {
      CaseGenerator generator(options, CaseSeed(seed, i));
      Step step;
      while (generator.Next(&step)) {
        benchmark::DoNotOptimize(step);
        generator.Observe(true);
        ++steps;
      }
    }
    ++seed;
  }
  ReportSteps(state, steps);
}
BENCHMARK(BM_Generate)->Unit(benchmark::kMillisecond);

// Replaying generated cases on a fresh model: the determinism check's share.
void BM_Replay(benchmark::State& state) {
  const GeneratorOptions options = ModelAlphabet();
  std::vector<ModelCase> cases;
  for (uint64_t i = 0; i < kCasesPerIteration; ++i) cases.push_back(RunModelCase(options, CaseSeed(1, i)));
  uint64_t steps = 0;
  for (auto _ : state) {
    for (const ModelCase& run : cases) {
      benchmark::DoNotOptimize(ReplayOnModel(run.steps));
      steps += run.steps.size();
    }
  }
  ReportSteps(state, steps);
}
BENCHMARK(BM_Replay)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wsdup::conformance::explore

BENCHMARK_MAIN();
