#include "conformance/explore/explorer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "conformance/explore/model_case.h"
#include "conformance/explore/rng.h"
#include "conformance/explore/shrink.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// What the model alone finds wrong with a case it just ran: a broken invariant, or a different
// answer the second time. Cheap when nothing is wrong; the judge then pins down where.
bool ModelSuspect(const ModelCase& run) {
  return !run.problems.empty() || ReplayOnModel(run.steps) != run.observed;
}

}  // namespace

std::string Finding::RowName() const {
  char seed[17];
  std::snprintf(seed, sizeof seed, "%016llx", static_cast<unsigned long long>(case_seed));
  return std::string("explore-") + ProblemKindName(problem.kind) + "-" + seed;
}

json Finding::Row() const {
  const std::vector<json> written = WithModelExpectations(steps);
  std::vector<std::string> rules = problem.rules;
  if (rules.empty()) {
    for (const std::vector<std::string>& step_rules : ModelRulesPerStep(steps)) {
      for (const std::string& rule : step_rules) {
        if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
      }
    }
  }
  char seed[19];
  std::snprintf(seed, sizeof seed, "0x%016llx", static_cast<unsigned long long>(case_seed));
  const std::string doc = std::string("Found by wsdup explore (case ") + std::to_string(case_index) +
                          ", case seed " + seed + ", " + std::to_string(generated_steps) +
                          " steps shrunk to " + std::to_string(steps.size()) + "): " +
                          ProblemKindName(problem.kind) + " at step " + std::to_string(problem.step + 1) +
                          " (" + problem.op + "); expected " + problem.expected + ", observed " +
                          problem.observed + ".";
  return CaseRow(RowName(), rules, doc, written);
}

ExploreTally Explore(const ExploreOptions& options, CaseJudge* stack_judge, const ExploreProgress& progress) {
  ExploreTally tally;
  ModelJudge model_judge;
  std::map<std::string, size_t> by_signature;  // -> index in tally.findings
  const Clock::time_point began = Clock::now();
  Clock::time_point last_progress = began;
  // The progress line, at most about once a second.
  const auto report_if_due = [&] {
    const Clock::time_point now = Clock::now();
    if (!progress || now - last_progress < std::chrono::seconds(1)) return;
    last_progress = now;
    progress(tally, SecondsSince(began));
  };
  const uint32_t shards = options.shards == 0 ? 1 : options.shards;
  for (uint64_t index = options.shard; index < options.cases; index += shards) {
    if (options.budget_seconds > 0 && SecondsSince(began) >= options.budget_seconds) break;
    const uint64_t case_seed = CaseSeed(options.seed, index);
    ModelCase run = RunModelCase(options.generator, case_seed);
    ++tally.cases;
    tally.steps += run.steps.size();
    for (const Step& step : run.steps) ++tally.coverage.ops[step.op];
    tally.coverage.rules |= run.rules;
    tally.coverage.open_points |= run.open_points;

    CaseJudge* judge = nullptr;
    std::optional<Problem> problem;
    if (ModelSuspect(run)) {
      judge = &model_judge;
      problem = model_judge.Judge(run.written);
    }
    if (!problem && stack_judge != nullptr) {
      judge = stack_judge;
      problem = stack_judge->Judge(run.written);
      tally.known += stack_judge->KnownInLastCase();
      if (stack_judge->CutByReuseInLastCase()) ++tally.cut_by_reuse;
    }
    if (problem) {
      const std::string signature = problem->Signature();
      if (auto seen = by_signature.find(signature); seen != by_signature.end()) {
        ++tally.findings[seen->second].also_seen;
      } else {
        tally.shrinking = true;
        const auto report_shrink = [&](size_t tries, size_t steps) {
          tally.shrink_tries = tries;
          tally.shrink_steps = steps;
          report_if_due();
        };
        Shrunk shrunk = Shrink(run.written, *problem, *judge, report_shrink);
        tally.shrinking = false;
        Finding finding;
        finding.problem = std::move(shrunk.problem);
        finding.case_index = index;
        finding.case_seed = case_seed;
        finding.generated_steps = run.written.size();
        finding.steps = std::move(shrunk.steps);
        finding.shrink_tries = shrunk.tries;
        by_signature.emplace(signature, tally.findings.size());
        tally.findings.push_back(std::move(finding));
      }
    }
    // Looking at the clock costs little next to a case, but not nothing: every 64 cases.
    if (progress && (tally.cases % 64 == 0 || stack_judge != nullptr)) report_if_due();
  }
  return tally;
}

}  // namespace wsdup::conformance::explore
