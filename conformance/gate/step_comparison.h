// How the gate judges one step of a real stack: against the documents (the step's `expect`) and
// against the model (the oracle). Shared by `wsdup gate`, `wsdup check` and the table-driven tests.
#ifndef WSDUP_CONFORMANCE_GATE_STEP_COMPARISON_H_
#define WSDUP_CONFORMANCE_GATE_STEP_COMPARISON_H_

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "conformance/format/observation.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance {

// The result fields compared with the model: `ok` and `error` on every step, plus every field the
// step's `expect` names. Fields no expectation names (an option's default size, say) are the
// stack's own business and never compared.
std::set<std::string> ComparedFields(const Step& step);

// What a deviating step contradicts.
enum class DeviationKind {
  kDocuments,  // the step's expect failed: the documents say otherwise
  kModel,      // the expect held (or there was none); only the model's result differs
};
const char* DeviationKindName(DeviationKind kind);  // "documents", "model"

struct StepJudgement {
  bool expect_held = true;     // the stack's result satisfies the step's expect (true when none)
  bool matches_model = true;   // equal to the model's result on ComparedFields()
  bool Deviates() const { return !expect_held || !matches_model; }
  DeviationKind Kind() const { return expect_held ? DeviationKind::kModel : DeviationKind::kDocuments; }
};

StepJudgement JudgeStep(const Step& step, const Observation& model, const Observation& observed);

// The step's expect as a record shows it: the object, a list of alternatives, or null.
nlohmann::json ExpectedOf(const Step& step);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_STEP_COMPARISON_H_
