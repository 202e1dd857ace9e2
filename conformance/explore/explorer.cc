#include "conformance/explore/explorer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "conformance/explore/model_case.h"
#include "conformance/explore/rng.h"
#include "conformance/explore/shrink.h"
#include "conformance/vocabulary/ops.h"

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

// A case of the current window, and what judging it found.
struct CaseInWindow {
  uint64_t index = 0;
  uint64_t seed = 0;
  ModelCase run;
  CaseJudge* judge = nullptr;  // the one that found `problem`
  std::optional<Problem> problem;
  size_t known = 0;
  bool cut_by_reuse = false;
  bool cut_after_known = false;
};

// How many cases a window holds per stack judge. Judges take the window's cases one at a time, as
// each finishes its last, and wait for each other only at the window's end: with one case each,
// every judge waited for the window's slowest case (a blocking call's bound, a 40-step case) and
// 4 instances were busy 59% of the time (seed 7, 20 cases: 7.0 s; 4 cases each: 5.4 s). Seed 7,
// 160 cases, 16 judges: 4 cases each 17.6 s, 8 each 15.3 s. Judged cases are reported in case
// order all the same.
constexpr size_t kCasesPerJudge = 8;

// Called about every 100 ms on the caller's thread while the judges work (not after they are done:
// the caller wakes as the last one finishes), with how many cases and steps they have judged so
// far; true stops them taking further cases (the budget is spent).
using WhileJudging = std::function<bool(size_t judged, size_t judged_steps)>;

// Each case the model found nothing wrong with, judged on a stack: the judges take the window's
// cases in turn, each on its own thread (a stack's time is mostly waits, so instances overlap even
// on one core). Which judge takes which case does not matter: each is a whole stack, alike. A case
// taken is judged to its end; once `while_judging` says stop, no more are taken, and the window
// keeps the cases taken (always the first ones). What a judge throws on its thread (bad input it
// should never see) is thrown again here, as it would be with one judge, rather than ending the
// process.
void JudgeOnStacks(const std::vector<CaseJudge*>& judges, std::vector<CaseInWindow>* cases,
                   const WhileJudging& while_judging) {
  if (judges.empty()) return;
  std::vector<std::exception_ptr> thrown(cases->size());
  std::atomic<size_t> next{0}, judged{0}, judged_steps{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable all_done;
  size_t running = judges.size();  // guarded by `mutex`
  const auto judge_in_turn = [&](CaseJudge* judge) {
    while (!stop) {
      const size_t k = next++;
      if (k >= cases->size()) break;
      CaseInWindow& one = (*cases)[k];
      if (!one.problem) {
        try {
          one.problem = judge->Judge(one.run.Written());
          one.known = judge->KnownInLastCase();
          one.cut_by_reuse = judge->CutByReuseInLastCase();
          one.cut_after_known = judge->CutAfterKnownDeviationInLastCase();
          if (one.problem) one.judge = judge;
        } catch (...) {
          thrown[k] = std::current_exception();
        }
      }
      judged_steps += one.run.steps.size();
      ++judged;
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      --running;
    }
    all_done.notify_one();
  };
  std::vector<std::thread> threads;
  for (CaseJudge* judge : judges) threads.emplace_back(judge_in_turn, judge);
  {
    // Woken by the last judge to finish: a window of fast judges (the tests' model agents) must not
    // wait out a poll (a fixed 100 ms sleep made explorer_test take 47 s instead of 8).
    std::unique_lock<std::mutex> lock(mutex);
    while (!all_done.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; })) {
      if (while_judging(judged, judged_steps)) stop = true;
    }
  }
  for (std::thread& thread : threads) thread.join();
  cases->resize(std::min(next.load(), cases->size()));
  for (const std::exception_ptr& error : thrown) {
    if (error) std::rethrow_exception(error);
  }
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
  std::vector<CaseJudge*> judges;
  if (stack_judge != nullptr) judges.push_back(stack_judge);
  return Explore(options, judges, progress);
}

ExploreTally Explore(const ExploreOptions& options, const std::vector<CaseJudge*>& stack_judges,
                     const ExploreProgress& progress) {
  ExploreTally tally;
  // Steps per op, counted by the op table's order and named in tally.coverage.ops at the end: a
  // map looked up by name at every step was a twentieth of exploring the model.
  std::vector<uint64_t> steps_per_op(vocabulary::AllOps().size());
  ModelJudge model_judge;
  std::map<std::string, size_t> by_signature;  // -> index in tally.findings
  const Clock::time_point began = Clock::now();
  Clock::time_point last_progress = began;
  // The progress line, at most about once a second: whether one is due (and then counted as shown).
  const auto progress_due = [&] {
    const Clock::time_point now = Clock::now();
    if (!progress || now - last_progress < std::chrono::seconds(1)) return false;
    last_progress = now;
    return true;
  };
  const auto report_if_due = [&] {
    if (progress_due()) progress(tally, SecondsSince(began));
  };
  const auto budget_spent = [&] {
    return options.budget_seconds > 0 && SecondsSince(began) >= options.budget_seconds;
  };
  const uint32_t shards = options.shards == 0 ? 1 : options.shards;
  const size_t window = stack_judges.empty() ? 1 : stack_judges.size() * kCasesPerJudge;
  uint64_t index = options.shard;
  while (index < options.cases) {
    if (budget_spent()) break;
    // The window's cases, run on the model one after another (cheap next to a stack).
    std::vector<CaseInWindow> cases;
    for (; cases.size() < window && index < options.cases; index += shards) {
      CaseInWindow one;
      one.index = index;
      one.seed = CaseSeed(options.seed, index);
      one.run = RunModelCase(options.generator, one.seed);
      if (ModelSuspect(one.run)) {
        one.judge = &model_judge;
        one.problem = model_judge.Judge(one.run.Written());
      }
      cases.push_back(std::move(one));
    }
    // The progress line goes on while the window is judged (a window of 16 judges takes seconds),
    // counting the cases judged so far; the budget stops the judges taking more.
    JudgeOnStacks(stack_judges, &cases, [&](size_t judged, size_t judged_steps) {
      if (progress_due()) {
        ExploreTally so_far = tally;
        so_far.cases += judged;
        so_far.steps += judged_steps;
        // The window's cases have all run on the model already: their rules are reached.
        for (const CaseInWindow& one : cases) so_far.coverage.rules |= one.run.rules;
        progress(so_far, SecondsSince(began));
      }
      return budget_spent();
    });
    // Taken in case order, whichever judge finished first.
    for (CaseInWindow& one : cases) {
      ++tally.cases;
      tally.steps += one.run.steps.size();
      for (const Step& step : one.run.steps) {
        if (step.spec != nullptr) {
          ++steps_per_op[static_cast<size_t>(step.spec - vocabulary::AllOps().data())];
        } else {
          ++tally.coverage.ops[step.op];
        }
      }
      tally.coverage.rules |= one.run.rules;
      tally.coverage.open_points |= one.run.open_points;
      tally.known += one.known;
      if (one.cut_by_reuse) ++tally.cut_by_reuse;
      if (one.cut_after_known) ++tally.cut_after_known;
      if (!one.problem) continue;
      const std::string signature = one.problem->Signature();
      if (auto seen = by_signature.find(signature); seen != by_signature.end()) {
        ++tally.findings[seen->second].also_seen;
        continue;
      }
      tally.shrinking = true;
      const auto report_shrink = [&](size_t tries, size_t steps) {
        tally.shrink_tries = tries;
        tally.shrink_steps = steps;
        report_if_due();
      };
      // The first stack judge shrinks whatever judge found it: each is a whole stack, alike.
      CaseJudge& shrinker = one.judge == &model_judge ? model_judge : *stack_judges.front();
      Shrunk shrunk = Shrink(one.run.Written(), *one.problem, shrinker, report_shrink);
      tally.shrinking = false;
      Finding finding;
      finding.problem = std::move(shrunk.problem);
      finding.case_index = one.index;
      finding.case_seed = one.seed;
      finding.generated_steps = one.run.steps.size();
      finding.steps = std::move(shrunk.steps);
      finding.shrink_tries = shrunk.tries;
      by_signature.emplace(signature, tally.findings.size());
      tally.findings.push_back(std::move(finding));
    }
    // Looking at the clock costs little next to a case, but not nothing: every 64 cases.
    if (progress && (tally.cases % 64 < cases.size() || !stack_judges.empty())) report_if_due();
  }
  for (size_t op = 0; op < steps_per_op.size(); ++op) {
    if (steps_per_op[op] > 0) tally.coverage.ops[std::string(vocabulary::AllOps()[op].name)] += steps_per_op[op];
  }
  return tally;
}

}  // namespace wsdup::conformance::explore
