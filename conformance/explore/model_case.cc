#include "conformance/explore/model_case.h"

#include "conformance/format/step_args.h"
#include "conformance/run/model_backend.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/vocabulary/wsa_errors.h"

namespace wsdup::conformance::explore {
namespace {

using nlohmann::json;

// The fields of a written step that are not the op's own arguments (scenario.cc's kStepKeys).
constexpr const char* kStepFields[] = {"proc", "op", "as", "expect", "thread", "note", "exempt_because"};

// `written` as a Step: its step fields taken out, the rest its `args`, parsed.
Step StepFromObject(json written, size_t index) {
  Step step;
  step.index = index;
  step.op = written.at("op").get<std::string>();
  step.spec = vocabulary::FindOp(step.op);
  if (const auto proc = written.find("proc"); proc != written.end()) step.proc = proc->get<std::string>();
  if (const auto as = written.find("as"); as != written.end()) step.as = as->get<std::string>();
  for (const char* field : kStepFields) written.erase(field);
  step.args = std::move(written);
  step.typed = ParseStepArgs(step.args);
  return step;
}

}  // namespace

bool WouldBlock(const Observation& observed) {
  return observed.error && *observed.error == vocabulary::WsaErrorName(vocabulary::WsaError::kHarnessWouldBlock);
}

Step StepFromWritten(const json& written, size_t index) { return StepFromObject(written, index); }

std::vector<json> ModelCase::Written() const {
  std::vector<json> written;
  written.reserve(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) written.push_back(given.Written(steps[i], i));
  return written;
}

ModelCase RunModelCase(const GeneratorOptions& options, uint64_t case_seed) {
  ModelCase run;
  run.case_seed = case_seed;
  CaseGenerator generator(options, case_seed);
  ModelBackend model(/*check_invariants=*/true);
  model.BeginScenario(Scenario{});
  run.steps.reserve(options.max_steps);
  run.observed.reserve(options.max_steps);
  Step step;
  while (generator.Next(&step)) {
    step.index = run.steps.size();
    run.steps.push_back(std::move(step));
    run.observed.push_back(model.Execute(run.steps.back()));
    // A step whose outcome the model leaves to the stack (docs/model.md) ends the case before it:
    // from there on there is nothing to judge a stack against.
    if (run.observed.back().unsupported) {
      run.steps.pop_back();
      run.observed.pop_back();
      break;
    }
    generator.Observe(run.observed.back().ok);
    if (WouldBlock(run.observed.back())) break;
  }
  run.given = generator.TakeGiven();
  run.problems = model.EndScenario();
  const size_t ran = run.steps.size();
  if (ran > 0) run.open_points = model.ReachedOpenPointsPerStep()[ran - 1];
  for (size_t i = 0; i < ran; ++i) run.rules |= model.RulesPerStep()[i];
  return run;
}

std::vector<Observation> ReplayOnModel(const std::vector<Step>& steps) {
  ModelBackend model(/*check_invariants=*/false);
  model.BeginScenario(Scenario{});
  std::vector<Observation> observed;
  observed.reserve(steps.size());
  for (const Step& step : steps) observed.push_back(model.Execute(step));
  return observed;
}

namespace {

std::vector<json> WithModelResults(const std::vector<json>& written, bool past_open_points) {
  ModelBackend model(/*check_invariants=*/false);
  model.BeginScenario(Scenario{});
  std::vector<json> expected = written;
  for (size_t i = 0; i < expected.size(); ++i) {
    const Observation observed = model.Execute(StepFromWritten(written[i], i));
    // The model leaves this step's outcome to the stack (a shrunk case may reach one): no step
    // from here on is judged.
    if (observed.unsupported) break;
    if (!past_open_points && model.ReachedOpenPointsPerStep().back() != 0) break;
    json expect = observed.ToJson();
    if (model.UndecidedValuePerStep().back()) expect.erase("value");
    if (expect.contains("error") && expect["error"].is_null()) expect.erase("error");
    expected[i]["expect"] = std::move(expect);
  }
  return expected;
}

}  // namespace

std::vector<json> WithModelExpectations(const std::vector<json>& written) {
  return WithModelResults(written, /*past_open_points=*/false);
}

std::vector<json> WithDefaultBranchWaitHints(const std::vector<json>& written) {
  return WithModelResults(written, /*past_open_points=*/true);
}

json CaseRow(const std::string& name, const std::vector<std::string>& rules, const std::string& doc,
             const std::vector<json>& written) {
  json row = json::object();
  row["name"] = name;
  row["rules"] = rules;
  row["doc"] = doc;
  row["steps"] = written;
  return row;
}

}  // namespace wsdup::conformance::explore
