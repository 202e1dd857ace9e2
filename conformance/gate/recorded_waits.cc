#include "conformance/gate/recorded_waits.h"

namespace wsdup::conformance {

Scenario WithRecordedWaits(const std::string& family, const Scenario& scenario, const DeviationRecord& record) {
  Scenario hinted = scenario;
  for (const KnownDeviation& entry : record.entries) {
    if (entry.row.family != family || entry.row.scenario != scenario.name) continue;
    if (entry.step == 0 || entry.step > hinted.steps.size() || !entry.observed.is_object()) continue;
    hinted.steps[entry.step - 1].expect = {entry.observed};
  }
  return hinted;
}

}  // namespace wsdup::conformance
