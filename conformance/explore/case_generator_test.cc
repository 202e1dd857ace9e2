// The generator makes valid scenario format only, uses every op of the table, is a function of its
// seed, and gives each case its own swarm alphabet.
#include "conformance/explore/case_generator.h"

#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/explore/model_case.h"
#include "conformance/format/scenario.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/vocabulary/socket_words.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;

GeneratorOptions EveryOp() {
  GeneratorOptions options;
  options.alphabet = vocabulary::OpsPerformedBy(/*the_model=*/true);
  return options;
}

std::vector<json> Generate(const GeneratorOptions& options, uint64_t seed) {
  CaseGenerator generator(options, seed);
  std::vector<json> steps;
  Step step;
  while (generator.Next(&step)) steps.push_back(generator.Given().Written(step, steps.size()));
  return steps;
}

// The generator makes typed steps without JSON, through the format's own SetStepArg; written out
// and parsed as a row's step is, each must give the same arguments, or a finding's row would not
// be the case that was run.
TEST(CaseGeneratorTest, AWrittenStepParsesToTheArgumentsThatRan) {
  const GeneratorOptions options = EveryOp();
  size_t compared = 0;
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    CaseGenerator generator(options, seed);
    Step step;
    for (size_t i = 0; generator.Next(&step); ++i) {
      const json written = generator.Given().Written(step, i);
      const Step parsed = StepFromWritten(written, i);
      ASSERT_EQ(parsed.typed, step.typed) << "seed " << seed << ": " << written.dump();
      EXPECT_EQ(parsed.proc, step.proc);
      EXPECT_EQ(parsed.op, step.op);
      EXPECT_EQ(parsed.as, step.as);
      ++compared;
    }
  }
  EXPECT_GT(compared, 30000u);
}

TEST(CaseGeneratorTest, EveryCaseLoadsAsAFixtureRow) {
  const GeneratorOptions options = EveryOp();
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    const std::vector<json> steps = Generate(options, seed);
    ASSERT_FALSE(steps.empty()) << "seed " << seed;
    const json row = CaseRow("explore-" + std::to_string(seed), {"DUP-1"}, "generated", steps);
    try {
      ParseScenarios(row, "generated");
    } catch (const InputError& bad) {
      FAIL() << "seed " << seed << ": " << bad.what() << "\n" << row.dump();
    }
  }
}

TEST(CaseGeneratorTest, EveryOpOfTheTableIsGenerated) {
  const GeneratorOptions options = EveryOp();
  std::set<std::string> seen;
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    for (const json& step : Generate(options, seed)) seen.insert(step["op"].get<std::string>());
  }
  for (std::string_view op : options.alphabet) EXPECT_TRUE(seen.count(std::string(op))) << op;
}

// SOCK-11: an option is still asked at a level not its own (SOCK-8's WSAENOPROTOOPT), but never at one
// where its number is another option (TCP_NODELAY at SOL_SOCKET is SO_DEBUG): the format refuses
// those, so the generator draws again.
TEST(CaseGeneratorTest, OptionsAreAskedAtOtherLevelsButNeverAsAnotherOption) {
  const GeneratorOptions options = EveryOp();
  size_t at_other_level = 0, as_another_option = 0;
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    for (const json& step : Generate(options, seed)) {
      if (!step.contains("level") || !step.contains("name")) continue;
      const auto option = vocabulary::OptionFromName(step["name"].get<std::string>());
      const auto level = vocabulary::OptionLevelFromName(step["level"].get<std::string>());
      ASSERT_TRUE(option && level) << step.dump();
      if (vocabulary::WordOf(*option).level != *level) ++at_other_level;
      if (!vocabulary::OtherOptionWithItsNumber(*option, *level).empty()) ++as_another_option;
    }
  }
  EXPECT_GT(at_other_level, 100u);
  EXPECT_EQ(as_another_option, 0u);
}

TEST(CaseGeneratorTest, TheSeedDecidesTheCase) {
  const GeneratorOptions options = EveryOp();
  EXPECT_EQ(Generate(options, 42), Generate(options, 42));
  EXPECT_NE(Generate(options, 42), Generate(options, 43));
}

TEST(CaseGeneratorTest, SwarmCasesDrawTheirOwnAlphabets) {
  const GeneratorOptions options = EveryOp();
  std::set<size_t> sizes;
  for (uint64_t seed = 0; seed < 50; ++seed) sizes.insert(CaseGenerator(options, seed).CaseAlphabet().size());
  EXPECT_GT(sizes.size(), 3u);
  EXPECT_LT(*sizes.rbegin(), options.alphabet.size() + 1);

  GeneratorOptions whole = options;
  whole.swarm = false;
  EXPECT_EQ(CaseGenerator(whole, 7).CaseAlphabet().size(), options.alphabet.size());
}

TEST(CaseGeneratorTest, AnExitedProcessNeverActsAgain) {
  GeneratorOptions options = EveryOp();
  options.max_steps = 60;
  size_t exits = 0;
  for (uint64_t seed = 0; seed < 500; ++seed) {
    std::set<std::string> exited;
    for (const json& step : Generate(options, seed)) {
      if (!step.contains("proc")) continue;
      const std::string proc = step["proc"].get<std::string>();
      EXPECT_FALSE(exited.count(proc)) << "seed " << seed << ": " << step.dump();
      if (step["op"] == "exit") exited.insert(proc), ++exits;
    }
  }
  EXPECT_GT(exits, 0u);
}

}  // namespace
}  // namespace wsdup::conformance::explore
