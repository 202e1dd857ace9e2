// Scenario files (format v1, docs/scenario-format.md): loading and full validation before anything
// runs, so bad input is reported with file, scenario and step, and never reaches a backend.
#ifndef WSDUP_CONFORMANCE_FORMAT_SCENARIO_H_
#define WSDUP_CONFORMANCE_FORMAT_SCENARIO_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/format/safe_json.h"
#include "conformance/format/step_args.h"
#include "conformance/vocabulary/ops.h"

namespace wsdup::conformance {

struct Step {
  size_t index = 0;               // 0-based position in the scenario
  std::string proc;               // empty for harness ops
  std::string op;
  // The op table's entry for `op`, set by whatever made the step (the loader, the wire, the
  // explorer): backends dispatch on it without looking the name up again. Null in a step made by
  // hand, which backends then look up by `op`.
  const vocabulary::OpSpec* spec = nullptr;
  nlohmann::json args;            // the op's own fields only, validated, as written (wire, traces)
  StepArgs typed;                 // the same, parsed: what backends read
  std::string as;                 // name bound to the result; empty when none
  std::optional<std::string> thread;  // SHARE-6: run on another thread of the process
  std::vector<nlohmann::json> expect;  // alternatives; empty: nothing expected
  // Why this step may accept every outcome, or bind a descriptor no later step uses (the
  // vacuous-row check, //conformance/traceability:vacuous_rows_test); empty when it may not.
  std::string exempt_because;
};

// A chain of layered service providers the scenario's sockets are made through (docs/spi.md):
// only the model can install one; real backends report such a scenario unsupported.
struct ScenarioChain {
  std::vector<std::string> layers;  // the layers' names, the top first
  bool base_ifs = true;             // the base provider's handles
};

struct Scenario {
  std::string file;
  std::string name;
  std::vector<std::string> rules;
  std::string doc;
  std::optional<ScenarioChain> chain;
  std::vector<Step> steps;
  nlohmann::json definition;      // the scenario object as written (traces embed it)
};

// Bad input. The message names the file, the scenario and the step.
class InputError : public std::runtime_error {
 public:
  // Messages quote file names and input, which may hold any bytes (a file name in a local code
  // page, a control character in a name): made printable here, once, for every place that prints
  // one. Long enough for any message wsdup writes; what is longer is cut.
  explicit InputError(const std::string& message) : std::runtime_error(Printable(message, 4096)) {}
};

// The largest input file wsdup reads (tables, traces and records are far smaller).
inline constexpr uintmax_t kMaxInputBytes = 64u << 20;

// Reads a whole regular file of at most kMaxInputBytes; InputError names it otherwise.
std::string ReadTextFile(const std::string& path);
// Reads a JSON file; InputError names the file when it cannot be read or is not JSON.
nlohmann::json ReadJsonFile(const std::string& path);
// Parses JSON text; InputError names `path` when it is malformed.
nlohmann::json ParseJsonText(const std::string& text, const std::string& path);

// Reads and validates one file (a scenario object or an array of them). Throws InputError.
std::vector<Scenario> LoadScenarioFile(const std::string& path);
// Validates an already-parsed document; `file` is used in messages only.
std::vector<Scenario> ParseScenarios(const nlohmann::json& document, const std::string& file);

// "step 3 (A duplicate)" — how messages name a step (1-based, as people count).
std::string DescribeStep(const Step& step);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_SCENARIO_H_
