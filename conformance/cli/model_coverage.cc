#include "conformance/cli/model_coverage.h"

#include <iostream>
#include <string_view>
#include <vector>

#include "sim/open_points.h"

namespace wsdup::conformance::cli {

void PrintModelCoverage(const sim::RuleSet& rules, uint32_t open_points) {
  std::cout << "open points reached:";
  size_t reached = 0;
  for (const sim::OpenPointInfo& info : sim::AllOpenPoints()) {
    if (open_points & sim::Bit(info.point)) {
      std::cout << " " << info.rule;
      ++reached;
    }
  }
  std::cout << " (" << reached << " of " << sim::AllOpenPoints().size() << ")\n";
  std::vector<std::string_view> unreached;
  for (size_t i = 0; i < sim::kModelledRuleCount; ++i) {
    if (!rules.Has(static_cast<uint8_t>(i))) unreached.push_back(sim::kModelledRules[i]);
  }
  std::cout << "rules reached on the model: " << sim::kModelledRuleCount - unreached.size() << " of "
            << sim::kModelledRuleCount;
  if (!unreached.empty()) {
    std::cout << "; never:";
    for (std::string_view rule : unreached) std::cout << " " << rule;
  }
  std::cout << "\n";
}

}  // namespace wsdup::conformance::cli
