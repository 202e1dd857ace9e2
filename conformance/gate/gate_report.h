// How a GateReport is shown: the text people read, --json for tools, --junit for CI systems (and
// --html, gate_html.h, for people who would rather look).
// All three are deterministic: same report, same bytes.
#ifndef WSDUP_CONFORMANCE_GATE_GATE_REPORT_H_
#define WSDUP_CONFORMANCE_GATE_GATE_REPORT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "conformance/gate/gate.h"

namespace wsdup::conformance {

// One line per row that is not a plain pass, the summary table per family and backend, and the
// verdict line.
std::string GateText(const GateReport& report);

// "gate PASSED on <stack>: ..." with the counts that decide it: the last line of GateText, and the
// HTML report's headline.
std::string VerdictLine(const GateReport& report);

// {"stack", "record", "passed", "summary": {backend: {family: counts, "total": counts}},
//  "rows": [...], "orphaned_records": [...]}  (docs/gate.md)
nlohmann::json GateJson(const GateReport& report);

// JUnit XML: a testsuite per (backend, family), a testcase per row.
std::string GateJunit(const GateReport& report);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_GATE_REPORT_H_
