// Wait hints from a stack's deviation record, for running the tables on that stack.
#ifndef WSDUP_CONFORMANCE_GATE_RECORDED_WAITS_H_
#define WSDUP_CONFORMANCE_GATE_RECORDED_WAITS_H_

#include <string>

#include "conformance/format/deviation_record.h"
#include "conformance/format/scenario.h"

namespace wsdup::conformance {

// `scenario` as the stack is run on it: a step the record says the stack deviates at expects what
// the record says it observed, so the runner waits as for that (a recorded silence gets the short
// bound). Only waits change: the trace holds the table's scenario, and Check judges it as always.
// A row expecting a notification Wine never sends waited the whole positive bound: six steps of
// 5 s, two in one row, which set the gate's floor (14 s at any --jobs).
Scenario WithRecordedWaits(const std::string& family, const Scenario& scenario, const DeviationRecord& record);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_RECORDED_WAITS_H_
