#include "conformance/gate/step_comparison.h"

#include "conformance/format/observation.h"
#include "conformance/run/runner.h"

namespace wsdup::conformance {

const char* DeviationKindName(DeviationKind kind) {
  switch (kind) {
    case DeviationKind::kDocuments: return "documents";
    case DeviationKind::kModel: return "model";
  }
  return "documents";
}

std::set<std::string> ComparedFields(const Step& step) {
  std::set<std::string> fields = {"ok", "error"};
  for (const nlohmann::json& alternative : step.expect) {
    for (const auto& [field, unused] : alternative.items()) fields.insert(field);
  }
  return fields;
}

StepJudgement JudgeStep(const Step& step, const Observation& model, const Observation& observed) {
  StepJudgement judgement;
  judgement.expect_held = ExpectationHolds(step, observed);
  for (const std::string& field : ComparedFields(step)) {
    const std::optional<nlohmann::json> in_model = model.Field(field);
    const std::optional<nlohmann::json> in_stack = observed.Field(field);
    if (in_model.has_value() != in_stack.has_value() ||
        (in_model && ComparableField(field, *in_model) != ComparableField(field, *in_stack))) {
      judgement.matches_model = false;
    }
  }
  return judgement;
}

nlohmann::json ExpectedOf(const Step& step) {
  if (step.expect.empty()) return nullptr;
  if (step.expect.size() == 1) return step.expect.front();
  return step.expect;
}

}  // namespace wsdup::conformance
