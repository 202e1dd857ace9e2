// The coverage lines explore prints at the end: open points and modelled rules (sim/rules.h) the
// run reached on the model, and the ones it never did.
#ifndef WSDUP_CONFORMANCE_CLI_MODEL_COVERAGE_H_
#define WSDUP_CONFORMANCE_CLI_MODEL_COVERAGE_H_

#include <cstdint>

#include "sim/rules.h"

namespace wsdup::conformance::cli {

void PrintModelCoverage(const sim::RuleSet& rules, uint32_t open_points);

}  // namespace wsdup::conformance::cli

#endif  // WSDUP_CONFORMANCE_CLI_MODEL_COVERAGE_H_
