#include "conformance/step_comparison.h"

#include <algorithm>

#include "conformance/runner.h"

namespace wsdup::conformance {
namespace {

// `events` is a set (docs/scenario-format.md); every other field compares as written.
nlohmann::json Normalised(const std::string& field, const nlohmann::json& value) {
  if (field != "events" || !value.is_array()) return value;
  std::vector<std::string> names = value.get<std::vector<std::string>>();
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::set<std::string> ComparedFields(const Step& step) {
  std::set<std::string> fields = {"ok", "error"};
  for (const nlohmann::json& alternative : step.expect) {
    for (const auto& [field, unused] : alternative.items()) fields.insert(field);
  }
  return fields;
}

StepJudgement JudgeStep(const Step& step, const nlohmann::json& model, const nlohmann::json& observed) {
  StepJudgement judgement;
  judgement.expect_held = ExpectationHolds(step, observed);
  for (const std::string& field : ComparedFields(step)) {
    const auto in_model = model.find(field);
    const auto in_stack = observed.find(field);
    const bool model_has = in_model != model.end();
    const bool stack_has = in_stack != observed.end();
    if (model_has != stack_has ||
        (model_has && Normalised(field, *in_model) != Normalised(field, *in_stack))) {
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
