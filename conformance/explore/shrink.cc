#include "conformance/explore/shrink.h"

#include <algorithm>

#include "conformance/explore/model_case.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;

class Shrinker {
 public:
  Shrinker(const Problem& problem, CaseJudge& judge, const ShrinkProgress& on_try)
      : signature_(problem.Signature()), judge_(judge), on_try_(on_try) {}

  // The judge's problem when `candidate` still shows the same one.
  std::optional<Problem> Shows(const std::vector<json>& candidate) {
    if (candidate.empty() || !ValidCase(candidate)) return std::nullopt;
    ++tries_;
    if (on_try_) on_try_(tries_, smallest_);
    std::optional<Problem> problem = judge_.Judge(candidate);
    if (!problem || problem->Signature() != signature_) return std::nullopt;
    smallest_ = std::min(smallest_, candidate.size());
    return problem;
  }
  size_t tries() const { return tries_; }
  void Start(size_t steps) { smallest_ = steps; }

 private:
  std::string signature_;
  CaseJudge& judge_;
  const ShrinkProgress& on_try_;
  size_t tries_ = 0;
  size_t smallest_ = 0;
};

std::vector<json> Without(const std::vector<json>& steps, size_t begin, size_t end) {
  std::vector<json> out(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(begin));
  out.insert(out.end(), steps.begin() + static_cast<std::ptrdiff_t>(end), steps.end());
  return out;
}

}  // namespace

bool ValidCase(const std::vector<json>& steps) {
  try {
    ParseScenarios(json::array({CaseRow("candidate", {"DUP-1"}, "", steps)}), "<candidate>");
    return true;
  } catch (const InputError&) {
    return false;
  }
}

Shrunk Shrink(const std::vector<json>& steps, const Problem& problem, CaseJudge& judge,
              const ShrinkProgress& on_try) {
  Shrinker shrinker(problem, judge, on_try);
  shrinker.Start(steps.size());
  Shrunk best{steps, problem, 0};
  // Steps after the one that shows the problem cannot matter to it.
  if (problem.step + 1 < best.steps.size()) {
    std::vector<json> prefix(best.steps.begin(), best.steps.begin() + static_cast<std::ptrdiff_t>(problem.step + 1));
    if (std::optional<Problem> shown = shrinker.Shows(prefix)) best = {std::move(prefix), *shown, 0};
  }
  // ddmin: remove chunks of n; on success keep the smaller case, else try finer chunks.
  size_t chunks = 2;
  while (best.steps.size() >= 2) {
    const size_t size = best.steps.size();
    const size_t chunk = (size + chunks - 1) / chunks;
    bool removed = false;
    for (size_t begin = 0; begin < size; begin += chunk) {
      std::vector<json> candidate = Without(best.steps, begin, std::min(size, begin + chunk));
      if (std::optional<Problem> shown = shrinker.Shows(candidate)) {
        best = {std::move(candidate), *shown, 0};
        chunks = std::max<size_t>(chunks - 1, 2);
        removed = true;
        break;
      }
    }
    if (removed) continue;
    if (chunk == 1) break;  // single steps tried: 1-minimal
    chunks = std::min(size, chunks * 2);
  }
  best.tries = shrinker.tries();
  return best;
}

}  // namespace wsdup::conformance::explore
