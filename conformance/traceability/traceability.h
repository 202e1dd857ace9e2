// Rule -> rows -> status per backend: the traceability matrix behind docs/traceability.md and
// //conformance/traceability:traceability_test. Statuses come from running the model and from checking the
// committed traces of real stacks (fixtures/traces/), so no real stack is needed to build it.
#ifndef WSDUP_CONFORMANCE_TRACEABILITY_TRACEABILITY_H_
#define WSDUP_CONFORMANCE_TRACEABILITY_TRACEABILITY_H_

#include <map>
#include <string>
#include <vector>

#include "conformance/gate/gate.h"
#include "conformance/run/trace.h"
#include "spec/catalog.h"

namespace wsdup::conformance {

struct RowStatusSet {
  RowId row;
  std::map<std::string, RowReport> by_backend;  // "model", "wine-8.0", ...
};

struct RuleTrace {
  spec::Rule rule;
  std::vector<const RowStatusSet*> rows;  // the rows citing the rule, in table order
};

struct TraceabilityMatrix {
  std::vector<std::string> backends;  // "model" first, then the traces' stacks
  std::vector<RowStatusSet> rows;
  std::vector<RuleTrace> rules;       // catalog order
};

// `records_directory` holds the stacks' deviation records (fixtures/deviations).
TraceabilityMatrix BuildTraceability(const std::vector<spec::Rule>& rules, const std::vector<Table>& tables,
                                     const std::vector<Trace>& traces, const std::string& records_directory);

// "known deviation" for kKnownDeviation: a row status's name as prose, for the documents.
std::string StatusLabel(RowStatus status);

// True when the row ran on `backend` to the end (any status but unsupported and error).
bool RanOn(const RowStatusSet& row, const std::string& backend);

std::string RenderTraceability(const TraceabilityMatrix& matrix);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_TRACEABILITY_TRACEABILITY_H_
