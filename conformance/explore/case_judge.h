// What can be wrong with a generated case, and the judges that look for it: on the model alone
// (its invariants after every step, and that it does the same thing twice), and against a real
// stack with the gate's own judgement (conformance/gate/gate.h). The shrinker asks a judge again
// about every smaller candidate, so a judge is a pure function of the steps it is given.
#ifndef WSDUP_CONFORMANCE_EXPLORE_CASE_JUDGE_H_
#define WSDUP_CONFORMANCE_EXPLORE_CASE_JUDGE_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/format/deviation_record.h"
#include "conformance/run/backend.h"

namespace wsdup::conformance::explore {

enum class ProblemKind {
  kInvariant,       // the model broke one of its own invariants
  kNondeterminism,  // the model answered the same steps differently the second time
  kDeviation,       // the stack differs from the model (the gate's judgement, open points followed)
  kError,           // the stack gave no usable answer (crash, hang, protocol error)
};
const char* ProblemKindName(ProblemKind kind);  // "invariant", "nondeterminism", ...

struct Problem {
  ProblemKind kind = ProblemKind::kInvariant;
  size_t step = 0;        // index of the step where it showed
  std::string op;         // "A duplicate"
  std::string expected;   // what the documents and the model say
  std::string observed;   // what happened instead
  std::vector<std::string> rules;  // the rules the model reached on that step

  // What makes two problems the same finding while shrinking and across cases: the kind and the
  // op, not the names or the process (a shrunk case renames nothing, but another case will).
  std::string Signature() const;
};

class CaseJudge {
 public:
  virtual ~CaseJudge() = default;
  // `written` is a valid case (scenario-format steps); nullopt when nothing is wrong with it.
  virtual std::optional<Problem> Judge(const std::vector<nlohmann::json>& written) = 0;
};

// The model alone: invariants after each step, then the same steps again on a fresh model.
class ModelJudge : public CaseJudge {
 public:
  std::optional<Problem> Judge(const std::vector<nlohmann::json>& written) override;
};

// A real stack against the model, through the gate's Check. `record` holds the stack's known
// deviations; a generated row is never in it, so every deviation counts (the explorer matches
// findings against known ones itself).
class StackJudge : public CaseJudge {
 public:
  StackJudge(Backend& stack, std::string backend_kind, std::string stack_name)
      : stack_(stack), backend_kind_(std::move(backend_kind)), stack_name_(std::move(stack_name)) {}
  std::optional<Problem> Judge(const std::vector<nlohmann::json>& written) override;

 private:
  Backend& stack_;
  std::string backend_kind_;
  std::string stack_name_;
};

// The rules the model reaches on each step of `written` (names from sim/rules.h).
std::vector<std::vector<std::string>> ModelRulesPerStep(const std::vector<nlohmann::json>& written);

// The family name generated rows carry in traces and reports.
inline constexpr const char* kExploreFamily = "explore";

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_CASE_JUDGE_H_
