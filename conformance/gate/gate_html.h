// The gate's report as one self-contained HTML page (`--html FILE`, docs/gate.md): a matrix of rows
// (grouped by family, with their rule IDs) against backends (the model and each stack), each cell
// coloured and labelled by status; a deviating cell opens to its steps (expected, model, observed,
// the record's note). Below: open-point choices, changed choices, stale and missing rows.
// No script, no network, no time stamp: same report, same bytes.
#ifndef WSDUP_CONFORMANCE_GATE_GATE_HTML_H_
#define WSDUP_CONFORMANCE_GATE_GATE_HTML_H_

#include <string>

#include "conformance/gate/gate.h"

namespace wsdup::conformance {

// Marks a page as wsdup's (so a later run may replace it): the generator meta element.
inline constexpr const char* kHtmlGenerator = "<meta name=\"generator\" content=\"wsdup gate\">";

std::string GateHtml(const GateReport& report);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_GATE_HTML_H_
