// What the explorer's generator gave each step, kept so a case can be written as a scenario file
// holds it when someone reads it (a finding, a stack's run): most cases on the model never are, and
// writing JSON for each step, then parsing it, was most of exploring the model. The same value
// reaches the typed arguments through the format's SetStepArg, so a written step parses to the
// arguments that ran (//conformance/explore:case_generator_test holds the two to that).
#ifndef WSDUP_CONFORMANCE_EXPLORE_GIVEN_ARGS_H_
#define WSDUP_CONFORMANCE_EXPLORE_GIVEN_ARGS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/format/scenario.h"
#include "conformance/format/step_args.h"
#include "conformance/vocabulary/ops.h"
#include "sim/types.h"

namespace wsdup::conformance::explore {

// How many words a list argument picks among: its choices, or every FD_* word for kEventList.
size_t ListWords(const vocabulary::ArgSpec& spec);

// One argument given to a step.
struct GivenArg {
  const vocabulary::ArgSpec* spec = nullptr;  // its field name and kind
  std::string name;         // the name kinds' value (a descriptor, blob, peer, process, event, window)
  std::string_view word;    // kEnum and kString: one of the op table's strings
  uint32_t picked = 0;      // the list kinds: bit i for word i (ListWords' order)
  bool flag = false;        // kBool
  sim::OptionValue number;  // kOptionValue
  bool linger = false;      // kOptionValue: {"l_onoff", "l_linger"} rather than an integer
  int32_t count = 0;        // kCount

  // Sets the field it gives (StepArgs through SetStepArg).
  void ApplyTo(StepArgs* typed) const;
  // Its value as a scenario file writes it.
  nlohmann::json Written() const;
};

// The arguments of a case's steps, step after step.
struct CaseArgs {
  std::vector<GivenArg> args;
  std::vector<size_t> step_begin;  // where each step's arguments start in `args`

  // Step `index` (whose proc, op and as are `step`'s) as a scenario file holds it.
  nlohmann::json Written(const Step& step, size_t index) const;
};

}  // namespace wsdup::conformance::explore

#endif  // WSDUP_CONFORMANCE_EXPLORE_GIVEN_ARGS_H_
