// A row proves what it claims only if it can fail: no step's expectations may accept every outcome
// of the fields they name, and every descriptor a successful step produced must be used by a later
// step (I/O, shared state, close). A step may be exempted with a written reason
// ("exempt_because" in the scenario format), for example at an open point whose branches the gate
// follows (docs/clarifications.md).
#ifndef WSDUP_CONFORMANCE_TRACEABILITY_VACUOUS_ROWS_H_
#define WSDUP_CONFORMANCE_TRACEABILITY_VACUOUS_ROWS_H_

#include <string>
#include <vector>

#include "conformance/format/scenario.h"

namespace wsdup::conformance {

// What makes the row vacuous, one line per problem ("step 6: ..."); empty when it can fail.
std::vector<std::string> VacuousProblems(const Scenario& row);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_TRACEABILITY_VACUOUS_ROWS_H_
