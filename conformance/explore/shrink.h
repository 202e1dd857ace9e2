// Shrinking a case to the fewest steps that still show its problem: delta debugging (Zeller and
// Hildebrandt's ddmin) over the steps, then single steps. A candidate counts only when it is still
// valid scenario format (every name bound before use) and its judge reports a problem with the
// same signature, so the row written at the end runs anywhere a table row runs.
#ifndef WSDUP_CONFORMANCE_EXPLORE_SHRINK_H_
#define WSDUP_CONFORMANCE_EXPLORE_SHRINK_H_

#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/explore/case_judge.h"

namespace wsdup::conformance::explore {

struct Shrunk {
  std::vector<nlohmann::json> steps;
  Problem problem;     // as the judge reports it on `steps`
  size_t tries = 0;    // candidates judged
};

// `steps` shows `problem` under `judge`. Candidates are judged in a fixed order, so the same case
// always shrinks to the same steps.
// `on_try` (if given) hears of each candidate judged: tries so far, and the steps of the smallest
// case so far. Against a real stack a shrink takes minutes, and the user should see it move.
using ShrinkProgress = std::function<void(size_t tries, size_t steps)>;
Shrunk Shrink(const std::vector<nlohmann::json>& steps, const Problem& problem, CaseJudge& judge,
              const ShrinkProgress& on_try = nullptr);

// Whether `steps` load as one scenario (docs/scenario-format.md).
bool ValidCase(const std::vector<nlohmann::json>& steps);

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_SHRINK_H_
