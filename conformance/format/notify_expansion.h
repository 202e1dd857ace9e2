// Rows written once for both notification mechanisms (docs/scenario-format.md, "One row, both
// mechanisms"). A row with "notify": ["event", "window"] expands at load time into one plain row per
// mechanism, so agents, traces and reports only ever see plain steps:
//   - "{notify}" in the name becomes event / window (the name must hold it, so names stay stable),
//     and "{Notify}" in the doc and in a step's note or exempt_because becomes WSAEventSelect /
//     WSAAsyncSelect;
//   - notify_select (sock, on, events) becomes event_select or async_select, with "on" as the event
//     object's or the window's name; notify_wait (on) becomes wait_event or wait_message, and its
//     expect keeps only the fields that op reports (wait_event reports signaled, not events or sock);
//   - a step with "notify_only": "event" (or "window") is kept in that mechanism's row only.
#ifndef WSDUP_CONFORMANCE_FORMAT_NOTIFY_EXPANSION_H_
#define WSDUP_CONFORMANCE_FORMAT_NOTIFY_EXPANSION_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wsdup::conformance {

// The plain rows `row` stands for: itself when it has no "notify". Throws InputError naming `where`
// (file and scenario) when the notify parts are malformed; everything else is the validator's job.
std::vector<nlohmann::json> ExpandNotify(const nlohmann::json& row, const std::string& where);

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_FORMAT_NOTIFY_EXPANSION_H_
