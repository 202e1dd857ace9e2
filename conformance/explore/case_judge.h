// What can be wrong with a generated case, and the judges that look for it: on the model alone
// (its invariants after every step, and that it does the same thing twice), and against a real
// stack with the gate's own judgement (conformance/gate/gate.h). The shrinker asks a judge again
// about every smaller candidate, so a judge is a pure function of the steps it is given.
#ifndef WSDUP_CONFORMANCE_EXPLORE_CASE_JUDGE_H_
#define WSDUP_CONFORMANCE_EXPLORE_CASE_JUDGE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/format/deviation_record.h"
#include "conformance/format/scenario.h"
#include "conformance/run/backend.h"
#include "conformance/run/runner.h"

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
  // For a deviation: the model's result and the stack's, as the gate reports them.
  nlohmann::json model_result;
  nlohmann::json observed_result;

  // What makes two problems the same finding while shrinking and across cases, never the names or
  // the process (another case names things differently). A deviation: the rules of the step and
  // the two results, so one cause met through many ops is one finding (Wine's missing
  // WSANOTINITIALISED checks were 9 findings, one per op, when the op was the key). Otherwise the
  // kind and the op.
  std::string Signature() const;
};

class CaseJudge {
 public:
  virtual ~CaseJudge() = default;
  // `written` is a valid case (scenario-format steps); nullopt when nothing is wrong with it.
  virtual std::optional<Problem> Judge(const std::vector<nlohmann::json>& written) = 0;
  // Deviations of the last judged case that the stack's record already explains (not reported).
  virtual size_t KnownInLastCase() const { return 0; }
  // Whether judging the last case stopped early at a descriptor value the stack may have reused
  // (MayNameAReusedValue): the case is neither a finding nor a pass after that step.
  virtual bool CutByReuseInLastCase() const { return false; }
  // Whether judging the last case stopped early at a known deviation after which the stack's state
  // is not the model's (Explained::kSkippedMessage, kDeadDescriptor): a window's queue one message
  // short, a descriptor the model holds open and the stack does not.
  virtual bool CutAfterKnownDeviationInLastCase() const { return false; }
};

// The model alone: invariants after each step, then the same steps again on a fresh model.
class ModelJudge : public CaseJudge {
 public:
  std::optional<Problem> Judge(const std::vector<nlohmann::json>& written) override;
};

// A real stack against the model, through the gate's Check. The problem is the case's first
// deviation that `known` (the stack's record; null: none) does not explain: KnownDeviation().
class StackJudge : public CaseJudge {
 public:
  StackJudge(Backend& stack, std::string backend_kind, std::string stack_name, const DeviationRecord* known)
      : stack_(stack), backend_kind_(std::move(backend_kind)), stack_name_(std::move(stack_name)), known_(known) {}
  std::optional<Problem> Judge(const std::vector<nlohmann::json>& written) override;
  size_t KnownInLastCase() const override { return known_in_last_case_; }
  bool CutByReuseInLastCase() const override { return cut_by_reuse_; }
  bool CutAfterKnownDeviationInLastCase() const override { return cut_after_known_; }
  // How many deviations were run again with the judged row's own waits (Judge).
  size_t Confirmations() const { return confirmations_; }
  // Wall time on the stack per op, confirmations and shrinking included: where a stack's
  // exploration spends its time (mostly in the ops that wait for something to happen).
  struct OpTime {
    size_t steps = 0;
    int64_t us = 0;
  };
  const std::map<std::string, OpTime>& TimeByOp() const { return time_by_op_; }

 private:
  std::optional<Problem> JudgeExecution(const std::vector<nlohmann::json>& written, const Scenario& scenario,
                                        const Execution& execution);

  Backend& stack_;
  std::string backend_kind_;
  std::string stack_name_;
  const DeviationRecord* known_;
  size_t known_in_last_case_ = 0;
  bool cut_by_reuse_ = false;
  bool cut_after_known_ = false;
  size_t confirmations_ = 0;
  std::map<std::string, OpTime> time_by_op_;
};

// Whether step `index` of `written` names a descriptor whose value a real stack may have given to
// another socket of the caller since: one the stack made (`stack`: its results) and that is now
// closed, another process's, or an import the model refused (CLOSE-3: real stacks reuse handle
// values, the model never does; Wine gives each process's first socket the same value, and its
// imports name a handle it put into the blob's target). The model's error there (`model_error`,
// in the branch the gate followed) is WSAENOTSOCK, or one it gives before looking at the
// descriptor (SOCK-10); a stack may act on whatever the value now names, and from then on nothing
// it does can be judged. A descriptor the stack failed to make is INVALID_SOCKET, which names
// nothing anywhere, so it does not count.
bool MayNameAReusedValue(const std::vector<nlohmann::json>& written, const std::vector<Observation>& stack,
                         size_t index, const std::string& model_error);

// How a record entry explains a deviation met in a generated case (KnownDeviation).
enum class Explained {
  kNo,
  // An entry with the deviation's shape: the entry shares a rule with the step, and its model and
  // observed results are the deviation's, but for the descriptor name a window message carries.
  kSameShape,
  // WSAEnumNetworkEvents with the same outcome but other events: each event the stack reports
  // beyond the model's (or leaves out) is one an entry sharing a rule shows it reporting beyond
  // the model's (or leaving out). A known extra FD_WRITE and a known extra FD_CONNECT explain
  // both together, whatever else the model reports (seed 31: shapes multiply with the masks).
  kEventByEvent,
  // A window message the stack is known never to post (an entry sharing a rule shows silence
  // where the model has this message), met where another message follows it: the stack shows the
  // next one. The window's queue is one message short from there, so nothing after it can be
  // judged: the case stops there (seed 31: three findings after one missing FD_CONNECT).
  kSkippedMessage,
  // WSAENOTSOCK through a descriptor the model holds open, made by a step in an open point's branch
  // (`maker_rules`: that step's rules) for which an entry sharing the open point's rule shows the
  // stack's descriptor dead (an entry whose model succeeds where the stack says WSAENOTSOCK). Wine's
  // import by a process other than the blob's target succeeds and gives a dead descriptor (BLOB-3;
  // seed 32: the row's send is recorded, the case's recv is the same cause). The model's socket
  // keeps a descriptor the stack's lacks, so nothing after it can be judged either.
  kDeadDescriptor,
};

// Whether a record entry explains a deviation met in a generated case. Rows do not match (a
// generated case is in no table), so the match is by rule and by shape (Explained). `step_rules`
// are the rules the model reached on the step, or on the steps before it when the step itself
// decided nothing, as a wait.
Explained KnownDeviation(const DeviationRecord& record, const std::vector<std::string>& step_rules,
                         const nlohmann::json& model_result, const nlohmann::json& observed_result,
                         const std::vector<std::string>& maker_rules = {});

// The rules the model reaches on each step of `written` (names from sim/rules.h).
std::vector<std::vector<std::string>> ModelRulesPerStep(const std::vector<nlohmann::json>& written);

// The family name generated rows carry in traces and reports.
inline constexpr const char* kExploreFamily = "explore";

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_CASE_JUDGE_H_
